import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../test/harness.js';

let crm: TestCrm;
let api: Client;

beforeAll(async () => {
  crm = await createTestCrm();
  api = crm.as(await crm.createUser('CRM Administrator'));
});
afterAll(() => crm?.close());

type Problem = { errors: Array<{ field: string; message: string }> };
const errorsOf = (response: { json(): unknown }) =>
  Object.fromEntries((response.json() as Problem).errors.map((e) => [e.field, e.message]));

describe('addresses', () => {
  it.each([
    [
      'Germany',
      { line1: 'Musterstraße 1', line2: '3. OG', city: 'Berlin', postalCode: '10115', country: 'DE' },
      ['Musterstraße 1', '3. OG', '10115 Berlin'],
    ],
    [
      'the United States',
      {
        line1: '1600 Amphitheatre Pkwy',
        city: 'Mountain View',
        state: 'CA',
        postalCode: '94043',
        country: 'us',
      },
      ['1600 Amphitheatre Pkwy', 'Mountain View, CA 94043'],
    ],
    [
      'Britain',
      { line1: '10 Downing Street', city: 'London', postalCode: 'sw1a  2aa', country: 'GB' },
      ['10 Downing Street', 'London', 'SW1A 2AA'],
    ],
    [
      'Japan, in Japanese (large to small, postcode first)',
      { line1: '道玄坂1-2-3', city: '渋谷区', state: '東京都', postalCode: '150-0043', country: 'JP' },
      ['〒150-0043', '東京都', '渋谷区', '道玄坂1-2-3'],
    ],
    [
      'Japan, in Latin letters (small to large)',
      { line1: '1-2-3 Dogenzaka', city: 'Shibuya-ku', state: 'Tokyo', postalCode: '150-0043', country: 'JP' },
      ['1-2-3 Dogenzaka', 'Shibuya-ku, Tokyo', '150-0043'],
    ],
  ])('lays out an address in %s as its post expects', async (_, body, lines) => {
    const created = await api.post('/api/v1/addresses', body);
    expect(created.statusCode, created.body).toBe(201);
    const address = created.json().data;
    expect(address.formattedLines).toEqual(lines);
    expect(address.summary).toBe([...lines, body.country.toUpperCase()].join(', '));
    expect(address).toMatchObject({ addressType: 'billing', country: body.country.toUpperCase() });
  });

  it('derives the layout again when a part changes, and refuses unknown countries', async () => {
    const created = (
      await api.post('/api/v1/addresses', {
        line1: 'Bahnhofstrasse 1',
        city: 'Zürich',
        postalCode: '8001',
        country: 'CH',
      })
    ).json().data;
    const moved = await api.patch(`/api/v1/addresses/${created.id}`, { city: 'Bern', postalCode: '3011' });
    // Swiss Post writes the country before the postcode.
    expect(moved.json().data.formattedLines).toEqual(['Bahnhofstrasse 1', 'CH-3011 Bern']);
    for (const country of ['XX', 'UK', 'EU', 'D']) {
      const bad = await api.post('/api/v1/addresses', { line1: 'Somewhere 1', country });
      expect(bad.statusCode, country).toBe(422);
      expect(Object.keys(errorsOf(bad)), country).toEqual(['country']);
    }
    const missing = await api.post('/api/v1/addresses', { city: 'Nowhere' });
    expect(Object.keys(errorsOf(missing)).sort()).toEqual(['country', 'line1']);
  });

  it('links to customers and lists a customer’s addresses', async () => {
    const customer = (await api.post('/api/v1/customers', { name: 'Address Holder GmbH' })).json().data;
    const billing = (
      await api.post('/api/v1/addresses', {
        line1: 'Am Markt 2',
        city: 'Bremen',
        postalCode: '28195',
        country: 'DE',
        links: [{ entity: 'customer', id: customer.id, role: 'head office' }],
      })
    ).json().data;
    const listed = await api.get(`/api/v1/customers/${customer.id}/addresses?filter[addressType]=billing`);
    expect(listed.json().data.map((a: { id: string }) => a.id)).toEqual([billing.id]);
    const primary = await api.patch(`/api/v1/customers/${customer.id}`, { primaryAddressId: billing.id });
    expect(primary.json().data.primaryAddressId).toBe(billing.id);
    const unknownFilter = await api.get(`/api/v1/customers/${customer.id}/addresses?filter[nope]=1`);
    expect(unknownFilter.statusCode).toBe(400);
  });
});
