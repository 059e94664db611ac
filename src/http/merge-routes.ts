import type { FastifyInstance } from 'fastify';
import { duplicateGroups } from '../core/duplicate-groups.js';
import type { DuplicateSpec } from '../core/duplicates.js';
import { linkListFields, linkedTo } from '../core/link-lists.js';
import { MAX_MERGED, type MergeInput, type MergeSpec, mergeRecords } from '../core/merge.js';
import { DEFAULT_LIMIT, MAX_LIMIT, parseListQuery } from '../core/filter.js';
import type { Records } from '../core/records.js';
import { ALIAS } from '../core/record-reads.js';
import { requireActor } from './auth.js';
import { CORE_VALIDATED, idParams, problemResponses } from './openapi.js';
import { pluralId, schemaId } from './record-routes.js';

/**
 * Routes for duplicates and merges of one entity — `GET /api/v1/<path>/duplicates` (groups of records that share
 * a key) and `POST /api/v1/<path>/merge` — and for the records linked to another through link lists
 * (`GET /api/v1/customers/{id}/contacts`). The rules live in core; these only carry them over HTTP.
 */
const uuid = { type: 'string', format: 'uuid' } as const;

/** The list parameters (filters aside), as GET /api/v1/<path> documents them; the core parses and checks them. */
const LIST_PARAMS = {
  sort: { type: 'string', description: 'Comma-separated fields, "-" for descending' },
  limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
  cursor: { type: 'string', description: 'nextCursor of the previous page' },
  fields: { type: 'string', description: 'Comma-separated fields to return' },
  total: { type: 'boolean', description: 'Also count every matching record' },
  trash: { type: 'boolean', description: 'List records in the trash instead' },
};

export function registerMergeRoutes(
  app: FastifyInstance,
  records: Records,
  duplicates: DuplicateSpec,
  merge: MergeSpec,
): void {
  const entity = records.registry.get(duplicates.entity);
  const base = `/api/v1/${entity.path}`;
  const name = schemaId(entity);
  const tags = [entity.labelPlural.en];
  const plural = entity.labelPlural.en.toLowerCase();
  app.get(`${base}/duplicates`, {
    schema: {
      tags,
      operationId: `list${name}Duplicates`,
      summary: `Groups of ${plural} that look like duplicates`,
      description: `Records you may read sharing ${[...new Set(duplicates.keys.map((k) => k.name))].join(', ')}; biggest first.`,
      querystring: {
        type: 'object',
        properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          properties: {
            data: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  records: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { id: { type: 'string' }, title: { type: 'string' } },
                    },
                  },
                  matches: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { key: { type: 'string' }, value: { type: 'string' } },
                    },
                  },
                },
              },
            },
            truncated: { type: 'boolean', description: 'More groups exist than were listed' },
          },
        },
        ...problemResponses(400, 401, 403),
      },
    },
    handler: async (request) => {
      const { limit } = request.query as { limit: number };
      const current = records.current(entity);
      const found = await duplicateGroups(records.db, requireActor(request), current, duplicates, limit);
      return { data: found.groups, truncated: found.truncated };
    },
  });
  app.post(`${base}/merge`, {
    schema: {
      tags,
      operationId: `merge${name}`,
      summary: `Merge ${plural} into one`,
      description:
        'Moves every link of the merged records to the survivor, fills its empty fields and adds their list items ' +
        '(e-mails, phones, tags), and moves the merged records to the trash — in one transaction. Restoring a ' +
        'merged record from the trash undoes its part.',
      body: {
        type: 'object',
        properties: {
          survivorId: uuid,
          mergedIds: { type: 'array', minItems: 1, maxItems: MAX_MERGED, items: uuid },
          version: {
            type: 'integer',
            minimum: 1,
            description: 'The survivor’s version you read; 412 when stale',
          },
        },
        required: ['survivorId', 'mergedIds'],
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          properties: {
            data: {
              type: 'object',
              properties: {
                survivor: { $ref: `${name}#` },
                mergeId: { type: 'string' },
                mergedIds: { type: 'array', items: { type: 'string' } },
                relinked: { type: 'integer', description: 'Records whose links now name the survivor' },
              },
            },
          },
        },
        ...problemResponses(400, 401, 403, 404, 409, 412, 422),
      },
    },
    handler: async (request, reply) => {
      const input = request.body as MergeInput;
      const result = await mergeRecords(records, requireActor(request), merge, input);
      reply.header('etag', `"${String(result.survivor.version)}"`);
      return { data: { ...result, mergedIds: input.mergedIds } };
    },
  });
}

/** For every link list of `entityNames`: `GET /api/v1/<target>/{id}/<entity path>` for each of its targets. */
export function registerLinkedRoutes(app: FastifyInstance, records: Records, entityNames: string[]): void {
  for (const { entity, field, targets } of linkListFields(records.registry)) {
    if (!entityNames.includes(entity.name)) continue;
    for (const targetName of targets) {
      const target = records.registry.get(targetName);
      const plural = entity.labelPlural.en.toLowerCase();
      app.get(`/api/v1/${target.path}/:id/${entity.path}`, {
        schema: {
          tags: [target.labelPlural.en],
          operationId: `list${schemaId(target)}${pluralId(entity)}`,
          summary: `The ${plural} linked to a ${target.label.en.toLowerCase()}`,
          description: `Takes the parameters of GET /api/v1/${entity.path} (filters, sort, paging).`,
          params: idParams,
          querystring: { type: 'object', [CORE_VALIDATED]: true, properties: LIST_PARAMS },
          response: {
            200: {
              type: 'object',
              properties: {
                data: { type: 'array', items: { $ref: `${schemaId(entity)}#` } },
                nextCursor: { type: ['string', 'null'] },
                total: { type: 'integer' },
              },
            },
            ...problemResponses(400, 401, 403, 404),
          },
        },
        handler: async (request) => {
          const actor = requireActor(request);
          const { id } = request.params as { id: string };
          // The record must be visible to the reader (404 otherwise), like its own page.
          await records.get(actor, target, id);
          const current = records.current(entity);
          const query = parseListQuery(
            current,
            request.query as Record<string, string | string[] | undefined>,
            records.registry,
          );
          const linkField = current.fields[field.name] ?? field;
          return records.list(actor, current, query, linkedTo(linkField, ALIAS, targetName, id));
        },
      });
    }
  }
}
