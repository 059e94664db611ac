import { formatAddress } from 'localized-address-format';
import type { FieldError } from '../../core/errors.js';
import type { Row } from '../../core/row.js';

/**
 * Addresses as the post of their country lays them out, from Google's libaddressinput data (through
 * localized-address-format): "10115 Berlin" in Germany, "Mountain View, CA 94043" in the US, the town and the
 * postcode on lines of their own in Britain, and postcode, prefecture, then the rest in Japan. Text in Latin script
 * uses a country's Latin layout where it has one (Japanese addresses written in Latin letters run small to large).
 * The country line is left out: it depends on where the letter goes and in which language it is read.
 */
export interface AddressParts {
  line1: string;
  line2?: string | null;
  city?: string | null;
  postalCode?: string | null;
  state?: string | null;
  country: string;
}

const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

export function formatAddressLines(address: AddressParts): string[] {
  const lines = [address.line1, address.line2].filter((line): line is string => !!line);
  const all = [...lines, address.city, address.state, address.postalCode].filter(Boolean).join(' ');
  const script = NON_LATIN.test(all) ? 'local' : 'latin';
  const parts = {
    postalCountry: address.country,
    administrativeArea: address.state ?? '',
    locality: address.city ?? '',
    postalCode: address.postalCode ?? '',
    addressLines: lines,
  };
  let formatted = formatAddress(parts, script);
  const city = address.city;
  if (city && !formatted.some((line) => line.includes(city))) {
    // Some countries' formats have no city (Japan: the prefecture, then the rest); the city then goes with the
    // address lines, first where the layout runs from large to small, last where it runs the other way.
    const addressLines = script === 'local' ? [city, ...lines] : [...lines, city];
    formatted = formatAddress({ ...parts, addressLines }, script);
  }
  return joinDanglingSeparators(formatted.map((line) => line.trim()).filter((line) => line !== ''));
}

/** The library puts a layout's ", %S" after several address lines on a line of its own; it belongs to the last. */
function joinDanglingSeparators(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (out.length > 0 && /^[,;-]/.test(line)) out[out.length - 1] += line;
    else out.push(line);
  }
  return out;
}

/** One line for lists and search: the formatted lines and the country code. */
export function addressSummary(lines: string[], country: string): string {
  return [...lines, country].join(', ');
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** Codes CLDR names that are no country (or an alias of one: UK is GB). */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'UK']);

/** Whether `code` is an ISO 3166-1 alpha-2 country code ICU knows (XK, Kosovo, included). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.has(code) && regionNames.of(code) !== undefined;
}

/** A written `country` column in capitals; one that is no country code is named in `errors`. */
export function normaliseCountry(columns: Row, errors: FieldError[]): void {
  if (typeof columns.country !== 'string') return;
  const country = columns.country.toUpperCase();
  columns.country = country;
  if (!isCountryCode(country)) {
    errors.push({
      field: 'country',
      message: 'is not an ISO 3166-1 country code such as DE',
      code: 'country',
    });
  }
}
