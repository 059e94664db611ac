import type { FastifyInstance } from 'fastify';
import type { Records } from '../../core/records.js';
import { requireActor } from '../../http/auth.js';
import { registerMergeRoutes } from '../../http/merge-routes.js';
import { CORE_VALIDATED, idParams, problemResponses } from '../../http/openapi.js';
import { duplicatesQuery, registerRecordRoutes, writeOptions } from '../../http/record-routes.js';
import { convertLead, previewConversion } from './convert.js';
import { leadEntities, leadEntity } from './entities.js';
import { leadDuplicates, leadMerge } from './service.js';

const ref = (name: string) => ({ $ref: `${name}#` });
const nullable = (name: string) => ({ oneOf: [ref(name), { type: 'null' }] });
const values = { type: 'object', additionalProperties: true };
const candidates = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      entity: { type: 'string', description: 'contact or customer; absent for leads' },
      id: { type: 'string', format: 'uuid' },
      title: { type: 'string' },
      matches: { type: 'array', items: { type: 'string' } },
    },
  },
};

/** The generic record routes of leads, their duplicates and merge, and conversion. */
export function registerLeadRoutes(app: FastifyInstance, records: Records): void {
  registerMergeRoutes(app, records, leadDuplicates, leadMerge);
  for (const entity of leadEntities) registerRecordRoutes(app, records, entity);
  const base = `/api/v1/${leadEntity.path}/:id`;
  const tags = [leadEntity.labelPlural.en];

  app.get(`${base}/conversion`, {
    schema: {
      tags,
      operationId: 'previewLeadConversion',
      summary: 'What converting the lead would make, and the customers and contacts it resembles',
      params: idParams,
      response: {
        200: {
          type: 'object',
          properties: {
            data: {
              type: 'object',
              properties: {
                customer: values,
                contact: { oneOf: [values, { type: 'null' }] },
                address: { oneOf: [values, { type: 'null' }] },
                opportunity: values,
                candidates,
              },
            },
          },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      return { data: await previewConversion(records, requireActor(request), id) };
    },
  });

  app.post(`${base}/convert`, {
    schema: {
      tags,
      operationId: 'convertLead',
      summary: 'Make an opportunity and/or a customer (with contact and address) from the lead',
      description:
        'In one transaction. `customer: {create: {…}}` makes a customer from the lead (fields override), ' +
        '`customer: {id}` takes an existing one; `contact: {id}` takes an existing contact instead of making ' +
        'one; `opportunity: {…}` makes an opportunity in the default pipeline. A converted lead answers 409.',
      params: idParams,
      querystring: duplicatesQuery,
      body: {
        type: 'object',
        [CORE_VALIDATED]: true,
        properties: {
          customer: {
            type: 'object',
            properties: { id: { type: 'string', format: 'uuid' }, create: values },
          },
          contact: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } },
          opportunity: values,
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            data: {
              type: 'object',
              properties: {
                lead: ref('Lead'),
                customer: nullable('Customer'),
                contact: nullable('Contact'),
                address: nullable('Address'),
                opportunity: nullable('Opportunity'),
              },
            },
          },
        },
        ...problemResponses(400, 401, 403, 404, 409, 412, 422),
      },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const actor = requireActor(request);
      return { data: await convertLead(records, actor, id, request.body ?? {}, writeOptions(request)) };
    },
  });
}
