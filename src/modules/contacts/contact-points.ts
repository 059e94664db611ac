import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { FieldError } from '../../core/errors.js';

/**
 * E-mail addresses and phone numbers of a contact. Both are lists with exactly one primary item: a list without a
 * marked item makes the first one primary; two marked items are refused. E-mail addresses are compared and
 * stored in lower case (mailbox names are case-insensitive in practice); phone numbers are parsed with
 * libphonenumber's full metadata (validity by number ranges, not only length) and stored in E.164, so the same
 * number written "030 1234567" or "+49 30 123 45 67" is one number for duplicates and search.
 */
export interface EmailItem {
  email: string;
  primary: boolean;
}

export type PhoneKind = 'mobile' | 'work' | 'home' | 'fax' | 'other';

export interface PhoneItem {
  phone: string;
  kind: PhoneKind;
  extension?: string | null;
  primary: boolean;
}

interface Checked<T> {
  items: T[];
  errors: FieldError[];
}

/** Exactly one primary: the marked one, else the first; a second mark is an error at its `primary`. */
function onePrimary<T extends { primary: boolean }>(items: T[], field: string, errors: FieldError[]): T[] {
  const marked = items.flatMap((item, i) => (item.primary ? [i] : []));
  for (const i of marked.slice(1)) {
    errors.push({ field: `${field}/${i}/primary`, message: 'only one item can be primary', code: 'primary' });
  }
  const primary = marked[0] ?? 0;
  return items.map((item, i) => ({ ...item, primary: i === primary }));
}

function noRepeats<T>(
  items: T[],
  key: (item: T) => string,
  path: (i: number) => string,
  errors: FieldError[],
) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) errors.push({ field: path(i), message: 'appears twice in the list', code: 'duplicate' });
    seen.add(k);
  });
}

export function normaliseEmails(value: unknown): Checked<EmailItem> {
  const errors: FieldError[] = [];
  const raw = Array.isArray(value) ? (value as Array<Partial<EmailItem>>) : [];
  const items = raw.map((item) => ({
    email: String(item.email ?? '')
      .trim()
      .toLowerCase(),
    primary: item.primary === true,
  }));
  noRepeats(
    items,
    (item) => item.email,
    (i) => `emails/${i}/email`,
    errors,
  );
  return { items: onePrimary(items, 'emails', errors), errors };
}

/**
 * Parses each number; one without +country code is read in `defaultCountry`. An extension written in the number
 * ("… ext. 12") moves to `extension`.
 */
export function normalisePhones(value: unknown, defaultCountry: string | undefined): Checked<PhoneItem> {
  const errors: FieldError[] = [];
  const raw = Array.isArray(value) ? (value as Array<Partial<PhoneItem>>) : [];
  const items = raw.map((item, i): PhoneItem => {
    const text = String(item.phone ?? '').trim();
    const international = text.startsWith('+') || text.startsWith('00');
    const parsed = parsePhoneNumberFromString(
      text.startsWith('00') ? `+${text.slice(2)}` : text,
      // The library reads a country code it does not know as "no country" and fails; a missing one is our hint.
      international ? undefined : (defaultCountry as Parameters<typeof parsePhoneNumberFromString>[1]),
    );
    const base = { kind: item.kind ?? 'work', primary: item.primary === true };
    if (!parsed || !parsed.isValid()) {
      const message =
        !international && !defaultCountry
          ? 'is not a valid phone number; write it with its country code, e.g. +49 30 1234567'
          : 'is not a valid phone number';
      errors.push({ field: `phones/${i}/phone`, message, code: 'phone' });
      return { ...base, phone: text, extension: item.extension ?? null };
    }
    return { ...base, phone: parsed.number, extension: item.extension || parsed.ext || null };
  });
  noRepeats(
    items,
    (item) => `${item.phone};${item.extension ?? ''}`,
    (i) => `phones/${i}/phone`,
    errors,
  );
  return { items: onePrimary(items, 'phones', errors), errors };
}

/** Whether any number needs a country to be read (so the country is looked up only when it matters). */
export function needsCountry(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  return value.some((item: Partial<PhoneItem>) => {
    const text = String(item?.phone ?? '').trim();
    return !text.startsWith('+') && !text.startsWith('00');
  });
}

export const primaryOf = <T extends { primary: boolean }>(items: T[]): T | undefined =>
  items.find((item) => item.primary);
