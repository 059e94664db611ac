import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { EntityDef } from '../src/core/entity.js';
import { sqlColumnType } from '../src/core/field-values.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const sqlFile = (name: string) => fs.readFileSync(path.join(here, name), 'utf8');

/**
 * One INSERT … SELECT over generate_series: PostgreSQL makes every row itself, so a million rows cost seconds,
 * not a million round trips. Rows are produced oldest first, as a live table fills, so the heap is in creation
 * order, like a table that grew over three years. Values are spread the way a sales pipeline is: recent rows are
 * mostly open, old ones mostly won or lost; amounts are skewed towards small deals; 1 % is in the trash.
 */
const INSERT_ROWS = `
INSERT INTO bench_items (id, created_at, updated_at, created_by, owner_id, version, deleted_at,
  name, email, status, amount, score, region, closed_on)
SELECT
  -- UUIDv7 (RFC 9562): 48-bit Unix milliseconds of created_at, then the version 7 and variant bits over random bits.
  encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
      PLACING substring(int8send((extract(epoch FROM u.created_at) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
    52, 1), 53, 1), 'hex')::uuid,
  u.created_at,
  u.updated_at,
  u.owner_id,
  u.owner_id,
  1 + floor(u.r_upd * 5)::int,
  CASE WHEN u.r_trash < 0.01 THEN u.updated_at END,
  (ARRAY['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka', 'Tyrell', 'Cyberdyne',
         'Soylent', 'Vandelay', 'Nordwind', 'Bergmann', 'Sonnenschein'])[1 + floor(random() * 15)::int]
    || ' ' || (ARRAY['Logistics', 'Foods', 'Software', 'Energy', 'Retail', 'Consulting', 'Media', 'Health',
         'Robotics', 'Finance'])[1 + floor(random() * 10)::int]
    || ' ' || (ARRAY['GmbH', 'AG', 'Ltd', 'Inc.', 'SAS', 'B.V.'])[1 + floor(random() * 6)::int]
    || ' #' || u.g,
  CASE WHEN random() < 0.9 THEN
    (ARRAY['anna', 'ben', 'chen', 'david', 'elif', 'fatima', 'georg', 'hana', 'ivan', 'julia'])[1 + floor(random() * 10)::int]
    || '.' || u.g || '@' || (ARRAY['example.com', 'example.org', 'example.net', 'beispiel.de'])[1 + floor(random() * 4)::int]
  END,
  u.status,
  CASE WHEN random() < 0.95 THEN round((random() * random() * 250000)::numeric, 2) END,
  floor(random() * 101)::int,
  CASE WHEN u.r_region < 0.4 THEN 'emea' WHEN u.r_region < 0.7 THEN 'na' WHEN u.r_region < 0.9 THEN 'apac'
       ELSE 'latam' END,
  CASE WHEN u.status IN ('won', 'lost') THEN u.updated_at::date END
FROM (
  -- Mostly edited soon after creation: the cube pulls updated_at towards created_at.
  SELECT s.*, s.created_at + (now() - s.created_at) * (s.r_upd ^ 3) AS updated_at
  FROM (
    SELECT g,
      now() - interval '3 years' * (1 - g::float8 / $1) AS created_at,
      CASE WHEN random() < 0.15 + 0.45 * g::float8 / $1 THEN 'open'
           ELSE (ARRAY['qualified', 'won', 'lost', 'lost'])[1 + floor(random() * 4)::int] END AS status,
      ($2::uuid[])[1 + floor(random() * cardinality($2::uuid[]))::int] AS owner_id,
      random() AS r_upd, random() AS r_trash, random() AS r_region
    FROM generate_series(1, $1::int) AS g
  ) s
) u`;

export interface SeedTimes {
  insert: number;
  indexes: number;
  analyze: number;
  total: number;
  /** Heap and index size in MB, to judge what fits in shared_buffers (128 MB by default). */
  tableMb: number;
  indexMb: number;
}

/** Creates bench_items with `rows` rows owned round-robin-at-random by `ownerIds`; returns seconds per phase. */
export async function seedBenchItems(url: string, rows: number, ownerIds: string[]): Promise<SeedTimes> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const t0 = performance.now();
    await client.query(sqlFile('schema.sql'));
    await client.query(INSERT_ROWS, [rows, ownerIds]);
    const t1 = performance.now();
    // Index builds sort in memory when they may; the default 64 MB spills a million keys to disk.
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await client.query(sqlFile('indexes.sql'));
    const t2 = performance.now();
    // A table in service has been vacuumed: hint bits and the visibility map set, statistics current.
    await client.query('VACUUM (ANALYZE) bench_items');
    const t3 = performance.now();
    const s = (ms: number) => ms / 1000;
    const size = await client.query<{ table_mb: number; index_mb: number }>(
      `SELECT pg_table_size('bench_items') / 1048576.0 AS table_mb,
        pg_indexes_size('bench_items') / 1048576.0 AS index_mb`,
    );
    const { table_mb: tableMb = 0, index_mb: indexMb = 0 } = size.rows[0] ?? {};
    return {
      insert: s(t1 - t0),
      indexes: s(t2 - t1),
      analyze: s(t3 - t2),
      total: s(t3 - t0),
      tableMb: Number(tableMb),
      indexMb: Number(indexMb),
    };
  } finally {
    await client.end();
  }
}

/**
 * The table must be what the entity says (the project's drift test does the same for migrations): every field a
 * column of its SQL type, and no column the engine does not know.
 */
export async function checkTable(url: string, entity: EntityDef): Promise<void> {
  const fields = Object.values(entity.allFields);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ name: string; problem: string }>(
      `SELECT coalesce(e.col, a.attname) AS name,
         CASE WHEN a.attname IS NULL THEN 'missing' WHEN e.col IS NULL THEN 'not in the entity'
              ELSE 'type ' || format_type(a.atttypid, a.atttypmod) || ' instead of ' || e.type END AS problem
       FROM unnest($2::text[], $3::text[]) AS e(col, type)
       FULL JOIN (SELECT attname, atttypid, atttypmod FROM pg_attribute
                  WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped) a ON a.attname = e.col
       WHERE a.attname IS NULL OR e.col IS NULL OR a.atttypid <> to_regtype(e.type)`,
      [entity.table, fields.map((f) => f.column), fields.map((f) => sqlColumnType(f))],
    );
    if (result.rows.length) {
      const problems = result.rows.map((row) => `${row.name}: ${row.problem}`).join('; ');
      throw new Error(`${entity.table} does not match ${entity.name}: ${problems}`);
    }
  } finally {
    await client.end();
  }
}
