import type { FastifyInstance } from 'fastify';
import { NotFound } from '../../../core/errors.js';
import type { Records } from '../../../core/records.js';
import { requireActor } from '../../../http/auth.js';
import { idParams, problemResponses } from '../../../http/openapi.js';
import { registerRecordRoutes } from '../../../http/record-routes.js';
import { leadEntity } from '../entities.js';
import { listAssignments } from './assignment-log.js';
import { type BulkAssignInput, MAX_BULK_ASSIGN, bulkAssign } from './bulk.js';
import { assignmentEntities } from './entities.js';
import { assignLead } from './service.js';

const uuid = { type: 'string', format: 'uuid' } as const;
const nullableUuid = { type: ['string', 'null'], format: 'uuid' } as const;

const assignmentEntrySchema = {
  $id: 'LeadAssignment',
  title: 'LeadAssignment',
  type: 'object',
  properties: {
    id: uuid,
    at: { type: 'string', format: 'date-time' },
    how: { type: 'string', enum: ['create', 'on_demand', 'bulk'] },
    userId: { ...uuid, description: 'The owner the lead was given to' },
    previousOwnerId: nullableUuid,
    ruleId: { ...nullableUuid, description: 'The rule that chose the owner; null when a user named them' },
    ruleName: { type: ['string', 'null'] },
    actorId: { ...nullableUuid, description: 'Who created or assigned the lead; null for the system' },
  },
  required: ['id', 'at', 'how', 'userId', 'previousOwnerId', 'ruleId', 'ruleName', 'actorId'],
  additionalProperties: false,
} as const;

const assignResponse = {
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: {
        lead: { $ref: 'Lead#' },
        assignment: {
          type: 'object',
          properties: {
            userId: uuid,
            ruleId: uuid,
            ruleName: { type: 'string' },
            changed: { type: 'boolean', description: 'false when the rules chose the owner the lead had' },
          },
          required: ['userId', 'ruleId', 'ruleName', 'changed'],
          additionalProperties: false,
        },
      },
      required: ['lead', 'assignment'],
      additionalProperties: false,
    },
  },
  required: ['data'],
  additionalProperties: false,
} as const;

const bulkBody = {
  type: 'object',
  properties: {
    ids: { type: 'array', minItems: 1, maxItems: MAX_BULK_ASSIGN, items: uuid },
    filter: {
      type: 'object',
      description: 'List filters spelt as in the list’s query string: `{"filter[status][in]": "lead,open"}`',
      maxProperties: 50,
      additionalProperties: {
        oneOf: [
          { type: 'string', maxLength: 20_000 },
          { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 20_000 } },
        ],
      },
    },
    userId: { ...uuid, description: 'Give every lead to this user instead of running the rules' },
  },
  additionalProperties: false,
} as const;

const bulkResponse = {
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: {
        matched: { type: 'integer', description: 'Leads selected' },
        assigned: { type: 'integer', description: 'Leads whose owner changed' },
        unchanged: { type: 'integer', description: 'Leads the rules left with the owner they had' },
        unassigned: { type: 'array', items: uuid, description: 'Leads no rule could place' },
        byUser: {
          type: 'array',
          items: {
            type: 'object',
            properties: { userId: uuid, count: { type: 'integer' } },
            required: ['userId', 'count'],
            additionalProperties: false,
          },
        },
      },
      required: ['matched', 'assigned', 'unchanged', 'unassigned', 'byUser'],
      additionalProperties: false,
    },
  },
  required: ['data'],
  additionalProperties: false,
} as const;

/** Settings routes of rules and capacities, and the assignment actions on leads. */
export function registerAssignmentRoutes(app: FastifyInstance, records: Records): void {
  for (const entity of assignmentEntities) registerRecordRoutes(app, records, entity);
  app.addSchema(assignmentEntrySchema);
  const base = `/api/v1/${leadEntity.path}`;
  const tags = [leadEntity.labelPlural.en];

  app.post(`${base}/:id/assign`, {
    schema: {
      tags,
      operationId: 'assignLead',
      summary: 'Run the assignment rules for the lead and hand it to the rep they choose',
      description:
        'The first active rule that fits the lead and has an available rep decides. 409 (`reason`: `no_rule` or ' +
        '`nobody_available`, with the rules that fit) when no rule places the lead; it then keeps its owner.',
      params: idParams,
      response: { 200: assignResponse, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      return { data: await assignLead(records, requireActor(request), id) };
    },
  });

  app.post(`${base}/assign`, {
    schema: {
      tags,
      operationId: 'bulkAssignLeads',
      summary: `Assign up to ${MAX_BULK_ASSIGN} leads by the rules, or to one user (all or none)`,
      description:
        'Select the leads by `ids` or by `filter`; with `userId` every lead goes to that user, else the rules ' +
        'run for each, oldest first. Leads no rule places keep their owner and are listed in `unassigned`. Each ' +
        'owner change is in the lead’s history; each new owner gets one notification. Needs the right to change ' +
        'the leads and assignment rules.',
      body: bulkBody,
      response: { 200: bulkResponse, ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
    handler: async (request) => ({
      data: await bulkAssign(records, requireActor(request), request.body as BulkAssignInput),
    }),
  });

  app.get(`${base}/:id/assignments`, {
    schema: {
      tags,
      operationId: 'listLeadAssignments',
      summary: 'How the lead was assigned: by which rule or user, when, to whom (newest first)',
      params: idParams,
      response: {
        200: {
          type: 'object',
          properties: { data: { type: 'array', items: { $ref: 'LeadAssignment#' } } },
          required: ['data'],
          additionalProperties: false,
        },
        ...problemResponses(400, 401, 404),
      },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const actor = requireActor(request);
      // Readable like the history: also while the lead is in the trash.
      await records.get(actor, leadEntity, id).catch((error: unknown) => {
        if (error instanceof NotFound) return records.get(actor, leadEntity, id, { trash: true });
        throw error;
      });
      return { data: await listAssignments(records.db, id) };
    },
  });
}
