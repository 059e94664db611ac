import { type SqlBool, sql } from 'kysely';
import type { ListQuery } from '../../core/filter.js';
import { type Actor, requireGrant, scopeParts } from '../../core/permissions.js';
import { type Condition, and, filterCondition } from '../../core/query.js';
import { ALIAS, visibleCondition } from '../../core/record-reads.js';
import type { Db } from '../../db/connect.js';
import { opportunityEntity } from './entities.js';

/**
 * Count and sums of each board column per currency, in numeric (exact). Weighted = amount × probability / 100,
 * written as × 0.01 because numeric multiplication keeps every decimal while division rounds to a scale of its
 * choosing. Cards without an amount count but add nothing.
 *
 * A board without filters reads the totals the triggers of migration 0017 keep per stage, owner and currency: the
 * owners in the actor's scope from there, and only the few cards shared with the actor from other owners by an
 * aggregate over the cards. A filtered board aggregates its cards, as only the filter can say which count.
 */

export interface SumRow {
  stage_id: string;
  currency: string;
  n: number;
  amount: string;
  weighted: string;
}

const inStages = (stageIds: string[]): Condition =>
  sql<SqlBool>`${sql.ref(`${ALIAS}.stage_id`)} = ANY(CAST(${stageIds} AS uuid[]))`;

/** Σ per stage and currency of the cards matching `where` (alias ALIAS), as rows of opportunity_totals. */
const cardTotals = (where: Condition) => sql`SELECT t.stage_id, t.currency, count(*)::int AS n,
    coalesce(sum(t.amount), 0) AS amount, coalesce(sum(t.amount * t.probability), 0) AS weighted_raw
  FROM opportunities AS t WHERE ${where} GROUP BY t.stage_id, t.currency`;

export async function columnSums(
  db: Db,
  actor: Actor,
  query: ListQuery,
  stageIds: string[],
): Promise<SumRow[]> {
  let totals;
  if (query.filters.length) {
    totals = cardTotals(
      and([
        visibleCondition(actor, opportunityEntity, 'read'),
        ...query.filters.map((filter) => filterCondition(filter, ALIAS)),
        inStages(stageIds),
      ]),
    );
  } else {
    const [owned, shared] = scopeParts(
      actor,
      opportunityEntity,
      requireGrant(actor, opportunityEntity, 'read'),
      ALIAS,
    );
    const kept = sql`SELECT t.stage_id, t.currency, t.n, t.amount, t.weighted_raw FROM opportunity_totals AS t
      WHERE ${and([owned ?? sql<SqlBool>`true`, inStages(stageIds)])}`;
    totals = shared
      ? sql`${kept} UNION ALL ${cardTotals(and([sql<SqlBool>`t.deleted_at IS NULL`, shared, inStages(stageIds)]))}`
      : kept;
  }
  const { rows } = await sql<SumRow>`SELECT stage_id, currency, sum(n)::int AS n, sum(amount)::text AS amount,
      (sum(weighted_raw) * 0.01)::text AS weighted
    FROM (${totals}) AS s GROUP BY stage_id, currency HAVING sum(n) > 0 ORDER BY currency`.execute(db);
  return rows;
}
