import fs from 'node:fs';
import path from 'node:path';
import { Kysely, type LogEvent, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PglitePool, openPglite } from './pglite-pool.js';

/**
 * The rows we read carry no static table types: entity tables are described by metadata at run time, so the
 * database handle is deliberately untyped and identifiers come only from entity definitions.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- table shapes come from run-time metadata
export type Db = Kysely<any>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// Both drivers must hand back the same JavaScript types; these match the PGlite parsers in pglite-pool.ts.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  /** Directory of the embedded database; undefined keeps it in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
  /** Sees every statement (tests count the statements one request costs). */
  onQuery?: (event: LogEvent) => void;
}

export async function connect(options: ConnectOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20 });
    // An idle client that loses its server must not crash the process; the pool replaces it.
    pool.on('error', (err) => console.error('database pool error:', err.message));
    const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }), ...logOption(options) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  let dir: string | undefined;
  if (options.dataDir) {
    dir = path.join(options.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
  }
  const pool = new PglitePool(await openPglite(dir));
  // The cast is the adapter seam: PostgresDialect only calls connect() and end() on the pool.
  const db: Db = new Kysely({
    dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }),
    ...logOption(options),
  });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

function logOption(options: ConnectOptions) {
  return options.onQuery ? { log: options.onQuery } : {};
}
