import { describe, expect, it } from 'vitest';
import { moveLinks } from '../../core/link-lists.js';
import { phoneDigits } from '../../core/search.js';
import { isCountryCode } from './address-format.js';
import { needsCountry, normaliseEmails, normalisePhones } from './contact-points.js';

describe('phone numbers', () => {
  it('are read in the default country unless written with a country code', () => {
    const { items, errors } = normalisePhones(
      [
        { phone: '030 1234567' },
        { phone: '0044 20 7946 0958', kind: 'fax' },
        { phone: '+1 (212) 555-0147 x12' },
      ],
      'DE',
    );
    expect(errors).toEqual([]);
    expect(items).toEqual([
      { phone: '+49301234567', kind: 'work', extension: null, primary: true },
      { phone: '+442079460958', kind: 'fax', extension: null, primary: false },
      { phone: '+12125550147', kind: 'work', extension: '12', primary: false },
    ]);
  });

  it('say which need a country, and refuse numbers no country makes valid', () => {
    expect(needsCountry([{ phone: '+49 30 1' }, { phone: '0049 30 1' }])).toBe(false);
    expect(needsCountry([{ phone: '030 1' }])).toBe(true);
    const { errors } = normalisePhones(
      [{ phone: '+49 30' }, { phone: '+49 30 1234567' }, { phone: '+4930 1234567' }],
      'DE',
    );
    expect(errors.map((e) => e.field)).toEqual(['phones/0/phone', 'phones/2/phone']);
  });
});

describe('e-mail addresses', () => {
  it('keep one primary: the marked one, else the first', () => {
    expect(
      normaliseEmails([{ email: 'B@x.example' }, { email: 'a@x.example', primary: true }]).items,
    ).toEqual([
      { email: 'b@x.example', primary: false },
      { email: 'a@x.example', primary: true },
    ]);
    expect(normaliseEmails([]).items).toEqual([]);
  });
});

describe('search keys of phone-like queries', () => {
  it.each([
    ['030 1234-567', '301234567'],
    ['+49 (30) 123', '+4930123'],
    ['0049 30 123', '4930123'],
    ['Müller', undefined],
    ['12', undefined],
  ])('%s → %s', (query, key) => expect(phoneDigits(query)).toBe(key));
});

describe('countries', () => {
  it('are ISO 3166-1 codes, not CLDR groupings or aliases', () => {
    expect(['DE', 'JP', 'XK', 'AQ'].every(isCountryCode)).toBe(true);
    expect(['UK', 'EU', 'ZZ', 'XX', 'de', 'DEU'].some(isCountryCode)).toBe(false);
  });
});

describe('moving links', () => {
  it('points links at the new record, merging one that would repeat', () => {
    const links = [
      { entity: 'customer', id: 'a', role: null },
      { entity: 'customer', id: 'b', role: 'Buyer' },
      { entity: 'prospect', id: 'p', role: 'Champion' },
    ];
    expect(moveLinks(links, { entity: 'customer', ids: ['b'] }, { entity: 'customer', id: 'a' })).toEqual([
      { entity: 'customer', id: 'a', role: 'Buyer' },
      { entity: 'prospect', id: 'p', role: 'Champion' },
    ]);
    expect(moveLinks(links, { entity: 'prospect', ids: ['p'] }, { entity: 'customer', id: 'c' })).toEqual([
      ...links.slice(0, 2),
      { entity: 'customer', id: 'c', role: 'Champion' },
    ]);
    expect(
      moveLinks(links, { entity: 'customer', ids: ['z'] }, { entity: 'customer', id: 'a' }),
    ).toBeUndefined();
  });
});
