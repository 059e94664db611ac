import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bulkCreate, bulkDelete, bulkPatch, MAX_BULK_ITEMS } from '../core/bulk.js';
import type { EntityDef } from '../core/entity.js';
import { BadRequest } from '../core/errors.js';
import { DEFAULT_LIMIT, MAX_LIMIT, parseListQuery } from '../core/filter.js';
import type { Records } from '../core/records.js';
import type { ApiRecord } from '../core/row.js';
import { writeSchema } from '../core/validation.js';
import { requireActor } from './auth.js';

/** Marks a schema that documents a body the core validates itself (so bulk and import give the same errors). */
export const CORE_VALIDATED = 'x-validated-by-core';

export type RecordOperation =
  'list' | 'get' | 'create' | 'patch' | 'delete' | 'restore' | 'history' | 'bulk' | 'share';

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' } },
  required: ['id'],
  additionalProperties: false,
} as const;

const problem = { $ref: 'Problem#' };
const errorResponses = {
  400: problem,
  401: problem,
  403: problem,
  404: problem,
  409: problem,
  412: problem,
  422: problem,
};

export function schemaId(entity: EntityDef): string {
  return `${entity.name[0]?.toUpperCase()}${entity.name.slice(1)}`;
}

/** "3", W/"3" or 3: the version the client last read. */
export function expectedVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw new BadRequest('Invalid If-Match header.', [
      { field: 'If-Match', message: 'must be the ETag of the record, e.g. "3"', code: 'format' },
    ]);
  }
  return Number(match[1]);
}

export function sendRecord(reply: FastifyReply, record: ApiRecord, status = 200) {
  if (typeof record.version === 'number') reply.header('etag', `"${record.version}"`);
  return reply.code(status).send({ data: record });
}

export function registerRecordRoutes(
  app: FastifyInstance,
  records: Records,
  entity: EntityDef,
  except: RecordOperation[] = [],
): void {
  const base = `/api/v1/${entity.path}`;
  const ref = { $ref: `${schemaId(entity)}#` };
  const tags = [entity.labelPlural.en];
  const has = (op: RecordOperation) => !except.includes(op);
  const one = { type: 'object', properties: { data: ref }, required: ['data'] };
  const many = {
    type: 'object',
    properties: {
      data: { type: 'array', items: ref },
      nextCursor: { type: ['string', 'null'] },
      total: { type: 'integer' },
    },
    required: ['data', 'nextCursor'],
  };
  const createBody: Record<string, unknown> = { ...writeSchema(entity, 'create'), [CORE_VALIDATED]: true };
  const patchBody: Record<string, unknown> = { ...writeSchema(entity, 'patch'), [CORE_VALIDATED]: true };
  const label = entity.label.en.toLowerCase();
  const plural = entity.labelPlural.en.toLowerCase();

  if (has('list')) {
    app.get(base, {
      schema: {
        tags,
        summary: `List ${plural}`,
        description:
          'Filters: `filter[field][op]=value` with op one of eq, ne, lt, lte, gt, gte, in, nin, contains, startsWith, ' +
          'isNull, between (lists as `a,b` or a JSON array). Sort: `sort=-createdAt,name`. Keyset paging with `cursor`.',
        querystring: {
          type: 'object',
          [CORE_VALIDATED]: true,
          properties: {
            sort: {
              type: 'string',
              description: `Comma-separated fields, "-" for descending; default ${entity.defaultSort}`,
            },
            limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
            cursor: { type: 'string', description: 'nextCursor of the previous page' },
            fields: { type: 'string', description: 'Comma-separated fields to return' },
            total: { type: 'boolean', description: 'Also count every matching record' },
            trash: { type: 'boolean', description: 'List records in the trash instead' },
          },
        },
        response: { 200: many, ...errorResponses },
      },
      handler: async (request) => {
        const query = parseListQuery(entity, request.query as Record<string, string | string[] | undefined>);
        return records.list(requireActor(request), entity, query);
      },
    });
  }
  if (has('get')) {
    app.get(`${base}/:id`, {
      schema: {
        tags,
        summary: `Get a ${label}`,
        params: idParams,
        querystring: {
          type: 'object',
          properties: { trash: { type: 'boolean' } },
          additionalProperties: false,
        },
        response: { 200: one, ...errorResponses },
      },
      handler: async (request, reply) => {
        const { id } = request.params as { id: string };
        const { trash } = request.query as { trash?: boolean };
        return sendRecord(
          reply,
          await records.get(requireActor(request), entity, id, { trash: trash === true }),
        );
      },
    });
  }
  if (has('create')) {
    app.post(base, {
      schema: {
        tags,
        summary: `Create a ${label}`,
        body: createBody,
        response: { 201: one, ...errorResponses },
      },
      handler: async (request, reply) => {
        const record = await records.create(requireActor(request), entity, request.body);
        reply.header('location', `${base}/${String(record.id)}`);
        return sendRecord(reply, record, 201);
      },
    });
  }
  if (has('patch')) {
    app.patch(`${base}/:id`, {
      schema: {
        tags,
        summary: `Change a ${label}`,
        description: 'Send `If-Match: "<version>"` or `version` in the body; a stale version answers 412.',
        params: idParams,
        body: patchBody,
        response: { 200: one, ...errorResponses },
      },
      handler: async (request, reply) => {
        const { id } = request.params as { id: string };
        const record = await records.patch(requireActor(request), entity, id, request.body, {
          expectedVersion: expectedVersion(request),
        });
        return sendRecord(reply, record);
      },
    });
  }
  if (has('delete')) {
    app.delete(`${base}/:id`, {
      schema: {
        tags,
        summary: `Move a ${label} to the trash`,
        params: idParams,
        response: { 200: one, ...errorResponses },
      },
      handler: async (request, reply) => {
        const { id } = request.params as { id: string };
        const record = await records.remove(requireActor(request), entity, id, {
          expectedVersion: expectedVersion(request),
        });
        return sendRecord(reply, record);
      },
    });
  }
  if (has('restore')) {
    app.post(`${base}/:id/restore`, {
      schema: {
        tags,
        summary: `Restore a ${label} from the trash`,
        params: idParams,
        response: { 200: one, ...errorResponses },
      },
      handler: async (request, reply) => {
        const { id } = request.params as { id: string };
        return sendRecord(reply, await records.restore(requireActor(request), entity, id));
      },
    });
  }
  if (has('history')) {
    app.get(`${base}/:id/history`, {
      schema: {
        tags,
        summary: `Audit history of a ${label}`,
        params: idParams,
        response: {
          200: { type: 'object', properties: { data: { type: 'array', items: { $ref: 'AuditEntry#' } } } },
          ...errorResponses,
        },
      },
      handler: async (request) => {
        const { id } = request.params as { id: string };
        return { data: await records.history(requireActor(request), entity, id) };
      },
    });
  }
  if (has('bulk')) {
    const bulkBody = (items: unknown) => ({
      type: 'object',
      [CORE_VALIDATED]: true,
      properties: { items: { type: 'array', maxItems: MAX_BULK_ITEMS, items } },
      required: ['items'],
    });
    const manyDone = { type: 'object', properties: { data: { type: 'array', items: ref } } };
    const itemsOf = (request: FastifyRequest) => (request.body as { items?: unknown } | null)?.items;
    app.post(`${base}/bulk`, {
      schema: {
        tags,
        summary: `Create up to ${MAX_BULK_ITEMS} ${plural} (all or none)`,
        body: bulkBody(createBody),
        response: { 200: manyDone, ...errorResponses },
      },
      handler: async (request) => ({
        data: await bulkCreate(records, requireActor(request), entity, itemsOf(request)),
      }),
    });
    app.patch(`${base}/bulk`, {
      schema: {
        tags,
        summary: `Change up to ${MAX_BULK_ITEMS} ${plural} (all or none)`,
        body: bulkBody({
          ...patchBody,
          properties: { ...(patchBody.properties as object), id: { type: 'string', format: 'uuid' } },
          required: ['id'],
        }),
        response: { 200: manyDone, ...errorResponses },
      },
      handler: async (request) => ({
        data: await bulkPatch(records, requireActor(request), entity, itemsOf(request)),
      }),
    });
    app.post(`${base}/bulk-delete`, {
      schema: {
        tags,
        summary: `Move up to ${MAX_BULK_ITEMS} ${plural} to the trash (all or none)`,
        body: bulkBody({ type: 'string', format: 'uuid' }),
        response: { 200: manyDone, ...errorResponses },
      },
      handler: async (request) => ({
        data: await bulkDelete(records, requireActor(request), entity, itemsOf(request)),
      }),
    });
  }
  if (has('share') && entity.owned) {
    const shareBody = {
      type: 'object',
      properties: { userId: { type: 'string', format: 'uuid' } },
      required: ['userId'],
      additionalProperties: false,
    };
    app.post(`${base}/:id/shares`, {
      schema: {
        tags,
        summary: `Share a ${label} with a user`,
        params: idParams,
        body: shareBody,
        response: { 204: { type: 'null' }, ...errorResponses },
      },
      handler: async (request, reply) => {
        const { id } = request.params as { id: string };
        const { userId } = request.body as { userId: string };
        await records.share(requireActor(request), entity, id, userId);
        return reply.code(204).send();
      },
    });
    app.delete(`${base}/:id/shares/:userId`, {
      schema: {
        tags,
        summary: `Stop sharing a ${label} with a user`,
        params: {
          ...idParams,
          properties: { ...idParams.properties, userId: { type: 'string', format: 'uuid' } },
          required: ['id', 'userId'],
        },
        response: { 204: { type: 'null' }, ...errorResponses },
      },
      handler: async (request, reply) => {
        const { id, userId } = request.params as { id: string; userId: string };
        await records.share(requireActor(request), entity, id, userId, true);
        return reply.code(204).send();
      },
    });
  }
}
