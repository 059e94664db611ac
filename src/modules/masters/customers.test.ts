import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';

let crm: TestCrm;
let api: Client;
let rep: TestUser;

beforeAll(async () => {
  crm = await createTestCrm();
  api = crm.as(await crm.createUser('CRM Administrator'));
  rep = await crm.createUser('Sales Representative', 'Customer Rep');
});
afterAll(() => crm?.close());

type Problem = { errors: Array<{ field: string; code: string }> };
const fieldsOf = (response: { json(): unknown }) =>
  (response.json() as Problem).errors.map((e) => e.field).sort();

describe('customers', () => {
  it('creates, reads, changes and trashes a customer with its masters', async () => {
    const group = (await api.post('/api/v1/customer-groups', { name: 'Wholesale' })).json().data.id;
    const territory = (await api.post('/api/v1/territories', { name: 'Austria' })).json().data.id;
    const industry = (await api.post('/api/v1/industries', { name: 'Construction' })).json().data.id;
    const created = await api.post('/api/v1/customers', {
      name: 'Alpenbau GmbH',
      customerGroupId: group,
      territoryId: territory,
      industryId: industry,
      website: 'https://alpenbau.example',
      taxId: 'ATU12345678',
      defaultCurrency: 'EUR',
      ownerId: rep.id,
    });
    expect(created.statusCode, created.body).toBe(201);
    const customer = created.json().data;
    expect(customer).toMatchObject({ customerType: 'company', ownerId: rep.id, defaultCurrency: 'EUR' });
    // The account manager sees it in their own scope.
    expect((await crm.as(rep).get(`/api/v1/customers/${customer.id}`)).statusCode).toBe(200);
    const patched = await api.patch(
      `/api/v1/customers/${customer.id}`,
      { customerType: 'individual', defaultCurrency: 'CHF' },
      { 'if-match': '"1"' },
    );
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().data).toMatchObject({
      customerType: 'individual',
      defaultCurrency: 'CHF',
      version: 2,
    });
    expect((await api.delete(`/api/v1/customers/${customer.id}`)).statusCode).toBe(200);
    expect((await api.get(`/api/v1/customers/${customer.id}`)).statusCode).toBe(404);
    expect((await api.post(`/api/v1/customers/${customer.id}/restore`)).statusCode).toBe(200);
  });

  it('calls its owner the account manager, in English and German', async () => {
    const meta = (await api.get('/api/v1/meta')).json().data as Array<{
      name: string;
      fields: Array<{ name: string; label: object }>;
    }>;
    const owner = meta.find((e) => e.name === 'customer')?.fields.find((f) => f.name === 'ownerId');
    expect(owner?.label).toEqual({ en: 'Account manager', de: 'Kundenbetreuer' });
  });

  it('lists by name by default', async () => {
    for (const name of ['Zeta AG', 'Alpha AG', 'Mu AG']) await api.post('/api/v1/customers', { name });
    const names = (await api.get('/api/v1/customers?filter[name][contains]= AG'))
      .json()
      .data.map((c: { name: string }) => c.name);
    expect(names).toEqual(['Alpha AG', 'Mu AG', 'Zeta AG']);
  });

  it('answers 422 naming each invalid field', async () => {
    const missing = await api.post('/api/v1/customers', { customerType: 'company' });
    expect(missing.statusCode).toBe(422);
    expect(fieldsOf(missing)).toEqual(['name']);
    const invalid = await api.post('/api/v1/customers', {
      name: 'Broken',
      customerType: 'partnership',
      website: 'not a url',
      defaultCurrency: 'eur',
      territoryId: 'Germany',
    });
    expect(invalid.statusCode).toBe(422);
    expect(fieldsOf(invalid)).toEqual(['customerType', 'defaultCurrency', 'territoryId', 'website']);
    for (const blank of ['', '   ']) {
      const empty = await api.post('/api/v1/customers', { name: blank });
      expect(fieldsOf(empty)).toEqual(['name']);
    }
    // Filters are questions, not writes: a value the field would refuse just matches nothing.
    const lower = await api.get('/api/v1/customers?filter[defaultCurrency]=eur');
    expect(lower.statusCode).toBe(200);
  });

  it('takes ISO 4217 currency codes only', async () => {
    const unknown = await api.post('/api/v1/customers', { name: 'Currency X', defaultCurrency: 'XYZ' });
    expect(unknown.statusCode).toBe(422);
    expect((unknown.json() as Problem).errors).toEqual([
      expect.objectContaining({ field: 'defaultCurrency', code: 'currency' }),
    ]);
    const ok = await api.post('/api/v1/customers', { name: 'Currency Y', defaultCurrency: 'JPY' });
    expect(ok.statusCode).toBe(201);
    const patch = await api.patch(`/api/v1/customers/${ok.json().data.id}`, { defaultCurrency: 'ABC' });
    expect(patch.statusCode).toBe(422);
  });

  it('answers 422 at the field for links to records that do not exist', async () => {
    const response = await api.post('/api/v1/customers', {
      name: 'Lost',
      territoryId: '01890000-0000-7000-8000-000000000002',
    });
    expect(response.statusCode).toBe(422);
    expect(fieldsOf(response)).toEqual(['territoryId']);
  });

  it('is found by global search, by name ignoring case and accents, and by tax ID', async () => {
    const created = await api.post('/api/v1/customers', { name: 'Größmann Präzision', taxId: 'DE811569869' });
    const id = created.json().data.id;
    for (const q of ['größmann', 'GROSSMANN', 'Grosmann', 'prazision', 'DE8115698']) {
      const hits = (await api.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).json().data as Array<{
        entity: string;
        id: string;
      }>;
      expect(
        hits.some((h) => h.entity === 'customer' && h.id === id),
        q,
      ).toBe(true);
    }
    // The representative does not own it, so it stays out of their search.
    const repHits = (await crm.as(rep).get('/api/v1/search?q=Präzision')).json().data;
    expect(repHits.some((h: { id: string }) => h.id === id)).toBe(false);
  });
});

describe('rules of the other masters', () => {
  it('keeps names of territories, groups, industries, lead sources and campaigns unique: 409 at name', async () => {
    for (const path of ['territories', 'customer-groups', 'industries', 'lead-sources', 'campaigns']) {
      expect((await api.post(`/api/v1/${path}`, { name: 'Twice' })).statusCode).toBe(201);
      const again = await api.post(`/api/v1/${path}`, { name: 'Twice' });
      expect(again.statusCode, path).toBe(409);
      expect(fieldsOf(again)).toEqual(['name']);
    }
  });

  it('refuses a campaign that ends before it starts or has a negative budget: 422 at the field', async () => {
    const early = await api.post('/api/v1/campaigns', {
      name: 'Backwards',
      startDate: '2026-05-10',
      endDate: '2026-05-01',
      budget: '-1.00',
    });
    expect(early.statusCode).toBe(422);
    expect(fieldsOf(early)).toEqual(['budget', 'endDate']);
    const spring = await api.post('/api/v1/campaigns', {
      name: 'Spring fair',
      startDate: '2026-03-01',
      endDate: '2026-03-01',
      budget: '2500.00',
      utmCampaign: 'spring-fair-2026',
    });
    expect(spring.statusCode, spring.body).toBe(201);
    expect(spring.json().data).toMatchObject({ status: 'planned', budget: '2500.00' });
    // A patch of one date is checked against the stored other one.
    const id = spring.json().data.id;
    const patch = await api.patch(`/api/v1/campaigns/${id}`, { startDate: '2026-03-02' });
    expect(patch.statusCode).toBe(422);
    expect(fieldsOf(patch)).toEqual(['endDate']);
    expect((await api.patch(`/api/v1/campaigns/${id}`, { endDate: null })).statusCode).toBe(200);
    expect((await api.patch(`/api/v1/campaigns/${id}`, { startDate: '2026-03-02' })).statusCode).toBe(200);
  });

  it('gives a user at most one sales person: 409 at userId', async () => {
    const first = await api.post('/api/v1/sales-persons', { name: 'Rep One', userId: rep.id });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().data).toMatchObject({ enabled: true, commissionRate: null });
    const second = await api.post('/api/v1/sales-persons', { name: 'Rep Two', userId: rep.id });
    expect(second.statusCode).toBe(409);
    expect(fieldsOf(second)).toEqual(['userId']);
    const rate = await api.post('/api/v1/sales-persons', { name: 'Too much', commissionRate: 120 });
    expect(fieldsOf(rate)).toEqual(['commissionRate']);
    const fine = await api.post('/api/v1/sales-persons', { name: 'Same name', commissionRate: 2.5 });
    expect(fine.json().data.commissionRate).toBe(2.5);
    expect((await api.post('/api/v1/sales-persons', { name: 'Same name' })).statusCode).toBe(201);
  });
});
