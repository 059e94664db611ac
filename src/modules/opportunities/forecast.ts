import { type SqlBool, sql } from 'kysely';
import { BadRequest, fieldError } from '../../core/errors.js';
import { normaliseDecimal } from '../../core/field-values.js';
import { type Actor, readableCondition } from '../../core/permissions.js';
import { type Condition, and, filterCondition } from '../../core/query.js';
import { ALIAS, visibleCondition } from '../../core/record-reads.js';
import type { Records } from '../../core/records.js';
import type { Db } from '../../db/connect.js';
import { opportunityEntity, salesQuotaEntity } from './entities.js';
import { monthIndex, monthOf } from '../../shared/months.js';
import { type Query, uuidParam, viewListQuery } from './query-params.js';

/**
 * The sales forecast: per month, group (owner, team or pipeline) and currency, what is closed (won in the month),
 * committed, best case and pipeline (expected to close in the month, by forecast category), the weighted amount
 * (Σ amount × probability, won deals at 100 %) and, per owner or team, the quota. Amounts are exact numeric sums
 * and never added across currencies. A deal won counts in the month of its won date in the reader's time zone.
 * Lost deals (omitted) and deals a user closed without a decision (status closed) are left out.
 */

export const FORECAST_GROUPS = ['owner', 'team', 'pipeline'] as const;
export type ForecastGroup = (typeof FORECAST_GROUPS)[number];
const GROUP_COLUMN: Record<ForecastGroup, string> = {
  owner: 'owner_id',
  team: 'sales_team_id',
  pipeline: 'pipeline_id',
};
export const MAX_FORECAST_MONTHS = 24;

export interface ForecastAmounts {
  count: number;
  closed: string;
  commit: string;
  bestCase: string;
  pipeline: string;
  weighted: string;
  quota: string | null;
}
export interface ForecastRow {
  key: string | null;
  name: string | null;
  nameDe: string | null;
  currency: string;
  months: Array<ForecastAmounts & { month: string }>;
  total: ForecastAmounts;
}
export interface Forecast {
  from: string;
  to: string;
  groupBy: ForecastGroup;
  months: string[];
  rows: ForecastRow[];
  /** Open opportunities in scope and filters without an expected closing date: in no month. */
  undated: number;
}

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

function monthParam(query: Query, name: string, fallback: string): string {
  const value = query[name] ?? fallback;
  if (typeof value !== 'string' || !MONTH.test(value)) {
    throw new BadRequest(`Invalid ${name}.`, [fieldError(name, 'must be a month as YYYY-MM')]);
  }
  return value;
}

/** The months from `from` to `to`, both included: at least one, at most MAX_FORECAST_MONTHS. */
export function monthRange(query: Query, fromName = 'from', toName = 'to', span = 3): string[] {
  const now = new Date();
  const current = monthOf(now.getUTCFullYear() * 12 + now.getUTCMonth());
  const from = monthParam(query, fromName, current);
  const to = monthParam(query, toName, monthOf(monthIndex(from) + span - 1));
  const count = monthIndex(to) - monthIndex(from) + 1;
  if (count < 1)
    throw new BadRequest(`Invalid ${toName}.`, [fieldError(toName, `must not be before ${fromName}`)]);
  if (count > MAX_FORECAST_MONTHS) {
    throw new BadRequest(`Invalid ${toName}.`, [
      fieldError(toName, `spans ${count} months; at most ${MAX_FORECAST_MONTHS}`),
    ]);
  }
  return Array.from({ length: count }, (_, i) => monthOf(monthIndex(from) + i));
}

export function groupParam(query: Query): ForecastGroup {
  const value = query.groupBy ?? 'owner';
  if (typeof value !== 'string' || !(FORECAST_GROUPS as readonly string[]).includes(value)) {
    throw new BadRequest('Invalid groupBy.', [
      fieldError('groupBy', `must be one of ${FORECAST_GROUPS.join(', ')}`),
    ]);
  }
  return value as ForecastGroup;
}

interface AmountRow {
  key: string | null;
  currency: string;
  /** Null in the row of the group's total over all months. */
  month: string | null;
  count: number;
  closed: string;
  commit: string;
  best_case: string;
  pipeline: string;
  weighted: string;
}

/** The month an opportunity counts in: won ones by their won date in `timeZone`, open ones by expected closing. */
export const forecastMonth = (timeZone: string) =>
  sql`CASE WHEN t.forecast_category = 'closed' THEN (t.won_at AT TIME ZONE ${timeZone})::date
    ELSE t.expected_close_date END`;

const firstDay = (month: string) => `${month}-01`;
const dayAfter = (month: string) => `${monthOf(monthIndex(month) + 1)}-01`;

async function amounts(db: Db, group: ForecastGroup, where: Condition, timeZone: string, months: string[]) {
  const key = sql.ref(`t.${GROUP_COLUMN[group]}`);
  const month = forecastMonth(timeZone);
  const sumOf = (category: string) =>
    sql`coalesce(sum(t.amount) FILTER (WHERE t.forecast_category = ${category}), 0)::text`;
  const { rows } = await sql<AmountRow>`SELECT ${key} AS key, t.currency,
      to_char(${month}, 'YYYY-MM') AS month, count(*)::int AS count,
      ${sumOf('closed')} AS closed, ${sumOf('commit')} AS commit, ${sumOf('best_case')} AS best_case,
      ${sumOf('pipeline')} AS pipeline,
      (coalesce(sum(t.amount * t.probability), 0) * 0.01)::text AS weighted
    FROM opportunities AS t
    WHERE ${where} AND t.forecast_category <> 'omitted' AND t.status <> 'closed'
      AND ${month} >= ${firstDay(months[0] as string)}::date AND ${month} < ${dayAfter(months.at(-1) as string)}::date
    GROUP BY GROUPING SETS ((1, 2, 3), (1, 2))`.execute(db);
  return rows;
}

interface QuotaRow {
  key: string | null;
  currency: string;
  month: string | null;
  amount: string;
}

/** Quotas the actor may read, per owner, or per team as the sum of its members' (and manager's) quotas. */
async function quotas(db: Db, actor: Actor, group: ForecastGroup, months: string[]): Promise<QuotaRow[]> {
  if (group === 'pipeline') return [];
  const readable = readableCondition(actor, salesQuotaEntity, 't');
  const range = sql<SqlBool>`t.deleted_at IS NULL AND t.month BETWEEN ${months[0]} AND ${months.at(-1)}`;
  const { rows } =
    group === 'owner'
      ? await sql<QuotaRow>`SELECT t.owner_id AS key, t.currency, t.month, sum(t.amount)::text AS amount
          FROM sales_quotas AS t WHERE ${range} AND ${readable} GROUP BY GROUPING SETS ((1, 2, 3), (1, 2))`.execute(
          db,
        )
      : await sql<QuotaRow>`SELECT st.id AS key, t.currency, t.month, sum(t.amount)::text AS amount
          FROM sales_quotas AS t
          JOIN sales_teams AS st ON st.deleted_at IS NULL
            AND (t.owner_id = ANY(st.member_ids) OR t.owner_id = st.manager_id)
          WHERE ${range} AND ${readable} GROUP BY GROUPING SETS ((1, 2, 3), (1, 2))`.execute(db);
  return rows;
}

export async function groupNames(db: Db, group: ForecastGroup, keys: string[]) {
  const table = { owner: 'users', team: 'sales_teams', pipeline: 'pipelines' }[group];
  const name = { owner: 'full_name', team: 'name', pipeline: 'name' }[group];
  const nameDe = group === 'pipeline' ? sql`name_de` : sql`NULL::text`;
  const { rows } = await sql<{
    id: string;
    name: string;
    name_de: string | null;
  }>`SELECT id, ${sql.ref(name)} AS name,
      ${nameDe} AS name_de FROM ${sql.table(table)} WHERE id = ANY(CAST(${keys} AS uuid[]))`.execute(db);
  return new Map(rows.map((row) => [row.id, row]));
}

const ZERO = { count: 0, closed: '0', commit: '0', bestCase: '0', pipeline: '0', weighted: '0' };

function shapeAmounts(row: typeof ZERO, quota: string | null): ForecastAmounts {
  const money = (text: string) => normaliseDecimal(text);
  return {
    count: row.count,
    closed: money(row.closed),
    commit: money(row.commit),
    bestCase: money(row.bestCase),
    pipeline: money(row.pipeline),
    weighted: money(row.weighted),
    quota: quota === null ? null : money(quota),
  };
}

export async function readForecast(records: Records, actor: Actor, query: Query): Promise<Forecast> {
  const own = ['from', 'to', 'groupBy', 'pipelineId'];
  const list = viewListQuery(records, query, own, ['sort', 'fields', 'total', 'trash', 'cursor', 'limit']);
  const months = monthRange(query);
  const group = groupParam(query);
  const pipelineId = uuidParam(query, 'pipelineId');
  const where = and([
    visibleCondition(actor, opportunityEntity, 'read'),
    ...list.filters.map((filter) => filterCondition(filter, ALIAS)),
    ...(pipelineId ? [sql<SqlBool>`t.pipeline_id = ${pipelineId}::uuid`] : []),
  ]);
  const [found, quotaRows, undated] = [
    await amounts(records.db, group, where, actor.timeZone, months),
    await quotas(records.db, actor, group, months),
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM opportunities AS t
      WHERE ${where} AND t.forecast_category NOT IN ('closed', 'omitted') AND t.status <> 'closed'
        AND t.expected_close_date IS NULL`.execute(records.db),
  ];
  const rowKey = (key: string | null, currency: string) => `${key ?? ''}|${currency}`;
  const byRow = new Map<string, { key: string | null; currency: string }>();
  for (const row of [...found, ...quotaRows]) byRow.set(rowKey(row.key, row.currency), row);
  const names = await groupNames(
    records.db,
    group,
    [...byRow.values()].map((row) => row.key).filter((key): key is string => key !== null),
  );
  const cell = (key: string | null, currency: string, month: string | null): ForecastAmounts => {
    const hit = found.find((r) => r.key === key && r.currency === currency && r.month === month);
    const quota = quotaRows.find((q) => q.key === key && q.currency === currency && q.month === month);
    const sums = hit ? { ...hit, bestCase: hit.best_case } : ZERO;
    return shapeAmounts(sums, group === 'pipeline' ? null : (quota?.amount ?? null));
  };
  const rows: ForecastRow[] = [...byRow.values()].map(({ key, currency }) => {
    const named = key ? names.get(key) : undefined;
    return {
      key,
      name: named?.name ?? null,
      nameDe: named?.name_de ?? null,
      currency,
      months: months.map((month) => ({ month, ...cell(key, currency, month) })),
      total: cell(key, currency, null),
    };
  });
  rows.sort(
    (a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') || a.currency.localeCompare(b.currency),
  );
  return {
    from: months[0] as string,
    to: months.at(-1) as string,
    groupBy: group,
    months,
    rows,
    undated: undated.rows[0]?.n ?? 0,
  };
}
