import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { type Actor, readableCondition } from '../../core/permissions.js';
import type { Records } from '../../core/records.js';
import { type ApiRecord, type Row, rowToRecord } from '../../core/row.js';
import { requireActor } from '../../http/auth.js';
import { problemResponses } from '../../http/openapi.js';
import { meetingEntity, openTask, taskEntity } from './entities.js';
import { OPEN_OPPORTUNITY_STATUSES, lastActivityAt } from './recency.js';

/**
 * "My day": what the user has to do today, in their time zone: open tasks due today or overdue, today's meetings
 * (organised or attended, where they may open them), and their open leads and opportunities with no next step
 * (no open task, no meeting to come), those without any activity longest first.
 */

const LIST_LIMIT = 100;

export interface WithoutNextStep {
  entity: 'lead' | 'opportunity';
  id: string;
  title: string;
  status: string;
  lastActivityAt: string | null;
}

export interface MyDay {
  date: string;
  overdueTasks: ApiRecord[];
  todayTasks: ApiRecord[];
  meetings: ApiRecord[];
  withoutNextStep: WithoutNextStep[];
}

/** Leads and opportunities still being worked on, by the statuses of the status rules. */
const WORKED_ON = [
  {
    entity: 'lead',
    table: 'leads',
    link: 'lead_id',
    open: ['lead', 'open', 'replied', 'interested'],
    // Nobody is to call a lead that asked not to be contacted: it needs no next step.
    also: sql`AND NOT r.do_not_contact`,
  },
  {
    entity: 'opportunity',
    table: 'opportunities',
    link: 'opportunity_id',
    open: OPEN_OPPORTUNITY_STATUSES,
    also: sql``,
  },
] as const;

function withoutNextStepQuery(userId: string, worked: (typeof WORKED_ON)[number]) {
  const link = sql.ref(worked.link);
  return sql`SELECT ${worked.entity}::text AS entity, r.id, r.title, r.status, r.updated_at,
      ${lastActivityAt(worked.link, 'r')} AS last_activity_at
    FROM ${sql.table(worked.table)} r
    WHERE r.owner_id = ${userId} AND r.deleted_at IS NULL AND r.status = ANY(${[...worked.open]}::text[]) ${worked.also}
      AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.${link} = r.id AND t.deleted_at IS NULL AND ${openTask('t.status')})
      AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.${link} = r.id AND m.deleted_at IS NULL AND m.at >= now())`;
}

export async function readMyDay(records: Records, actor: Actor): Promise<MyDay> {
  const userId = actor.userId ?? '00000000-0000-0000-0000-000000000000';
  const db = records.db;
  const zone = actor.timeZone;
  // Midnight to midnight where the user is, DST included (a day may have 23 or 25 hours).
  const { rows: bounds } = await sql<{ date: string; starts: string; ends: string }>`
    SELECT (now() AT TIME ZONE ${zone})::date::text AS date,
      date_trunc('day', now() AT TIME ZONE ${zone}) AT TIME ZONE ${zone} AS starts,
      (date_trunc('day', now() AT TIME ZONE ${zone}) + interval '1 day') AT TIME ZONE ${zone} AS ends`.execute(
    db,
  );
  const day = bounds[0] as { date: string; starts: string; ends: string };

  const { rows: tasks } = await sql<Row>`SELECT * FROM tasks
    WHERE owner_id = ${userId} AND deleted_at IS NULL AND ${openTask()} AND due_at < ${day.ends}::timestamptz
    ORDER BY due_at, id LIMIT ${LIST_LIMIT}`.execute(db);
  const { rows: meetings } = await sql<Row>`SELECT * FROM meetings m
    WHERE m.deleted_at IS NULL AND (m.owner_id = ${userId} OR m.attendee_user_ids @> ARRAY[CAST(${userId} AS uuid)])
      AND m.at < ${day.ends}::timestamptz AND m.ends_at >= ${day.starts}::timestamptz
      AND ${readableCondition(actor, meetingEntity, 'm')}
    ORDER BY m.at, m.id LIMIT ${LIST_LIMIT}`.execute(db);
  const { rows: idle } = await sql<{
    entity: 'lead' | 'opportunity';
    id: string;
    title: string;
    status: string;
    last_activity_at: string | null;
  }>`SELECT * FROM (${sql.join(
    WORKED_ON.map((worked) => withoutNextStepQuery(userId, worked)),
    sql` UNION ALL `,
  )}) AS w ORDER BY last_activity_at NULLS FIRST, updated_at, id LIMIT ${LIST_LIMIT}`.execute(db);

  const task = records.current(taskEntity);
  const meeting = records.current(meetingEntity);
  const startsMs = Date.parse(day.starts);
  const taskRecords = tasks.map((row) => rowToRecord(task, row));
  return {
    date: day.date,
    overdueTasks: taskRecords.filter((t) => Date.parse(String(t.dueAt)) < startsMs),
    todayTasks: taskRecords.filter((t) => Date.parse(String(t.dueAt)) >= startsMs),
    meetings: meetings.map((row) => rowToRecord(meeting, row)),
    withoutNextStep: idle.map((row) => ({
      entity: row.entity,
      id: row.id,
      title: row.title,
      status: row.status,
      lastActivityAt: row.last_activity_at ? new Date(row.last_activity_at).toISOString() : null,
    })),
  };
}

const records = { type: 'array', items: { type: 'object', additionalProperties: true } };

export function registerMyDayRoute(app: FastifyInstance, crmRecords: Records): void {
  app.get('/api/v1/my-day', {
    schema: {
      tags: ['Activities'],
      operationId: 'getMyDay',
      summary: 'Your day: tasks due and overdue, today’s meetings, your leads and deals without a next step',
      description:
        'Today is the day in your time zone. Tasks: your open ones due before its end (`overdueTasks` before its ' +
        'start). Meetings: those you organise or attend that overlap it and that you may read. `withoutNextStep`: ' +
        'your open leads and opportunities with no open task and no meeting to come, those whose last activity ' +
        'is oldest (or that never had one) first. At most 100 of each.',
      response: {
        200: {
          type: 'object',
          properties: {
            data: {
              type: 'object',
              properties: {
                date: { type: 'string', format: 'date' },
                overdueTasks: records,
                todayTasks: records,
                meetings: records,
                withoutNextStep: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      entity: { type: 'string', enum: ['lead', 'opportunity'] },
                      id: { type: 'string', format: 'uuid' },
                      title: { type: 'string' },
                      status: { type: 'string' },
                      lastActivityAt: { type: ['string', 'null'], format: 'date-time' },
                    },
                    required: ['entity', 'id', 'title', 'status', 'lastActivityAt'],
                  },
                },
              },
              required: ['date', 'overdueTasks', 'todayTasks', 'meetings', 'withoutNextStep'],
            },
          },
          required: ['data'],
        },
        ...problemResponses(401),
      },
    },
    handler: async (request) => ({ data: await readMyDay(crmRecords, requireActor(request)) }),
  });
}
