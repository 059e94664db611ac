import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';

let crm: TestCrm;
let api: Client;
let rep: TestUser;

beforeAll(async () => {
  crm = await createTestCrm();
  api = crm.as(await crm.createUser('CRM Administrator'));
  rep = await crm.createUser('Sales Representative', 'Duplicate Rep');
});
afterAll(() => crm?.close());

interface Duplicates {
  errors: Array<{ field: string; message: string; code: string }>;
  candidates: Array<{ id: string; title: string; matches: string[] }>;
  hiddenCandidates: number;
}

const created = async (client: Client, path: string, body: Record<string, unknown>) => {
  const response = await client.post(path, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
};

describe('duplicate contacts', () => {
  it('answers 409 with the candidates when an e-mail, a phone or the name is taken, until confirmed', async () => {
    const anna = await created(api, '/api/v1/contacts', {
      firstName: 'Anna',
      lastName: 'Müller',
      emails: [{ email: 'anna.mueller@example.com' }],
      phones: [{ phone: '+49 40 3333 4444' }],
    });
    const byEmail = await api.post('/api/v1/contacts', {
      lastName: 'Someone',
      emails: [{ email: 'other@example.com' }, { email: 'ANNA.MUELLER@example.com' }],
    });
    expect(byEmail.statusCode).toBe(409);
    const problem = byEmail.json() as Duplicates;
    expect(problem).toMatchObject({
      type: 'https://open-crm.dev/problems/duplicates',
      candidates: [{ id: anna.id, title: 'Anna Müller', matches: ['email'] }],
      hiddenCandidates: 0,
      errors: [{ field: 'emails/0/email', message: 'is also on Anna Müller', code: 'duplicate' }],
    });
    const byPhone = await api.post('/api/v1/contacts', {
      lastName: 'X',
      phones: [{ phone: '+49 (40) 33334444' }],
    });
    expect((byPhone.json() as Duplicates).candidates).toEqual([
      { id: anna.id, title: 'Anna Müller', matches: ['phone'] },
    ]);
    const byName = await api.post('/api/v1/contacts', { firstName: 'ANNA', lastName: 'muller' });
    expect(byName.statusCode).toBe(409);
    expect((byName.json() as Duplicates).candidates).toEqual([
      { id: anna.id, title: 'Anna Müller', matches: ['name'] },
    ]);
    const confirmed = await api.post('/api/v1/contacts?duplicates=allow', {
      firstName: 'Anna',
      lastName: 'Müller',
    });
    expect(confirmed.statusCode).toBe(201);
    // Changing something else of a confirmed duplicate asks nothing; taking another's e-mail does.
    const twin = confirmed.json().data;
    expect((await api.patch(`/api/v1/contacts/${twin.id}`, { jobTitle: 'Twin' })).statusCode).toBe(200);
    const taking = await api.patch(`/api/v1/contacts/${twin.id}`, {
      emails: [{ email: 'anna.mueller@example.com' }],
    });
    expect(taking.statusCode).toBe(409);
    const allowed = await api.patch(`/api/v1/contacts/${twin.id}?duplicates=allow`, {
      emails: [{ email: 'anna.mueller@example.com' }],
    });
    expect(allowed.statusCode).toBe(200);
    const bad = await api.post('/api/v1/contacts?duplicates=maybe', { lastName: 'Q' });
    expect(bad.statusCode).toBe(400);
  });

  it('ignores records in the trash', async () => {
    const gone = await created(api, '/api/v1/contacts', {
      lastName: 'Trashed',
      emails: [{ email: 't@example.com' }],
    });
    await api.delete(`/api/v1/contacts/${gone.id}`);
    await created(api, '/api/v1/contacts', { lastName: 'Fresh', emails: [{ email: 't@example.com' }] });
  });

  it('tells a representative about duplicates they cannot see without naming them', async () => {
    await created(api, '/api/v1/contacts', { lastName: 'Hidden', emails: [{ email: 'hidden@example.com' }] });
    const response = await crm.as(rep).post('/api/v1/contacts', {
      lastName: 'Mine',
      emails: [{ email: 'hidden@example.com' }],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      candidates: [],
      hiddenCandidates: 1,
      errors: [{ field: 'emails/0/email', message: 'is also on a record you cannot see' }],
    });
    expect(JSON.stringify(response.json())).not.toContain('Hidden');
  });

  it('checks bulk items against the records and each other, naming the item; confirmed for all at once', async () => {
    const items = [
      { lastName: 'Bulk One', emails: [{ email: 'bulk@example.com' }] },
      { lastName: 'Bulk Two', emails: [{ email: 'BULK@example.com' }] },
    ];
    const refused = await api.post('/api/v1/contacts/bulk', { items });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'items/1/emails/0/email' })]);
    expect((await api.get('/api/v1/contacts?filter[lastName]=Bulk One')).json().data).toEqual([]);
    const confirmed = await api.post('/api/v1/contacts/bulk?duplicates=allow', { items });
    expect(confirmed.statusCode).toBe(200);
  });

  it('lists groups of duplicates across keys, within what the reader may see', async () => {
    const sales = crm.as(rep);
    const a = await created(sales, '/api/v1/contacts', {
      lastName: 'Group A',
      emails: [{ email: 'ga@example.com' }],
    });
    const b = await created(sales, '/api/v1/contacts?duplicates=allow', {
      lastName: 'Group B',
      emails: [{ email: 'ga@example.com' }],
      phones: [{ phone: '+33 1 42 68 53 00' }],
    });
    const c = await created(sales, '/api/v1/contacts?duplicates=allow', {
      lastName: 'Group C',
      phones: [{ phone: '+33142685300' }],
    });
    const groups = (await sales.get('/api/v1/contacts/duplicates')).json();
    expect(groups.truncated).toBe(false);
    expect(groups.data).toEqual([
      {
        records: [a, b, c]
          .map((r) => ({ id: r.id, title: r.fullName }))
          .sort((x, y) => x.id.localeCompare(y.id)),
        matches: [
          { key: 'email', value: 'ga@example.com' },
          { key: 'phone', value: '+33142685300' },
        ],
      },
    ]);
    // The administrator sees every group, the representative's among them.
    const all = (await api.get('/api/v1/contacts/duplicates?limit=200')).json().data;
    expect(all.length).toBeGreaterThan(1);
    expect((await api.get('/api/v1/contacts/duplicates?limit=0')).statusCode).toBe(400);
  });
});

describe('duplicate customers', () => {
  it('are found by name regardless of case and accents, and by tax ID', async () => {
    const first = await created(api, '/api/v1/customers', { name: 'Société Générale', taxId: 'FR123' });
    const byName = await api.post('/api/v1/customers', { name: 'societe generale' });
    expect(byName.statusCode).toBe(409);
    expect(byName.json().candidates).toEqual([
      { id: first.id, title: 'Société Générale', matches: ['name'] },
    ]);
    const byTaxId = await api.post('/api/v1/customers', { name: 'SG Paris', taxId: 'fr123' });
    expect(byTaxId.json().candidates).toEqual([
      { id: first.id, title: 'Société Générale', matches: ['taxId'] },
    ]);
    const second = await created(api, '/api/v1/customers?duplicates=allow', { name: 'SOCIETE GENERALE' });
    const groups = (await api.get('/api/v1/customers/duplicates')).json().data;
    expect(groups).toContainEqual({
      records: [first, second].map((r) => ({ id: r.id, title: r.name })),
      matches: [{ key: 'name', value: 'societe generale' }],
    });
  });
});
