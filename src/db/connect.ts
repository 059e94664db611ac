import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, type LogEvent, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PglitePool, openPglite } from './pglite-pool.js';
import { timestamptzToIso } from './types.js';

/**
 * The rows we read carry no static table types: entity tables are described by metadata at run time, so the
 * database handle is deliberately untyped and identifiers come only from entity definitions.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- table shapes come from run-time metadata
export type Db = Kysely<any>;

/** Called with each notification's payload; `onLost`/`onLive` report whether notifications may be missed. */
export interface Listener {
  onNotify(payload: string): void;
  onLive(live: boolean): void;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Subscribes to NOTIFY on a channel; the returned function unsubscribes. */
  listen(channel: string, listener: Listener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// Both drivers must hand back the same JavaScript types; these match the PGlite parsers in pglite-pool.ts.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, timestamptzToIso);

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  /** Directory of the embedded database; undefined keeps it in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
  /** Sees every statement (tests count the statements one request costs). */
  onQuery?: (event: LogEvent) => void;
  /**
   * The embedded database only: a dump of a data directory to start from. Tests start every file from one
   * migrated dump (test/pglite-template.ts): PGlite's initdb takes seconds, loading a dump about one.
   */
  template?: Blob;
}

export async function connect(options: ConnectOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 20,
      // timestamptzToIso reads timestamps as UTC text.
      options: '-c TimeZone=UTC',
    });
    // An idle client that loses its server must not crash the process; the pool replaces it.
    pool.on('error', (err) => console.error('database pool error:', err.message));
    const db: Db = new Kysely({
      dialect: new PostgresDialect({ pool: preparing(pool) }),
      ...logOption(options),
    });
    return {
      db,
      kind: 'postgres',
      listen: (channel, listener) => listenOnPostgres(options.databaseUrl as string, channel, listener),
      close: () => db.destroy(),
    };
  }
  let dir: string | undefined;
  if (options.dataDir) {
    dir = path.join(options.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
  }
  const pool = new PglitePool(await openPglite(dir, options.template));
  // The cast is the adapter seam: PostgresDialect only calls connect() and end() on the pool.
  const db: Db = new Kysely({
    dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }),
    ...logOption(options),
  });
  return {
    db,
    kind: 'pglite',
    listen: async (channel, listener) => {
      // One process owns the embedded database, so its notifications cannot be missed.
      const unlisten = await pool.db.listen(channel, (payload) => listener.onNotify(payload));
      listener.onLive(true);
      return async () => {
        listener.onLive(false);
        await unlisten();
      };
    },
    close: () => db.destroy(),
  };
}

function logOption(options: ConnectOptions) {
  return options.onQuery ? { log: options.onQuery } : {};
}

/** The mark a statement carries to be prepared: at its start, or right after SELECT (Kysely's modifyFront). */
export const PREPARE_MARK = '/* prepare */';
const MARKED = /^(?:select )?\/\* prepare \*\//;
/** Prepared statements live per connection on the server; past this many, further ones run unprepared. */
const MAX_PREPARED_PER_CONNECTION = 256;

/**
 * Statements marked with PREPARE_MARK run as named prepared statements: PostgreSQL parses and plans them once per
 * connection instead of on every request. For hot statements whose text repeats — the credential lookup, list
 * pages — with explicit column lists, so a column added at run time never changes a prepared result's shape.
 * The name is a hash of the text. PGlite reads the mark as a comment.
 */
function preparing(pool: pg.Pool): pg.Pool {
  const wrapped = new WeakMap<pg.PoolClient, pg.PoolClient>();
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (!name) {
      name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      // Texts come from a bounded set of query shapes; the bound only guards against a runaway one.
      if (names.size > 10_000) names.clear();
      names.set(text, name);
    }
    return name;
  };
  const wrap = (client: pg.PoolClient): pg.PoolClient => {
    let proxy = wrapped.get(client);
    if (!proxy) {
      const prepared = new Set<string>();
      const stale = new Set<string>();
      proxy = Object.create(client) as pg.PoolClient;
      proxy.query = ((text: unknown, values?: unknown[]) => {
        if (typeof text === 'string' && MARKED.test(text)) {
          const name = nameOf(text);
          if (!stale.has(name) && (prepared.has(name) || prepared.size < MAX_PREPARED_PER_CONNECTION)) {
            prepared.add(name);
            return client.query({ name, text, values }).catch((error: { code?: string }) => {
              // "cached plan must not change result type": a custom column was dropped and added again with
              // another type under the same text. This connection runs that text unprepared from now on.
              if (error?.code !== '0A000') throw error;
              stale.add(name);
              return client.query(text, values);
            });
          }
        }
        return client.query(text as string, values);
      }) as pg.PoolClient['query'];
      proxy.release = (err?: Error | boolean) => client.release(err);
      wrapped.set(client, proxy);
    }
    return proxy;
  };
  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  } as unknown as pg.Pool;
}

/**
 * A dedicated connection for LISTEN (a pooled one would be handed to others). If it drops, the listener is told
 * it may miss notifications, and the connection is retried every second until it is back or unsubscribed.
 */
async function listenOnPostgres(
  url: string,
  channel: string,
  listener: Listener,
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connectListener = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    let gone = false;
    const lost = () => {
      if (gone) return;
      gone = true;
      listener.onLive(false);
      if (client === next) client = undefined;
      void next.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connectListener().catch(lost), 1000);
    };
    next.on('error', lost);
    next.on('end', lost);
    next.on('notification', (message) => listener.onNotify(message.payload ?? ''));
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
    listener.onLive(true);
  };
  await connectListener();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const last = client;
    client = undefined;
    listener.onLive(false);
    await last?.end();
  };
}
