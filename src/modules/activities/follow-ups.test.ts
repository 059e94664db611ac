import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';
import { runFollowUps } from './follow-ups.js';

/**
 * Follow-up rules: an idle opportunity and an uncontacted lead give their owner a task and tell the owner's
 * managers, once per idle stretch and once per lead; activity in time keeps them quiet.
 */

let crm: TestCrm;
let rep: TestUser;
let manager: TestUser;
let admin: TestUser;
let asRep: Client;
let customerId: string;

async function created(client: Client, path: string, body: Record<string, unknown>) {
  const response = await client.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

const run = () => crm.database.db.transaction().execute((trx) => runFollowUps(trx, crm.server.records));

/** Moves a row's moments back, as if it had been written `hours` ago. */
async function age(table: string, id: string, hours: number, column = 'created_at') {
  await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = now() - make_interval(hours => ${hours})
    WHERE id = ${id}`.execute(crm.database.db);
}

async function followUpTasks(recordField: 'opportunityId' | 'leadId', id: string) {
  const response = await asRep.get(`/api/v1/tasks?filter[${recordField}][eq]=${id}`);
  return response.json().data as Array<{ title: string; ownerId: string; priority: string; status: string }>;
}

async function inbox(user: TestUser) {
  const response = await crm.as(user).get('/api/v1/notifications?limit=100');
  return (response.json().data as Array<{ kind: string; title: string }>).filter(
    (n) => n.kind === 'follow_up',
  );
}

beforeAll(async () => {
  crm = await createTestCrm();
  rep = await crm.createUser('Sales Representative', 'Rita Follow');
  manager = await crm.createUser('Sales Manager', 'Max Follow');
  admin = await crm.createUser('CRM Administrator', 'Ada Follow');
  asRep = crm.as(rep);
  await crm.as(manager).patch('/api/v1/auth/me', { language: 'de' });
  await created(crm.as(admin), 'sales-teams', {
    name: 'Follow team',
    managerId: manager.id,
    memberIds: [rep.id],
  });
  customerId = (await created(asRep, 'customers', { name: 'Nachfass GmbH' })).id;
});
afterAll(() => crm?.close());

describe('follow-up rules', () => {
  it('are set by managers and administrators; representatives read them', async () => {
    const refused = await asRep.post('/api/v1/follow-up-rules', {
      name: 'Mine',
      kind: 'opportunity_idle',
      afterHours: 1,
    });
    expect(refused.statusCode).toBe(403);
    const invalid = await crm
      .as(manager)
      .post('/api/v1/follow-up-rules', { name: 'Zero', kind: 'opportunity_idle', afterHours: 0 });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors[0]).toMatchObject({ field: 'afterHours' });
  });

  it('gives the owner a task for a deal idle too long, tells the manager, and fires again only after new activity', async () => {
    await created(crm.as(manager), 'follow-up-rules', {
      name: 'Idle deals',
      kind: 'opportunity_idle',
      afterHours: 72,
    });
    const idle = await created(asRep, 'opportunities', { title: 'Idle scanners', customerId });
    const busy = await created(asRep, 'opportunities', { title: 'Busy scanners', customerId });
    await age('opportunities', idle.id, 100);
    await age('opportunities', busy.id, 100);
    const call = await created(asRep, 'calls', { opportunityId: busy.id, subject: 'Checked in' });

    expect(await run()).toBe(1);
    const tasks = await followUpTasks('opportunityId', idle.id);
    expect(tasks).toEqual([
      expect.objectContaining({
        title: 'Follow up: Idle scanners',
        ownerId: rep.id,
        priority: 'high',
        status: 'open',
      }),
    ]);
    expect(await followUpTasks('opportunityId', busy.id)).toEqual([]);
    expect((await inbox(manager)).map((n) => n.title)).toEqual([
      'Keine Aktivität bei Idle scanners seit 72 Stunden',
    ]);
    expect((await inbox(rep)).map((n) => n.title)).toEqual(['No activity on Idle scanners for 72 hours']);

    // Once per idle stretch: the next runs find it fired.
    expect(await run()).toBe(0);
    // The busy deal's call grows old: it idles from that call now, and fires once for that stretch.
    await age('calls', call.id, 80, 'at');
    expect(await run()).toBe(1);
    expect(await run()).toBe(0);
    expect(await followUpTasks('opportunityId', busy.id)).toHaveLength(1);
  });

  it('gives the owner a task for a lead nobody called, met or wrote about in time, once', async () => {
    await created(crm.as(admin), 'follow-up-rules', {
      name: 'New leads',
      kind: 'lead_not_contacted',
      afterHours: 4,
      taskTitle: 'Call the new lead',
      notifyManagers: false,
    });
    const ignored = await created(asRep, 'leads', { firstName: 'Ida', lastName: 'Ignored' });
    const called = await created(asRep, 'leads', { firstName: 'Carl', lastName: 'Called' });
    const fresh = await created(asRep, 'leads', { firstName: 'Fay', lastName: 'Fresh' });
    await created(asRep, 'calls', { leadId: called.id, subject: 'Welcome call' });
    await age('leads', ignored.id, 5);
    await age('leads', called.id, 5);
    const managerBefore = (await inbox(manager)).length;

    expect(await run()).toBe(1);
    expect(await followUpTasks('leadId', ignored.id)).toEqual([
      expect.objectContaining({ title: 'Call the new lead' }),
    ]);
    expect(await followUpTasks('leadId', called.id)).toEqual([]);
    expect(await followUpTasks('leadId', fresh.id)).toEqual([]);
    expect(await inbox(manager)).toHaveLength(managerBefore);
    expect(await run()).toBe(0);
  });

  it('does nothing while a rule is inactive', async () => {
    const { rows } = await sql<{ id: string }>`SELECT id FROM follow_up_rules`.execute(crm.database.db);
    for (const { id } of rows)
      await sql`UPDATE follow_up_rules SET active = false WHERE id = ${id}`.execute(crm.database.db);
    const idle = await created(asRep, 'opportunities', { title: 'Forgotten', customerId });
    await age('opportunities', idle.id, 500);
    expect(await run()).toBe(0);
  });
});
