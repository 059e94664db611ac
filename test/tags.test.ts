import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRoles } from '../src/modules/users/seed-roles.js';
import { type Client, type TestCrm, type TestUser, createTestCrm } from './harness.js';

let crm: TestCrm;
let admin: Client;
let rep: TestUser;

beforeAll(async () => {
  crm = await createTestCrm();
  admin = crm.as(await crm.createUser('CRM Administrator'));
  rep = await crm.createUser('Sales Representative', 'Tag Rep');
});
afterAll(() => crm?.close());

const tag = async (name: string, colour = 'blue') => {
  const response = await admin.post('/api/v1/tags', { name, colour });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data.id as string;
};
const customer = async (name: string, tagIds?: string[]) => {
  const response = await admin.post('/api/v1/customers', { name, ...(tagIds ? { tagIds } : {}) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data as { id: string; tagIds: string[]; version: number };
};
const namesOf = async (query: string) =>
  (await admin.get(`/api/v1/customers?${query}&sort=name`)).json().data.map((c: { name: string }) => c.name);

describe('tags', () => {
  it('are one list with case- and accent-blind unique names and a colour from the palette', async () => {
    const id = await tag('Messe 2026');
    expect((await admin.get(`/api/v1/tags/${id}`)).json().data).toMatchObject({ colour: 'blue' });
    const again = await admin.post('/api/v1/tags', { name: 'MESSE 2026' });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0]).toMatchObject({ field: 'name', code: 'unique' });
    expect((await admin.post('/api/v1/tags', { name: 'Méssé 2026' })).statusCode).toBe(409);
    const badColour = await admin.post('/api/v1/tags', { name: 'Odd', colour: '#ff0000' });
    expect(badColour.statusCode).toBe(422);
    expect(badColour.json().errors[0].field).toBe('colour');
    expect((await admin.post('/api/v1/tags', { name: 'Grey default' })).json().data.colour).toBe('gray');
  });

  it('go on any record, are checked, filtered by any or all, and null means none', async () => {
    const vip = await tag('VIP', 'red');
    const hot = await tag('Hot', 'orange');
    const both = await customer('Tagged Both', [vip, hot]);
    expect(both.tagIds).toEqual([vip, hot]);
    await customer('Tagged VIP', [vip]);
    const plain = await customer('Tagged None');
    expect(plain.tagIds).toEqual([]);

    expect(await namesOf(`filter[tagIds][in]=${vip},${hot}`)).toEqual(['Tagged Both', 'Tagged VIP']);
    expect(await namesOf(`filter[tagIds][contains]=${hot}`)).toEqual(['Tagged Both']);
    expect(await namesOf('filter[tagIds][isNull]=true&filter[name][startsWith]=Tagged')).toEqual([
      'Tagged None',
    ]);

    const unknown = await admin.post('/api/v1/customers', {
      name: 'Ghost tags',
      tagIds: ['018f0000-0000-7000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'tagIds', code: 'link' });

    const cleared = await admin.patch(`/api/v1/customers/${both.id}`, {
      tagIds: null,
      version: both.version,
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().data.tagIds).toEqual([]);
    const history = (await admin.get(`/api/v1/customers/${both.id}/history`)).json().data;
    expect(JSON.stringify(history)).toContain('tagIds');
  });

  it('stay on their records while trashed, and cannot be newly added then', async () => {
    const old = await tag('Old campaign');
    const record = await customer('Keeps old tag', [old]);
    expect((await admin.delete(`/api/v1/tags/${old}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/customers/${record.id}`)).json().data.tagIds).toEqual([old]);
    const added = await admin.post('/api/v1/customers', { name: 'New with old tag', tagIds: [old] });
    expect(added.statusCode).toBe(422);
    // Edits keep it: the record may be saved with its trashed tag and a live one added beside it.
    const live = await tag('Current campaign');
    const edited = await admin.patch(`/api/v1/customers/${record.id}`, { tagIds: [old, live] });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().data.tagIds).toEqual([old, live]);
    const other = await customer('Gets old tag later');
    const newly = await admin.patch(`/api/v1/customers/${other.id}`, { tagIds: [live, old] });
    expect(newly.statusCode).toBe(422);
    expect(newly.json().errors[0]).toMatchObject({ field: 'tagIds', code: 'link', message: new RegExp(old) });
    expect((await admin.post(`/api/v1/tags/${old}/restore`)).statusCode).toBe(200);
    expect(
      (await admin.post('/api/v1/customers', { name: 'New with old tag', tagIds: [old] })).statusCode,
    ).toBe(201);
  });

  it('in the trash, move with a merged contact to the survivor and back on undo', async () => {
    const old = await tag('Merge old');
    const mine = await tag('Merge mine');
    const contact = async (body: Record<string, unknown>) => {
      const response = await admin.post('/api/v1/contacts?duplicates=allow', body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json().data as { id: string; tagIds: string[] };
    };
    const survivor = await contact({ lastName: 'Tagmerge', tagIds: [mine] });
    const merged = await contact({ lastName: 'Tagmerge', tagIds: [old] });
    expect((await admin.delete(`/api/v1/tags/${old}`)).statusCode).toBe(200);
    const response = await admin.post('/api/v1/contacts/merge', {
      survivorId: survivor.id,
      mergedIds: [merged.id],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data.survivor.tagIds).toEqual([mine, old]);
    // The survivor's own tag going to the trash too must not block giving back what the merge brought.
    expect((await admin.delete(`/api/v1/tags/${mine}`)).statusCode).toBe(200);
    const undone = await admin.post(`/api/v1/contacts/${merged.id}/restore`);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json().data.tagIds).toEqual([old]);
    expect((await admin.get(`/api/v1/contacts/${survivor.id}`)).json().data.tagIds).toEqual([mine]);
  });

  it('may be created by every role but changed only by managers and administrators', async () => {
    const api = crm.as(rep);
    const made = await api.post('/api/v1/tags', { name: 'Rep idea', colour: 'green' });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().data.id;
    expect((await api.get('/api/v1/tags?filter[name][eq]=VIP')).json().data).toHaveLength(1);
    expect((await api.patch(`/api/v1/tags/${id}`, { name: 'Renamed', version: 1 })).statusCode).toBe(403);
    expect((await api.delete(`/api/v1/tags/${id}`)).statusCode).toBe(403);
    const manager = crm.as(await crm.createUser('Sales Manager'));
    expect((await manager.patch(`/api/v1/tags/${id}`, { name: 'Renamed', version: 1 })).statusCode).toBe(200);
  });

  it('are no hits of the global search, which is for the records they label', async () => {
    await tag('Searchable Zebra');
    await customer('Zebra Stripes Ltd');
    const hits = (await admin.get('/api/v1/search?q=zebra')).json().data as Array<{ entity: string }>;
    expect(hits.map((hit) => hit.entity)).toEqual(['customer']);
  });

  it('are described in meta on every tagged entity', async () => {
    const entities = (await admin.get('/api/v1/meta')).json().data as Array<{
      name: string;
      fields: Array<{ name: string; target?: string }>;
    }>;
    const fieldsOf = (name: string) => entities.find((e) => e.name === name)?.fields.map((f) => f.name) ?? [];
    expect(fieldsOf('customer')).toContain('tagIds');
    expect(fieldsOf('territory')).toContain('tagIds');
    expect(fieldsOf('tag')).not.toContain('tagIds');
    expect(fieldsOf('role')).not.toContain('tagIds');
  });
});

describe('built-in roles in an existing installation', () => {
  const repPermissions = async () =>
    (
      await sql<{
        permissions: Record<string, unknown>;
      }>`SELECT permissions FROM roles WHERE name = 'Sales Representative'`.execute(crm.database.db)
    ).rows[0]?.permissions ?? {};

  it('receive entries added since they were seeded, once, keeping the administrator’s edits', async () => {
    const db = crm.database.db;
    // An installation from before tags: the role lacks the entry and was never offered it.
    await sql`UPDATE roles SET permissions = (permissions - 'tag') || '{"customer": {"read": "all"}}'
      WHERE name = 'Sales Representative'`.execute(db);
    await sql`DELETE FROM built_in_grant_offers WHERE role_name = 'Sales Representative' AND entry = 'tag'`.execute(
      db,
    );
    await seedRoles(db);
    const upgraded = await repPermissions();
    expect(upgraded.tag).toEqual({ read: 'all', create: 'all' });
    expect(upgraded.customer).toEqual({ read: 'all' });

    // The administrator removes the entry again: the next start-up leaves it removed.
    await sql`UPDATE roles SET permissions = permissions - 'tag' WHERE name = 'Sales Representative'`.execute(
      db,
    );
    await seedRoles(db);
    expect((await repPermissions()).tag).toBeUndefined();
  });

  it('are seeded once: a renamed or deleted built-in role is not brought back', async () => {
    const db = crm.database.db;
    const live = async (name: string) =>
      Number(
        (
          await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM roles WHERE name = ${name} AND deleted_at IS NULL`.execute(db)
        ).rows[0]?.n,
      );
    await sql`UPDATE roles SET name = 'Marketing' WHERE name = 'Marketing User'`.execute(db);
    await seedRoles(db);
    expect(await live('Marketing User')).toBe(0);
    await sql`UPDATE roles SET deleted_at = now() WHERE name = 'Marketing'`.execute(db);
    await seedRoles(db);
    expect(await live('Marketing User')).toBe(0);
  });
});
