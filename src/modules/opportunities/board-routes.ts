import type { FastifyInstance } from 'fastify';
import { MAX_LIMIT } from '../../core/filter.js';
import type { Records } from '../../core/records.js';
import { readSchema } from '../../core/validation.js';
import { requireActor } from '../../http/auth.js';
import { CORE_VALIDATED, idParams, problemResponses } from '../../http/openapi.js';
import { expectedVersion, oneRecord, sendRecord } from '../../http/record-routes.js';
import { BOARD_DEFAULT_LIMIT, CARD_FIELDS, readBoard, readColumn } from './board.js';
import { opportunityEntity } from './entities.js';
import { type MoveBody, moveOpportunity, registerRankRule } from './move.js';

/**
 * The board's routes: the board of a pipeline, one column's next page, and moving a card. Fastify prefers the
 * static `/opportunities/board` to the generic `/opportunities/:id`, so registration order does not matter.
 */

type Query = Record<string, string | string[] | undefined>;

const tags = [opportunityEntity.labelPlural.en];
const base = `/api/v1/${opportunityEntity.path}`;
const uuid = { type: 'string', format: 'uuid' } as const;
const nullableUuid = { type: ['string', 'null'], format: 'uuid' } as const;

/** A card: the fields a board shows, typed as in the Opportunity schema. */
const recordProperties = readSchema(opportunityEntity).properties as Record<string, unknown>;
const card = {
  type: 'object',
  properties: Object.fromEntries(CARD_FIELDS.map((name) => [name, recordProperties[name]])),
};
const page = { type: 'array', items: card };
const sums = {
  type: 'array',
  description: 'Per currency (never added across currencies): amounts as exact decimal strings',
  items: {
    type: 'object',
    properties: {
      currency: { type: 'string' },
      amount: { type: 'string', description: 'Sum of the amounts' },
      weighted: { type: 'string', description: 'Sum of amount × probability / 100' },
    },
    required: ['currency', 'amount', 'weighted'],
  },
};
const column = {
  type: 'object',
  properties: {
    id: uuid,
    name: { type: 'string' },
    nameDe: { type: ['string', 'null'] },
    kind: { type: 'string', enum: ['open', 'won', 'lost'] },
    probability: { type: 'number' },
    folded: { type: 'boolean' },
    rottingDays: { type: ['integer', 'null'] },
    count: {
      type: 'integer',
      description: 'Cards in the column that match the filters and that you can see',
    },
    sums,
    cards: page,
    nextCursor: { type: ['string', 'null'], description: 'For GET /api/v1/opportunities/board/column' },
  },
  required: ['id', 'name', 'kind', 'count', 'sums', 'cards', 'nextCursor'],
};
const limit = { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: BOARD_DEFAULT_LIMIT };
const filters =
  'The list view’s filters apply: `filter[field][op]=value` as on GET /api/v1/opportunities. Cards come in ' +
  'rank order (the order of the column).';

export function registerBoardRoutes(app: FastifyInstance, records: Records): void {
  registerRankRule(records);

  app.get(`${base}/board`, {
    schema: {
      tags,
      operationId: 'getOpportunityBoard',
      summary: 'The Kanban board of a pipeline: its stages with counts, sums and their first cards',
      description: filters,
      querystring: {
        type: 'object',
        [CORE_VALIDATED]: true,
        properties: {
          pipelineId: { ...uuid, description: 'Default: the default pipeline' },
          limit: { ...limit, description: 'Cards per column' },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            data: {
              type: 'object',
              properties: { pipelineId: uuid, columns: { type: 'array', items: column } },
              required: ['pipelineId', 'columns'],
            },
          },
          required: ['data'],
        },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    },
    handler: async (request) => ({
      data: await readBoard(records, requireActor(request), request.query as Query),
    }),
  });

  app.get(`${base}/board/column`, {
    schema: {
      tags,
      operationId: 'getOpportunityBoardColumn',
      summary: 'The next page of one column of the board',
      description: filters,
      querystring: {
        type: 'object',
        [CORE_VALIDATED]: true,
        properties: {
          stageId: uuid,
          cursor: { type: 'string', description: 'nextCursor of the column or of the previous page' },
          limit,
        },
        required: ['stageId'],
      },
      response: {
        200: {
          type: 'object',
          properties: { data: page, nextCursor: { type: ['string', 'null'] } },
          required: ['data', 'nextCursor'],
        },
        ...problemResponses(400, 401, 403, 404),
      },
    },
    handler: async (request) => readColumn(records, requireActor(request), request.query as Query),
  });

  app.post(`${base}/:id/move`, {
    schema: {
      tags,
      operationId: 'moveOpportunity',
      summary: 'Move a card on the board: into a stage, between two neighbours',
      description:
        'Lands right after `afterId` and/or right before `beforeId` (cards of the target stage); with neither, at ' +
        'the end of the column. A stage change follows the same rules as a PATCH of `stageId` (the lost stage is ' +
        'entered by declare-lost only). `version` (or If-Match) guards against a stale card: 412.',
      params: idParams,
      body: {
        type: 'object',
        properties: {
          stageId: uuid,
          afterId: nullableUuid,
          beforeId: nullableUuid,
          version: { type: 'integer', minimum: 1 },
        },
        required: ['stageId'],
        additionalProperties: false,
      },
      response: { 200: oneRecord(opportunityEntity), ...problemResponses(400, 401, 403, 404, 409, 412, 422) },
    },
    handler: async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = request.body as MoveBody;
      const version = body.version ?? expectedVersion(request);
      const record = await moveOpportunity(records, requireActor(request), id, { ...body, version });
      return sendRecord(reply, record);
    },
  });
}
