import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';

let crm: TestCrm;
let api: Client;
let rep: TestUser;
let marketing: TestUser;

beforeAll(async () => {
  crm = await createTestCrm();
  api = crm.as(await crm.createUser('CRM Administrator'));
  rep = await crm.createUser('Sales Representative', 'Merge Rep');
  marketing = await crm.createUser('Marketing User', 'Merge Marketing');
});
afterAll(() => crm?.close());

type Row = Record<string, unknown> & { id: string; version: number };

async function post(path: string, body: Record<string, unknown>, client = api): Promise<Row> {
  const response = await client.post(path, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}
const get = async (path: string, client = api): Promise<Row> => (await client.get(path)).json().data;
const contact = (body: Record<string, unknown>, client = api) =>
  post('/api/v1/contacts?duplicates=allow', body, client);

describe('merging contacts', () => {
  it('keeps every link, tag, e-mail and phone on the survivor; restoring a merged one undoes its part', async () => {
    const [vip, fair] = [
      await post('/api/v1/tags', { name: 'VIP' }),
      await post('/api/v1/tags', { name: 'Trade fair' }),
    ];
    const acme = await post('/api/v1/customers', { name: 'Acme' });
    const globex = await post('/api/v1/customers', { name: 'Globex' });
    const survivor = await contact({
      firstName: 'Max',
      lastName: 'Mustermann',
      emails: [{ email: 'max@acme.example' }],
      links: [{ entity: 'customer', id: acme.id, role: 'Buyer' }],
      tagIds: [vip.id],
    });
    const merged = await contact({
      firstName: 'Max',
      lastName: 'Mustermann',
      jobTitle: 'CTO',
      emails: [{ email: 'max@globex.example' }, { email: 'MAX@acme.example' }],
      phones: [{ phone: '+49 89 1111 2222', kind: 'mobile' }],
      links: [
        { entity: 'customer', id: globex.id, role: 'Consultant' },
        { entity: 'customer', id: acme.id, role: 'Engineer' },
      ],
      tagIds: [fair.id, vip.id],
    });
    // Records that point at the merged contact: a typed link on a customer, a link list on an address.
    await api.patch(`/api/v1/customers/${globex.id}`, { primaryContactId: merged.id });
    const address = await post('/api/v1/addresses', {
      line1: 'Leopoldstraße 1',
      city: 'München',
      postalCode: '80802',
      country: 'DE',
      links: [{ entity: 'contact', id: merged.id, role: 'home' }],
    });

    const response = await api.post('/api/v1/contacts/merge', {
      survivorId: survivor.id,
      mergedIds: [merged.id],
      version: survivor.version,
    });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json().data;
    expect(result).toMatchObject({ mergedIds: [merged.id], relinked: 2 });
    expect(result.survivor).toMatchObject({
      jobTitle: 'CTO',
      emails: [
        { email: 'max@acme.example', primary: true },
        { email: 'max@globex.example', primary: false },
      ],
      phones: [{ phone: '+498911112222', kind: 'mobile', primary: true }],
      primaryPhone: '+498911112222',
      links: [
        { entity: 'customer', id: acme.id, role: 'Buyer' },
        { entity: 'customer', id: globex.id, role: 'Consultant' },
      ],
      tagIds: [vip.id, fair.id],
    });
    expect((await api.get(`/api/v1/contacts/${merged.id}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/customers/${globex.id}`)).primaryContactId).toBe(survivor.id);
    expect((await get(`/api/v1/addresses/${address.id}`)).links).toEqual([
      { entity: 'contact', id: survivor.id, role: 'home' },
    ]);
    const contactsOfGlobex = (await api.get(`/api/v1/customers/${globex.id}/contacts`)).json().data;
    expect(contactsOfGlobex.map((c: Row) => c.id)).toEqual([survivor.id]);
    const history = (await api.get(`/api/v1/contacts/${survivor.id}/history`)).json().data;
    expect(history.map((h: { action: string }) => h.action)).toContain('merge');
    const mergedHistory = (await api.get(`/api/v1/contacts/${merged.id}/history`)).json().data;
    expect(
      mergedHistory.map((h: { action: string; changes: object }) => [h.action, h.changes]),
    ).toContainEqual(['merge', { mergedInto: { from: null, to: survivor.id } }]);

    // Undo: the merged contact comes back with its links, and the survivor gives back what it took.
    const restored = await api.post(`/api/v1/contacts/${merged.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect((await get(`/api/v1/customers/${globex.id}`)).primaryContactId).toBe(merged.id);
    expect((await get(`/api/v1/addresses/${address.id}`)).links).toEqual([
      { entity: 'contact', id: merged.id, role: 'home' },
    ]);
    expect(await get(`/api/v1/contacts/${survivor.id}`)).toMatchObject({
      jobTitle: null,
      emails: [{ email: 'max@acme.example', primary: true }],
      phones: [],
      primaryPhone: null,
      links: [{ entity: 'customer', id: acme.id, role: 'Buyer' }],
      tagIds: [vip.id],
    });
    expect(await get(`/api/v1/contacts/${merged.id}`)).toMatchObject({
      jobTitle: 'CTO',
      tagIds: [fair.id, vip.id],
    });
  });

  it('merges several at once, and undoes each on its own, keeping changes made since', async () => {
    const customer = await post('/api/v1/customers', { name: 'Initech' });
    const survivor = await contact({ lastName: 'Lumbergh' });
    const one = await contact({ lastName: 'Lumbergh', links: [{ entity: 'customer', id: customer.id }] });
    const two = await contact({ lastName: 'Lumbergh', jobTitle: 'VP' });
    await api.patch(`/api/v1/customers/${customer.id}`, { primaryContactId: two.id });
    const merged = await api.post('/api/v1/contacts/merge', {
      survivorId: survivor.id,
      mergedIds: [one.id, two.id],
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().data.survivor).toMatchObject({
      jobTitle: 'VP',
      links: [{ entity: 'customer', id: customer.id, role: null }],
    });
    // Someone changes the job title after the merge: undoing keeps their change.
    await api.patch(`/api/v1/contacts/${survivor.id}`, { jobTitle: 'Director' });
    await api.post(`/api/v1/contacts/${two.id}/restore`);
    expect((await get(`/api/v1/contacts/${survivor.id}`)).jobTitle).toBe('Director');
    expect((await get(`/api/v1/customers/${customer.id}`)).primaryContactId).toBe(two.id);
    await api.post(`/api/v1/contacts/${one.id}/restore`);
    expect((await get(`/api/v1/contacts/${survivor.id}`)).links).toEqual([]);
    // Restored once, undone once: trashing and restoring again changes nothing more.
    await api.delete(`/api/v1/contacts/${one.id}`);
    expect((await api.post(`/api/v1/contacts/${one.id}/restore`)).statusCode).toBe(200);
  });

  it('refuses bad requests with field-level problems', async () => {
    const a = await contact({ lastName: 'Refusal A' });
    const b = await contact({ lastName: 'Refusal B' });
    const self = await api.post('/api/v1/contacts/merge', { survivorId: a.id, mergedIds: [a.id] });
    expect(self.statusCode).toBe(422);
    expect(self.json().errors).toEqual([expect.objectContaining({ field: 'mergedIds', code: 'survivor' })]);
    const twice = await api.post('/api/v1/contacts/merge', { survivorId: a.id, mergedIds: [b.id, b.id] });
    expect(twice.json().errors).toEqual([expect.objectContaining({ field: 'mergedIds', code: 'duplicate' })]);
    const empty = await api.post('/api/v1/contacts/merge', { survivorId: a.id, mergedIds: [] });
    expect(empty.statusCode).toBe(422);
    const notUuid = await api.post('/api/v1/contacts/merge', { survivorId: 'x', mergedIds: [b.id] });
    expect(notUuid.statusCode).toBe(422);
    const stale = await api.post('/api/v1/contacts/merge', {
      survivorId: a.id,
      mergedIds: [b.id],
      version: 9,
    });
    expect(stale.statusCode).toBe(412);
    const missing = '01890000-0000-7000-8000-00000000000f';
    expect(
      (await api.post('/api/v1/contacts/merge', { survivorId: a.id, mergedIds: [missing] })).statusCode,
    ).toBe(404);
    // Nothing happened.
    expect((await api.get(`/api/v1/contacts/${b.id}`)).statusCode).toBe(200);
  });

  it('lets a representative merge only records they may change and delete', async () => {
    const sales = crm.as(rep);
    const mine = await contact({ lastName: 'Rep Own' }, sales);
    const alsoMine = await contact({ lastName: 'Rep Own' }, sales);
    const foreign = await contact({ lastName: 'Rep Own' });
    const notMine = await sales.post('/api/v1/contacts/merge', {
      survivorId: mine.id,
      mergedIds: [foreign.id],
    });
    expect(notMine.statusCode).toBe(404);
    const intoForeign = await sales.post('/api/v1/contacts/merge', {
      survivorId: foreign.id,
      mergedIds: [mine.id],
    });
    expect(intoForeign.statusCode).toBe(404);
    // Marketing reads every contact but changes none.
    const readOnly = await crm.as(marketing).post('/api/v1/contacts/merge', {
      survivorId: mine.id,
      mergedIds: [alsoMine.id],
    });
    expect(readOnly.statusCode).toBe(403);
    const ok = await sales.post('/api/v1/contacts/merge', { survivorId: mine.id, mergedIds: [alsoMine.id] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await sales.get('/api/v1/contacts/duplicates')).json().data).toEqual([]);
  });
});

describe('merging customers', () => {
  it('moves the contacts, addresses and converted prospects of the merged customers', async () => {
    const survivor = await post('/api/v1/customers', { name: 'Umbrella Corp' });
    const merged = await post('/api/v1/customers?duplicates=allow', {
      name: 'UMBRELLA CORP',
      website: 'https://u.example',
    });
    const person = await contact({
      lastName: 'Wesker',
      links: [{ entity: 'customer', id: merged.id, role: 'CEO' }],
    });
    const response = await api.post('/api/v1/customers/merge', {
      survivorId: survivor.id,
      mergedIds: [merged.id],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data.survivor.website).toBe('https://u.example');
    expect((await get(`/api/v1/contacts/${person.id}`)).links).toEqual([
      { entity: 'customer', id: survivor.id, role: 'CEO' },
    ]);
    expect((await api.get('/api/v1/customers/duplicates')).json().data).toEqual([]);
    await api.post(`/api/v1/customers/${merged.id}/restore`);
    expect((await get(`/api/v1/contacts/${person.id}`)).links).toEqual([
      { entity: 'customer', id: merged.id, role: 'CEO' },
    ]);
    expect((await get(`/api/v1/customers/${survivor.id}`)).website).toBeNull();
  });
});

describe('merging records with custom fields', () => {
  const define = async (body: Record<string, unknown>) => {
    const response = await api.post('/api/v1/custom-fields', {
      entity: 'contact',
      labelEn: String(body.name),
      labelDe: String(body.name),
      ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
  };

  it('gives a unique value back when the merged record is restored', async () => {
    await define({ name: 'badge', type: 'text', unique: true });
    const survivor = await contact({ lastName: 'Badgeless' });
    const merged = await contact({ lastName: 'Badgeless', badge: 'B-7' });
    const response = await api.post('/api/v1/contacts/merge', {
      survivorId: survivor.id,
      mergedIds: [merged.id],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data.survivor.badge).toBe('B-7');
    const restored = await api.post(`/api/v1/contacts/${merged.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().data.badge).toBe('B-7');
    expect((await get(`/api/v1/contacts/${survivor.id}`)).badge).toBeNull();
  });

  it('leaves the survivor naming neither itself nor a merged record, and puts its links back on undo', async () => {
    await define({ name: 'assistant', type: 'link', target: 'contact' });
    await define({ name: 'colleagues', type: 'multilink', target: 'contact' });
    const other = await contact({ lastName: 'Colleague' });
    const survivor = await contact({ lastName: 'Selfish', colleagues: [other.id] });
    const merged = await contact({ lastName: 'Selfish', assistant: survivor.id });
    await api.patch(`/api/v1/contacts/${merged.id}`, { colleagues: [survivor.id, other.id] });
    await api.patch(`/api/v1/contacts/${survivor.id}`, { assistant: merged.id });
    await api.patch(`/api/v1/contacts/${other.id}`, { assistant: merged.id });
    const response = await api.post('/api/v1/contacts/merge', {
      survivorId: survivor.id,
      mergedIds: [merged.id],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data.survivor).toMatchObject({ assistant: null, colleagues: [other.id] });
    expect((await get(`/api/v1/contacts/${other.id}`)).assistant).toBe(survivor.id);

    expect((await api.post(`/api/v1/contacts/${merged.id}/restore`)).statusCode).toBe(200);
    expect(await get(`/api/v1/contacts/${survivor.id}`)).toMatchObject({
      assistant: merged.id,
      colleagues: [other.id],
    });
    expect((await get(`/api/v1/contacts/${other.id}`)).assistant).toBe(merged.id);
    expect(await get(`/api/v1/contacts/${merged.id}`)).toMatchObject({
      assistant: survivor.id,
      colleagues: [survivor.id, other.id],
    });
  });
});
