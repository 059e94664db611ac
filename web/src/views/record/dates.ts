/**
 * Dates typed the way the user's language writes them: "31.12.2026 14:30" in German, "12/31/2026 2:30 PM" in
 * English. A browser's native date input shows the browser's format, not the user's language, so the form
 * uses text it reads itself. The canonical forms are the ones a native input speaks: "2026-12-31" and
 * "2026-12-31T14:30" (wall-clock time; zoned-time.ts turns that into an instant).
 */
import type { Language } from '../../app/i18n';

const pad = (value: number) => String(value).padStart(2, '0');

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "2026-12-31" or "2026-12-31T14:30" in the language's order, with the time in 24 (de) or 12 hours (en). */
export function formatLocalDate(canonical: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(canonical);
  if (!match) return canonical;
  const [, year, month, day, hour, minute] = match;
  const date = language === 'de' ? `${day}.${month}.${year}` : `${month}/${day}/${year}`;
  if (hour === undefined || minute === undefined) return date;
  if (language === 'de') return `${date} ${hour}:${minute}`;
  const h = Number(hour);
  return `${date} ${h % 12 || 12}:${minute} ${h < 12 ? 'AM' : 'PM'}`;
}

/**
 * Reads a typed date (and time, with `withTime`): `null` when empty, `undefined` when unreadable. Takes the
 * language's order, ISO dates in any language, two-digit years as 20xx, and a missing time as midnight.
 */
export function parseLocalDate(
  text: string,
  language: Language,
  withTime: boolean,
): string | null | undefined {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const match =
    /^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})(?:[,\sT]+(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?$/i.exec(
      trimmed,
    );
  if (!match) return undefined;
  const [, first = '', , second = '', third = '', hourText, minuteText, meridiem] = match;
  let year: number;
  let month: number;
  let day: number;
  if (first.length === 4) [year, month, day] = [Number(first), Number(second), Number(third)];
  else if (language === 'de') [day, month, year] = [Number(first), Number(second), Number(third)];
  else [month, day, year] = [Number(first), Number(second), Number(third)];
  if (third.length === 2 && first.length !== 4) year += 2000;
  if (!validDay(year, month, day) || year < 1000) return undefined;
  const date = `${year}-${pad(month)}-${pad(day)}`;
  if (!withTime) return hourText === undefined ? date : undefined;
  let hour = hourText === undefined ? 0 : Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (/^p/i.test(meridiem) ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return `${date}T${pad(hour)}:${pad(minute)}`;
}

/** What the field shows as a hint while empty. */
export function datePlaceholder(language: Language, withTime: boolean): string {
  const date = language === 'de' ? 'TT.MM.JJJJ' : 'MM/DD/YYYY';
  if (!withTime) return date;
  return language === 'de' ? `${date} hh:mm` : `${date} h:mm AM`;
}
