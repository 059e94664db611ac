import { generateKeyBetween } from 'fractional-indexing';
import type pg from 'pg';
import { COMPANY, SECTOR } from './contacts-seed.js';
import { type SeedSizes, seedTable, uuidv7Sql } from './seed-table.js';

/**
 * Seeds the real `opportunities` table (migrations 0011 and 0016, made when the bench server started) for the board
 * benchmark: `rows` opportunities in the default pipeline "Sales" (migration 0011's fixed ids), laid out as a
 * pipeline that has run for a few years:
 *  - `bigOpen` open cards in the first stage (Prospecting: the column the issue names, "10k open in one stage"),
 *    3 %, 2 % and 1 % of the rows in Qualification, Proposal and Negotiation, and the rest closed: 40 % won
 *    (status converted, won_at), 60 % lost (status lost, a lost reason, lost_at);
 *  - a customer as the party, one of `customers` seeded here (company names of the contacts benchmark);
 *  - amounts in EUR (80 %) and USD, a few without an amount; the stage's probability; an owner among the
 *    benchmark's representatives;
 *  - ranks as migration 0016 gives existing rows: per stage in creation order, 'd' and four base-62 digits.
 * Indexes and the search-word trigger are out of the way during the insert (seedTable); triggers and foreign-key
 * checks are off for the insert transaction, as pg_restore --disable-triggers loads data. Below the seed: what the
 * benchmark reads back from it, a check that the ranks are keys of the library and the plan of the moves.
 */

export const PIPELINE = '01900000-0000-7000-8001-000000000001';
const STAGE = (n: number) => `01900000-0000-7000-8002-00000000000${n}`;
/** Open stages of the default pipeline, in board order; Won and Lost follow. */
export const OPEN_STAGES = [1, 2, 3, 4].map(STAGE);
export const WON_STAGE = STAGE(5);
export const LOST_STAGE = STAGE(6);
const LOST_REASON = '01900000-0000-7000-8003-000000000001';

const DIGITS = `'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'`;
/** Migration 0016's key for the n-th card (from 0) of a column. */
export const rankSql = (n: string) =>
  `'d' || substr(${DIGITS}, (${n} / 238328 % 62)::int + 1, 1) || substr(${DIGITS}, (${n} / 3844 % 62)::int + 1, 1)
    || substr(${DIGITS}, (${n} / 62 % 62)::int + 1, 1) || substr(${DIGITS}, (${n} % 62)::int + 1, 1)`;

const INSERT_CUSTOMERS = `
INSERT INTO customers (id, created_at, updated_at, created_by, owner_id, name, customer_type, default_currency)
SELECT gen_random_uuid(), now() - interval '4 years', now() - interval '4 years', o, o,
  (${COMPANY})[1 + g % 40] || ' ' || (${SECTOR})[1 + (g / 40) % 25] || ' ' || (g / 1000 + 1)
    || (ARRAY[' GmbH', ' AG', ' KG', ' Ltd', ' Inc.', ' SE'])[1 + g % 6],
  'company', CASE WHEN g % 5 = 0 THEN 'USD' ELSE 'EUR' END
FROM generate_series(0, $1::int - 1) AS g,
  LATERAL (SELECT ($2::uuid[])[1 + g % cardinality($2::uuid[])] AS o) x`;

/**
 * One row per g; the stage by ranges of g (a stage's rows are consecutive, so n = g - first is its creation
 * order and its rank), created_at rising over three years within each stage.
 */
const INSERT_ROWS = `
INSERT INTO opportunities (id, created_at, updated_at, created_by, owner_id, version, title, opportunity_from,
  customer_id, amount, currency, probability, expected_close_date, pipeline_id, stage_id, status, priority,
  lost_reason_ids, won_at, lost_at, stage_changed_at, rank)
SELECT ${uuidv7Sql('s.created_at')}, s.created_at, s.created_at + interval '5 days', s.owner_id, s.owner_id,
  1 + (s.g % 4), 'Deal ' || s.g || ' ' || c.name, 'customer', c.id,
  CASE WHEN random() < 0.03 THEN NULL ELSE round((500 + random() ^ 3 * 250000)::numeric, 2) END,
  CASE WHEN random() < 0.8 THEN 'EUR' ELSE 'USD' END,
  st.probability, (s.created_at + interval '60 days')::date, '${PIPELINE}'::uuid, st.id,
  CASE st.kind WHEN 'won' THEN 'converted' WHEN 'lost' THEN 'lost'
    ELSE (ARRAY['open', 'open', 'replied', 'quotation'])[1 + s.g % 4] END,
  s.g % 4,
  CASE WHEN st.kind = 'lost' THEN ARRAY['${LOST_REASON}'::uuid] ELSE '{}' END,
  CASE WHEN st.kind = 'won' THEN s.created_at + interval '30 days' END,
  CASE WHEN st.kind = 'lost' THEN s.created_at + interval '30 days' END,
  s.created_at + interval '1 day', ${rankSql('s.n')}
FROM (
  SELECT b.g, b.stage, b.g - b.first AS n,
    now() - interval '3 years' * (1 - (b.g - b.first)::float8 / greatest(b.size, 1)) AS created_at,
    ($2::uuid[])[1 + floor(random() * cardinality($2::uuid[]))::int] AS owner_id,
    1 + floor(random() * $3::int)::int AS customer_no
  FROM (
    SELECT g, x.stage, x.first, x.size FROM generate_series(0, $1::int - 1) AS g
    CROSS JOIN LATERAL (
      SELECT b.stage, b.first, b.size FROM unnest($4::int[], $5::int[]) WITH ORDINALITY AS b(first, size, stage)
      WHERE g >= b.first AND g < b.first + b.size) x
  ) b
) s
JOIN LATERAL (SELECT id, probability, kind FROM pipeline_stages WHERE position = s.stage::int
  AND pipeline_id = '${PIPELINE}'::uuid) st ON true
JOIN (SELECT id, name, row_number() OVER (ORDER BY id) AS no FROM customers) c ON c.no = s.customer_no`;

/** Rows per stage in position order: the big open column, 3/2/1 % open, then 40 % won and 60 % lost of the rest. */
export function stageSizes(rows: number, bigOpen: number): number[] {
  const open = [Math.min(bigOpen, rows), ...[0.03, 0.02, 0.01].map((share) => Math.floor(rows * share))];
  const rest = Math.max(0, rows - open.reduce((a, b) => a + b, 0));
  const won = Math.floor(rest * 0.4);
  return [...open, won, rest - won];
}

export type BoardSeed = SeedSizes & { seconds: number; sizes: number[] };

/** Seeds `customers` customers, then `rows` opportunities (bigOpen in the first stage) owned by `ownerIds`. */
export async function seedBoard(
  url: string,
  rows: number,
  bigOpen: number,
  customers: number,
  ownerIds: string[],
): Promise<BoardSeed> {
  const sizes = stageSizes(rows, bigOpen);
  const firsts = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  const seeded = await seedTable(
    url,
    { table: 'opportunities', searchWords: { trigger: 'opportunities_search_words', columns: ['title'] } },
    async (client: pg.Client) => {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(INSERT_CUSTOMERS, [customers, ownerIds]);
      await client.query(INSERT_ROWS, [rows, ownerIds, customers, firsts, sizes]);
      await client.query('COMMIT');
      await client.query('VACUUM (ANALYZE) customers');
    },
  );
  return { seconds: seeded.insert + seeded.indexes, sizes, ...seeded };
}

/** Cards of one open stage in rank order, read before the moves: pairs of neighbours that never move, and movers. */
export interface MovePlan {
  anchors: Map<string, Array<[string, string]>>;
  /** Shuffled, and taken in turn: requests in flight together move different cards (no version conflicts). */
  movers: string[];
  next: number;
}

/** The seeded ranks are keys of the library: it finds keys between, before and after them without complaint. */
export async function checkRanks(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ rank: string }>(
    `SELECT rank FROM opportunities WHERE stage_id = $1 AND deleted_at IS NULL ORDER BY rank, id LIMIT 3`,
    [OPEN_STAGES[0]],
  );
  const [a, b] = rows.map((row) => row.rank);
  if (!a || !b) throw new Error('the big column has fewer than two cards');
  const keys = [generateKeyBetween(null, a), generateKeyBetween(a, b), generateKeyBetween(b, null)];
  if (!(keys[0]! < a && a < keys[1]! && keys[1]! < b && b < keys[2]!)) throw new Error('ranks out of order');
  return `${keys[0]} < ${a} < ${keys[1]} < ${b} < ${keys[2]}`;
}

/**
 * Every open card of `owners` in rank order, cut into fours per stage: the first two of each four are a pair of
 * neighbours to drop between (they never move, so the pair stays valid while movers land between them), the other
 * two are movers.
 */
export async function movePlan(pool: pg.Pool, owners: string[]): Promise<MovePlan> {
  const { rows } = await pool.query<{ id: string; stage_id: string }>(
    `SELECT id, stage_id FROM opportunities WHERE stage_id = ANY($1::uuid[]) AND deleted_at IS NULL
       AND owner_id = ANY($2::uuid[]) ORDER BY stage_id, rank, id`,
    [OPEN_STAGES, owners],
  );
  const byStage = new Map<string, string[]>();
  for (const row of rows) byStage.set(row.stage_id, [...(byStage.get(row.stage_id) ?? []), row.id]);
  const plan: MovePlan = { anchors: new Map(), movers: [], next: 0 };
  for (const [stage, ids] of byStage) {
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i + 3 < ids.length; i += 4) {
      pairs.push([ids[i] as string, ids[i + 1] as string]);
      plan.movers.push(ids[i + 2] as string, ids[i + 3] as string);
    }
    if (pairs.length) plan.anchors.set(stage, pairs);
  }
  if (!plan.movers.length) throw new Error('no open cards to move');
  plan.movers.sort(() => Math.random() - 0.5);
  return plan;
}
