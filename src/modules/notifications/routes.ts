import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/connect.js';
import { requireActor } from '../../http/auth.js';
import { idParams, problemResponses } from '../../http/openapi.js';
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  countUnread,
  inboxOwner,
  listNotifications,
  markAllRead,
  markRead,
} from './service.js';

const nullableString = { type: ['string', 'null'] };

export const notificationSchema = {
  $id: 'Notification',
  title: 'Notification',
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    createdAt: { type: 'string', format: 'date-time' },
    readAt: { ...nullableString, format: 'date-time', description: 'When you read it; null while unread' },
    kind: { type: 'string', description: 'What happened, snake_case: `lead_assigned`' },
    title: { type: 'string' },
    body: { type: 'string' },
    entity: { ...nullableString, description: 'The entity of the record it is about, by name: `lead`' },
    recordId: { ...nullableString, format: 'uuid', description: 'The record it is about' },
    actorId: { ...nullableString, format: 'uuid', description: 'The user who caused it' },
  },
  required: ['id', 'createdAt', 'readAt', 'kind', 'title', 'body', 'entity', 'recordId', 'actorId'],
  additionalProperties: false,
} as const;

const ref = { $ref: 'Notification#' };
const countSchema = {
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: { count: { type: 'integer', minimum: 0 } },
      required: ['count'],
      additionalProperties: false,
    },
  },
  required: ['data'],
  additionalProperties: false,
};

/** Every route reads or changes the caller's own inbox only: there is no way to name another user's. */
export function registerNotificationRoutes(app: FastifyInstance, db: Db): void {
  const base = '/api/v1/notifications';
  const tags = ['Notifications'];
  const user = (request: FastifyRequest) => inboxOwner(requireActor(request));

  app.addSchema(notificationSchema);

  app.get(base, {
    schema: {
      tags,
      operationId: 'listNotifications',
      summary: 'List your notifications, newest first',
      description: 'Keyset paging: pass `nextCursor` of one page as `cursor` to get the next.',
      querystring: {
        type: 'object',
        properties: {
          unread: { type: 'boolean', description: 'Only the notifications you have not read' },
          limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
          cursor: {
            type: 'string',
            pattern: '^[A-Za-z0-9_-]+$',
            maxLength: 400,
            description: 'nextCursor of the previous page',
          },
        },
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          properties: {
            data: { type: 'array', items: ref },
            nextCursor: { type: ['string', 'null'] },
          },
          required: ['data', 'nextCursor'],
          additionalProperties: false,
        },
        ...problemResponses(400, 401),
      },
    },
    handler: async (request) => {
      const query = request.query as { unread?: boolean; limit?: number; cursor?: string };
      return listNotifications(db, user(request), query);
    },
  });

  app.get(`${base}/unread-count`, {
    schema: {
      tags,
      operationId: 'countUnreadNotifications',
      summary: 'How many of your notifications are unread',
      response: { 200: countSchema, ...problemResponses(401) },
    },
    handler: async (request) => ({ data: { count: await countUnread(db, user(request)) } }),
  });

  app.post(`${base}/:id/read`, {
    schema: {
      tags,
      operationId: 'markNotificationRead',
      summary: 'Mark one of your notifications read',
      description: 'Marking it again keeps the time it was first read.',
      params: idParams,
      response: {
        200: {
          type: 'object',
          properties: { data: ref },
          required: ['data'],
          additionalProperties: false,
        },
        ...problemResponses(400, 401, 403, 404),
      },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      return { data: await markRead(db, user(request), id) };
    },
  });

  app.post(`${base}/read-all`, {
    schema: {
      tags,
      operationId: 'markAllNotificationsRead',
      summary: 'Mark all your notifications read',
      description: '`count` is how many were unread.',
      response: { 200: countSchema, ...problemResponses(401, 403) },
    },
    handler: async (request) => ({ data: { count: await markAllRead(db, user(request)) } }),
  });
}
