/**
 * The JavaScript types both drivers hand back, so PGlite and PostgreSQL give the application identical rows.
 * Sessions run in UTC, so PostgreSQL writes a timestamptz as `2026-11-23 13:26:49.934512+00`: a few string
 * operations make it ISO 8601 (`2026-11-23T13:26:49.934512Z`), keeping PostgreSQL's microseconds, without
 * parsing a Date for every value of every row.
 */
export function timestamptzToIso(text: string): string {
  if (text.length >= 22 && text.endsWith('+00') && text[10] === ' ')
    return `${text.slice(0, 10)}T${text.slice(11, -3)}Z`;
  // Other zones or BC dates: let Date normalise them, at millisecond precision.
  const parsed = new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  return Number.isNaN(parsed.getTime()) ? text : parsed.toISOString();
}
