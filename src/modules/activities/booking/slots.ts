import { sql } from 'kysely';
import type { Records } from '../../../core/records.js';
import type { Db } from '../../../db/connect.js';
import { findActiveBySlug } from '../../../http/public-pages.js';
import { WEEKDAYS } from '../../masters/entities.js';
import { bookingPageEntity } from './entities.js';

/** A live, active booking page as the public endpoints use it. */
export interface BookingPage {
  id: string;
  name: string;
  slug: string;
  language: 'en' | 'de';
  description: string | null;
  durationMinutes: number;
  minNoticeHours: number;
  horizonDays: number;
  salesPersonIds: string[];
  sourceId: string | null;
  campaignId: string | null;
}

export async function findActivePage(records: Records, slug: string): Promise<BookingPage | null> {
  return (await findActiveBySlug(records, bookingPageEntity, slug)) as unknown as BookingPage | null;
}

/** A sales person who could take an appointment starting then; `busy` when their calendar already has one. */
export interface Slot {
  startsAt: string;
  salesPersonId: string;
  busy: boolean;
}

/**
 * The slots of the page's sales persons that start in [from, to), within the page's notice and horizon: each
 * window of a person's weekly hours, on each day, read in the time zone of their user (so 09:00 stays 09:00 across
 * a change to summer time), cut into appointments of the page's length from the window's start. A person is busy
 * at a slot when a live meeting they organise or attend overlaps it; a booking is such a meeting. Disabled sales
 * persons, and those without a live, enabled user, offer nothing.
 */
export async function pageSlots(
  db: Db,
  page: BookingPage,
  range: { from: Date | string; to: Date | string },
): Promise<Slot[]> {
  const length = sql`make_interval(mins => ${page.durationMinutes})`;
  const { rows } = await sql<{ starts_at: Date; sales_person_id: string; busy: boolean }>`
    WITH reps AS (
      SELECT sp.id, u.id AS user_id, u.time_zone AS tz, sp.availability
      FROM sales_persons sp JOIN users u ON u.id = sp.user_id AND u.deleted_at IS NULL AND u.enabled
      WHERE sp.id = ANY(CAST(${page.salesPersonIds} AS uuid[])) AND sp.deleted_at IS NULL AND sp.enabled
    ), bounds AS (
      SELECT greatest(CAST(${range.from} AS timestamptz), now() + make_interval(hours => ${page.minNoticeHours}))
          AS lo,
        least(CAST(${range.to} AS timestamptz), now() + make_interval(days => ${page.horizonDays})) AS hi
    ), windows AS (
      SELECT r.id, r.user_id,
        (d.day + CAST(w.hours->>'from' AS time)) AT TIME ZONE r.tz AS opens,
        (d.day + CAST(w.hours->>'to' AS time)) AT TIME ZONE r.tz AS closes
      FROM reps r CROSS JOIN bounds b
        CROSS JOIN LATERAL jsonb_array_elements(r.availability) AS w(hours)
        CROSS JOIN LATERAL generate_series(
          CAST(CAST(b.lo AT TIME ZONE r.tz AS date) AS timestamp),
          CAST(CAST(b.hi AT TIME ZONE r.tz AS date) AS timestamp), interval '1 day') AS d(day)
      WHERE extract(isodow FROM d.day) = array_position(CAST(${[...WEEKDAYS]} AS text[]), w.hours->>'day')
    ), starts AS (
      SELECT DISTINCT w.id, w.user_id, s.at
      FROM windows w CROSS JOIN bounds b
        CROSS JOIN LATERAL generate_series(w.opens, w.closes - ${length}, ${length}) AS s(at)
      WHERE s.at >= b.lo AND s.at < b.hi
    ), busy AS (
      -- Each person's meetings in the range, read once from the owner and attendee indexes (an OR of the two
      -- per slot read the table for every slot).
      SELECT r.user_id, m.at, m.ends_at FROM reps r CROSS JOIN bounds b
        JOIN meetings m ON m.owner_id = r.user_id
      WHERE m.deleted_at IS NULL AND m.at < b.hi + ${length} AND m.ends_at > b.lo
      UNION ALL
      SELECT r.user_id, m.at, m.ends_at FROM reps r CROSS JOIN bounds b
        JOIN meetings m ON m.attendee_user_ids @> ARRAY[r.user_id]
      WHERE m.deleted_at IS NULL AND m.at < b.hi + ${length} AND m.ends_at > b.lo
    )
    SELECT s.at AS starts_at, s.id AS sales_person_id, count(busy.user_id) > 0 AS busy
    FROM starts s LEFT JOIN busy
      ON busy.user_id = s.user_id AND busy.at < s.at + ${length} AND busy.ends_at > s.at
    GROUP BY s.at, s.id ORDER BY s.at, s.id`.execute(db);
  return rows.map((row) => ({
    startsAt: new Date(row.starts_at).toISOString(),
    salesPersonId: row.sales_person_id,
    busy: row.busy,
  }));
}

/** The free start times among slots, each once however many people are free then. */
export function freeStarts(slots: Slot[]): string[] {
  return [...new Set(slots.filter((slot) => !slot.busy).map((slot) => slot.startsAt))];
}
