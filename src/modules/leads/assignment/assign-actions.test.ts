import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../../test/harness.js';

let crm: TestCrm;
let admin: TestUser;
let api: Client;
let manager: TestUser;
let reps: TestUser[];

beforeAll(async () => {
  crm = await createTestCrm();
  admin = await crm.createUser('CRM Administrator', 'Action Admin');
  api = crm.as(admin);
  manager = await crm.createUser('Sales Manager', 'Action Manager');
  reps = [];
  for (const name of ['Rep A', 'Rep B', 'Rep C'])
    reps.push(await crm.createUser('Sales Representative', name));
});
afterAll(() => crm?.close());

const rep = (i: number) => reps[i] as TestUser;
type Problem = { errors?: Array<{ field: string; message: string }> };
const errorsOf = (response: { json(): unknown }) =>
  Object.fromEntries(((response.json() as Problem).errors ?? []).map((e) => [e.field, e.message]));

async function created(path: string, body: Record<string, unknown>, client = api) {
  const response = await client.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data as Record<string, unknown> & { id: string };
}
const source = async () => (await created('lead-sources', { name: `Source ${uuidv7()}` })).id;
const rule = (body: Record<string, unknown>) =>
  created('assignment-rules', { name: `Rule ${uuidv7()}`, ...body });
const lead = (body: Record<string, unknown>, client = api) =>
  created('leads?duplicates=allow', { lastName: `Lead ${uuidv7().slice(-8)}`, ...body }, client);

describe('assignment on demand', () => {
  it('runs the rules for one lead, with its history, log and the new owner told', async () => {
    const sourceId = await source();
    const mine = await lead({ sourceId, lastName: 'On demand' });
    expect(mine.ownerId).toBe(admin.id);
    const { id: ruleId } = await rule({ sourceIds: [sourceId], memberIds: [rep(1).id] });
    const response = await api.post(`/api/v1/leads/${mine.id}/assign`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data).toMatchObject({
      lead: { id: mine.id, ownerId: rep(1).id, version: 2 },
      assignment: { userId: rep(1).id, ruleId, changed: true },
    });
    const history = (await api.get(`/api/v1/leads/${mine.id}/history`)).json().data;
    expect(history[0]).toMatchObject({
      action: 'update',
      changes: { ownerId: { from: admin.id, to: rep(1).id } },
    });
    const log = (await api.get(`/api/v1/leads/${mine.id}/assignments`)).json().data;
    expect(log[0]).toMatchObject({ how: 'on_demand', previousOwnerId: admin.id, userId: rep(1).id, ruleId });
    const inbox = (await crm.as(rep(1)).get('/api/v1/notifications')).json().data;
    expect(inbox[0]).toMatchObject({ kind: 'lead_assigned', title: 'Lead assigned to you: On demand' });
    // Again: the rules choose the owner it has; nothing changes.
    const again = await api.post(`/api/v1/leads/${mine.id}/assign`);
    expect(again.json().data).toMatchObject({ lead: { version: 2 }, assignment: { changed: false } });
  });

  it('answers 409 with the reason when no rule fits or nobody can take the lead', async () => {
    const sourceId = await source();
    const orphan = await lead({ sourceId });
    const none = await api.post(`/api/v1/leads/${orphan.id}/assign`);
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({
      reason: 'no_rule',
      rules: [],
      detail: 'No active assignment rule fits this lead.',
    });
    const away = await crm.createUser('Sales Representative', 'On leave');
    await created('rep-capacities', {
      userId: away.id,
      outOfOfficeFrom: new Date(Date.now() - 1000).toISOString(),
    });
    const { id, name } = await rule({ sourceIds: [sourceId], memberIds: [away.id] });
    const nobody = await api.post(`/api/v1/leads/${orphan.id}/assign`);
    expect(nobody.statusCode).toBe(409);
    expect(nobody.json()).toMatchObject({ reason: 'nobody_available', rules: [{ id, name }] });
    expect(nobody.json().detail).toContain('none of their reps can take it now');
    expect((await api.get(`/api/v1/leads/${orphan.id}`)).json().data.ownerId).toBe(admin.id);
  });

  it('needs the right to change the lead: 404 when it is not visible', async () => {
    const theirs = await lead({ sourceId: await source() });
    const refused = await crm.as(rep(2)).post(`/api/v1/leads/${theirs.id}/assign`);
    expect(refused.statusCode).toBe(404);
  });
});

describe('bulk assignment', () => {
  it('assigns listed leads by the rules in one call: owners, audit, log and one notice per rep', async () => {
    const sourceId = await source();
    const leads = [];
    for (let i = 0; i < 7; i++) leads.push(await lead({ sourceId }));
    await rule({ sourceIds: [sourceId], memberIds: [rep(0).id, rep(1).id] });
    const ids = leads.map((l) => l.id);
    const response = await api.post('/api/v1/leads/assign', { ids: [...ids, ids[0]] });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json().data;
    expect(result).toMatchObject({ matched: 7, assigned: 7, unchanged: 0, unassigned: [] });
    expect(
      Object.fromEntries(result.byUser.map((u: { userId: string; count: number }) => [u.userId, u.count])),
    ).toEqual({ [rep(0).id]: 4, [rep(1).id]: 3 });
    const listed = (
      await api.get(`/api/v1/leads?filter[sourceId]=${sourceId}&sort=createdAt&limit=10`)
    ).json().data;
    expect(listed.map((l: { ownerId: string }) => l.ownerId)).toEqual(
      [0, 1, 0, 1, 0, 1, 0].map((i) => rep(i).id),
    );
    expect(listed.every((l: { version: number }) => l.version === 2)).toBe(true);
    const history = (await api.get(`/api/v1/leads/${ids[1]}/history`)).json().data;
    expect(history[0]).toMatchObject({
      action: 'update',
      actorId: admin.id,
      changes: { ownerId: { from: admin.id, to: rep(1).id } },
    });
    const log = (await api.get(`/api/v1/leads/${ids[1]}/assignments`)).json().data;
    expect(log[0]).toMatchObject({ how: 'bulk', userId: rep(1).id, previousOwnerId: admin.id });
    const inbox = (await crm.as(rep(1)).get('/api/v1/notifications')).json().data;
    expect(inbox[0]).toMatchObject({
      kind: 'lead_assigned',
      title: '3 leads assigned to you',
      recordId: null,
    });
  });

  it('selects by list filters and hands every lead to one user, or leaves what no rule places', async () => {
    const sourceId = await source();
    for (let i = 0; i < 3; i++) await lead({ sourceId, country: i === 0 ? 'AT' : 'DE' });
    const filter = { [`filter[sourceId]`]: sourceId };
    const direct = await api.post('/api/v1/leads/assign', { filter, userId: rep(2).id });
    expect(direct.json().data).toMatchObject({
      matched: 3,
      assigned: 3,
      byUser: [{ userId: rep(2).id, count: 3 }],
    });
    await rule({ sourceIds: [sourceId], countries: ['AT'], memberIds: [rep(0).id] });
    const byRules = await api.post('/api/v1/leads/assign', {
      filter: { ...filter, 'filter[country][in]': ['AT', 'DE'] },
    });
    expect(byRules.statusCode, byRules.body).toBe(200);
    expect(byRules.json().data).toMatchObject({ matched: 3, assigned: 1, unchanged: 0 });
    expect(byRules.json().data.unassigned).toHaveLength(2);
    const empty = await api.post('/api/v1/leads/assign', { filter: { 'filter[sourceId]': await source() } });
    expect(empty.json().data).toEqual({ matched: 0, assigned: 0, unchanged: 0, unassigned: [], byUser: [] });
  });

  it('is for managers and administrators, within the leads they may change', async () => {
    const own = await lead({ sourceId: await source() }, crm.as(rep(0)));
    const asRep = await crm.as(rep(0)).post('/api/v1/leads/assign', { ids: [own.id], userId: rep(0).id });
    expect(asRep.statusCode).toBe(403);
    expect(asRep.json().detail).toBe('Your role may not assign leads in bulk.');
    const managers = await lead({ sourceId: await source() }, crm.as(manager));
    const outside = await crm
      .as(manager)
      .post('/api/v1/leads/assign', { ids: [managers.id, own.id], userId: manager.id });
    expect(outside.statusCode).toBe(404);
    expect(errorsOf(outside)).toEqual({ 'ids/1': 'no lead with this id, or not visible to you' });
    const toOther = await crm
      .as(manager)
      .post('/api/v1/leads/assign', { ids: [managers.id], userId: rep(0).id });
    expect(toOther.statusCode).toBe(403);
    expect(errorsOf(toOther)).toEqual({ userId: 'is outside your scope' });
    expect((await api.get(`/api/v1/leads/${managers.id}`)).json().data).toMatchObject({
      ownerId: manager.id,
      version: 1,
    });
  });

  it('refuses unclear requests with the field to fix', async () => {
    const id = (await lead({ sourceId: await source() })).id;
    const cases: Array<[unknown, number, Record<string, string>]> = [
      [{}, 422, { ids: 'send either ids or filter' }],
      [{ ids: [id], filter: {} }, 422, { ids: 'send either ids or filter' }],
      [{ filter: { sort: 'name' } }, 400, { 'filter/sort': 'is not a filter: use filter[field][op]' }],
      [{ filter: { 'filter[nope]': 'x' } }, 400, { 'filter[nope]': 'lead has no field "nope"' }],
      [{ ids: [id], userId: uuidv7() }, 422, { userId: 'is not an active user' }],
      [{ ids: ['not-a-uuid'] }, 422, {}],
    ];
    for (const [body, status, errors] of cases) {
      const response = await api.post('/api/v1/leads/assign', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      if (Object.keys(errors).length) expect(errorsOf(response)).toEqual(errors);
    }
  });
});

describe('rules and capacities as settings', () => {
  it('checks a rule’s target, score range and weights', async () => {
    const team = await created('sales-teams', { name: `Team ${uuidv7()}`, memberIds: [rep(0).id] });
    const cases: Array<[Record<string, unknown>, Record<string, string>]> = [
      [{}, { salesTeamId: 'name a sales team or list reps' }],
      [
        { salesTeamId: team.id, memberIds: [rep(0).id] },
        { memberIds: 'name a sales team or reps, not both' },
      ],
      [
        { memberIds: [rep(0).id], minScore: 50, maxScore: 10 },
        { maxScore: 'must not be below the lowest score' },
      ],
      [
        {
          memberIds: [rep(0).id],
          weights: [
            { userId: rep(0).id, weight: 2 },
            { userId: rep(0).id, weight: 3 },
          ],
        },
        { 'weights/1/userId': 'is weighted twice' },
      ],
    ];
    for (const [body, errors] of cases) {
      const response = await api.post('/api/v1/assignment-rules', { name: 'Checked', ...body });
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expect(errorsOf(response)).toEqual(errors);
    }
    const patched = await api.patch(`/api/v1/assignment-rules/${(await rule({ salesTeamId: team.id })).id}`, {
      salesTeamId: null,
    });
    expect(errorsOf(patched)).toEqual({ salesTeamId: 'name a sales team or list reps' });
  });

  it('keeps one capacity per rep, titled by the rep’s current name, with an absence that ends after it starts', async () => {
    const person = await crm.createUser('Sales Representative', 'Capacity Person');
    const capacity = await created('rep-capacities', { userId: person.id, maxPerDay: 5 });
    expect(capacity.name).toBe('Capacity Person');
    const twice = await api.post('/api/v1/rep-capacities', { userId: person.id });
    expect(twice.statusCode).toBe(409);
    const backwards = await api.patch(`/api/v1/rep-capacities/${capacity.id}`, {
      outOfOfficeFrom: '2030-01-10T00:00:00Z',
      outOfOfficeUntil: '2030-01-01T00:00:00Z',
    });
    expect(errorsOf(backwards)).toEqual({ outOfOfficeUntil: 'must be after the start of the absence' });
    await api.patch(`/api/v1/users/${person.id}`, { fullName: 'Renamed Person' });
    expect((await api.get(`/api/v1/rep-capacities/${capacity.id}`)).json().data.name).toBe('Renamed Person');
  });

  it('lets managers manage rules and capacities, and reps and marketing read them', async () => {
    const marketing = await crm.createUser('Marketing User');
    const body = { name: 'Managed', memberIds: [rep(0).id] };
    expect((await crm.as(manager).post('/api/v1/assignment-rules', body)).statusCode).toBe(201);
    expect((await crm.as(manager).post('/api/v1/rep-capacities', { userId: rep(2).id })).statusCode).toBe(
      201,
    );
    for (const reader of [rep(0), marketing]) {
      expect((await crm.as(reader).get('/api/v1/assignment-rules')).statusCode).toBe(200);
      expect((await crm.as(reader).get('/api/v1/rep-capacities')).statusCode).toBe(200);
      expect((await crm.as(reader).post('/api/v1/assignment-rules', body)).statusCode).toBe(403);
    }
  });
});
