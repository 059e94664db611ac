/**
 * Date-time fields are instants in UTC; people type them as wall-clock time in their own time zone (the user's,
 * not the browser's). A native `datetime-local` input speaks "YYYY-MM-DDTHH:mm" without a zone, so these two
 * functions translate between that and ISO 8601 (src/shared/time-zones.ts).
 */
import { clockIn, dayIn, knownZone, wallTimeIn } from '../../../../src/shared/time-zones';

/** "2026-03-29T00:30:00Z" in Europe/Berlin → "2026-03-29T01:30"; empty for an empty or unreadable value. */
export function isoToLocalInput(iso: string | null | undefined, timeZone: string | undefined): string {
  if (!iso) return '';
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return '';
  const zone = knownZone(timeZone);
  return `${dayIn(zone, instant)}T${clockIn(zone, instant)}`;
}

/**
 * "2026-03-29T01:30" typed in Europe/Berlin → "2026-03-29T00:30:00.000Z". A wall-clock time the zone skips
 * (the hour clocks jump forward) lands an hour later, as a clock on the wall would show it.
 */
export function localInputToIso(local: string, timeZone: string | undefined): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!match) return undefined;
  const [, day, hour, minute, second] = match as unknown as [
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  const minutes = Number(hour) * 60 + Number(minute) + Number(second ?? 0) / 60;
  return wallTimeIn(knownZone(timeZone), day, minutes).toISOString();
}
