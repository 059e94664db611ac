import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { ValidationFailed } from '../../core/errors.js';
import { type Actor, readableCondition } from '../../core/permissions.js';
import type { Records } from '../../core/records.js';
import { type ApiRecord, type Row, rowToRecord } from '../../core/row.js';
import { requireActor } from '../../http/auth.js';
import { problemResponses } from '../../http/openapi.js';
import { meetingEntity, taskEntity } from './entities.js';

/**
 * A person's calendar between two instants, for the week and month views: the meetings they organise or attend
 * that overlap the range, and the tasks assigned to them that are due in it (done ones too, so a week shows what
 * was finished). Only what the reader may read: a manager looking at a rep's calendar sees the rep's meetings on
 * records of the manager's teams, not a private one elsewhere.
 */

/** Six weeks and a day: a month view's grid, with room for the time-zone edges. */
const MAX_RANGE_MS = 43 * 86_400_000;
const LIMIT = 1000;

export interface CalendarRange {
  meetings: ApiRecord[];
  tasks: ApiRecord[];
}

export async function readCalendarRange(
  records: Records,
  actor: Actor,
  range: { from: string; to: string; userId: string },
): Promise<CalendarRange> {
  const db = records.db;
  const { rows: meetings } = await sql<Row>`SELECT * FROM meetings m
    WHERE m.deleted_at IS NULL AND (m.owner_id = ${range.userId} OR m.attendee_user_ids @> ARRAY[${range.userId}]::uuid[])
      AND m.at < ${range.to}::timestamptz AND m.ends_at > ${range.from}::timestamptz
      AND ${readableCondition(actor, meetingEntity, 'm')}
    ORDER BY m.at, m.id LIMIT ${LIMIT}`.execute(db);
  const { rows: tasks } = await sql<Row>`SELECT * FROM tasks t
    WHERE t.deleted_at IS NULL AND t.owner_id = ${range.userId}
      AND t.due_at >= ${range.from}::timestamptz AND t.due_at < ${range.to}::timestamptz
      AND ${readableCondition(actor, taskEntity, 't')}
    ORDER BY t.due_at, t.id LIMIT ${LIMIT}`.execute(db);
  const meeting = records.current(meetingEntity);
  const task = records.current(taskEntity);
  return {
    meetings: meetings.map((row) => rowToRecord(meeting, row)),
    tasks: tasks.map((row) => rowToRecord(task, row)),
  };
}

const list = { type: 'array', items: { type: 'object', additionalProperties: true } };

export function registerCalendarRangeRoute(app: FastifyInstance, records: Records): void {
  app.get('/api/v1/calendar', {
    schema: {
      tags: ['Activities'],
      operationId: 'getCalendar',
      summary: 'A person’s meetings and tasks between two instants (the calendar’s week and month)',
      description:
        'Meetings the person (default: you) organises or attends that overlap [from, to), and tasks assigned to ' +
        'them due in it, each only if you may read it; at most 43 days, at most 1000 of each. Reschedule by ' +
        'patching a meeting’s `at` and `endsAt` or a task’s `dueAt`.',
      querystring: {
        type: 'object',
        properties: {
          from: { type: 'string', format: 'date-time' },
          to: { type: 'string', format: 'date-time' },
          userId: { type: 'string', format: 'uuid', description: 'Whose calendar; default yours' },
        },
        required: ['from', 'to'],
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          properties: {
            data: {
              type: 'object',
              properties: { meetings: list, tasks: list },
              required: ['meetings', 'tasks'],
            },
          },
          required: ['data'],
        },
        ...problemResponses(400, 401, 422),
      },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      const query = request.query as { from: string; to: string; userId?: string };
      const span = Date.parse(query.to) - Date.parse(query.from);
      if (!(span > 0 && span <= MAX_RANGE_MS)) {
        throw new ValidationFailed([
          { field: 'to', message: 'must be after from and at most 43 days later', code: 'range' },
        ]);
      }
      const userId = query.userId ?? actor.userId ?? '00000000-0000-0000-0000-000000000000';
      return { data: await readCalendarRange(records, actor, { ...query, userId }) };
    },
  });
}
