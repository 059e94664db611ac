/** Whether `name` is an IANA time zone this runtime knows (`Europe/Berlin`), as users and visitors name theirs. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
export function dayIn(timeZone: string, instant: Date = new Date()): string {
  // en-CA writes dates as ISO does.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** The day `days` after a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** How far a zone's clocks are ahead of UTC at an instant, in milliseconds. */
function offsetAt(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a zone's clocks show `minutes` past midnight of a YYYY-MM-DD day (the offset read twice: once near,
 * once at that instant, so days that change the clocks come out right).
 */
export function wallTimeIn(timeZone: string, day: string, minutes = 0): Date {
  const wall = Date.parse(`${day}T00:00:00Z`) + minutes * 60_000;
  const near = wall - offsetAt(timeZone, wall);
  return new Date(wall - offsetAt(timeZone, near));
}

/** The instant a YYYY-MM-DD day begins in a time zone. */
export function startOfDayIn(timeZone: string, day: string): Date {
  return wallTimeIn(timeZone, day);
}

/** Minutes past midnight that a zone's clocks show at an instant. */
export function minutesIn(timeZone: string, instant: Date): number {
  const [hours, minutes] = clockIn(timeZone, instant).split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** Whole days from one YYYY-MM-DD day to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The ISO weekday of a YYYY-MM-DD day: 1 Monday … 7 Sunday. */
export function isoWeekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
}

/** The wall-clock time (HH:MM, 24-hour) of an instant in a time zone. */
export function clockIn(timeZone: string, instant: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}
