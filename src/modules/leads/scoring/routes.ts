import type { FastifyInstance } from 'fastify';
import { type Actor, requireGrant } from '../../../core/permissions.js';
import type { Records } from '../../../core/records.js';
import { requireActor } from '../../../http/auth.js';
import { idParams, problemResponses } from '../../../http/openapi.js';
import { registerRecordRoutes } from '../../../http/record-routes.js';
import { leadEntity } from '../entities.js';
import { readSettings } from './engine.js';
import { leadScoringRuleEntity } from './entities.js';
import { explainLeadScore } from './explain.js';
import { retrain } from './jobs.js';
import { type SettingsInput, getScoringSettings, updateScoringSettings } from './settings.js';

const label = {
  type: 'object',
  properties: { en: { type: 'string' }, de: { type: 'string' } },
  required: ['en', 'de'],
  additionalProperties: false,
};
const threshold = { type: 'integer', minimum: -100_000, maximum: 100_000 };
const history = { type: 'integer', minimum: 1, maximum: 1_000_000 };
const settingsProperties = {
  gradeA: { ...threshold, description: 'Least score of grade A' },
  gradeB: { ...threshold, description: 'Least score of grade B; below gradeA' },
  gradeC: { ...threshold, description: 'Least score of grade C; below gradeB. Lower scores are grade D.' },
  minWon: { ...history, description: 'Won leads the model must have seen before its probability is used' },
  minLost: { ...history, description: 'Lost leads the model must have seen before its probability is used' },
};
const settingsSchema = {
  $id: 'LeadScoringSettings',
  type: 'object',
  properties: { ...settingsProperties, updatedAt: { type: 'string', format: 'date-time' } },
  required: ['gradeA', 'gradeB', 'gradeC', 'minWon', 'minLost', 'updatedAt'],
  additionalProperties: false,
};
const modelSchema = {
  type: 'object',
  properties: {
    trainedAt: { type: 'string', format: 'date-time' },
    won: { type: 'integer' },
    lost: { type: 'integer' },
    minWon: { type: 'integer' },
    minLost: { type: 'integer' },
    used: {
      type: 'boolean',
      description: 'Whether it has seen enough history for its probability to be used',
    },
    baseLogOdds: { type: ['number', 'null'], description: 'Log-odds before any feature: the prior' },
  },
  required: ['trainedAt', 'won', 'lost', 'minWon', 'minLost', 'used'],
  additionalProperties: false,
};
const explanationSchema = {
  $id: 'LeadScoreExplanation',
  type: 'object',
  properties: {
    score: { type: 'integer', description: 'The sum of the points of `rules`' },
    grade: { type: 'string', enum: ['A', 'B', 'C', 'D'] },
    thresholds: {
      type: 'object',
      properties: { a: { type: 'integer' }, b: { type: 'integer' }, c: { type: 'integer' } },
      required: ['a', 'b', 'c'],
      additionalProperties: false,
    },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ruleId: { type: 'string', format: 'uuid' },
          name: { type: 'string' },
          points: {
            type: 'integer',
            description: 'What the rule gives this lead (per-event rules: times events)',
          },
          reason: label,
          events: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                kind: { type: 'string', enum: ['form_submitted', 'email_replied', 'meeting_held'] },
                occurredAt: { type: 'string', format: 'date-time' },
              },
              required: ['kind', 'occurredAt'],
              additionalProperties: false,
            },
          },
        },
        required: ['ruleId', 'name', 'points', 'reason'],
        additionalProperties: false,
      },
    },
    probability: {
      type: ['number', 'null'],
      description: 'Percent; null without a model trained on enough leads',
    },
    features: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          feature: { type: 'string' },
          label,
          value: { type: 'string', description: 'The lead’s value; "" when it has none' },
          valueLabel: label,
          contribution: { type: 'number', description: 'Log-likelihood ratio won/lost of this value' },
        },
        required: ['feature', 'label', 'value', 'valueLabel', 'contribution'],
        additionalProperties: false,
      },
    },
    model: { oneOf: [modelSchema, { type: 'null' }] },
  },
  required: ['score', 'grade', 'thresholds', 'rules', 'probability', 'features', 'model'],
  additionalProperties: false,
};
const data = (schema: Record<string, unknown>) => ({
  type: 'object',
  properties: { data: schema },
  required: ['data'],
  additionalProperties: false,
});

/** The rules' record routes, settings, training on demand and the explanation of a lead's score. */
export function registerScoringRoutes(app: FastifyInstance, records: Records): void {
  // Rules have no owner: sharing one means nothing.
  registerRecordRoutes(app, records, leadScoringRuleEntity, ['share']);
  const tags = [leadScoringRuleEntity.labelPlural.en];
  const base = '/api/v1/lead-scoring';
  app.addSchema(settingsSchema);
  app.addSchema(explanationSchema);

  app.get(`${base}/settings`, {
    schema: {
      tags,
      operationId: 'getLeadScoringSettings',
      summary: 'Grade thresholds and how much history the learned probability needs',
      response: { 200: data({ $ref: 'LeadScoringSettings#' }), ...problemResponses(401, 403) },
    },
    handler: async (request) => ({ data: await getScoringSettings(records, requireActor(request)) }),
  });

  app.put(`${base}/settings`, {
    schema: {
      tags,
      operationId: 'updateLeadScoringSettings',
      summary: 'Set grade thresholds (A > B > C) and the history the probability needs',
      description: 'A change scores every live lead again, in the background.',
      body: {
        type: 'object',
        properties: settingsProperties,
        required: ['gradeA', 'gradeB', 'gradeC', 'minWon', 'minLost'],
        additionalProperties: false,
      },
      response: { 200: data({ $ref: 'LeadScoringSettings#' }), ...problemResponses(401, 403, 422) },
    },
    handler: async (request) => {
      const input = request.body as SettingsInput;
      return { data: await updateScoringSettings(records, requireActor(request), input) };
    },
  });

  app.post(`${base}/train`, {
    schema: {
      tags,
      operationId: 'trainLeadScoringModel',
      summary: 'Train the conversion probability model from won and lost leads now',
      description: 'Also runs nightly. Leads are scored again in the background when the model changed.',
      response: { 200: data(modelSchema), ...problemResponses(401, 403) },
    },
    handler: async (request) => {
      const actor: Actor = requireActor(request);
      requireGrant(actor, leadScoringRuleEntity, 'update');
      return {
        data: await records.db.transaction().execute(async (trx) => {
          const model = await retrain(records, trx);
          const settings = await readSettings(trx);
          const used = model.won >= settings.minWon && model.lost >= settings.minLost;
          const { minWon, minLost } = settings;
          return { trainedAt: model.trainedAt, won: model.won, lost: model.lost, minWon, minLost, used };
        }),
      };
    },
  });

  app.get(`/api/v1/${leadEntity.path}/:id/score`, {
    schema: {
      tags: [leadEntity.labelPlural.en],
      operationId: 'explainLeadScore',
      summary: 'The lead’s score, grade and probability, and the rules and features behind them',
      description:
        'As the current rules and model give them; the stored score follows rule changes and decay within ' +
        'moments (a background job). The points of `rules` add up to `score`.',
      params: idParams,
      response: { 200: data({ $ref: 'LeadScoreExplanation#' }), ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      return { data: await explainLeadScore(records, requireActor(request), id) };
    },
  });
}
