/** The forecast's requests (src/modules/opportunities/forecast-routes.ts). */
import { get } from '../../app/api';

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

/** Months as the API names them (YYYY-MM), counted from January of year 0. */
export const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
export const monthOf = (index: number) =>
  `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
export const thisMonth = () => {
  const now = new Date();
  return monthOf(now.getFullYear() * 12 + now.getMonth());
};
