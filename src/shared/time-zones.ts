/**
 * Calendar days and wall clocks in IANA time zones, through Intl (server and browser alike): what a user's day,
 * a rep's bookable hours and the calendar's drops are measured in. Formatters are cached per zone: building one
 * costs far more than using it, and lead assignment asks for every rep's day.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's wall clock, field by field, 24-hour. Throws a RangeError for a zone Intl does not know. */
function wallClock(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `name` is an IANA time zone this runtime knows (`Europe/Berlin`), as users and visitors name theirs. */
export function isTimeZone(name: string): boolean {
  try {
    wallClock(name);
    return true;
  } catch {
    return false;
  }
}

/** The zone, if this runtime knows it, else UTC: a zone stored by another client must not break a screen. */
export function knownZone(timeZone: string | undefined): string {
  return timeZone && isTimeZone(timeZone) ? timeZone : 'UTC';
}

/** The zone's clock at an instant as numbers; the instant read as if that clock were UTC is `wall`. */
function partsAt(timeZone: string, instant: number) {
  const parts = wallClock(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const [year, month, day, hour, minute] = [
    part('year'),
    part('month'),
    part('day'),
    part('hour'),
    part('minute'),
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute, part('second'));
  return { year, month, day, hour, minute, wall };
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
export function dayIn(timeZone: string, instant: Date = new Date()): string {
  const { year, month, day } = partsAt(timeZone, instant.getTime());
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

/** The wall-clock time (HH:MM, 24-hour) of an instant in a time zone. */
export function clockIn(timeZone: string, instant: Date): string {
  const { hour, minute } = partsAt(timeZone, instant.getTime());
  return `${pad(hour)}:${pad(minute)}`;
}

/** Minutes past midnight that a zone's clocks show at an instant. */
export function minutesIn(timeZone: string, instant: Date): number {
  const { hour, minute } = partsAt(timeZone, instant.getTime());
  return hour * 60 + minute;
}

/** How far a zone's clocks are ahead of UTC at an instant, in milliseconds. */
function offsetAt(timeZone: string, instant: number): number {
  return partsAt(timeZone, instant).wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a zone's clocks show `minutes` past midnight of a YYYY-MM-DD day (seconds as a fraction). The offset
 * is read twice: once near, once at that instant, so days that change the clocks come out right; a wall time the
 * zone skips (the clocks jump forward) lands as late as the jump, as a clock on the wall would show it.
 */
export function wallTimeIn(timeZone: string, day: string, minutes = 0): Date {
  const wall = Date.parse(`${day}T00:00:00Z`) + Math.round(minutes * 60_000);
  const near = wall - offsetAt(timeZone, wall);
  return new Date(wall - offsetAt(timeZone, near));
}

/** The instant a YYYY-MM-DD day begins in a time zone. */
export function startOfDayIn(timeZone: string, day: string): Date {
  return wallTimeIn(timeZone, day);
}

/** The day `days` after a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whole days from one YYYY-MM-DD day to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The ISO weekday of a YYYY-MM-DD day: 1 Monday … 7 Sunday. */
export function isoWeekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
}
