import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { timestamptzToIso } from './types.js';

/**
 * PGlite serves one connection. Kysely's PostgresDialect expects a pg-style pool, so this pool hands the single
 * connection to one borrower at a time: a transaction owns it from BEGIN to COMMIT and nobody else interleaves.
 */
export interface PoolClientLike {
  query(sql: string, params: unknown[]): Promise<{ command: string; rowCount: number; rows: unknown[] }>;
  release(): void;
}

const sameAsPg = {
  [types.TIMESTAMPTZ]: timestamptzToIso,
  [types.INT8]: (value: string) => Number(value),
  [types.NUMERIC]: (value: string) => value,
  [types.DATE]: (value: string) => value,
};

/** `template`: a dump of a data directory (PGlite's dumpDataDir) to start from instead of an empty database. */
export async function openPglite(dataDir: string | undefined, template?: Blob): Promise<PGlite> {
  const db = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(template ? { loadDataDir: template } : {}),
    extensions: { pg_trgm, unaccent },
    parsers: sameAsPg,
  });
  // Timestamps travel as UTC text, which timestamptzToIso turns into ISO 8601 without a Date in between.
  await db.exec("SET TimeZone TO 'UTC'");
  return db;
}

export class PglitePool {
  #queue: Array<() => void> = [];
  #busy = false;
  #closed = false;

  constructor(readonly db: PGlite) {}

  async connect(): Promise<PoolClientLike> {
    if (this.#closed) throw new Error('database is closed');
    if (this.#busy) await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#busy = true;
    let released = false;
    return {
      query: async (sql, params) => {
        // Without parameters the simple protocol runs; it accepts scripts of several statements (migrations).
        const result =
          params.length === 0
            ? ((await this.db.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 })
            : await this.db.query(sql, params, { rowMode: 'object' });
        const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
        return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
      },
      release: () => {
        if (released) return;
        released = true;
        const next = this.#queue.shift();
        if (next) next();
        else this.#busy = false;
      },
    };
  }

  async end(): Promise<void> {
    this.#closed = true;
    await this.db.close();
  }
}
