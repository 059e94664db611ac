/** The forecast's requests (src/modules/opportunities/forecast-routes.ts). */
import { get } from '../../app/api';
import { monthOf } from '../../../../src/shared/months';

export type ForecastGroup = 'owner' | 'team' | 'pipeline';

export interface ForecastAmounts {
  count: number;
  closed: string;
  commit: string;
  bestCase: string;
  pipeline: string;
  weighted: string;
  quota: string | null;
}

interface GroupRow<Cell> {
  key: string | null;
  name: string | null;
  nameDe: string | null;
  currency: string;
  months: Cell[];
}

export interface Forecast {
  months: string[];
  rows: Array<GroupRow<ForecastAmounts & { month: string }> & { total: ForecastAmounts }>;
  undated: number;
}

export interface AccuracyCell {
  month: string;
  asOf: string;
  forecastCount: number;
  weighted: string;
  wonCount: number;
  won: string;
  accuracy: string | null;
}

export interface Accuracy {
  months: string[];
  rows: Array<GroupRow<AccuracyCell>>;
}

export interface ForecastQuery {
  from: string;
  to: string;
  groupBy: ForecastGroup;
  pipelineId: string | null;
}

function params(query: ForecastQuery, extra: Record<string, string> = {}): URLSearchParams {
  const search = new URLSearchParams({ from: query.from, to: query.to, groupBy: query.groupBy, ...extra });
  if (query.pipelineId) search.set('pipelineId', query.pipelineId);
  return search;
}

export async function fetchForecast(query: ForecastQuery): Promise<Forecast> {
  return (await get<{ data: Forecast }>(`/api/v1/opportunities/forecast?${params(query)}`)).data;
}

export async function fetchAccuracy(query: ForecastQuery, weeksBefore: number): Promise<Accuracy> {
  const search = params(query, { weeksBefore: String(weeksBefore) });
  return (await get<{ data: Accuracy }>(`/api/v1/opportunities/forecast/accuracy?${search}`)).data;
}

export const thisMonth = () => {
  const now = new Date();
  return monthOf(now.getFullYear() * 12 + now.getMonth());
};
