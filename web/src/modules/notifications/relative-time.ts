/**
 * "5 minutes ago", "gestern": how long ago something happened, in the user's language, by the largest unit that
 * fits (Intl.RelativeTimeFormat with numeric 'auto', so a day ago reads "yesterday"). Under 45 seconds is "now".
 */
const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

const formatters = new Map<string, Intl.RelativeTimeFormat>();

export function relativeTime(iso: string, now: number, locale: string): string {
  let format = formatters.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    formatters.set(locale, format);
  }
  const seconds = (Date.parse(iso) - now) / 1000;
  // A unit is used from three quarters of it on: 50 minutes reads "1 hour ago", under 45 seconds "now".
  const fitting = UNITS.find(([, size]) => Math.abs(seconds) >= size * 0.75);
  if (!fitting) return format.format(0, 'second');
  const [unit, size] = fitting;
  return format.format(Math.round(seconds / size), unit);
}
