import { type SqlBool, sql } from 'kysely';
import { BadRequest, fieldError } from '../../core/errors.js';
import { normaliseDecimal } from '../../core/field-values.js';
import type { Actor } from '../../core/permissions.js';
import { and } from '../../core/query.js';
import { visibleCondition } from '../../core/record-reads.js';
import type { Records } from '../../core/records.js';
import type { Db } from '../../db/connect.js';
import type { JobRunner } from '../../jobs/runner.js';
import { opportunityEntity } from './entities.js';
import { type ForecastGroup, forecastMonth, groupNames, groupParam, monthRange } from './forecast.js';
import { type Query, uuidParam } from './query-params.js';

/**
 * Forecast accuracy: what the open opportunities promised for a month, as they stood in a week before it, against
 * what was won in that month. The weekly snapshot (migration 0018) keeps each open opportunity's amount,
 * probability, stage, owner, team, close date and forecast category, one row per run of unchanged weeks.
 */

export const SNAPSHOT_JOB = 'opportunities.forecast-snapshot';
const DAY_SECONDS = 86_400;
/** Open deals a user has not closed without a decision: what the forecast counts. */
const OPEN = sql<SqlBool>`o.deleted_at IS NULL AND o.status <> 'closed'
  AND o.forecast_category NOT IN ('closed', 'omitted')`;
const SNAPSHOT_COLUMNS = [
  'stage_id',
  'owner_id',
  'sales_team_id',
  'currency',
  'amount',
  'probability',
  'expected_close_date',
  'forecast_category',
];
const columnsOf = (alias: string) =>
  sql.join(SNAPSHOT_COLUMNS.map((column) => sql.ref(`${alias}.${column}`)));

/**
 * This week's snapshot (weeks start on Monday, UTC): rows unchanged since last week's are extended, the others
 * start a row. Idempotent within a week, so it runs daily and a server that was down on Monday catches up.
 */
export async function takeSnapshot(
  db: Db,
  now = new Date(),
): Promise<{ week: string; extended: number; added: number }> {
  const { rows } = await sql<{
    week: string;
  }>`SELECT to_char(date_trunc('week', ${now.toISOString()}::timestamptz
    AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week`.execute(db);
  const week = rows[0]?.week as string;
  const extended = await sql`UPDATE opportunity_snapshots AS s SET last_week = ${week}::date
    FROM opportunities AS o
    WHERE s.opportunity_id = o.id AND s.last_week = ${week}::date - 7 AND ${OPEN}
      AND (${columnsOf('s')}) IS NOT DISTINCT FROM (${columnsOf('o')})`.execute(db);
  const names = sql.join(SNAPSHOT_COLUMNS.map((column) => sql.ref(column)));
  const added = await sql`INSERT INTO opportunity_snapshots (opportunity_id, first_week, last_week, ${names})
    SELECT o.id, ${week}::date, ${week}::date, ${columnsOf('o')}
    FROM opportunities AS o
    WHERE ${OPEN} AND NOT EXISTS (SELECT 1 FROM opportunity_snapshots AS s
      WHERE s.opportunity_id = o.id AND s.last_week = ${week}::date)`.execute(db);
  return { week, extended: Number(extended.numAffectedRows ?? 0), added: Number(added.numAffectedRows ?? 0) };
}

export function registerSnapshotJob(jobs: JobRunner): void {
  jobs.every(SNAPSHOT_JOB, DAY_SECONDS, async (_job, trx) => {
    await takeSnapshot(trx);
  });
}

const GROUP_OF_SNAPSHOT: Record<ForecastGroup, string> = {
  owner: 's.owner_id',
  team: 's.sales_team_id',
  pipeline: 'ps.pipeline_id',
};
const GROUP_OF_DEAL: Record<ForecastGroup, string> = {
  owner: 't.owner_id',
  team: 't.sales_team_id',
  pipeline: 't.pipeline_id',
};
/** Stands in for "no owner/team" so that groups join by equality. */
const NONE = '00000000-0000-0000-0000-000000000000';

interface AccuracyRow {
  key: string;
  currency: string;
  month: string;
  as_of: string;
  forecast_count: number;
  weighted: string;
  commit: string;
  best_case: string;
  pipeline: string;
  won_count: number;
  won: string;
  accuracy: string | null;
}

export interface AccuracyCell {
  month: string;
  asOf: string;
  forecastCount: number;
  weighted: string;
  commit: string;
  bestCase: string;
  pipeline: string;
  wonCount: number;
  won: string;
  /** won ÷ weighted forecast, 4 decimals; null when nothing was forecast. */
  accuracy: string | null;
}

export async function readAccuracy(records: Records, actor: Actor, query: Query) {
  const months = monthRange(query, 'from', 'to', 1);
  const group = groupParam(query);
  const pipelineId = uuidParam(query, 'pipelineId');
  const weeksText = query.weeksBefore ?? '0';
  const weeksBefore =
    typeof weeksText === 'string' && /^[0-9]{1,2}$/.test(weeksText) ? Number(weeksText) : -1;
  if (weeksBefore < 0 || weeksBefore > 26) {
    throw new BadRequest('Invalid weeksBefore.', [
      fieldError('weeksBefore', 'must be a whole number from 0 to 26'),
    ]);
  }
  const visible = visibleCondition(actor, opportunityEntity, 'read');
  const inPipeline = (column: string) =>
    pipelineId ? sql<SqlBool>`${sql.raw(column)} = ${pipelineId}::uuid` : sql<SqlBool>`true`;
  const key = (column: string) => sql`coalesce(${sql.raw(column)}, ${NONE}::uuid)`;
  const sumOf = (category: string) =>
    sql`coalesce(sum(s.amount) FILTER (WHERE s.forecast_category = ${category}), 0)`;
  const won = forecastMonth(actor.timeZone);
  const { rows } = await sql<AccuracyRow>`WITH m AS (
      SELECT to_char(start, 'YYYY-MM') AS month, start,
        date_trunc('week', start)::date - 7 * ${weeksBefore}::int AS as_of
      FROM unnest(CAST(${months.map((month) => `${month}-01`)} AS date[])) AS start),
    forecast AS (
      SELECT ${key(GROUP_OF_SNAPSHOT[group])} AS key, s.currency, m.month, m.as_of, count(*)::int AS n,
        coalesce(sum(s.amount * s.probability), 0) * 0.01 AS weighted, ${sumOf('commit')} AS commit,
        ${sumOf('best_case')} AS best_case, ${sumOf('pipeline')} AS pipeline
      FROM m JOIN opportunity_snapshots AS s ON s.first_week <= m.as_of AND s.last_week >= m.as_of
        AND s.expected_close_date >= m.start AND s.expected_close_date < m.start + interval '1 month'
      JOIN pipeline_stages AS ps ON ps.id = s.stage_id
      JOIN opportunities AS t ON t.id = s.opportunity_id
      WHERE ${and([visible, inPipeline('ps.pipeline_id')])}
      GROUP BY 1, 2, 3, 4),
    won AS (
      SELECT ${key(GROUP_OF_DEAL[group])} AS key, t.currency, to_char(${won}, 'YYYY-MM') AS month,
        count(*)::int AS n, coalesce(sum(t.amount), 0) AS amount
      FROM opportunities AS t
      WHERE ${and([visible, inPipeline('t.pipeline_id')])} AND t.forecast_category = 'closed'
        AND ${won} >= ${`${months[0]}-01`}::date AND ${won} < (${`${months.at(-1)}-01`}::date + interval '1 month')
      GROUP BY 1, 2, 3)
    SELECT coalesce(f.key, w.key) AS key, coalesce(f.currency, w.currency) AS currency,
      coalesce(f.month, w.month) AS month, to_char(m.as_of, 'YYYY-MM-DD') AS as_of,
      coalesce(f.n, 0) AS forecast_count, coalesce(f.weighted, 0)::text AS weighted,
      coalesce(f.commit, 0)::text AS commit, coalesce(f.best_case, 0)::text AS best_case,
      coalesce(f.pipeline, 0)::text AS pipeline, coalesce(w.n, 0) AS won_count,
      coalesce(w.amount, 0)::text AS won,
      CASE WHEN f.weighted > 0 THEN round(coalesce(w.amount, 0) / f.weighted, 4)::text END AS accuracy
    FROM forecast AS f FULL JOIN won AS w ON w.key = f.key AND w.currency = f.currency AND w.month = f.month
    JOIN m ON m.month = coalesce(f.month, w.month)
    ORDER BY 3`.execute(records.db);
  const names = await groupNames(
    records.db,
    group,
    rows.map((row) => row.key).filter((k) => k !== NONE),
  );
  const byGroup = new Map<
    string,
    {
      key: string | null;
      name: string | null;
      nameDe: string | null;
      currency: string;
      months: AccuracyCell[];
    }
  >();
  for (const row of rows) {
    const id = `${row.key}|${row.currency}`;
    const groupKey = row.key === NONE ? null : row.key;
    const named = groupKey ? names.get(groupKey) : undefined;
    const entry = byGroup.get(id) ?? {
      key: groupKey,
      name: named?.name ?? null,
      nameDe: named?.name_de ?? null,
      currency: row.currency,
      months: [],
    };
    entry.months.push({
      month: row.month,
      asOf: row.as_of,
      forecastCount: row.forecast_count,
      weighted: normaliseDecimal(row.weighted),
      commit: normaliseDecimal(row.commit),
      bestCase: normaliseDecimal(row.best_case),
      pipeline: normaliseDecimal(row.pipeline),
      wonCount: row.won_count,
      won: normaliseDecimal(row.won),
      accuracy: row.accuracy,
    });
    byGroup.set(id, entry);
  }
  return {
    from: months[0],
    to: months.at(-1),
    groupBy: group,
    weeksBefore,
    months,
    rows: [...byGroup.values()],
  };
}
