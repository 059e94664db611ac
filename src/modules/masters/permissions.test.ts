import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Role, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';

let crm: TestCrm;
let admin: Client;
const users = {} as Record<Role, TestUser>;
const ROLES: Role[] = ['CRM Administrator', 'Sales Manager', 'Sales Representative', 'Marketing User'];

beforeAll(async () => {
  crm = await createTestCrm();
  for (const role of ROLES) users[role] = await crm.createUser(role);
  admin = crm.as(users['CRM Administrator']);
});
afterAll(() => crm?.close());

const SETTINGS = ['territories', 'customer-groups', 'industries', 'sales-persons'];
const MARKETING = ['lead-sources', 'campaigns'];
/** Who may change a master: administrators and sales managers all of them, marketing its own two. */
function mayWrite(role: Role, path: string): boolean {
  if (role === 'CRM Administrator' || role === 'Sales Manager') return true;
  return role === 'Marketing User' && MARKETING.includes(path);
}
const unique = () => `m${randomBytes(5).toString('hex')}`;

describe.each(ROLES)('%s on the masters', (role) => {
  for (const path of [...SETTINGS, ...MARKETING]) {
    const write = mayWrite(role, path);
    it(`${path}: reads; ${write ? 'creates, changes and trashes' : 'may not change (403)'}`, async () => {
      const api = crm.as(users[role]);
      const seeded = (await admin.post(`/api/v1/${path}`, { name: unique() })).json().data;
      const list = await api.get(`/api/v1/${path}?filter[id]=${seeded.id}`);
      expect(list.statusCode).toBe(200);
      expect(list.json().data).toHaveLength(1);
      expect((await api.get(`/api/v1/${path}/${seeded.id}`)).statusCode).toBe(200);
      const expected = write ? [201, 200, 200] : [403, 403, 403];
      const created = await api.post(`/api/v1/${path}`, { name: unique() });
      const patched = await api.patch(`/api/v1/${path}/${seeded.id}`, { name: unique() });
      const trashed = await api.delete(`/api/v1/${path}/${seeded.id}`);
      expect([created.statusCode, patched.statusCode, trashed.statusCode]).toEqual(expected);
    });
  }

  it('shows the masters in /meta with the role’s rights', async () => {
    const meta = (await crm.as(users[role]).get('/api/v1/meta')).json().data as Array<{
      path: string;
      permissions: Record<string, string | null>;
    }>;
    for (const path of [...SETTINGS, ...MARKETING]) {
      const entity = meta.find((e) => e.path === path);
      expect(entity?.permissions.read, path).toBe('all');
      expect(entity?.permissions.create, path).toBe(mayWrite(role, path) ? 'all' : null);
    }
  });
});

describe('customers follow the role scopes of CRM records', () => {
  const SCOPE: Record<Role, string | null> = {
    'CRM Administrator': 'all',
    'Sales Manager': 'team',
    'Sales Representative': 'own',
    'Marketing User': null,
  };

  it.each(ROLES)('%s', async (role) => {
    const api = crm.as(users[role]);
    const foreign = (await admin.post('/api/v1/customers', { name: unique() })).json().data;
    const scope = SCOPE[role];
    if (!scope) {
      expect((await api.get('/api/v1/customers')).statusCode).toBe(403);
      expect((await api.post('/api/v1/customers', { name: unique() })).statusCode).toBe(403);
      return;
    }
    const own = await api.post('/api/v1/customers', { name: unique() });
    expect(own.statusCode).toBe(201);
    expect(own.json().data.ownerId).toBe(users[role].id);
    // The administrator's customer lies outside every scope but `all`.
    expect((await api.get(`/api/v1/customers/${foreign.id}`)).statusCode).toBe(scope === 'all' ? 200 : 404);
    const listed = (await api.get('/api/v1/customers?limit=500'))
      .json()
      .data.map((c: { id: string }) => c.id);
    expect(listed).toContain(own.json().data.id);
    expect(listed.includes(foreign.id)).toBe(scope === 'all');
  });
});
