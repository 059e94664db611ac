import os from 'node:os';
import pg from 'pg';

/**
 * A UUIDv7 (RFC 9562) made by PostgreSQL from a timestamptz expression: its 48-bit Unix milliseconds, then the
 * version 7 and variant bits over random bits. Seeded rows get ids in creation order, as the application makes them.
 */
export const uuidv7Sql = (createdAt: string): string =>
  `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
      PLACING substring(int8send((extract(epoch FROM ${createdAt}) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
    52, 1), 53, 1), 'hex')::uuid`;

export interface SeedTable {
  /** A table a migration made (the server migrated it before the seed runs). */
  table: string;
  /** Its trigger adding the words of these columns to global search's vocabulary (migration 0009), if any. */
  searchWords?: { trigger: string; columns: string[] };
}

export interface SeedSizes {
  /** Seconds: rows (and whatever else `insert` writes), then indexes and vacuum. */
  insert: number;
  indexes: number;
  tableMb: number;
  indexMb: number;
  /** Words in global search's vocabulary afterwards (0 without `searchWords`). */
  words: number;
}

/**
 * Runs `insert` with the table's secondary indexes and search-word trigger out of the way, then puts them back.
 * Building an index once is far faster than maintaining it through a million inserts, and the index is rebuilt
 * from its own definition (pg_indexes), so the result is the migration's index. The trigger is off for the same
 * reason; one statement then adds the same words with the same function. The indexes are built on one connection
 * per core, GIN first: PostgreSQL 15 builds a GIN index (trigram search) in one process, and three of them on a
 * million rows took a minute and a half one after another. Finally VACUUM (ANALYZE), as a table in service has been
 * vacuumed: hint bits and the visibility map set, statistics current.
 */
export async function seedTable(
  url: string,
  spec: SeedTable,
  insert: (client: pg.Client) => Promise<unknown>,
): Promise<SeedSizes> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
       WHERE tablename = $1 AND indexname <> $1 || '_pkey'
       ORDER BY indexdef LIKE '% USING gin %' DESC, indexname`,
      [spec.table],
    );
    for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
    const words = spec.searchWords;
    if (words) await client.query(`ALTER TABLE ${spec.table} DISABLE TRIGGER ${words.trigger}`);
    await insert(client);
    if (words) {
      await client.query(`ALTER TABLE ${spec.table} ENABLE TRIGGER ${words.trigger}`);
      const list = words.columns.map((column) => `crm_words(${column})`).join(' || ');
      await client.query(`INSERT INTO search_words (word)
        SELECT DISTINCT unnest(${list}) FROM ${spec.table} ON CONFLICT DO NOTHING`);
    }
    const inserted = performance.now();
    await buildIndexes(
      url,
      indexes.map((index) => index.definition),
    );
    await client.query(`VACUUM (ANALYZE) ${spec.table}`);
    if (words) await client.query('ANALYZE search_words');
    const size = await client.query<{ table_mb: number; index_mb: number; words: number }>(
      `SELECT pg_table_size($1) / 1048576.0 AS table_mb, pg_indexes_size($1) / 1048576.0 AS index_mb,
        (SELECT count(*) FROM search_words)::int AS words`,
      [spec.table],
    );
    return {
      insert: (inserted - started) / 1000,
      indexes: (performance.now() - inserted) / 1000,
      tableMb: Number(size.rows[0]?.table_mb ?? 0),
      indexMb: Number(size.rows[0]?.index_mb ?? 0),
      words: words ? Number(size.rows[0]?.words ?? 0) : 0,
    };
  } finally {
    await client.end();
  }
}

/** Runs the definitions in order on one connection per core (CREATE INDEX on one table may run side by side). */
async function buildIndexes(url: string, definitions: string[]): Promise<void> {
  const queue = [...definitions];
  const builder = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // Index builds sort in memory when they may; the default 64 MB spills a million keys to disk.
      await client.query(`SET maintenance_work_mem = '512MB'`);
      for (let definition = queue.shift(); definition; definition = queue.shift())
        await client.query(definition);
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: Math.min(os.availableParallelism(), queue.length) }, builder));
}
