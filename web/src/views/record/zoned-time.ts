/**
 * Date-time fields are instants in UTC; people type them as wall-clock time in their own time zone (the user's,
 * not the browser's). A native `datetime-local` input speaks "YYYY-MM-DDTHH:mm" without a zone, so these two
 * functions translate between that and ISO 8601 through Intl.
 */

const partsCache = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsCache.get(timeZone);
  if (!format) {
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
    partsCache.set(timeZone, format);
  }
  return format;
}

/** A zone Intl knows, else UTC (a stored zone may be unknown to this browser). */
function knownZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    partsFormat(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of partsFormat(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const clock = wallClock(instant, timeZone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** "2026-03-29T00:30:00Z" in Europe/Berlin → "2026-03-29T01:30"; empty for an empty or unreadable value. */
export function isoToLocalInput(iso: string | null | undefined, timeZone: string | undefined): string {
  if (!iso) return '';
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return '';
  const clock = wallClock(instant, knownZone(timeZone));
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}T${pad(clock.hour)}:${pad(clock.minute)}`;
}

/**
 * "2026-03-29T01:30" typed in Europe/Berlin → "2026-03-29T00:30:00.000Z". A wall-clock time the zone skips
 * (the hour clocks jump forward) lands an hour later, as a clock on the wall would show it.
 */
export function localInputToIso(local: string, timeZone: string | undefined): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const zone = knownZone(timeZone);
  const asUtc = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second || 0);
  // The offset depends on the instant we are looking for: guess with the offset at the wall-clock time read
  // as UTC, then correct once with the offset at the guess (enough across every DST change).
  const first = asUtc - offsetAt(asUtc, zone);
  const instant = asUtc - offsetAt(first, zone);
  return new Date(instant).toISOString();
}
