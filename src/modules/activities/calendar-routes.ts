import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { NotFound } from '../../core/errors.js';
import type { Records } from '../../core/records.js';
import { requireActor } from '../../http/auth.js';
import { idParams, problemResponses } from '../../http/openapi.js';
import { publicOrigin, publicUrlFrom } from '../../http/origins.js';
import { sha256 } from '../users/auth.js';
import { meetingsCalendar, readCalendarMeetings } from './calendar.js';
import { meetingEntity } from './entities.js';

/**
 * A meeting as an `.ics` download, and each user's calendar feed: a secret address (no login: calendar programs
 * cannot log in) serving the meetings they organise or attend, from a month back on.
 */

const tags = ['Activities'];
const FEED_DAYS_BACK = 31;
const TOKEN_PREFIX = 'crmcal_';
const calendarResponse = {
  description: 'iCalendar (RFC 5545)',
  content: { 'text/calendar': { schema: { type: 'string' } } },
};
const feedSchema = {
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: {
        enabled: { type: 'boolean' },
        createdAt: { type: ['string', 'null'], format: 'date-time' },
        url: { type: 'string', description: 'The secret address; only in the answer that made it' },
      },
      required: ['enabled', 'createdAt'],
    },
  },
  required: ['data'],
};

/** A file name of plain letters, digits and dashes, so no header quoting or encoding is needed. */
function fileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'meeting'}.ics`;
}

export function registerCalendarRoutes(app: FastifyInstance, records: Records): void {
  const db = records.db;
  const publicUrl = publicUrlFrom(process.env.CRM_PUBLIC_URL);
  const origin = (request: FastifyRequest) => publicOrigin(publicUrl, request);
  const meetingUrl = (request: FastifyRequest) => (meetingId: string) =>
    `${origin(request)}/records/${meetingEntity.path}/${meetingId}`;

  app.get(`/api/v1/${meetingEntity.path}/:id/ics`, {
    schema: {
      tags,
      operationId: 'getMeetingIcs',
      summary: 'The meeting as an iCalendar file (.ics) for a calendar program',
      description:
        'Start and end in UTC (an all-day meeting: its days in your time zone), location, description, organiser ' +
        'and attendees with e-mail addresses; the UID stays the same and SEQUENCE follows the version, so ' +
        'importing it again updates the event.',
      params: idParams,
      response: { 200: calendarResponse, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: string };
      // Reading it through the record engine is the permission check: a meeting the actor may not see is a 404.
      const meeting = await records.get(actor, meetingEntity, id);
      const text = meetingsCalendar(await readCalendarMeetings(db, { ids: [id] }), {
        name: String(meeting.title),
        timeZone: actor.timeZone,
        recordUrl: meetingUrl(request),
      });
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName(String(meeting.title))}"`)
        .header('cache-control', 'private, no-store')
        .send(text);
    },
  });

  app.get('/api/v1/auth/me/calendar-feed', {
    schema: {
      tags,
      operationId: 'getMyCalendarFeed',
      summary: 'Whether you have a calendar feed, and since when',
      response: { 200: feedSchema, ...problemResponses(401) },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      const { rows } = await sql<{ created_at: string }>`SELECT created_at FROM calendar_feeds
        WHERE user_id = ${actor.userId}`.execute(db);
      return { data: { enabled: rows.length > 0, createdAt: rows[0]?.created_at ?? null } };
    },
  });

  app.post('/api/v1/auth/me/calendar-feed', {
    schema: {
      tags,
      operationId: 'createMyCalendarFeed',
      summary: 'Make your calendar feed’s secret address (a new one replaces the old)',
      description:
        'Answers the address once: subscribe to it in a calendar program. Only a hash is stored, so a lost ' +
        'address cannot be shown again; make a new one (the old one stops working).',
      response: { 201: feedSchema, ...problemResponses(401, 403) },
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      if (!actor.userId) throw new NotFound('The system has no calendar.');
      const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const { rows } = await sql<{ created_at: string }>`
        INSERT INTO calendar_feeds (user_id, token_hash) VALUES (${actor.userId}, ${sha256(token)})
        ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()
        RETURNING created_at`.execute(db);
      const url = `${origin(request)}/api/v1/calendar-feeds/${token}/meetings.ics`;
      return reply.code(201).send({ data: { enabled: true, createdAt: rows[0]?.created_at, url } });
    },
  });

  app.delete('/api/v1/auth/me/calendar-feed', {
    schema: {
      tags,
      operationId: 'deleteMyCalendarFeed',
      summary: 'Turn your calendar feed off (its address stops working)',
      response: { 204: { type: 'null', description: 'Off' }, ...problemResponses(401, 403) },
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      await sql`DELETE FROM calendar_feeds WHERE user_id = ${actor.userId}`.execute(db);
      return reply.code(204).send();
    },
  });

  app.get('/api/v1/calendar-feeds/:token/meetings.ics', {
    config: { public: true },
    schema: {
      tags,
      operationId: 'getCalendarFeed',
      summary: 'A user’s calendar feed (public: the secret address is the key)',
      description: `The meetings the feed's user organises or attends that end ${FEED_DAYS_BACK} days ago or later.`,
      security: [],
      params: {
        type: 'object',
        properties: { token: { type: 'string', maxLength: 100 } },
        required: ['token'],
      },
      response: { 200: calendarResponse, ...problemResponses(404) },
    },
    handler: async (request, reply) => {
      const { token } = request.params as { token: string };
      const { rows } = await sql<{ id: string; full_name: string; time_zone: string }>`
        SELECT u.id, u.full_name, u.time_zone FROM calendar_feeds f JOIN users u ON u.id = f.user_id
        WHERE f.token_hash = ${sha256(token)} AND u.deleted_at IS NULL AND u.enabled`.execute(db);
      const user = rows[0];
      // Unknown, replaced and switched-off addresses look alike: nothing tells a guesser which tokens existed.
      if (!user) throw new NotFound('No calendar feed at this address.');
      const from = new Date(Date.now() - FEED_DAYS_BACK * 86_400_000);
      const text = meetingsCalendar(await readCalendarMeetings(db, { userId: user.id, from }), {
        name: `Open CRM – ${user.full_name}`,
        timeZone: user.time_zone,
        recordUrl: meetingUrl(request),
      });
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(text);
    },
  });
}
