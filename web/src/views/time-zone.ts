/**
 * Calendar days in the user's time zone, without a date library: what day it is there, when that day starts as
 * an instant, and where the week starts. Filters on datetime fields name days; the API wants instants.
 */

import { addDays, dayIn as dayInZone, knownZone, startOfDayIn } from '../../../src/shared/time-zones';

export type Day = string; // YYYY-MM-DD

export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
}

/** The calendar day it is at `instant` in `timeZone` (UTC for a zone this browser does not know). */
export function dayIn(instant: Date, timeZone: string): Day {
  return dayInZone(knownZone(timeZone), instant);
}

export { addDays };

/** The instant `day` begins in `timeZone`, across daylight-saving changes (src/shared/time-zones.ts). */
export function startOfDay(day: Day, timeZone: string): Date {
  return startOfDayIn(knownZone(timeZone), day);
}

/**
 * The last representable instant of `day` in `timeZone`, to microseconds as PostgreSQL stores them, so an
 * inclusive bound (`lte`, `between`) covers the whole day and nothing of the next.
 */
export function endOfDayIso(day: Day, timeZone: string): string {
  const next = startOfDay(addDays(day, 1), timeZone).getTime() - 1;
  return new Date(next).toISOString().replace(/Z$/, '999Z');
}

/** 0 for Sunday, 1 for Monday: the first day of the week in the UI's locale (en-US Sunday, de-DE Monday). */
export type FirstDay = 0 | 1;

export function startOfWeek(now: Date, timeZone: string, firstDay: FirstDay): Date {
  const today = dayIn(now, timeZone);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  return startOfDay(addDays(today, -((weekday - firstDay + 7) % 7)), timeZone);
}
