import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';

/**
 * The next readable number of a series in a year, e.g. QTN-2026-00001. The counter row is taken with the row lock
 * of `INSERT … ON CONFLICT DO UPDATE` in the caller's transaction: a second writer waits until the first commits
 * (then counts on from it) or rolls back (then its number is handed out again), so numbers neither repeat nor skip.
 */
export async function nextNumber(trx: Db, series: string, year: number): Promise<string> {
  const { rows } = await sql<{ last: number }>`INSERT INTO number_series (series, year, last)
    VALUES (${series}, ${year}, 1)
    ON CONFLICT (series, year) DO UPDATE SET last = number_series.last + 1
    RETURNING last`.execute(trx);
  return `${series}-${year}-${String(rows[0]?.last).padStart(5, '0')}`;
}
