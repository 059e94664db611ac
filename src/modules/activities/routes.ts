import type { FastifyInstance } from 'fastify';
import { BadRequest } from '../../core/errors.js';
import type { Records } from '../../core/records.js';
import { requireActor } from '../../http/auth.js';
import { CORE_VALIDATED, problemResponses } from '../../http/openapi.js';
import { REGARDING } from './entities.js';
import {
  TIMELINE_MAX_LIMIT,
  TIMELINE_TYPES,
  type TimelineQuery,
  type TimelineType,
  readTimeline,
} from './timeline.js';

/** GET /api/v1/<entity>/{id}/timeline for every entity an activity can be about (timeline.ts). */

const DEFAULT_LIMIT = 20;

const item = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string', enum: [...TIMELINE_TYPES] },
    at: { type: 'string', format: 'date-time' },
    entity: { type: 'string', description: 'The activity’s entity, or the audited record’s' },
    recordId: { type: 'string', format: 'uuid' },
    actorId: { type: ['string', 'null'], format: 'uuid' },
    record: {
      type: 'object',
      additionalProperties: true,
      description: 'An activity (note, call, meeting, task) as its own API returns it',
    },
    action: { type: 'string', description: 'A change: create, update, delete, restore, merge or share' },
    actorName: { type: ['string', 'null'] },
    changes: {
      type: 'object',
      additionalProperties: true,
      description: 'A change: the fields it changed, `{field: {from, to}}`',
    },
  },
  required: ['id', 'type', 'at', 'entity', 'recordId', 'actorId'],
};

function parseQuery(query: Record<string, string | undefined>): TimelineQuery {
  const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > TIMELINE_MAX_LIMIT) {
    throw new BadRequest(`limit must be a whole number from 1 to ${TIMELINE_MAX_LIMIT}.`, [
      { field: 'limit', message: `must be from 1 to ${TIMELINE_MAX_LIMIT}`, code: 'range' },
    ]);
  }
  const types = query.types?.split(',').filter(Boolean);
  const unknown = types?.filter((type) => !(TIMELINE_TYPES as readonly string[]).includes(type)) ?? [];
  if (unknown.length) {
    throw new BadRequest(`Unknown timeline types: ${unknown.join(', ')}.`, [
      { field: 'types', message: `must be among ${TIMELINE_TYPES.join(', ')}`, code: 'enum' },
    ]);
  }
  return { limit, cursor: query.cursor, types: types as TimelineType[] | undefined };
}

export function registerTimelineRoutes(app: FastifyInstance, records: Records): void {
  for (const { target } of REGARDING) {
    app.get(`/api/v1/${target.path}/:id/timeline`, {
      schema: {
        tags: [target.labelPlural.en],
        operationId: `get${target.name[0]?.toUpperCase()}${target.name.slice(1)}Timeline`,
        summary: `Timeline of a ${target.label.en.toLowerCase()}: activities, changes and linked records’ events`,
        description:
          'Newest first, keyset paged (`cursor` from `nextCursor`). Activities about the record (for a customer ' +
          'also about its contacts, deals and documents), its audited changes, and the status and stage changes ' +
          'of the opportunities, quotations and orders linked to it; each item only if you may read it. ' +
          '`types=note,call` keeps some kinds.',
        params: {
          type: 'object',
          properties: { id: { type: 'string', format: 'uuid' } },
          required: ['id'],
        },
        querystring: {
          type: 'object',
          [CORE_VALIDATED]: true,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: TIMELINE_MAX_LIMIT, default: DEFAULT_LIMIT },
            cursor: { type: 'string' },
            types: { type: 'string', description: `Comma-separated: ${TIMELINE_TYPES.join(', ')}` },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              data: { type: 'array', items: item },
              nextCursor: { type: ['string', 'null'] },
            },
            required: ['data', 'nextCursor'],
          },
          ...problemResponses(400, 401, 403, 404),
        },
      },
      handler: async (request) => {
        const { id } = request.params as { id: string };
        const query = parseQuery(request.query as Record<string, string | undefined>);
        return readTimeline(records, requireActor(request), records.current(target), id, query);
      },
    });
  }
}
