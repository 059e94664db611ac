import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineEntity } from '../src/core/entity.js';
import { registerRecordRoutes } from '../src/http/record-routes.js';
import { allModules } from '../src/modules/index.js';
import type { CrmModule } from '../src/modules/module.js';
import { type Client, type Role, type TestCrm, type TestUser, createTestCrm } from './harness.js';
import { recordTableSql } from './record-table.js';

const l = (en: string) => ({ en, de: en });
/** A CRM record like a lead or a deal: owned, with no grants of its own, so the roles' `*` entries govern it. */
const deal = defineEntity({
  name: 'permDeal',
  table: 'perm_deals',
  label: l('Deal'),
  labelPlural: l('Deals'),
  path: 'deals',
  titleField: 'title',
  fields: { title: { type: 'text', label: l('Title'), required: true } },
});
const testModule: CrmModule = {
  name: 'permissions-test',
  entities: [deal],
  register: ({ app, records }) => registerRecordRoutes(app, records, deal),
};

const ROLES: Role[] = ['CRM Administrator', 'Sales Manager', 'Sales Representative', 'Marketing User'];
/** Whose record the actor meets: their own, a teammate's, an outsider's, or an outsider's shared with them. */
type Owner = 'own' | 'team' | 'foreign' | 'shared';
/** ok: allowed; hidden: the record is not visible (404, absent from lists); denied: the role may not (403). */
type Outcome = 'ok' | 'hidden' | 'denied';

// The documented role matrix for an owned CRM record type.
//                                   own        team       foreign    shared
const MATRIX: Record<Role, Record<Owner, Outcome>> = {
  'CRM Administrator': { own: 'ok', team: 'ok', foreign: 'ok', shared: 'ok' },
  'Sales Manager': { own: 'ok', team: 'ok', foreign: 'hidden', shared: 'ok' },
  'Sales Representative': { own: 'ok', team: 'hidden', foreign: 'hidden', shared: 'ok' },
  'Marketing User': { own: 'denied', team: 'denied', foreign: 'denied', shared: 'denied' },
};

type Observed = number | 'listed' | 'absent';
interface Action {
  name: string;
  /** Runs the action on the record; `trashed` records are moved to the trash by the administrator first. */
  run(api: Client, record: { id: string; title: string; ownerId: string }): Promise<Observed>;
  expect: Record<Outcome, Observed>;
  trashed?: boolean;
  /** The action makes the record (its owner is the case's), so there is nothing to share beforehand. */
  creates?: boolean;
  /** Whether the change landed, as the administrator sees it afterwards. */
  landed?(record: { id: string }): Promise<boolean>;
}

const status = (r: LightMyRequestResponse) => r.statusCode;
const item = (body: unknown) => (body as { data: Record<string, unknown> }).data;
const CHANGED = 'changed by the actor';

let crm: TestCrm;
let admin: Client;
const users = {} as Record<Role | 'peer' | 'outsider' | 'otherManager', TestUser>;

const titleOf = async (id: string) => item((await admin.get(`/api/v1/deals/${id}`)).json()).title;
const isTrashed = async (id: string) => (await admin.get(`/api/v1/deals/${id}`)).statusCode === 404;

const ACTIONS: Action[] = [
  {
    name: 'list',
    run: async (api, r) => {
      const response = await api.get(`/api/v1/deals?filter[id]=${r.id}`);
      if (response.statusCode !== 200) return response.statusCode;
      return response.json().data.length === 1 ? 'listed' : 'absent';
    },
    expect: { ok: 'listed', hidden: 'absent', denied: 403 },
  },
  {
    name: 'get',
    run: async (api, r) => status(await api.get(`/api/v1/deals/${r.id}`)),
    expect: { ok: 200, hidden: 404, denied: 403 },
  },
  {
    name: 'create',
    creates: true,
    run: async (api, r) => status(await api.post('/api/v1/deals', { title: r.title, ownerId: r.ownerId })),
    // Nothing exists yet to hide, so an owner outside the actor's scope is refused outright.
    expect: { ok: 201, hidden: 403, denied: 403 },
  },
  {
    name: 'bulk create',
    creates: true,
    run: async (api, r) =>
      status(await api.post('/api/v1/deals/bulk', { items: [{ title: r.title, ownerId: r.ownerId }] })),
    expect: { ok: 200, hidden: 403, denied: 403 },
  },
  {
    name: 'patch',
    run: async (api, r) => status(await api.patch(`/api/v1/deals/${r.id}`, { title: CHANGED })),
    expect: { ok: 200, hidden: 404, denied: 403 },
    landed: async (r) => (await titleOf(r.id)) === CHANGED,
  },
  {
    name: 'delete (trash)',
    run: async (api, r) => status(await api.delete(`/api/v1/deals/${r.id}`)),
    expect: { ok: 200, hidden: 404, denied: 403 },
    landed: (r) => isTrashed(r.id),
  },
  {
    name: 'restore',
    trashed: true,
    run: async (api, r) => status(await api.post(`/api/v1/deals/${r.id}/restore`)),
    expect: { ok: 200, hidden: 404, denied: 403 },
    landed: async (r) => !(await isTrashed(r.id)),
  },
  {
    name: 'bulk patch',
    run: async (api, r) =>
      status(await api.patch('/api/v1/deals/bulk', { items: [{ id: r.id, title: CHANGED }] })),
    expect: { ok: 200, hidden: 404, denied: 403 },
    landed: async (r) => (await titleOf(r.id)) === CHANGED,
  },
  {
    name: 'bulk delete',
    run: async (api, r) => status(await api.post('/api/v1/deals/bulk-delete', { items: [r.id] })),
    expect: { ok: 200, hidden: 404, denied: 403 },
    landed: (r) => isTrashed(r.id),
  },
  {
    name: 'history',
    run: async (api, r) => status(await api.get(`/api/v1/deals/${r.id}/history`)),
    expect: { ok: 200, hidden: 404, denied: 403 },
  },
  {
    name: 'global search',
    run: async (api, r) => {
      const response = await api.get(`/api/v1/search?q=${encodeURIComponent(r.title)}`);
      expect(response.statusCode).toBe(200);
      const hits = response.json().data as Array<{ entity: string; id: string }>;
      return hits.some((h) => h.entity === deal.name && h.id === r.id) ? 'listed' : 'absent';
    },
    // Search leaves out what the actor may not read instead of refusing the whole search.
    expect: { ok: 'listed', hidden: 'absent', denied: 'absent' },
  },
];

beforeAll(async () => {
  crm = await createTestCrm({ modules: [...allModules, testModule] });
  await sql.raw(recordTableSql(deal)).execute(crm.database.db);
  for (const role of ROLES) users[role] = await crm.createUser(role);
  users.peer = await crm.createUser('Sales Representative', 'Peer');
  users.outsider = await crm.createUser('Sales Representative', 'Outsider');
  users.otherManager = await crm.createUser('Sales Manager', 'Other Manager');
  admin = crm.as(users['CRM Administrator']);
  // Every actor sits in the manager's team with a peer; the outsider's team is another manager's.
  const north = await admin.post('/api/v1/sales-teams', {
    name: 'North',
    managerId: users['Sales Manager'].id,
    memberIds: [...ROLES.filter((r) => r !== 'Sales Manager').map((r) => users[r].id), users.peer.id],
  });
  const south = await admin.post('/api/v1/sales-teams', {
    name: 'South',
    managerId: users.otherManager.id,
    memberIds: [users.outsider.id],
  });
  expect([north.statusCode, south.statusCode]).toEqual([201, 201]);
});
afterAll(() => crm?.close());

/** A fresh record for one case, owned as the case says and (for `shared`) shared with the actor. */
async function recordFor(actor: TestUser, owner: Owner, create: boolean) {
  const ownerId = {
    own: actor.id,
    team: users.peer.id,
    foreign: users.outsider.id,
    shared: users.outsider.id,
  }[owner];
  const title = `deal${randomBytes(6).toString('hex')}`;
  if (create) return { id: '', title, ownerId };
  const created = await admin.post('/api/v1/deals', { title, ownerId });
  expect(created.statusCode).toBe(201);
  const id = item(created.json()).id as string;
  if (owner === 'shared')
    expect(status(await admin.post(`/api/v1/deals/${id}/shares`, { userId: actor.id }))).toBe(204);
  return { id, title, ownerId };
}

describe.each(ROLES)('%s on an owned CRM record', (role) => {
  for (const owner of ['own', 'team', 'foreign', 'shared'] as const) {
    for (const action of ACTIONS) {
      if (action.creates && owner === 'shared') continue;
      const outcome = MATRIX[role][owner];
      it(`${action.name} on a ${owner} record: ${outcome} (${action.expect[outcome]})`, async () => {
        const record = await recordFor(users[role], owner, Boolean(action.creates));
        if (action.trashed) expect(status(await admin.delete(`/api/v1/deals/${record.id}`))).toBe(200);
        expect(await action.run(crm.as(users[role]), record)).toBe(action.expect[outcome]);
        if (action.landed) expect(await action.landed(record)).toBe(outcome === 'ok');
      });
    }
  }
});

/** Writes to the platform entities: the administrator only. */
const PLATFORM_WRITES: Array<[string, number, (api: Client, n: string) => Promise<LightMyRequestResponse>]> =
  [
    [
      'create a user',
      201,
      async (api, n) => {
        const role = item((await admin.get(`/api/v1/users/${users.peer.id}`)).json()).roleId;
        return api.post('/api/v1/users', { email: `${n}@example.com`, fullName: n, roleId: role });
      },
    ],
    ['patch a user', 200, (api, n) => api.patch(`/api/v1/users/${users.peer.id}`, { fullName: `Peer ${n}` })],
    [
      'create a role',
      201,
      (api, n) => api.post('/api/v1/roles', { name: n, permissions: { '*': { read: 'own' } } }),
    ],
    [
      'patch a role',
      200,
      async (api, n) => {
        const roles = (await admin.get('/api/v1/roles?filter[name]=Marketing%20User')).json().data;
        return api.patch(`/api/v1/roles/${roles[0].id}`, { description: n });
      },
    ],
    [
      'create a team',
      201,
      (api, n) => api.post('/api/v1/sales-teams', { name: n, memberIds: [users.peer.id] }),
    ],
    [
      'patch a team',
      200,
      async (api, n) => {
        const teams = (await admin.get('/api/v1/sales-teams?filter[name]=South')).json().data;
        return api.patch(`/api/v1/sales-teams/${teams[0].id}`, { description: n });
      },
    ],
  ];

describe.each(ROLES)('%s on the platform entities', (role) => {
  const isAdmin = role === 'CRM Administrator';
  for (const [name, okStatus, run] of PLATFORM_WRITES) {
    it(`${name}: ${isAdmin ? okStatus : 403}`, async () => {
      const response = await run(crm.as(users[role]), `p${randomBytes(5).toString('hex')}`);
      expect(response.statusCode, response.body).toBe(isAdmin ? okStatus : 403);
    });
  }

  it('reads every user', async () => {
    const api = crm.as(users[role]);
    const list = await api.get('/api/v1/users?limit=500');
    expect(list.statusCode).toBe(200);
    const ids = list.json().data.map((u: { id: string }) => u.id);
    for (const user of Object.values(users)) expect(ids).toContain(user.id);
    expect((await api.get(`/api/v1/users/${users.outsider.id}`)).statusCode).toBe(200);
  });

  it(`sees ${isAdmin ? 'every API key' : 'only its own API keys'}`, async () => {
    const api = crm.as(users[role]);
    const keys = (await api.get('/api/v1/api-keys?limit=500')).json().data as Array<Record<string, unknown>>;
    const owners = new Set(keys.map((k) => k.ownerId));
    expect(owners.has(users[role].id)).toBe(true);
    expect(owners.size > 1).toBe(isAdmin);
    for (const key of keys) expect(key).not.toHaveProperty('keyHash');
    const foreign = (await admin.get(`/api/v1/api-keys?filter[ownerId]=${users.outsider.id}`)).json().data[0];
    expect((await api.get(`/api/v1/api-keys/${foreign.id}`)).statusCode).toBe(isAdmin ? 200 : 404);
  });
});
