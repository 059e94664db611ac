import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Records } from '../../core/records.js';
import { requireActor } from '../../http/auth.js';
import { idParams, problemResponses } from '../../http/openapi.js';
import { expectedVersion, oneRecord, sendRecord } from '../../http/record-routes.js';
import { body, versionOnlyBody } from '../opportunities/outcome-routes.js';
import { quotationEntity } from './quotation-entity.js';
import {
  type MakeOrderInput,
  cancelSalesOrder,
  makeSalesOrder,
  submitSalesOrder,
} from './sales-order-actions.js';
import { salesOrderEntity } from './sales-order-entity.js';

const makeOrderBody = {
  type: ['object', 'null'],
  properties: {
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      description: 'Quantities of some quotation lines; left out, everything left to order',
      items: {
        type: 'object',
        properties: {
          quotationLineId: { type: 'string', format: 'uuid' },
          qty: { type: 'string', pattern: '^[0-9]{1,9}(\\.[0-9]{1,4})?$' },
        },
        required: ['quotationLineId', 'qty'],
        additionalProperties: false,
      },
    },
    deliveryDate: { type: 'string', format: 'date' },
  },
  additionalProperties: false,
} as const;

/** Making an order from a quotation, and submitting and cancelling orders (sales-order-actions.ts). */
export function registerSalesOrderRoutes(app: FastifyInstance, records: Records): void {
  const problems = problemResponses(400, 401, 403, 404, 409, 412, 422);
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;
  const version = (request: FastifyRequest) =>
    expectedVersion(request) ?? body<{ version?: number }>(request).version;
  const orders = [salesOrderEntity.labelPlural.en];

  app.post(`/api/v1/${quotationEntity.path}/:id/make-sales-order`, {
    schema: {
      tags: [quotationEntity.labelPlural.en, ...orders],
      operationId: 'makeSalesOrder',
      summary: 'Make a draft sales order from a submitted quotation',
      description:
        'All that is left to order, or the given quantities of its lines. 409 when the quotation is a draft, ' +
        'cancelled, lost or expired ("Validity period of this quotation has ended."), or when a quantity exceeds ' +
        'what is left to order (named per line). A quotation to a lead makes the customer from the lead now ' +
        '(with contact and address), unless the lead has one; the lead becomes converted.',
      params: idParams,
      body: makeOrderBody,
      response: { 201: oneRecord(salesOrderEntity), ...problems },
    },
    handler: async (request, reply) => {
      const order = await makeSalesOrder(
        records,
        requireActor(request),
        id(request),
        body<MakeOrderInput>(request),
      );
      return sendRecord(reply, order, 201);
    },
  });

  const base = `/api/v1/${salesOrderEntity.path}/:id`;
  app.post(`${base}/submit`, {
    schema: {
      tags: orders,
      operationId: 'submitSalesOrder',
      summary: 'Submit a draft sales order',
      description:
        'It becomes `to_deliver_and_bill`; its quotation `partially_ordered` or `ordered`, the quotation’s ' +
        'opportunity `converted` (its won stage). 409 when it would order more than the quotation offers.',
      params: idParams,
      body: versionOnlyBody,
      response: { 200: oneRecord(salesOrderEntity), ...problems },
    },
    handler: async (request, reply) =>
      sendRecord(
        reply,
        await submitSalesOrder(records, requireActor(request), id(request), version(request)),
      ),
  });
  app.post(`${base}/cancel`, {
    schema: {
      tags: orders,
      operationId: 'cancelSalesOrder',
      summary: 'Cancel a submitted sales order',
      description:
        'It becomes `cancelled`; its quotation and the quotation’s opportunity are derived again (open or ' +
        'partially ordered; quotation or converted).',
      params: idParams,
      body: versionOnlyBody,
      response: { 200: oneRecord(salesOrderEntity), ...problems },
    },
    handler: async (request, reply) =>
      sendRecord(
        reply,
        await cancelSalesOrder(records, requireActor(request), id(request), version(request)),
      ),
  });
}
