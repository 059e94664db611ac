import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';

let crm: TestCrm;
let admin: TestUser;
let rep: TestUser;
let colleague: TestUser;
let marketing: TestUser;
const BASE = '/api/v1/saved-views';

beforeAll(async () => {
  crm = await createTestCrm();
  admin = await crm.createUser('CRM Administrator');
  rep = await crm.createUser('Sales Representative');
  colleague = await crm.createUser('Sales Manager');
  marketing = await crm.createUser('Marketing User');
});
afterAll(() => crm?.close());

const view = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  entity: 'customer',
  query: { filters: [{ field: 'name', operator: 'contains', value: 'GmbH' }], sort: '-updatedAt,name' },
  columns: ['name', 'ownerId'],
  ...extra,
});
const names = async (api: Client, query = '?entity=customer') =>
  ((await api.get(`${BASE}${query}`)).json().data as Array<{ name: string }>).map((v) => v.name);

describe('saved views', () => {
  it('are saved by any role, owned by their author and private until shared', async () => {
    const created = await crm.as(rep).post(BASE, view('Rep: German companies'));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.location).toBe(`${BASE}/${created.json().data.id}`);
    expect(created.json().data).toMatchObject({
      name: 'Rep: German companies',
      entity: 'customer',
      ownerId: rep.id,
      shared: false,
      columns: ['name', 'ownerId'],
      query: { filters: [{ field: 'name', operator: 'contains', value: 'GmbH' }], sort: '-updatedAt,name' },
    });
    const id = created.json().data.id as string;
    expect(await names(crm.as(rep))).toContain('Rep: German companies');
    expect(await names(crm.as(colleague))).not.toContain('Rep: German companies');
    expect((await crm.as(colleague).get(`${BASE}/${id}`)).statusCode).toBe(404);
    expect((await crm.as(colleague).patch(`${BASE}/${id}`, { name: 'Mine now' })).statusCode).toBe(404);
    expect((await crm.as(colleague).delete(`${BASE}/${id}`)).statusCode).toBe(404);
    const marketingView = await crm.as(marketing).post(BASE, view('Campaign list', { entity: 'campaign' }));
    expect(marketingView.statusCode, marketingView.body).toBe(201);
    // Their own views stay theirs to see whatever their role reads; shared ones of readable lists reach them.
    await crm.as(rep).post(BASE, view('Rep: contacts', { entity: 'contact', shared: true }));
    expect(await names(crm.as(marketing), '?entity=contact')).toEqual(['Rep: contacts']);
    expect(await names(crm.as(marketing), '?entity=campaign')).toEqual(['Campaign list']);
  });

  it('once shared, everybody who may read the list sees and applies them; only the owner or an administrator changes them', async () => {
    const created = await crm.as(rep).post(BASE, view('Rep: shared', { shared: true }));
    const id = created.json().data.id as string;
    for (const user of [colleague, admin]) {
      expect(await names(crm.as(user)), user.email).toContain('Rep: shared');
      expect((await crm.as(user).get(`${BASE}/${id}`)).statusCode, user.email).toBe(200);
    }
    // Marketing may not read customers: a shared customer list is not theirs to see, by list or by id.
    expect(await names(crm.as(marketing))).not.toContain('Rep: shared');
    expect(await names(crm.as(marketing), '')).not.toContain('Rep: shared');
    expect((await crm.as(marketing).get(`${BASE}/${id}`)).statusCode).toBe(404);
    expect((await crm.as(marketing).delete(`${BASE}/${id}`)).statusCode).toBe(404);
    const refused = await crm.as(colleague).patch(`${BASE}/${id}`, { name: 'Taken over' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toBe('Only the owner of a saved view may change it.');
    expect((await crm.as(colleague).delete(`${BASE}/${id}`)).statusCode).toBe(403);

    const renamed = await crm
      .as(rep)
      .patch(`${BASE}/${id}`, { name: 'Rep: shared (v2)' }, { 'if-match': '"1"' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().data).toMatchObject({ name: 'Rep: shared (v2)', version: 2 });
    expect(
      (await crm.as(rep).patch(`${BASE}/${id}`, { shared: false }, { 'if-match': '"1"' })).statusCode,
    ).toBe(412);
    const byAdmin = await crm.as(admin).patch(`${BASE}/${id}`, { shared: false });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect(await names(crm.as(colleague))).not.toContain('Rep: shared (v2)');

    expect((await crm.as(rep).delete(`${BASE}/${id}`)).statusCode).toBe(200);
    expect(await names(crm.as(rep))).not.toContain('Rep: shared (v2)');
    expect((await crm.as(rep).get(`${BASE}/${id}`)).statusCode).toBe(404);
  });

  it('list one entity’s views, own ones first', async () => {
    const api = crm.as(colleague);
    await crm.as(rep).post(BASE, view('A shared by rep', { shared: true }));
    await api.post(BASE, view('Z mine'));
    await api.post(BASE, view('Users of mine', { entity: 'user' }));
    const customers = await names(api);
    expect(customers.indexOf('Z mine')).toBeLessThan(customers.indexOf('A shared by rep'));
    expect(customers).not.toContain('Users of mine');
    expect(await names(api, '?entity=user')).toEqual(['Users of mine']);
    expect(await names(api, '')).toEqual(expect.arrayContaining(['Z mine', 'Users of mine']));
    expect((await api.get(`${BASE}?entity=no%20such`)).statusCode).toBe(400);
    expect((await api.get(`${BASE}?other=1`)).statusCode).toBe(400);
  });

  it('refuses what could never be applied, naming the field', async () => {
    const api = crm.as(rep);
    const cases: Array<[Record<string, unknown>, string]> = [
      [view('Unknown list', { entity: 'spaceship' }), 'entity'],
      [view('   '), 'name'],
      [view('Bad query', { query: { filters: [{ field: 'name' }] } }), 'query/filters/0/operator'],
      [view('Bad columns', { columns: 'name' }), 'columns'],
    ];
    for (const [body, field] of cases) {
      const response = await api.post(BASE, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const id = (await api.post(BASE, view('Fixed list'))).json().data.id as string;
    const moved = await api.patch(`${BASE}/${id}`, { entity: 'user' });
    expect(moved.statusCode).toBe(422);
    expect(moved.json().errors[0]).toMatchObject({ field: 'entity', code: 'createOnly' });
  });

  it('may not be given to someone else', async () => {
    const response = await crm.as(rep).post(BASE, view('For a colleague', { ownerId: colleague.id }));
    expect(response.statusCode).toBe(403);
  });
});
