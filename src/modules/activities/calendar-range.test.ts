import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';

/** The calendar's range: whose meetings and tasks, in which window, what the reader may see, and rescheduling. */

let crm: TestCrm;
let ann: TestUser;
let ben: TestUser;
let manager: TestUser;
let asAnn: Client;

const at = (day: number, hour: number) => new Date(Date.UTC(2030, 0, day, hour)).toISOString();
const range = (fromDay: number, toDay: number, extra = '') =>
  `/api/v1/calendar?from=${at(fromDay, 0)}&to=${at(toDay, 0)}${extra}`;

async function created(client: Client, path: string, body: Record<string, unknown>) {
  const response = await client.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

async function calendar(client: Client, url: string) {
  const response = await client.get(url);
  expect(response.statusCode, response.body).toBe(200);
  const data = response.json().data as {
    meetings: Array<{ title: string }>;
    tasks: Array<{ title: string }>;
  };
  return { meetings: data.meetings.map((m) => m.title), tasks: data.tasks.map((t) => t.title) };
}

beforeAll(async () => {
  crm = await createTestCrm();
  ann = await crm.createUser('Sales Representative', 'Ann Cal');
  ben = await crm.createUser('Sales Representative', 'Ben Cal');
  manager = await crm.createUser('Sales Manager', 'Mia Cal');
  asAnn = crm.as(ann);
  await created(crm.as(await crm.createUser('CRM Administrator')), 'sales-teams', {
    name: 'Cal team',
    managerId: manager.id,
    memberIds: [ann.id],
  });
  await created(asAnn, 'meetings', { title: 'Kick-off', at: at(7, 9), endsAt: at(7, 10) });
  await created(asAnn, 'meetings', { title: 'Spans the edge', at: at(6, 23), endsAt: at(7, 1) });
  await created(asAnn, 'meetings', { title: 'Next month', at: at(40, 9), endsAt: at(40, 10) });
  await created(crm.as(ben), 'meetings', {
    title: 'Ben invites Ann',
    at: at(8, 9),
    endsAt: at(8, 10),
    attendeeUserIds: [ann.id],
  });
  await created(crm.as(ben), 'meetings', { title: 'Ben alone', at: at(8, 11), endsAt: at(8, 12) });
  await created(asAnn, 'tasks', { title: 'Send offer', dueAt: at(9, 12) });
  await created(asAnn, 'tasks', { title: 'Done already', dueAt: at(10, 12), status: 'done' });
  await created(asAnn, 'tasks', { title: 'Undated' });
});
afterAll(() => crm?.close());

describe('the calendar', () => {
  it('shows the meetings one organises or attends that overlap the range and one’s tasks due in it', async () => {
    expect(await calendar(asAnn, range(7, 14))).toEqual({
      meetings: ['Spans the edge', 'Kick-off', 'Ben invites Ann'],
      tasks: ['Send offer', 'Done already'],
    });
    expect(await calendar(asAnn, range(8, 9))).toEqual({ meetings: ['Ben invites Ann'], tasks: [] });
  });

  it('shows someone else’s calendar only as far as the reader may read it', async () => {
    const annsWeek = range(7, 14, `&userId=${ann.id}`);
    expect(await calendar(crm.as(manager), annsWeek)).toEqual({
      meetings: ['Spans the edge', 'Kick-off'],
      tasks: ['Send offer', 'Done already'],
    });
    // Ben reads his own meeting Ann attends, nothing of Ann's own.
    expect(await calendar(crm.as(ben), annsWeek)).toEqual({ meetings: ['Ben invites Ann'], tasks: [] });
  });

  it('refuses a range that is backwards or longer than a month view', async () => {
    const backwards = await asAnn.get(range(14, 7));
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors[0].field).toBe('to');
    expect((await asAnn.get(range(1, 45))).statusCode).toBe(422);
    expect((await asAnn.get('/api/v1/calendar?from=yesterday&to=today')).statusCode).toBe(400);
  });

  it('reschedules by patching the moments the view shows', async () => {
    const meetings = (await asAnn.get(range(7, 8))).json().data.meetings as Array<Record<string, unknown>>;
    const kickOff = meetings.find((m) => m.title === 'Kick-off') as { id: string; version: number };
    const moved = await asAnn.patch(`/api/v1/meetings/${kickOff.id}`, {
      at: at(12, 14),
      endsAt: at(12, 15),
      version: kickOff.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await calendar(asAnn, range(12, 13))).meetings).toEqual(['Kick-off']);
    const stale = await asAnn.patch(`/api/v1/meetings/${kickOff.id}`, {
      at: at(13, 14),
      version: kickOff.version,
    });
    expect(stale.statusCode).toBe(412);
  });
});
