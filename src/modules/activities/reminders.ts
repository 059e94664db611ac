import { sql } from 'kysely';
import type { Records, WriteContext } from '../../core/records.js';
import type { Row } from '../../core/row.js';
import type { Db } from '../../db/connect.js';
import { type Job, type JobRunner, enqueueJob } from '../../jobs/runner.js';
import { notify } from '../notifications/index.js';
import { valueAfter } from '../opportunities/pipelines.js';
import { meetingEntity, openTask, taskEntity } from './entities.js';

/**
 * Reminders on meetings and tasks: `reminderMinutes` before a meeting starts or a task is due, its organiser or
 * assignee (and a meeting's attending users) find a notification in their inbox. Each reminder is a job due at
 * that moment, enqueued in the transaction of the write that set it, so it survives restarts like the write does.
 * The job marks the row reminded only while the row still wants a reminder at the moment the job was made for: it
 * fires once (two servers racing for it update one row once), and not at all when the moment moved meanwhile (the
 * job for the new moment fires instead), the task was finished or the record deleted.
 */

export const REMINDER_JOB = 'activities.remind';

interface Reminded {
  entity: typeof meetingEntity | typeof taskEntity;
  /** The field whose moment the reminder comes before. */
  moment: 'at' | 'dueAt';
  momentColumn: string;
  /** Rows that no longer want a reminder although they still have one set (a finished task). */
  stillDue: ReturnType<typeof sql>;
  texts: Record<'en' | 'de', (title: string, when: string) => { title: string; body: string }>;
}

const REMINDED: Reminded[] = [
  {
    entity: meetingEntity,
    moment: 'at',
    momentColumn: 'at',
    stillDue: sql`true`,
    texts: {
      en: (title, when) => ({ title: `Reminder: ${title}`, body: `Starts ${when}` }),
      de: (title, when) => ({ title: `Erinnerung: ${title}`, body: `Beginnt ${when}` }),
    },
  },
  {
    entity: taskEntity,
    moment: 'dueAt',
    momentColumn: 'due_at',
    stillDue: openTask(),
    texts: {
      en: (title, when) => ({ title: `Reminder: ${title}`, body: `Due ${when}` }),
      de: (title, when) => ({ title: `Erinnerung: ${title}`, body: `Fällig ${when}` }),
    },
  },
];

/** The moment a reminder fires, or null: `minutes` before `moment`. */
export function reminderMoment(moment: unknown, minutes: unknown): string | null {
  if (typeof moment !== 'string' || typeof minutes !== 'number') return null;
  return new Date(Date.parse(moment) - minutes * 60_000).toISOString();
}

const sameInstant = (a: unknown, b: unknown) =>
  (a ?? null) === (b ?? null) ||
  (typeof a === 'string' && typeof b === 'string' && Date.parse(a) === Date.parse(b));

function setReminder(reminded: Reminded) {
  return (ctx: WriteContext & { columns: Row }): void => {
    if (ctx.action !== 'create' && ctx.action !== 'update') return;
    const remindAt = reminderMoment(
      valueAfter(ctx, reminded.momentColumn, reminded.moment),
      valueAfter(ctx, 'reminder_minutes', 'reminderMinutes'),
    );
    if (ctx.action === 'update' && sameInstant(remindAt, ctx.before?.remindAt)) return;
    ctx.columns.remind_at = remindAt;
    ctx.columns.reminded_at = null;
  };
}

function scheduleReminder(reminded: Reminded) {
  return async (ctx: WriteContext): Promise<void> => {
    const remindAt = ctx.after?.remindAt;
    if (typeof remindAt !== 'string' || sameInstant(remindAt, ctx.before?.remindAt)) return;
    // Nobody wants to be reminded of a meeting that has begun or a task already overdue when it is written.
    if (Date.parse(String(ctx.after?.[reminded.moment])) <= Date.now()) return;
    const id = ctx.after?.id as string;
    await enqueueJob(
      ctx.trx,
      REMINDER_JOB,
      { entity: reminded.entity.name, id, remindAt },
      { runAt: new Date(remindAt), dedupeKey: `reminder:${id}:${remindAt}` },
    );
  };
}

export function formatMoment(moment: Date, language: 'en' | 'de', timeZone: string, allDay: boolean): string {
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    timeZone,
    dateStyle: 'medium',
    ...(allDay ? {} : { timeStyle: 'short' }),
  }).format(moment);
}

/** The job: fires the reminder it was made for, if the row still wants exactly that one. */
export async function fireReminder(job: Job, trx: Db): Promise<void> {
  const { entity, id, remindAt } = job.payload as { entity: string; id: string; remindAt: string };
  const reminded = REMINDED.find((candidate) => candidate.entity.name === entity);
  if (!reminded) throw new Error(`reminders: no reminders on ${entity}`);
  const isMeeting = reminded.entity === meetingEntity;
  const { rows } = await sql<{ title: string; moment: Date; all_day: boolean; recipients: string[] }>`
    UPDATE ${sql.table(reminded.entity.table)} SET reminded_at = now()
    WHERE id = ${id} AND remind_at = ${remindAt}::timestamptz AND reminded_at IS NULL AND deleted_at IS NULL
      AND ${reminded.stillDue}
    RETURNING title, ${sql.ref(reminded.momentColumn)} AS moment,
      ${isMeeting ? sql`all_day` : sql`false`} AS all_day,
      array_remove(${isMeeting ? sql`owner_id || attendee_user_ids` : sql`ARRAY[owner_id]`}, NULL) AS recipients`.execute(
    trx,
  );
  const row = rows[0];
  if (!row) return;
  const { rows: users } = await sql<{ id: string; language: string; time_zone: string }>`
    SELECT id, language, time_zone FROM users WHERE id = ANY(${row.recipients}::uuid[])`.execute(trx);
  for (const user of users) {
    const language = user.language === 'de' ? 'de' : 'en';
    const when = formatMoment(new Date(row.moment), language, user.time_zone, row.all_day);
    await notify(trx, {
      userIds: [user.id],
      kind: 'reminder',
      ...reminded.texts[language](row.title, when),
      entity,
      recordId: id,
    });
  }
}

export function registerReminders(records: Records, jobs: JobRunner): void {
  for (const reminded of REMINDED) {
    records.on(reminded.entity.name, {
      beforeWrite: setReminder(reminded),
      afterWrite: scheduleReminder(reminded),
    });
  }
  jobs.register(REMINDER_JOB, fireReminder);
}
