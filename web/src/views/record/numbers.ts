/**
 * Numbers typed into a form in the user's language ("1.234,56" in German, "1,234.56" in English) and back.
 * Everything works on decimal strings, never through binary floating point: money keeps every digit typed.
 */
import type { Language } from '../../app/i18n';

interface Separators {
  decimal: string;
  group: string;
}

const SEPARATORS: Record<Language, Separators> = {
  en: { decimal: '.', group: ',' },
  de: { decimal: ',', group: '.' },
};

/** Spaces people and Intl put between digit groups (plain, no-break, narrow no-break, thin). */
const SPACES = /[\s\u00a0\u202f\u2009]/g;

/** "0012.50" → "12.50", "-0" → "0": the canonical decimal the API reads (fraction digits kept as typed). */
function canonical(negative: boolean, whole: string, fraction: string): string {
  const digits = whole.replace(/^0+(?=\d)/, '') || '0';
  const text = fraction ? `${digits}.${fraction}` : digits;
  const isZero = /^[0.]+$/.test(text);
  return negative && !isZero ? `-${text}` : text;
}

/** Digit groups of three after the first: "1.234.567" is grouped, "1.5" and "12.3456" are not. */
function isGrouped(whole: string, group: string): boolean {
  const parts = whole.split(group);
  return /^\d{1,3}$/.test(parts[0] ?? '') && parts.slice(1).every((part) => /^\d{3}$/.test(part));
}

/**
 * Reads a number as typed: `null` for an empty field, `undefined` when it is not a number. Accepts the
 * language's grouping, and forgives the other language's decimal point when it cannot be a grouping
 * ("1.5" in German is 1.5, "1.500" is 1500).
 */
export function parseDecimal(text: string, language: Language): string | null | undefined {
  const { decimal, group } = SEPARATORS[language];
  let rest = text.replace(SPACES, '');
  if (rest === '') return null;
  let negative = false;
  if (/^[-+\u2212]/.test(rest)) {
    negative = rest[0] !== '+';
    rest = rest.slice(1);
  }
  if (!/^[\d.,]+$/.test(rest) || !/\d/.test(rest)) return undefined;
  const decimals = rest.split(decimal).length - 1;
  if (decimals > 1) return undefined;
  let [whole = '', fraction = ''] = rest.split(decimal);
  if (decimals === 0 && whole.includes(group) && !isGrouped(whole, group)) {
    // One foreign decimal point, e.g. "1.5" typed into a German form.
    if (whole.split(group).length !== 2) return undefined;
    [whole = '', fraction = ''] = whole.split(group);
    if (!/^\d+$/.test(whole) || !/^\d+$/.test(fraction)) return undefined;
    return canonical(negative, whole, fraction);
  }
  if (whole.includes(group)) {
    if (!isGrouped(whole, group)) return undefined;
    whole = whole.split(group).join('');
  }
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(fraction)) return undefined;
  if (whole === '' && fraction === '') return undefined;
  return canonical(negative, whole, fraction);
}

/**
 * A canonical decimal ("1234.5") as the language writes it: "1.234,5" (German) or "1,234.5" (English), with
 * groups unless `grouping` is false, and at least `minFraction` fraction digits (money shows cents).
 */
export function formatDecimal(
  value: string,
  language: Language,
  { grouping = true, minFraction = 0 }: { grouping?: boolean; minFraction?: number } = {},
): string {
  const { decimal, group } = SEPARATORS[language];
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const grouped = grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, group) : whole;
  const digits = fraction.padEnd(minFraction, '0');
  return `${negative ? '-' : ''}${grouped}${digits ? `${decimal}${digits}` : ''}`;
}

/** Whether a canonical decimal is a whole number an integer field takes. */
export function isWholeNumber(value: string): boolean {
  return /^-?\d+(\.0*)?$/.test(value);
}
