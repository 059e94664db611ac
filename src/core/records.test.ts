import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCrm, type TestUser, createTestCrm } from '../../test/harness.js';

let crm: TestCrm;
let admin: TestUser;
let roleId: string;

beforeAll(async () => {
  crm = await createTestCrm();
  admin = await crm.createUser('CRM Administrator', 'Ada Admin');
  const roles = await crm.as(admin).get('/api/v1/roles?filter[name]=Sales%20Representative');
  roleId = roles.json().data[0].id;
});
afterAll(() => crm?.close());

const auditRows = async () =>
  Number(
    (
      await crm.database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const newUser = (email: string, extra: Record<string, unknown> = {}) => ({
  email,
  fullName: email.split('@')[0],
  roleId,
  ...extra,
});

describe('record API', () => {
  it('creates, reads, patches with versions, trashes and restores, with an audit of each step', async () => {
    const api = crm.as(admin);
    const created = await api.post(
      '/api/v1/users',
      newUser('Carla@Example.com', { password: 'long enough pw' }),
    );
    expect(created.statusCode).toBe(201);
    const user = created.json().data;
    expect(user).toMatchObject({ email: 'carla@example.com', version: 1, language: 'en', enabled: true });
    expect(user).not.toHaveProperty('password');
    expect(created.headers.location).toBe(`/api/v1/users/${user.id}`);
    expect(created.headers.etag).toBe('"1"');

    const patched = await api.patch(
      `/api/v1/users/${user.id}`,
      { fullName: 'Carla C.' },
      { 'if-match': '"1"' },
    );
    expect(patched.statusCode).toBe(200);
    expect(patched.json().data).toMatchObject({ fullName: 'Carla C.', version: 2 });

    const stale = await api.patch(
      `/api/v1/users/${user.id}`,
      { fullName: 'Lost update' },
      { 'if-match': '"1"' },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ status: 412, currentVersion: 2 });
    const staleBody = await api.patch(`/api/v1/users/${user.id}`, { fullName: 'Lost update', version: 1 });
    expect(staleBody.statusCode).toBe(412);

    expect((await api.delete(`/api/v1/users/${user.id}`)).json().data.deletedAt).not.toBeNull();
    expect((await api.get(`/api/v1/users/${user.id}`)).statusCode).toBe(404);
    const trash = await api.get('/api/v1/users?trash=true');
    expect(trash.json().data.map((u: { id: string }) => u.id)).toContain(user.id);
    expect((await api.post(`/api/v1/users/${user.id}/restore`)).json().data.deletedAt).toBeNull();

    const history = (await api.get(`/api/v1/users/${user.id}/history`)).json().data;
    expect(history.map((h: { action: string }) => h.action)).toEqual([
      'restore',
      'delete',
      'update',
      'create',
    ]);
    expect(history[2].changes).toEqual({ fullName: { from: 'Carla', to: 'Carla C.' } });
    expect(history[3].changes.password).toEqual({ from: '[hidden]', to: '[changed]' });
    expect(history[0].actorId).toBe(admin.id);
  });

  it('names the field of every invalid input, and never answers 500', async () => {
    const api = crm.as(admin);
    const bad = await api.post('/api/v1/users', {
      email: 'not-an-email',
      fullName: 'x'.repeat(201),
      roleId: 'nope',
      color: 'red',
      version: 3,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const fields = bad
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['color', 'email', 'fullName', 'roleId', 'version']);

    const missing = await api.post('/api/v1/users', {});
    expect(
      missing
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['email', 'fullName', 'roleId']);

    const unknownRole = await api.post(
      '/api/v1/users',
      newUser('dan@example.com', { roleId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(unknownRole.statusCode).toBe(422);
    expect(unknownRole.json().errors[0]).toMatchObject({ field: 'roleId', code: 'link' });

    await api.post('/api/v1/users', newUser('dup@example.com'));
    const duplicate = await api.post('/api/v1/users', newUser('DUP@example.com'));
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors[0]).toMatchObject({ field: 'email', code: 'unique' });

    const malformed = await crm.server.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: `Bearer ${admin.key}`, 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().type).toContain('malformed-json');

    const huge = await crm.server.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: `Bearer ${admin.key}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.de', fullName: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toContain('application/problem+json');

    expect((await api.get('/api/v1/users/not-a-uuid')).statusCode).toBe(400);
    expect((await api.get('/api/v1/users?cursor=%%%')).statusCode).toBe(400);
    expect((await api.get('/api/v1/users?filter[nope]=1')).json().errors[0].field).toBe('filter[nope]');
    expect((await api.get('/api/v1/users?filter[email][near]=1')).json().errors[0].code).toBe(
      'unknownOperator',
    );
    expect((await api.get('/api/v1/users?filter[createdAt][gt]=yesterday')).statusCode).toBe(400);
    expect((await api.get('/api/v1/users?sort=password')).statusCode).toBe(400);
    expect((await api.get('/api/v1/users?limit=0')).statusCode).toBe(400);
    expect((await api.get('/api/v1/users?colour=red')).json().errors[0].field).toBe('colour');
    expect(
      (await api.patch(`/api/v1/users/${admin.id}`, { createdAt: '2020-01-01T00:00:00Z' })).json().errors[0],
    ).toMatchObject({
      field: 'createdAt',
      code: 'readOnly',
    });
  });

  it('filters with every operator, sorts by several keys and pages by cursor without gaps', async () => {
    const api = crm.as(admin);
    const created = await api.post('/api/v1/users/bulk', {
      items: Array.from({ length: 23 }, (_, i) =>
        newUser(`page${String(i).padStart(2, '0')}@example.com`, {
          language: i % 3 ? 'en' : 'de',
          timeZone: i % 2 ? 'UTC' : 'Europe/Berlin',
        }),
      ),
    });
    expect(created.statusCode).toBe(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { data: Array<{ email: string }>; nextCursor: string | null } = (
        await api.get(
          `/api/v1/users?filter[email][startsWith]=page&sort=-language,timeZone,email&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      seen.push(...page.data.map((u) => u.email));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    // Descending language puts the 15 English users first, then the 8 German ones.
    expect(seen.slice(0, 15).every((email) => Number(email.slice(4, 6)) % 3 !== 0)).toBe(true);
    expect(seen.slice(15).every((email) => Number(email.slice(4, 6)) % 3 === 0)).toBe(true);

    const count = async (query: string) =>
      (await api.get(`/api/v1/users?filter[email][startsWith]=page&total=true&limit=1&${query}`)).json()
        .total;
    expect(await count('')).toBe(23);
    expect(await count('filter[language]=de')).toBe(8);
    expect(await count('filter[language][ne]=de')).toBe(15);
    expect(await count('filter[language][in]=de,en')).toBe(23);
    expect(await count('filter[language][nin]=["de"]')).toBe(15);
    expect(await count('filter[email][contains]=ge1')).toBe(10);
    expect(await count('filter[email][gte]=page20')).toBe(3);
    expect(await count('filter[email][lt]=page02')).toBe(2);
    expect(await count('filter[email][lte]=page02@example.com')).toBe(3);
    expect(await count('filter[email][gt]=page21@example.com')).toBe(1);
    expect(await count('filter[ownerId][isNull]=true')).toBe(23);
    expect(await count('filter[enabled]=true')).toBe(23);
    expect(await count('filter[createdAt][between]=2000-01-01T00:00:00Z,2999-01-01T00:00:00Z')).toBe(23);
    expect(await count('filter[email][contains]=50%25')).toBe(0);

    const selected = (await api.get('/api/v1/users?fields=email&limit=1')).json().data[0];
    expect(Object.keys(selected).sort()).toEqual(['email', 'id']);
  });

  it('runs bulk writes all or nothing, naming the failing item', async () => {
    const api = crm.as(admin);
    const before = (await api.get('/api/v1/users?total=true&limit=1')).json().total;
    const auditBefore = await auditRows();
    const invalid = await api.post('/api/v1/users/bulk', {
      items: [newUser('ok1@example.com'), newUser('bad'), newUser('ok2@example.com')],
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors[0].field).toBe('items/1/email');
    const conflict = await api.post('/api/v1/users/bulk', {
      items: [newUser('same@example.com'), newUser('same@example.com')],
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().errors[0].field).toBe('items/1/email');
    expect((await api.get('/api/v1/users?total=true&limit=1')).json().total).toBe(before);
    // The audit is written in the same transaction: a refused bulk leaves no trace of its valid items either.
    expect(await auditRows()).toBe(auditBefore);
    expect((await api.post('/api/v1/users/bulk', { items: [] })).statusCode).toBe(400);

    const made = (
      await api.post('/api/v1/users/bulk', { items: [newUser('b1@example.com'), newUser('b2@example.com')] })
    ).json().data;
    const patched = await api.patch('/api/v1/users/bulk', {
      items: [
        { id: made[0].id, language: 'de' },
        { id: made[1].id, version: 7, language: 'de' },
      ],
    });
    expect(patched.statusCode).toBe(412);
    expect((await api.get(`/api/v1/users/${made[0].id}`)).json().data.language).toBe('en');
    const deleted = await api.post('/api/v1/users/bulk-delete', {
      items: made.map((u: { id: string }) => u.id),
    });
    expect(deleted.statusCode).toBe(200);
    expect((await api.get('/api/v1/users?total=true&limit=1')).json().total).toBe(before);
  });

  it('takes up to 1,000 items in one bulk request, and refuses 1,001 naming the items', async () => {
    const api = crm.as(admin);
    const tags = (count: number, prefix: string) =>
      Array.from({ length: count }, (_, i) => ({ name: `${prefix} ${i}` }));
    const tooMany = await api.post('/api/v1/tags/bulk', { items: tags(1001, 'over') });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].field).toBe('items');
    const most = await api.post('/api/v1/tags/bulk', { items: tags(1000, 'bulk') });
    expect(most.statusCode).toBe(200);
    expect(most.json().data).toHaveLength(1000);
    const ids = most.json().data.map((tag: { id: string }) => tag.id);
    expect((await api.post('/api/v1/tags/bulk-delete', { items: ids })).statusCode).toBe(200);
  });

  it('lists one page in a fixed number of SQL statements, whatever the page size', async () => {
    const api = crm.as(admin);
    // The credential lookup depends on the cache, which notifications from earlier tests may have cleared.
    const recordQueries = () => crm.queries.filter((q) => !/\b(api_keys|sessions)\b/.test(q)).length;
    crm.queries.length = 0;
    await api.get('/api/v1/users?limit=5');
    expect(recordQueries()).toBe(1);
    crm.queries.length = 0;
    await api.get('/api/v1/users?limit=200&total=true');
    expect(recordQueries()).toBe(2);
  });
});
