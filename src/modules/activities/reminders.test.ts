import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';
import { REMINDER_JOB, fireReminder } from './reminders.js';

/**
 * Reminders on tasks and meetings: the moment they fire, who is told and in which language, and that each fires
 * once, not after its moment moved, not for a finished task or a deleted record.
 */

let crm: TestCrm;
let ann: TestUser;
let ben: TestUser;
let asAnn: Client;
let customerId: string;

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

async function created(path: string, body: Record<string, unknown>) {
  const response = await asAnn.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

/** Runs the reminder job made when `task` was written once more, as a second job for it would. */
async function fireAgain(task: { id: string; remindAt: string }): Promise<void> {
  const payload = { entity: 'task', id: task.id, remindAt: task.remindAt };
  await crm.database.db
    .transaction()
    .execute((trx) =>
      fireReminder({ id: 'again', name: REMINDER_JOB, attempts: 1, maxAttempts: 5, payload }, trx),
    );
}

/** Runs every job that is due, as a server's runner would. */
async function runDueJobs(): Promise<void> {
  while (await crm.server.jobs.runOne());
}

async function reminders(user: TestUser) {
  const response = await crm.as(user).get('/api/v1/notifications?limit=100');
  return (
    response.json().data as Array<{ kind: string; title: string; body: string; recordId: string }>
  ).filter((notification) => notification.kind === 'reminder');
}

beforeAll(async () => {
  crm = await createTestCrm();
  ann = await crm.createUser('Sales Representative', 'Ann Reminder');
  ben = await crm.createUser('Sales Representative', 'Ben Reminder');
  asAnn = crm.as(ann);
  await crm.as(ben).patch('/api/v1/auth/me', { language: 'de', timeZone: 'Europe/Berlin' });
  customerId = (await created('customers', { name: 'Reminder Werke GmbH' })).id;
});
afterAll(() => crm?.close());

describe('reminders', () => {
  it('reminds the assignee of a task the given minutes before it is due, once', async () => {
    const dueAt = inMinutes(10);
    const task = await created('tasks', { title: 'Send the offer', customerId, dueAt, reminderMinutes: 10 });
    expect(Date.parse(task.remindAt)).toBe(Date.parse(dueAt) - 10 * 60_000);
    expect(task.remindedAt).toBeNull();
    await runDueJobs();
    const mine = (await reminders(ann)).filter((notification) => notification.recordId === task.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ title: 'Reminder: Send the offer' });
    expect(mine[0]?.body).toMatch(/^Due \d{1,2} \w{3} \d{4}, \d{2}:\d{2}$/);
    const after = (await asAnn.get(`/api/v1/tasks/${task.id}`)).json().data;
    expect(after.remindedAt).not.toBeNull();

    // A second job for the same reminder (two servers each scheduling it) finds it fired: nobody is told twice.
    await fireAgain(task);
    expect((await reminders(ann)).filter((notification) => notification.recordId === task.id)).toHaveLength(
      1,
    );
  });

  it('waits for a reminder that is not due yet, and follows its task when it moves', async () => {
    const task = await created('tasks', {
      title: 'Prepare the demo',
      customerId,
      dueAt: inMinutes(120),
      reminderMinutes: 30,
    });
    await runDueJobs();
    expect((await reminders(ann)).some((notification) => notification.recordId === task.id)).toBe(false);
    const moved = await asAnn.patch(`/api/v1/tasks/${task.id}`, {
      dueAt: inMinutes(5),
      version: task.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await runDueJobs();
    expect((await reminders(ann)).filter((notification) => notification.recordId === task.id)).toHaveLength(
      1,
    );
    // The job made for the old moment finds another moment on the task when its time comes, and does nothing.
    await fireAgain(task);
    expect((await reminders(ann)).filter((notification) => notification.recordId === task.id)).toHaveLength(
      1,
    );
  });

  it('does not remind of a task that is done, a deleted one, or one already overdue when written', async () => {
    const done = await created('tasks', {
      title: 'Done early',
      customerId,
      dueAt: inMinutes(120),
      reminderMinutes: 0,
    });
    const deleted = await created('tasks', {
      title: 'Dropped',
      customerId,
      dueAt: inMinutes(120),
      reminderMinutes: 0,
    });
    const overdue = await created('tasks', {
      title: 'Late',
      customerId,
      dueAt: inMinutes(-5),
      reminderMinutes: 0,
    });
    expect(
      (await asAnn.patch(`/api/v1/tasks/${done.id}`, { status: 'done', version: done.version })).statusCode,
    ).toBe(200);
    expect((await asAnn.delete(`/api/v1/tasks/${deleted.id}`)).statusCode).toBe(200);
    // Their reminders fall due: as if two hours had passed.
    await sql`UPDATE jobs SET run_at = now() WHERE name = 'activities.remind' AND status = 'pending'`.execute(
      crm.database.db,
    );
    await runDueJobs();
    const told = new Set((await reminders(ann)).map((notification) => notification.recordId));
    for (const task of [done, deleted, overdue]) expect(told.has(task.id), task.title).toBe(false);
  });

  it('reminds the organiser and the attending users of a meeting, each in their language and time zone', async () => {
    const startsAt = '2027-03-01T09:30:00.000Z';
    const meeting = await created('meetings', {
      title: 'Kick-off',
      customerId,
      at: startsAt,
      endsAt: '2027-03-01T10:30:00.000Z',
      attendeeUserIds: [ben.id],
      reminderMinutes: 15,
    });
    expect(meeting.remindAt).toBe('2027-03-01T09:15:00Z');
    await sql`UPDATE jobs SET run_at = now() WHERE name = 'activities.remind' AND status = 'pending'`.execute(
      crm.database.db,
    );
    await runDueJobs();
    expect((await reminders(ann)).find((notification) => notification.recordId === meeting.id)).toMatchObject(
      {
        title: 'Reminder: Kick-off',
        body: 'Starts 1 Mar 2027, 09:30',
      },
    );
    expect((await reminders(ben)).find((notification) => notification.recordId === meeting.id)).toMatchObject(
      {
        title: 'Erinnerung: Kick-off',
        body: 'Beginnt 01.03.2027, 10:30',
      },
    );
  });

  it('refuses a reminder before a negative moment or more than four weeks ahead', async () => {
    for (const reminderMinutes of [-1, 40_321, 1.5]) {
      const response = await asAnn.post('/api/v1/tasks', {
        title: 'Odd',
        customerId,
        dueAt: inMinutes(60),
        reminderMinutes,
      });
      expect(response.statusCode, String(reminderMinutes)).toBe(422);
      expect(response.json().errors[0]).toMatchObject({ field: 'reminderMinutes' });
    }
  });
});
