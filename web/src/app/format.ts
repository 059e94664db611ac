/**
 * Numbers, money and dates through Intl with the user's locale (de-DE or en-US) and time zone. Formatters are
 * cached: building an Intl formatter costs far more than using one, and a list formats thousands of cells.
 */
import { knownZone } from '../../../src/shared/time-zones';
import type { Language } from './language';

export const LOCALES: Record<Language, string> = { en: 'en-US', de: 'de-DE' };

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

export interface Formatter {
  number(value: number | string, options?: Intl.NumberFormatOptions): string;
  money(amount: string, currency: string): string;
  percent(value: number | string): string;
  date(value: string): string;
  dateTime(value: string): string;
  longDate(value: Date): string;
}

export function formatter(language: Language, timeZone?: string): Formatter {
  const locale = LOCALES[language];
  const zone = knownZone(timeZone);
  const number = (options: Intl.NumberFormatOptions = {}) =>
    cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
  const dates = (options: Intl.DateTimeFormatOptions) =>
    cached(
      `d|${locale}|${zone}|${JSON.stringify(options)}`,
      () => new Intl.DateTimeFormat(locale, { timeZone: zone, ...options }),
    );
  return {
    // Strings go to Intl as they are: money and numeric columns arrive as decimal strings and must not be
    // rounded through binary floating point on the way to the screen.
    number: (value, options) => number(options).format(value as Intl.StringNumericLiteral),
    money: (amount, currency) =>
      number({ style: 'currency', currency }).format(amount as Intl.StringNumericLiteral),
    // Percent fields hold 12.5 for 12.5 % (Intl's style 'percent' would expect 0.125); the unit style also
    // spaces the sign as each language does ("12.5%", "12,5 %").
    percent: (value) =>
      number({ style: 'unit', unit: 'percent', maximumFractionDigits: 2 }).format(
        value as Intl.StringNumericLiteral,
      ),
    // A date field (YYYY-MM-DD) is a calendar day, not an instant: it is shown as it is, in UTC.
    date: (value) =>
      cached(
        `day|${locale}`,
        () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
      ).format(new Date(`${value}T00:00:00Z`)),
    dateTime: (value) => dates({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value)),
    longDate: (value) => dates({ dateStyle: 'full' }).format(value),
  };
}
