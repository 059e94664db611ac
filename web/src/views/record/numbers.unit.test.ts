import { describe, expect, it } from 'vitest';
import { formatLocalDate, parseLocalDate } from './dates';
import { formatDecimal, isWholeNumber, parseDecimal } from './numbers';
import { isoToLocalInput, localInputToIso } from './zoned-time';

describe('parseDecimal', () => {
  it('reads German input with grouping and a decimal comma', () => {
    expect(parseDecimal('1.234,56', 'de')).toBe('1234.56');
    expect(parseDecimal('1.234.567', 'de')).toBe('1234567');
    expect(parseDecimal('-0,5', 'de')).toBe('-0.5');
    expect(parseDecimal(' 12 345,10 ', 'de')).toBe('12345.10');
  });

  it('reads English input with grouping and a decimal point', () => {
    expect(parseDecimal('1,234.56', 'en')).toBe('1234.56');
    expect(parseDecimal('.5', 'en')).toBe('0.5');
    expect(parseDecimal('+007', 'en')).toBe('7');
  });

  it('forgives the other language’s decimal separator where it cannot be a grouping', () => {
    expect(parseDecimal('1.5', 'de')).toBe('1.5');
    expect(parseDecimal('1.500', 'de')).toBe('1500');
    expect(parseDecimal('1,5', 'en')).toBe('1.5');
  });

  it('keeps every digit of large amounts (no floating point on the way)', () => {
    expect(parseDecimal('123.456.789.012.345,6789', 'de')).toBe('123456789012345.6789');
  });

  it('answers null for empty input and undefined for what is not a number', () => {
    expect(parseDecimal('  ', 'de')).toBeNull();
    for (const text of ['abc', '1,2,3', '1.2.3,4,5', '12€', ',', '-', '1.23.456']) {
      expect(parseDecimal(text, 'de'), text).toBeUndefined();
    }
  });
});

describe('formatDecimal', () => {
  it('writes decimals the way each language does', () => {
    expect(formatDecimal('1234.56', 'de')).toBe('1.234,56');
    expect(formatDecimal('1234.56', 'en')).toBe('1,234.56');
    expect(formatDecimal('-1234567.5', 'de', { minFraction: 2 })).toBe('-1.234.567,50');
    expect(formatDecimal('1234.5', 'de', { grouping: false })).toBe('1234,5');
    expect(formatDecimal('12', 'en')).toBe('12');
  });

  it('round-trips with parseDecimal', () => {
    for (const value of ['0', '1234.56', '-98765432.1', '0.0001']) {
      expect(parseDecimal(formatDecimal(value, 'de'), 'de')).toBe(value);
      expect(parseDecimal(formatDecimal(value, 'en'), 'en')).toBe(value);
    }
  });

  it('tells whole numbers apart', () => {
    expect(isWholeNumber('12')).toBe(true);
    expect(isWholeNumber('12.00')).toBe(true);
    expect(isWholeNumber('12.5')).toBe(false);
  });
});

describe('date-time inputs in the user’s time zone', () => {
  it('shows an instant as wall-clock time of the zone, across daylight saving time', () => {
    expect(isoToLocalInput('2026-01-15T12:00:00Z', 'Europe/Berlin')).toBe('2026-01-15T13:00');
    expect(isoToLocalInput('2026-07-15T12:00:00Z', 'Europe/Berlin')).toBe('2026-07-15T14:00');
    expect(isoToLocalInput('2026-07-15T12:00:00Z', 'America/New_York')).toBe('2026-07-15T08:00');
    expect(isoToLocalInput(null, 'UTC')).toBe('');
  });

  it('reads wall-clock time of the zone back into UTC', () => {
    expect(localInputToIso('2026-01-15T13:00', 'Europe/Berlin')).toBe('2026-01-15T12:00:00.000Z');
    expect(localInputToIso('2026-07-15T14:00', 'Europe/Berlin')).toBe('2026-07-15T12:00:00.000Z');
    expect(localInputToIso('2026-03-29T03:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    expect(localInputToIso('2026-07-15T14:00', 'Not/AZone')).toBe('2026-07-15T14:00:00.000Z');
    expect(localInputToIso('15.07.2026', 'UTC')).toBeUndefined();
  });
});

describe('dates typed in the user’s language', () => {
  it('reads German and English dates, ISO dates in both, and refuses impossible days', () => {
    expect(parseLocalDate('31.12.2026', 'de', false)).toBe('2026-12-31');
    expect(parseLocalDate('1.2.26', 'de', false)).toBe('2026-02-01');
    expect(parseLocalDate('12/31/2026', 'en', false)).toBe('2026-12-31');
    expect(parseLocalDate('2026-12-31', 'de', false)).toBe('2026-12-31');
    expect(parseLocalDate('', 'de', false)).toBeNull();
    expect(parseLocalDate('30.02.2026', 'de', false)).toBeUndefined();
    expect(parseLocalDate('morgen', 'de', false)).toBeUndefined();
  });

  it('reads times in 24 hours or with AM/PM, midnight when left out', () => {
    expect(parseLocalDate('31.12.2026 14:30', 'de', true)).toBe('2026-12-31T14:30');
    expect(parseLocalDate('12/31/2026, 2:30 PM', 'en', true)).toBe('2026-12-31T14:30');
    expect(parseLocalDate('12/31/2026 12:05 am', 'en', true)).toBe('2026-12-31T00:05');
    expect(parseLocalDate('31.12.2026', 'de', true)).toBe('2026-12-31T00:00');
    expect(parseLocalDate('31.12.2026 25:00', 'de', true)).toBeUndefined();
  });

  it('writes them back the same way', () => {
    expect(formatLocalDate('2026-12-31', 'de')).toBe('31.12.2026');
    expect(formatLocalDate('2026-12-31T14:30', 'de')).toBe('31.12.2026 14:30');
    expect(formatLocalDate('2026-12-31T00:05', 'en')).toBe('12/31/2026 12:05 AM');
  });
});
