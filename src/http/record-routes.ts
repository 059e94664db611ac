import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { bulkCreate, bulkDelete, bulkPatch, MAX_BULK_ITEMS } from '../core/bulk.js';
import type { EntityDef } from '../core/entity.js';
import { BadRequest } from '../core/errors.js';
import { DEFAULT_LIMIT, MAX_LIMIT, parseListQuery } from '../core/filter.js';
import type { Records } from '../core/records.js';
import type { ApiRecord } from '../core/row.js';
import { writeSchema } from '../core/validation.js';
import { requireActor } from './auth.js';
import { CORE_VALIDATED, idParams, problemResponses } from './openapi.js';

export type RecordOperation =
  'list' | 'get' | 'create' | 'patch' | 'delete' | 'restore' | 'history' | 'bulk' | 'share';

const ERRORS = problemResponses(400, 401, 403, 404, 409, 412, 422);

function pascal(text: string): string {
  return text.replace(/(^|[\s-])(\w)/g, (_, _sep: string, c: string) => c.toUpperCase());
}

export function schemaId(entity: EntityDef): string {
  return pascal(entity.name);
}

/** The plural in operation ids (`listCustomerAddresses`), from the English label: not every plural ends in one s. */
export function pluralId(entity: EntityDef): string {
  return pascal(entity.labelPlural.en);
}

/** The answer that carries one record: `{ data: {...} }`. */
export function oneRecord(entity: EntityDef) {
  return { type: 'object', properties: { data: { $ref: `${schemaId(entity)}#` } }, required: ['data'] };
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

/** `?duplicates=allow`: the client confirms a record that resembles others (core/duplicates.ts). */
export const duplicatesQuery = {
  type: 'object',
  properties: {
    duplicates: {
      type: 'string',
      enum: ['allow'],
      description: 'Write even if the record looks like a duplicate of others (else 409 with candidates)',
    },
  },
} as const;

export function writeOptions(request: FastifyRequest) {
  return { allowDuplicates: (request.query as { duplicates?: string } | null)?.duplicates === 'allow' };
}

export function sendRecord(reply: FastifyReply, record: ApiRecord, status = 200) {
  if (typeof record.version === 'number') reply.header('etag', `"${record.version}"`);
  return reply.code(status).send({ data: record });
}

const listDescription =
  'Filters: `filter[field][op]=value` with op one of eq, ne, lt, lte, gt, gte, in, nin, contains, startsWith, ' +
  'isNull, between (lists as `a,b` or a JSON array), and within (links into a tree: the node and all below it). ' +
  'Sort: `sort=-createdAt,name`. Keyset paging with `cursor`.';

/** The generic routes of one entity: list, CRUD, trash, history, bulk and sharing, all through `Records`. */
export function registerRecordRoutes(
  app: FastifyInstance,
  records: Records,
  entity: EntityDef,
  except: RecordOperation[] = [],
) {
  const base = `/api/v1/${entity.path}`;
  const ref = { $ref: `${schemaId(entity)}#` };
  const one = oneRecord(entity);
  const many = { type: 'object', properties: { data: { type: 'array', items: ref } }, required: ['data'] };
  const createSchema = writeSchema(entity, 'create');
  const patchSchema = writeSchema(entity, 'patch');
  const createBody = { ...createSchema, [CORE_VALIDATED]: true };
  const patchBody = { ...patchSchema, [CORE_VALIDATED]: true };
  const bulkBody = (items: unknown) => ({
    type: 'object',
    [CORE_VALIDATED]: true,
    properties: { items: { type: 'array', maxItems: MAX_BULK_ITEMS, items } },
    required: ['items'],
  });
  const label = entity.label.en.toLowerCase();
  const plural = entity.labelPlural.en.toLowerCase();
  const name = schemaId(entity);
  const names = pluralId(entity);
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;
  const items = (request: FastifyRequest) => (request.body as { items?: unknown } | null)?.items;

  const route = (
    op: RecordOperation,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    schema: Record<string, unknown> & { operationId: string; summary: string },
    handler: RouteHandlerMethod,
  ) => {
    if (except.includes(op)) return;
    const response = { ...ERRORS, ...(schema.response as object) };
    app.route({
      method,
      url: `${base}${url}`,
      schema: { tags: [entity.labelPlural.en], ...schema, response },
      handler,
    });
  };

  route(
    'list',
    'GET',
    '',
    {
      operationId: `list${names}`,
      summary: `List ${plural}`,
      description: listDescription,
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
      response: {
        200: {
          ...many,
          properties: {
            ...many.properties,
            nextCursor: { type: ['string', 'null'] },
            total: { type: 'integer' },
          },
        },
      },
    },
    async (request) => {
      // One version of the entity (with its custom fields of the moment) for parsing and listing.
      const current = records.current(entity);
      const query = parseListQuery(
        current,
        request.query as Record<string, string | string[] | undefined>,
        records.registry,
      );
      return records.list(requireActor(request), current, query);
    },
  );
  route(
    'get',
    'GET',
    '/:id',
    {
      operationId: `get${name}`,
      summary: `Get a ${label}`,
      params: idParams,
      querystring: {
        type: 'object',
        properties: { trash: { type: 'boolean' } },
        additionalProperties: false,
      },
      response: { 200: one },
    },
    async (request, reply) => {
      const { trash } = request.query as { trash?: boolean };
      return sendRecord(
        reply,
        await records.get(requireActor(request), entity, id(request), { trash: trash === true }),
      );
    },
  );
  route(
    'create',
    'POST',
    '',
    {
      operationId: `create${name}`,
      summary: `Create a ${label}`,
      querystring: duplicatesQuery,
      body: createBody,
      response: { 201: one },
    },
    async (request, reply) => {
      const record = await records.create(requireActor(request), entity, request.body, writeOptions(request));
      reply.header('location', `${base}/${String(record.id)}`);
      return sendRecord(reply, record, 201);
    },
  );
  route(
    'patch',
    'PATCH',
    '/:id',
    {
      operationId: `update${name}`,
      summary: `Change a ${label}`,
      description: 'Send `If-Match: "<version>"` or `version` in the body; a stale version answers 412.',
      params: idParams,
      querystring: duplicatesQuery,
      body: patchBody,
      response: { 200: one },
    },
    async (request, reply) => {
      const options = { expectedVersion: expectedVersion(request), ...writeOptions(request) };
      return sendRecord(
        reply,
        await records.patch(requireActor(request), entity, id(request), request.body, options),
      );
    },
  );
  route(
    'delete',
    'DELETE',
    '/:id',
    {
      operationId: `delete${name}`,
      summary: `Move a ${label} to the trash`,
      params: idParams,
      response: { 200: one },
    },
    async (request, reply) => {
      const options = { expectedVersion: expectedVersion(request) };
      return sendRecord(reply, await records.remove(requireActor(request), entity, id(request), options));
    },
  );
  route(
    'restore',
    'POST',
    '/:id/restore',
    {
      operationId: `restore${name}`,
      summary: `Restore a ${label} from the trash`,
      params: idParams,
      response: { 200: one },
    },
    async (request, reply) =>
      sendRecord(reply, await records.restore(requireActor(request), entity, id(request))),
  );
  route(
    'history',
    'GET',
    '/:id/history',
    {
      operationId: `get${name}History`,
      summary: `Audit history of a ${label}`,
      params: idParams,
      response: {
        200: { type: 'object', properties: { data: { type: 'array', items: { $ref: 'AuditEntry#' } } } },
      },
    },
    async (request) => ({ data: await records.history(requireActor(request), entity, id(request)) }),
  );
  route(
    'bulk',
    'POST',
    '/bulk',
    {
      operationId: `bulkCreate${names}`,
      summary: `Create up to ${MAX_BULK_ITEMS} ${plural} (all or none)`,
      querystring: duplicatesQuery,
      body: bulkBody(createSchema),
      response: { 200: many },
    },
    async (request) => ({
      data: await bulkCreate(records, requireActor(request), entity, items(request), writeOptions(request)),
    }),
  );
  route(
    'bulk',
    'PATCH',
    '/bulk',
    {
      operationId: `bulkUpdate${names}`,
      summary: `Change up to ${MAX_BULK_ITEMS} ${plural} (all or none)`,
      body: bulkBody({
        ...patchSchema,
        properties: { ...(patchSchema.properties as object), id: { type: 'string', format: 'uuid' } },
        required: ['id'],
      }),
      querystring: duplicatesQuery,
      response: { 200: many },
    },
    async (request) => ({
      data: await bulkPatch(records, requireActor(request), entity, items(request), writeOptions(request)),
    }),
  );
  route(
    'bulk',
    'POST',
    '/bulk-delete',
    {
      operationId: `bulkDelete${names}`,
      summary: `Move up to ${MAX_BULK_ITEMS} ${plural} to the trash (all or none)`,
      body: bulkBody({ type: 'string', format: 'uuid' }),
      response: { 200: many },
    },
    async (request) => ({ data: await bulkDelete(records, requireActor(request), entity, items(request)) }),
  );
  if (!entity.owned) return;
  const shareBody = {
    type: 'object',
    properties: { userId: { type: 'string', format: 'uuid' } },
    required: ['userId'],
    additionalProperties: false,
  };
  route(
    'share',
    'POST',
    '/:id/shares',
    {
      operationId: `share${name}`,
      summary: `Share a ${label} with a user`,
      params: idParams,
      body: shareBody,
      response: { 204: { type: 'null', description: 'Shared' } },
    },
    async (request, reply) => {
      await records.share(
        requireActor(request),
        entity,
        id(request),
        (request.body as { userId: string }).userId,
      );
      return reply.code(204).send();
    },
  );
  route(
    'share',
    'DELETE',
    '/:id/shares/:userId',
    {
      operationId: `unshare${name}`,
      summary: `Stop sharing a ${label} with a user`,
      params: {
        ...idParams,
        properties: { ...idParams.properties, userId: { type: 'string', format: 'uuid' } },
        required: ['id', 'userId'],
      },
      response: { 204: { type: 'null', description: 'No longer shared' } },
    },
    async (request, reply) => {
      await records.share(
        requireActor(request),
        entity,
        id(request),
        (request.params as { userId: string }).userId,
        true,
      );
      return reply.code(204).send();
    },
  );
}
