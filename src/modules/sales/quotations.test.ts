import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../test/harness.js';

/**
 * Items, tax templates, company settings and quotation drafts: lines completed from items, totals computed by the
 * server, numbers from the series, the party taken from the opportunity. Actions and the status chain:
 * quotation-actions.test.ts.
 */

let crm: TestCrm;
let admin: Client;
let rep: Client;
let customerId: string;
let opportunityId: string;
const VAT19 = '01900000-0000-7000-8004-000000000001';
const VAT7 = '01900000-0000-7000-8004-000000000002';
const year = new Date().getUTCFullYear();

async function created(client: Client, path: string, body: Record<string, unknown>) {
  const response = await client.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}
const errorsOf = (response: { json(): { errors?: Array<{ field: string; message: string }> } }) =>
  Object.fromEntries((response.json().errors ?? []).map((e) => [e.field, e.message]));

let scanner: { id: string };
beforeAll(async () => {
  crm = await createTestCrm();
  admin = crm.as(await crm.createUser('CRM Administrator'));
  rep = crm.as(await crm.createUser('Sales Representative', 'Quoting Rep'));
  customerId = (await created(rep, 'customers', { name: 'Hafenwerk GmbH' })).id;
  opportunityId = (await created(rep, 'opportunities', { title: 'Scanners', customerId, currency: 'USD' }))
    .id;
  scanner = await created(admin, 'items', {
    code: 'SCN-100',
    name: 'Barcode scanner',
    nameDe: 'Barcodescanner',
    unit: 'unit',
    prices: [
      { currency: 'EUR', rate: '199.00' },
      { currency: 'USD', rate: '219.50' },
    ],
  });
});
afterAll(() => crm?.close());

describe('sales masters', () => {
  it('keeps one price per real currency and one item per code', async () => {
    const twice = await admin.post('/api/v1/items', {
      code: 'X-1',
      name: 'X',
      prices: [
        { currency: 'EUR', rate: '1' },
        { currency: 'EUR', rate: '2' },
        { currency: 'XYZ', rate: '3' },
      ],
    });
    expect(twice.statusCode).toBe(422);
    expect(errorsOf(twice)).toMatchObject({
      'prices/1/currency': expect.stringMatching(/EUR/),
      'prices/2/currency': expect.any(String),
    });
    const again = await admin.post('/api/v1/items', { code: 'SCN-100', name: 'Copy' });
    expect(again.statusCode).toBe(409);
    expect((await rep.post('/api/v1/items', { code: 'R-1', name: 'Rep item' })).statusCode).toBe(403);
  });

  it('moves the default mark between tax templates', async () => {
    const template = await created(admin, 'tax-templates', { name: 'VAT 20%', rate: 20, isDefault: true });
    const old = await admin.get(`/api/v1/tax-templates/${VAT19}`);
    expect(old.json().data.isDefault).toBe(false);
    expect((await admin.patch(`/api/v1/tax-templates/${VAT19}`, { isDefault: true })).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/tax-templates/${template.id}`)).json().data.isDefault).toBe(false);
  });

  it('has one company settings record that administrators change', async () => {
    const list = await rep.get('/api/v1/company-settings');
    expect(list.json().data).toHaveLength(1);
    const [settings] = list.json().data;
    const changed = await admin.patch(`/api/v1/company-settings/${settings.id}`, {
      name: 'Nordwind Vertrieb GmbH',
      iban: 'DE89370400440532013000',
      terms: 'Payable within 14 days.',
      termsDe: 'Zahlbar innerhalb von 14 Tagen.',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await rep.patch(`/api/v1/company-settings/${settings.id}`, { name: 'Mine' })).statusCode).toBe(
      403,
    );
    expect((await admin.post('/api/v1/company-settings', { name: 'Second' })).statusCode).toBe(409);
    expect((await admin.delete(`/api/v1/company-settings/${settings.id}`)).statusCode).toBe(409);
    const badIban = await admin.patch(`/api/v1/company-settings/${settings.id}`, { iban: 'not an iban' });
    expect(badIban.statusCode).toBe(422);
  });
});

describe('quotation drafts', () => {
  it('is made from an opportunity: its party and currency, lines from items, totals by the server', async () => {
    const response = await rep.post('/api/v1/quotations', {
      opportunityId,
      language: 'de',
      lines: [
        { itemId: scanner.id, qty: '2' },
        {
          description: 'Installation',
          qty: '3.5',
          rate: '80',
          discountPercent: '10',
          taxTemplateId: VAT7,
          unit: 'hour',
        },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    const quotation = response.json().data;
    expect(quotation).toMatchObject({
      number: expect.stringMatching(new RegExp(`^QTN-${year}-\\d{5}$`)),
      status: 'draft',
      quotationTo: 'customer',
      customerId,
      opportunityId,
      currency: 'USD',
      taxTemplateId: VAT19,
      terms: 'Zahlbar innerhalb von 14 Tagen.',
    });
    expect(quotation.lines).toEqual([
      expect.objectContaining({
        description: 'Barcodescanner',
        qty: '2',
        rate: '219.50',
        unit: 'unit',
        amount: '439.00',
      }),
      expect.objectContaining({ description: 'Installation', amount: '252.00', taxTemplateId: VAT7 }),
    ]);
    // 439.00 × 19 % = 83.41; 252.00 × 7 % = 17.64; 691.00 + 101.05 = 792.05 → 792.
    expect(quotation).toMatchObject({
      totalBeforeDiscount: '719.00',
      discountTotal: '28.00',
      netTotal: '691.00',
      taxTotal: '101.05',
      grandTotal: '792.05',
      roundedTotal: '792.00',
      roundingAdjustment: '-0.05',
      inWords: 'siebenhundertzweiundneunzig USD',
    });

    const patched = await rep.patch(`/api/v1/quotations/${quotation.id}`, {
      lines: [{ ...quotation.lines[0], qty: '1' }],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().data.lines).toEqual([
      expect.objectContaining({ id: quotation.lines[0].id, amount: '219.50' }),
    ]);
    expect(patched.json().data).toMatchObject({
      netTotal: '219.50',
      taxTotal: '41.71',
      grandTotal: '261.21',
    });
  });

  it('starts from the opportunity’s products of interest, whose sum is its amount', async () => {
    const deal = await created(rep, 'opportunities', {
      title: 'Scanners with setup',
      customerId,
      currency: 'USD',
      items: [
        { itemId: scanner.id, qty: '3' },
        { description: 'Setup', qty: '1', rate: '500', discountPercent: '10' },
      ],
    });
    expect(deal.amount).toBe('1108.50');
    expect(deal.items).toEqual([
      expect.objectContaining({ description: 'Barcode scanner', rate: '219.50', amount: '658.50' }),
      expect.objectContaining({ description: 'Setup', amount: '450.00' }),
    ]);
    const bad = await rep.patch(`/api/v1/opportunities/${deal.id}`, { items: [{ qty: '1' }] });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['items/0/description', 'items/0/rate']);
    const quotation = await created(rep, 'quotations', { opportunityId: deal.id });
    expect(quotation.lines.map((l: { description: string; qty: string }) => [l.description, l.qty])).toEqual([
      ['Barcode scanner', '3'],
      ['Setup', '1'],
    ]);
    expect(quotation).toMatchObject({ currency: 'USD', netTotal: '1108.50' });
  });

  it('names what is missing or wrong, per line', async () => {
    const noParty = await rep.post('/api/v1/quotations', { lines: [] });
    expect(noParty.statusCode).toBe(422);
    expect(errorsOf(noParty)).toHaveProperty('customerId');
    const bad = await rep.post('/api/v1/quotations', {
      customerId,
      currency: 'CHF',
      transactionDate: '2026-05-10',
      validTill: '2026-05-01',
      lines: [{ itemId: scanner.id }, { qty: '0', rate: '5' }],
    });
    expect(bad.statusCode).toBe(422);
    const errors = errorsOf(bad);
    expect(Object.keys(errors).sort()).toEqual(['validTill']);
    const lines = await rep.post('/api/v1/quotations', {
      customerId,
      currency: 'CHF',
      lines: [{ itemId: scanner.id }, { qty: '0', rate: '5' }],
    });
    expect(errorsOf(lines)).toMatchObject({
      'lines/0/rate': '"Barcode scanner" has no price in CHF; give a rate',
      'lines/1/description': 'is required',
      'lines/1/qty': 'must be more than 0',
    });
  });

  it('numbers quotations from the series without a gap or a repeat, also when made at once', async () => {
    const made = await Promise.all(
      Array.from({ length: 12 }, () => rep.post('/api/v1/quotations', { customerId, lines: [] })),
    );
    const numbers = made.map((response) => {
      expect(response.statusCode, response.body).toBe(201);
      return Number(String(response.json().data.number).slice(-5));
    });
    numbers.sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(12);
    expect(numbers.at(-1)! - numbers[0]!).toBe(11);
  });

  it('refuses a quotation for a lost opportunity', async () => {
    const lostOne = await created(rep, 'opportunities', { title: 'Gone', customerId });
    const reasons = await rep.get('/api/v1/lost-reasons?limit=1');
    const declared = await rep.post(`/api/v1/opportunities/${lostOne.id}/declare-lost`, {
      lostReasonIds: [reasons.json().data[0].id],
    });
    expect(declared.statusCode, declared.body).toBe(200);
    const refused = await rep.post('/api/v1/quotations', { opportunityId: lostOne.id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/reopen it/);
  });
});
