import type { FastifyInstance } from 'fastify';
import type { Records } from '../../core/records.js';
import { requireActor } from '../../http/auth.js';
import { CORE_VALIDATED, problemResponses } from '../../http/openapi.js';
import { opportunityEntity } from './entities.js';
import { FORECAST_GROUPS, MAX_FORECAST_MONTHS, readForecast } from './forecast.js';
import { readAccuracy } from './forecast-snapshots.js';
import type { Query } from './query-params.js';

/** GET /api/v1/opportunities/forecast and …/forecast/accuracy (forecast.ts, forecast-snapshots.ts). */

const tags = [opportunityEntity.labelPlural.en];
const base = `/api/v1/${opportunityEntity.path}`;
const money = (description: string) => ({ type: 'string', description });
const month = { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' } as const;
const nullableString = { type: ['string', 'null'] } as const;

const amounts = {
  count: { type: 'integer' },
  closed: money('Won in the month'),
  commit: money('Open, forecast category commit'),
  bestCase: money('Open, forecast category best case'),
  pipeline: money('Open, forecast category pipeline'),
  weighted: money('Σ amount × probability / 100 of all of them (won at 100 %)'),
  quota: {
    type: ['string', 'null'],
    description: 'Quota of the owner, or of the team’s members; null for none',
  },
};
const amountsObject = { type: 'object', properties: amounts, required: Object.keys(amounts) };
const groupRow = (cell: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties: {
    key: { ...nullableString, description: 'Id of the owner, team or pipeline; null for none' },
    name: nullableString,
    nameDe: nullableString,
    currency: { type: 'string' },
    months: { type: 'array', items: cell },
    ...extra,
  },
  required: ['key', 'name', 'currency', 'months'],
});
const range = {
  from: { ...month, description: 'First month, YYYY-MM; default: this month' },
  to: { ...month, description: `Last month (included); at most ${MAX_FORECAST_MONTHS} months` },
  groupBy: { type: 'string', enum: [...FORECAST_GROUPS], default: 'owner' },
  pipelineId: { type: 'string', format: 'uuid', description: 'One pipeline; default: all' },
};

export function registerForecastRoutes(app: FastifyInstance, records: Records): void {
  app.get(`${base}/forecast`, {
    schema: {
      tags,
      operationId: 'getOpportunityForecast',
      summary: 'The forecast by month of expected closing, per owner, team or pipeline and currency',
      description:
        'Open opportunities count in the month of their expected closing date by forecast category; won ones in ' +
        'the month they were won (in your time zone); lost ones and those closed without a decision not at all. ' +
        'Amounts are exact decimal strings per currency, never added across currencies. The list view’s ' +
        'filters apply (`filter[field][op]=value`).',
      querystring: { type: 'object', [CORE_VALIDATED]: true, properties: range },
      response: {
        200: {
          type: 'object',
          properties: {
            data: {
              type: 'object',
              properties: {
                from: month,
                to: month,
                groupBy: { type: 'string' },
                months: { type: 'array', items: month },
                rows: {
                  type: 'array',
                  items: groupRow(
                    {
                      type: 'object',
                      properties: { month, ...amounts },
                      required: ['month', ...Object.keys(amounts)],
                    },
                    { total: amountsObject },
                  ),
                },
                undated: {
                  type: 'integer',
                  description: 'Open opportunities without an expected closing date',
                },
              },
              required: ['from', 'to', 'groupBy', 'months', 'rows', 'undated'],
            },
          },
          required: ['data'],
        },
        ...problemResponses(400, 401, 403),
      },
    },
    handler: async (request) => ({
      data: await readForecast(records, requireActor(request), request.query as Query),
    }),
  });

  const accuracyCell = {
    type: 'object',
    properties: {
      month,
      asOf: { type: 'string', format: 'date', description: 'The weekly snapshot the forecast is taken from' },
      forecastCount: { type: 'integer' },
      weighted: money('Weighted amount forecast for the month as of asOf'),
      commit: money('Commit forecast for the month as of asOf'),
      bestCase: money('Best case forecast for the month as of asOf'),
      pipeline: money('Pipeline forecast for the month as of asOf'),
      wonCount: { type: 'integer' },
      won: money('Won in the month'),
      accuracy: {
        type: ['string', 'null'],
        description: 'won ÷ weighted, 4 decimals; null when nothing was forecast',
      },
    },
    required: [
      'month',
      'asOf',
      'forecastCount',
      'weighted',
      'commit',
      'bestCase',
      'pipeline',
      'wonCount',
      'won',
    ],
  };
  app.get(`${base}/forecast/accuracy`, {
    schema: {
      tags,
      operationId: 'getOpportunityForecastAccuracy',
      summary: 'Forecast accuracy: what was forecast for each month against what was won in it',
      description:
        'The forecast for a month is read from the weekly snapshot of open opportunities taken in the week the ' +
        'month began, or `weeksBefore` weeks earlier; won is what was won in the month.',
      querystring: {
        type: 'object',
        [CORE_VALIDATED]: true,
        properties: {
          ...range,
          from: { ...month, description: 'First month, YYYY-MM; default: this month' },
          to: { ...month, description: 'Last month (included); default: from' },
          weeksBefore: { type: 'integer', minimum: 0, maximum: 26, default: 0 },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            data: {
              type: 'object',
              properties: {
                from: month,
                to: month,
                groupBy: { type: 'string' },
                weeksBefore: { type: 'integer' },
                months: { type: 'array', items: month },
                rows: { type: 'array', items: groupRow(accuracyCell) },
              },
              required: ['from', 'to', 'groupBy', 'weeksBefore', 'months', 'rows'],
            },
          },
          required: ['data'],
        },
        ...problemResponses(400, 401, 403),
      },
    },
    handler: async (request) => ({
      data: await readAccuracy(records, requireActor(request), request.query as Query),
    }),
  });
}
