import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';

/** "My day": the day's and overdue tasks, today's meetings, and leads and deals without a next step. */

let crm: TestCrm;
let ann: TestUser;
let ben: TestUser;
let asAnn: Client;

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

async function created(client: Client, path: string, body: Record<string, unknown>) {
  const response = await client.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

async function myDay(client: Client) {
  const response = await client.get('/api/v1/my-day');
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

const titles = (rows: Array<{ title: string }>) => rows.map((row) => row.title);

beforeAll(async () => {
  crm = await createTestCrm();
  ann = await crm.createUser('Sales Representative', 'Ann Day');
  ben = await crm.createUser('Sales Representative', 'Ben Day');
  asAnn = crm.as(ann);
});
afterAll(() => crm?.close());

describe('my day', () => {
  it('lists open tasks due today and overdue, and meetings that overlap today, in the user’s time zone', async () => {
    // Pinned to a zone where "now" is mid-day whatever the test machine's clock says: the server's now() decides.
    const { rows } = await sql<{ zone: string }>`SELECT CASE WHEN extract(hour FROM now() AT TIME ZONE 'UTC')
      BETWEEN 6 AND 17 THEN 'UTC' ELSE 'Pacific/Kiritimati' END AS zone`.execute(crm.database.db);
    const zone = rows[0]?.zone as string;
    await asAnn.patch('/api/v1/auth/me', { timeZone: zone });
    await created(asAnn, 'tasks', { title: 'Overdue call back', dueAt: hoursFromNow(-30) });
    await created(asAnn, 'tasks', { title: 'Due within the hour', dueAt: hoursFromNow(0.5) });
    await created(asAnn, 'tasks', { title: 'Next week', dueAt: hoursFromNow(24 * 7) });
    await created(asAnn, 'tasks', { title: 'No date' });
    const done = await created(asAnn, 'tasks', { title: 'Finished', dueAt: hoursFromNow(-2) });
    await asAnn.patch(`/api/v1/tasks/${done.id}`, { status: 'done', version: done.version });
    await created(crm.as(ben), 'tasks', { title: 'Ben’s own', dueAt: hoursFromNow(-1) });
    await created(asAnn, 'meetings', {
      title: 'Stand-up',
      at: hoursFromNow(0.25),
      endsAt: hoursFromNow(0.5),
    });
    await created(asAnn, 'meetings', {
      title: 'Next month',
      at: hoursFromNow(24 * 30),
      endsAt: hoursFromNow(24 * 30 + 1),
    });
    await created(crm.as(ben), 'meetings', {
      title: 'Ben invites Ann',
      at: hoursFromNow(0.25),
      endsAt: hoursFromNow(1),
      attendeeUserIds: [ann.id],
    });

    const day = await myDay(asAnn);
    expect(day.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(titles(day.overdueTasks)).toEqual(['Overdue call back']);
    expect(titles(day.todayTasks)).toEqual(['Due within the hour']);
    // Invited, Ann reads Ben's meeting although it lies on no record of hers.
    expect(titles(day.meetings)).toEqual(['Stand-up', 'Ben invites Ann']);
    const opened = await asAnn.get(`/api/v1/meetings/${day.meetings[1].id}`);
    expect(opened.statusCode).toBe(200);
    expect(
      (await asAnn.patch(`/api/v1/meetings/${day.meetings[1].id}`, { title: 'Mine now' })).statusCode,
    ).toBe(403);
    expect(titles((await myDay(crm.as(ben))).meetings)).toEqual(['Ben invites Ann']);
  });

  it('names open leads and opportunities with no open task or meeting to come, longest idle first', async () => {
    const quiet = await created(asAnn, 'leads', { firstName: 'Quinn', lastName: 'Quiet' });
    const planned = await created(asAnn, 'leads', { firstName: 'Paula', lastName: 'Planned' });
    await created(asAnn, 'tasks', { title: 'Call Busy', leadId: planned.id, dueAt: hoursFromNow(48) });
    const customerId = (await created(asAnn, 'customers', { name: 'Tagwerk GmbH' })).id;
    const talked = await created(asAnn, 'opportunities', { title: 'Talked deal', customerId });
    await created(asAnn, 'calls', { opportunityId: talked.id, subject: 'First call' });
    const meetingDeal = await created(asAnn, 'opportunities', { title: 'Meeting deal', customerId });
    await created(asAnn, 'meetings', {
      title: 'Demo',
      opportunityId: meetingDeal.id,
      at: hoursFromNow(72),
      endsAt: hoursFromNow(73),
    });
    const lost = await created(asAnn, 'leads', { firstName: 'Gina', lastName: 'Gone' });
    const patched = await asAnn.patch(`/api/v1/leads/${lost.id}`, {
      doNotContact: true,
      version: lost.version,
    });
    expect(patched.statusCode, patched.body).toBe(200);

    const idle = (await myDay(asAnn)).withoutNextStep as Array<{ id: string; lastActivityAt: string | null }>;
    expect(idle.map((row) => row.id)).toEqual([quiet.id, talked.id]);
    expect(idle[0]).toMatchObject({ entity: 'lead', title: 'Quinn Quiet', lastActivityAt: null });
    expect(idle[1]).toMatchObject({ entity: 'opportunity', title: 'Talked deal' });
    expect(idle[1]?.lastActivityAt).not.toBeNull();
    expect(titles((await myDay(crm.as(ben))).withoutNextStep)).toEqual([]);
  });
});
