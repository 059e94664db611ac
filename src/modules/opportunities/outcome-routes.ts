import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Records } from '../../core/records.js';
import { requireActor } from '../../http/auth.js';
import { idParams, problemResponses } from '../../http/openapi.js';
import { expectedVersion, oneRecord, sendRecord } from '../../http/record-routes.js';
import { opportunityEntity } from './entities.js';
import { type DeclareLostInput, type ReopenInput, declareLost, markWon, reopen } from './outcomes.js';

const uuid = { type: 'string', format: 'uuid' } as const;
const version = {
  type: 'integer',
  minimum: 1,
  description: 'The version you read (or send `If-Match`); a stale one answers 412',
} as const;

/** Reasons, detail and competitors of a loss: the body of declare-lost for opportunities and quotations. */
export const declareLostBody = {
  type: 'object',
  properties: {
    lostReasonIds: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: uuid,
      description: 'Lost reasons (live records of /api/v1/lost-reasons); at least one',
    },
    lostDetail: { type: ['string', 'null'], maxLength: 5000, description: 'Why it was lost, in words' },
    competitorIds: {
      type: 'array',
      maxItems: 50,
      items: uuid,
      description: 'The competitors it was lost to; replaces the list when given',
    },
    version,
  },
  required: ['lostReasonIds'],
  additionalProperties: false,
} as const;

/** The body of an action that takes nothing but the version read. */
export const versionOnlyBody = {
  type: ['object', 'null'],
  properties: { version },
  additionalProperties: false,
} as const;

const reopenBody = {
  type: ['object', 'null'],
  properties: {
    stageId: { ...uuid, description: 'An open stage of its pipeline; left out, the first open stage' },
    version,
  },
  additionalProperties: false,
} as const;

export const body = <T>(request: FastifyRequest) => (request.body ?? {}) as T;

/** Declare lost, mark won and reopen: the outcomes of an opportunity (outcomes.ts). */
export function registerOpportunityOutcomeRoutes(app: FastifyInstance, records: Records): void {
  const base = `/api/v1/${opportunityEntity.path}/:id`;
  const tags = [opportunityEntity.labelPlural.en];
  const response = {
    200: oneRecord(opportunityEntity),
    ...problemResponses(400, 401, 403, 404, 409, 412, 422),
  };
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.post(`${base}/declare-lost`, {
    schema: {
      tags,
      operationId: 'declareOpportunityLost',
      summary: 'Declare the opportunity lost, with its reasons',
      description:
        'Moves it into its pipeline’s lost stage: status `lost`, probability 0, `lostAt`, the reasons, detail and ' +
        'competitors, in one transaction. 422 without a live lost reason; 409 when it is lost already or a rule ' +
        'refuses (an active quotation: the quotation is declared lost instead).',
      params: idParams,
      body: declareLostBody,
      response,
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const input = body<DeclareLostInput>(request);
      const record = await declareLost(records, actor, id(request), input, expectedVersion(request));
      return sendRecord(reply, record);
    },
  });

  app.post(`${base}/mark-won`, {
    schema: {
      tags,
      operationId: 'markOpportunityWon',
      summary: 'Mark the opportunity won',
      description:
        'Moves it into its pipeline’s won stage: status `converted`, probability 100, `wonAt`. 409 when it is won ' +
        'already. A lost opportunity won after all loses its lost reasons and detail.',
      params: idParams,
      body: versionOnlyBody,
      response,
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const input = body<{ version?: number }>(request);
      return sendRecord(reply, await markWon(records, actor, id(request), input, expectedVersion(request)));
    },
  });

  app.post(`${base}/reopen`, {
    schema: {
      tags,
      operationId: 'reopenOpportunity',
      summary: 'Reopen a won or lost opportunity',
      description:
        'Moves it into `stageId` (an open stage of its pipeline, else 422) or the pipeline’s first open stage: ' +
        'status `open`, the stage’s probability; `wonAt`, `lostAt`, lost reasons and detail are cleared. 409 when ' +
        'it is neither won nor lost.',
      params: idParams,
      body: reopenBody,
      response,
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const input = body<ReopenInput>(request);
      return sendRecord(reply, await reopen(records, actor, id(request), input, expectedVersion(request)));
    },
  });
}
