/**
 * Calendar days in the user's time zone, without a date library: what day it is there, when that day starts as
 * an instant, and where the week starts. Filters on datetime fields name days; the API wants instants.
 */

export type Day = string; // YYYY-MM-DD

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      // A zone this browser does not know (stored by another client): UTC rather than no filter at all.
      format = partsFormat('UTC');
    }
    partsFormats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock fields at `instant` in `timeZone`. */
function wallClock(instant: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const part of partsFormat(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}

/** How far `timeZone` is ahead of UTC at `instant`, in milliseconds (whole seconds; zones have no finer ones). */
function offsetAt(instant: number, timeZone: string): number {
  const p = wallClock(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
}

/** The calendar day it is at `instant` in `timeZone`. */
export function dayIn(instant: Date, timeZone: string): Day {
  const p = wallClock(instant.getTime(), timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

export function addDays(day: Day, days: number): Day {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * The instant `day` begins in `timeZone`. The offset is read twice: once at UTC midnight as a guess, once at the
 * result, so a day that begins just after a daylight-saving change still gets the offset in force at its start.
 */
export function startOfDay(day: Day, timeZone: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  const guess = utcMidnight - offsetAt(utcMidnight, timeZone);
  return new Date(utcMidnight - offsetAt(guess, timeZone));
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
