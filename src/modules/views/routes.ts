import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Records } from '../../core/records.js';
import { writeSchema } from '../../core/validation.js';
import { requireActor } from '../../http/auth.js';
import { CORE_VALIDATED, idParams, problemResponses } from '../../http/openapi.js';
import { expectedVersion, oneRecord, schemaId, sendRecord } from '../../http/record-routes.js';
import { savedViewEntity } from './entities.js';
import { deleteSavedView, getSavedView, listSavedViews, updateSavedView } from './service.js';

/**
 * Saved views have routes of their own rather than the generic ones: their list and reads include views others
 * shared, which no role scope describes (see service.ts).
 */
export function registerSavedViewRoutes(app: FastifyInstance, records: Records): void {
  const base = `/api/v1/${savedViewEntity.path}`;
  const tags = [savedViewEntity.labelPlural.en];
  const one = oneRecord(savedViewEntity);
  const ref = { $ref: `${schemaId(savedViewEntity)}#` };
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.get(base, {
    schema: {
      tags,
      operationId: 'listSavedViews',
      summary: 'List your saved views and those shared with everyone',
      description: 'Your own views first, then shared ones of lists your role may read, each group by name.',
      querystring: {
        type: 'object',
        properties: {
          entity: {
            type: 'string',
            maxLength: 100,
            pattern: '^[a-z][a-zA-Z0-9]*$',
            description: 'Only the views of this entity’s list, by entity name: `customer`',
          },
        },
        additionalProperties: false,
      },
      response: {
        200: { type: 'object', properties: { data: { type: 'array', items: ref } }, required: ['data'] },
        ...problemResponses(400, 401, 403),
      },
    },
    handler: async (request) => {
      const { entity } = request.query as { entity?: string };
      return { data: await listSavedViews(records, requireActor(request), entity) };
    },
  });

  app.get(`${base}/:id`, {
    schema: {
      tags,
      operationId: 'getSavedView',
      summary: 'Get a saved view',
      params: idParams,
      response: { 200: one, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) =>
      sendRecord(reply, await getSavedView(records, requireActor(request), id(request))),
  });

  app.post(base, {
    schema: {
      tags,
      operationId: 'createSavedView',
      summary: 'Save a view of a list',
      body: { ...writeSchema(savedViewEntity, 'create'), [CORE_VALIDATED]: true },
      response: { 201: one, ...problemResponses(400, 401, 403, 422) },
    },
    handler: async (request, reply) => {
      const view = await records.create(requireActor(request), savedViewEntity, request.body);
      reply.header('location', `${base}/${String(view.id)}`);
      return sendRecord(reply, view, 201);
    },
  });

  app.patch(`${base}/:id`, {
    schema: {
      tags,
      operationId: 'updateSavedView',
      summary: 'Change a saved view (its owner only)',
      description: 'Send `If-Match: "<version>"` or `version` in the body; a stale version answers 412.',
      params: idParams,
      body: { ...writeSchema(savedViewEntity, 'patch'), [CORE_VALIDATED]: true },
      response: { 200: one, ...problemResponses(400, 401, 403, 404, 412, 422) },
    },
    handler: async (request, reply) => {
      const options = { expectedVersion: expectedVersion(request) };
      const actor = requireActor(request);
      return sendRecord(reply, await updateSavedView(records, actor, id(request), request.body, options));
    },
  });

  app.delete(`${base}/:id`, {
    schema: {
      tags,
      operationId: 'deleteSavedView',
      summary: 'Delete a saved view (its owner only)',
      params: idParams,
      response: { 200: one, ...problemResponses(400, 401, 403, 404, 412) },
    },
    handler: async (request, reply) => {
      const options = { expectedVersion: expectedVersion(request) };
      return sendRecord(reply, await deleteSavedView(records, requireActor(request), id(request), options));
    },
  });
}
