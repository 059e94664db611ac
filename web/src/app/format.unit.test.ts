import { describe, expect, it } from 'vitest';
import { formatter } from './format';
import { detectLanguage } from './language';

describe('formatter', () => {
  it('writes numbers, money and percentages as each language does', () => {
    const de = formatter('de');
    const en = formatter('en');
    expect(de.number(1234567.5)).toBe('1.234.567,5');
    expect(en.number(1234567.5)).toBe('1,234,567.5');
    // Decimal strings keep every digit: no trip through binary floating point.
    expect(de.number('12345678901234.56')).toBe('12.345.678.901.234,56');
    expect(de.money('1234.50', 'EUR')).toBe('1.234,50\u00a0€');
    expect(en.money('1234.50', 'EUR')).toBe('€1,234.50');
    expect(de.percent(12.5)).toBe('12,5\u00a0%');
    expect(en.percent(12.5)).toBe('12.5%');
  });

  it('shows instants in the user time zone and calendar days as they are', () => {
    const instant = '2026-03-01T23:30:00.000000Z';
    expect(formatter('de', 'Europe/Berlin').dateTime(instant)).toBe('02.03.2026, 00:30');
    // ICU versions differ in the space before "PM" (U+0020 or U+202F): compare with spaces made plain.
    expect(formatter('en', 'UTC').dateTime(instant).replace(/\s/g, ' ')).toBe('Mar 1, 2026, 11:30 PM');
    expect(formatter('de', 'America/New_York').date('2026-03-01')).toBe('01.03.2026');
    expect(formatter('en', 'Pacific/Auckland').date('2026-03-01')).toBe('Mar 1, 2026');
  });

  it('falls back to UTC for a time zone the browser does not know', () => {
    expect(formatter('de', 'Mars/Olympus').dateTime('2026-03-01T10:00:00Z')).toBe('01.03.2026, 10:00');
  });
});

describe('detectLanguage', () => {
  it('prefers the stored choice, then the browser languages, then English', () => {
    expect(detectLanguage('de', ['en-US'])).toBe('de');
    expect(detectLanguage(null, ['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(detectLanguage('xx', ['EN-gb'])).toBe('en');
    expect(detectLanguage(null, ['fr'])).toBe('en');
  });
});
