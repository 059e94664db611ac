import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Records } from '../../core/records.js';
import type { ApiRecord } from '../../core/row.js';
import { requireActor } from '../../http/auth.js';
import { idParams, problemResponses } from '../../http/openapi.js';
import { expectedVersion, oneRecord, sendRecord } from '../../http/record-routes.js';
import { body, declareLostBody, versionOnlyBody } from '../opportunities/outcome-routes.js';
import {
  type QuotationLostInput,
  amendQuotation,
  cancelQuotation,
  declareQuotationLost,
  submitQuotation,
} from './quotation-actions.js';
import { quotationEntity } from './quotation-entity.js';
import { renderQuotationPdf } from './quotation-pdf.js';

/** Submit, declare lost, cancel and amend a quotation (quotation-actions.ts). */
export function registerQuotationRoutes(app: FastifyInstance, records: Records): void {
  const base = `/api/v1/${quotationEntity.path}/:id`;
  const tags = [quotationEntity.labelPlural.en];
  const problems = problemResponses(400, 401, 403, 404, 409, 412, 422);
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;
  const version = (request: FastifyRequest) =>
    expectedVersion(request) ?? body<{ version?: number }>(request).version;
  type Action = (request: FastifyRequest) => Promise<ApiRecord>;
  const action = (
    path: string,
    operationId: string,
    summary: string,
    description: string,
    run: Action,
    created = false,
  ) =>
    app.post(`${base}/${path}`, {
      schema: {
        tags,
        operationId,
        summary,
        description,
        params: idParams,
        body: path === 'declare-lost' ? declareLostBody : versionOnlyBody,
        response: { [created ? 201 : 200]: oneRecord(quotationEntity), ...problems },
      },
      handler: async (request, reply) => {
        const record = await run(request);
        return sendRecord(reply, record, created ? 201 : 200);
      },
    });

  action(
    'submit',
    'submitQuotation',
    'Submit a draft quotation',
    'It becomes `open` and can no longer be edited; its opportunity becomes `quotation`, and so does its lead. ' +
      '422 without lines; 409 when it is not a draft or its opportunity is lost.',
    (request) => submitQuotation(records, requireActor(request), id(request), version(request)),
  );
  action(
    'declare-lost',
    'declareQuotationLost',
    'Declare an open quotation lost, with its reasons',
    'Status `lost` with reasons (at least one live lost reason), detail and competitors. Its opportunity becomes ' +
      '`lost` unless another active quotation keeps it, its lead `lost_quotation` unless a customer or another ' +
      'active quotation applies. 409 "Cannot set as Lost as Sales Order is made." when it is (partially) ordered.',
    (request) =>
      declareQuotationLost(records, requireActor(request), id(request), {
        ...body<QuotationLostInput>(request),
        version: version(request),
      }),
  );
  action(
    'cancel',
    'cancelQuotation',
    'Cancel a submitted quotation',
    'Status `cancelled`; its opportunity and lead are derived again (an opportunity lost with it opens again). ' +
      '409 for a draft (move it to the trash instead) or a cancelled one.',
    (request) => cancelQuotation(records, requireActor(request), id(request), version(request)),
  );
  action(
    'amend',
    'amendQuotation',
    'Amend a cancelled quotation: a new draft in its place',
    'A new draft with the same party, opportunity, lines, currency, taxes and terms, numbered after the cancelled ' +
      'one (QTN-2026-00001-1, then -2) and linked to it (`amendedFrom`). 409 unless it is cancelled, or when it ' +
      'was amended already.',
    (request) => amendQuotation(records, requireActor(request), id(request), version(request)),
    true,
  );

  app.get(`${base}/pdf`, {
    schema: {
      tags,
      operationId: 'getQuotationPdf',
      summary: 'The quotation as a PDF',
      description:
        'In `language` (en or de; default: the quotation’s), with the company’s letterhead, lines, taxes, totals, ' +
        'the amount in words and the terms; a draft is marked as one. `download=true` asks the browser to save it.',
      params: idParams,
      querystring: {
        type: 'object',
        properties: {
          language: { type: 'string', enum: ['en', 'de'] },
          download: { type: 'boolean', default: false },
        },
        additionalProperties: false,
      },
      response: {
        200: {
          description: 'The PDF',
          content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    },
    handler: async (request, reply) => {
      const { language, download } = request.query as { language?: 'en' | 'de'; download?: boolean };
      const { quotation, pdf } = await renderQuotationPdf(
        records,
        requireActor(request),
        id(request),
        language,
      );
      const name = `${String(quotation.number)}.pdf`;
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename="${name}"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  });
}
