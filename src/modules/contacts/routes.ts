import type { FastifyInstance } from 'fastify';
import { ValidationFailed } from '../../core/errors.js';
import type { Records } from '../../core/records.js';
import { requireActor } from '../../http/auth.js';
import { registerLinkedRoutes, registerMergeRoutes } from '../../http/merge-routes.js';
import { CORE_VALIDATED, idParams, problemResponses } from '../../http/openapi.js';
import { duplicatesQuery, registerRecordRoutes, schemaId, writeOptions } from '../../http/record-routes.js';
import { customerEntity } from '../masters/entities.js';
import { convertProspect } from './convert.js';
import { contactEntities, prospectEntity } from './entities.js';
import { contactDuplicates, contactMerge } from './service.js';

/**
 * The record routes of contacts, addresses and prospects; their duplicates and merges; the records linked to a
 * customer, prospect or contact (`GET /api/v1/customers/{id}/contacts`); and the conversion of a prospect.
 */
export function registerContactRoutes(app: FastifyInstance, records: Records): void {
  registerMergeRoutes(app, records, contactDuplicates, contactMerge);
  for (const entity of contactEntities) registerRecordRoutes(app, records, entity);
  registerLinkedRoutes(
    app,
    records,
    contactEntities.map((entity) => entity.name),
  );
  app.post(`/api/v1/${prospectEntity.path}/:id/convert`, {
    schema: {
      tags: [prospectEntity.labelPlural.en],
      operationId: 'convertProspect',
      summary: 'Make a prospect a customer, moving its contacts, addresses and other links to the customer',
      params: idParams,
      querystring: duplicatesQuery,
      body: {
        type: 'object',
        [CORE_VALIDATED]: true,
        properties: {
          customer: {
            type: 'object',
            description: 'Customer fields to set or override (customerGroupId, defaultCurrency, name …)',
          },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            data: {
              type: 'object',
              properties: {
                prospect: { $ref: `${schemaId(prospectEntity)}#` },
                customer: { $ref: `${schemaId(customerEntity)}#` },
                relinked: { type: 'integer', description: 'Records whose links moved to the customer' },
              },
            },
          },
        },
        ...problemResponses(400, 401, 403, 404, 409, 422),
      },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const body = (request.body ?? {}) as Record<string, unknown>;
      const unknown = typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : ['(body)'];
      const errors = unknown
        .filter((key) => key !== 'customer')
        .map((field) => ({ field, message: 'is not a field of a conversion', code: 'additionalProperties' }));
      if (errors.length) throw new ValidationFailed(errors);
      const actor = requireActor(request);
      return { data: await convertProspect(records, actor, id, body.customer, writeOptions(request)) };
    },
  });
}
