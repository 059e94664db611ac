import { sql } from 'kysely';
import type { Db } from '../../../db/connect.js';
import { territoryEntity } from '../../masters/entities.js';
import type { Strategy } from './entities.js';
import type { Rep, RuleSpec, RuleState } from './strategies.js';
import { dayIn, knownZone, startOfDayIn } from '../../../shared/time-zones.js';

/** What allocation reads from and writes to the database; every function runs in the caller's transaction. */

interface RuleRow {
  id: string;
  name: string;
  strategy: Strategy;
  sales_team_id: string | null;
  member_ids: string[];
  weights: Array<{ userId: string; weight: number }> | null;
  territory_ids: string[];
  source_ids: string[];
  countries: string[];
  industry_ids: string[];
  min_score: number | null;
  max_score: number | null;
}

/** The active rules in the order they run. */
export async function loadRules(db: Db): Promise<RuleSpec[]> {
  const rows = (await db
    .selectFrom('assignment_rules')
    .select([
      'id',
      'name',
      'strategy',
      'sales_team_id',
      'member_ids',
      'weights',
      'territory_ids',
      'source_ids',
      'countries',
      'industry_ids',
      'min_score',
      'max_score',
    ])
    .where('deleted_at', 'is', null)
    .where('active', '=', true)
    .orderBy('position')
    .orderBy('id')
    .execute()) as RuleRow[];
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    strategy: row.strategy,
    salesTeamId: row.sales_team_id,
    memberIds: row.member_ids,
    weights: new Map((row.weights ?? []).map((w) => [w.userId.toLowerCase(), w.weight])),
    territoryIds: row.territory_ids,
    sourceIds: row.source_ids,
    countries: row.countries,
    industryIds: row.industry_ids,
    minScore: row.min_score,
    maxScore: row.max_score,
  }));
}

/** Each territory with itself and every territory above it, in one walk up the tree for all of them. */
export async function loadAncestors(db: Db, territoryIds: string[]): Promise<Map<string, Set<string>>> {
  const result = new Map<string, Set<string>>();
  if (territoryIds.length === 0) return result;
  const table = sql.table(territoryEntity.table);
  const parent = (alias: string) =>
    sql.ref(`${alias}.${territoryEntity.fields.parentId?.column ?? 'parent_id'}`);
  // UNION (not UNION ALL) ends the walk even if a cycle got into the data around the API.
  const { rows } = await sql<{ start_id: string; id: string }>`WITH RECURSIVE up(start_id, id, parent_id) AS (
      SELECT t.id, t.id, ${parent('t')} FROM ${table} t WHERE t.id = ANY(CAST(${territoryIds} AS uuid[]))
      UNION SELECT up.start_id, p.id, ${parent('p')} FROM ${table} p JOIN up ON p.id = up.parent_id)
    SELECT start_id, id FROM up`.execute(db);
  for (const row of rows) {
    const set = result.get(row.start_id) ?? new Set<string>();
    set.add(row.id);
    result.set(row.start_id, set);
  }
  return result;
}

/**
 * Assignments take turns, all of them: a rep's capacity spans every rule that names them, so a lock per rule would
 * let two rules fill the same rep's last place at once, and a lock per rule plus one per rep, taken as rules fall
 * through, can deadlock. The critical section is a few short statements, held to the end of the transaction
 * (the log row and the pointer must be visible to the next one).
 */
export async function lockAssignment(trx: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('crm.lead-assignment'))`.execute(trx);
}

/** The members of live sales teams, in the team's order. */
export async function loadTeams(trx: Db, teamIds: string[]): Promise<Map<string, string[]>> {
  if (teamIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('sales_teams')
    .select(['id', 'member_ids'])
    .where('id', 'in', teamIds)
    .where('deleted_at', 'is', null)
    .execute();
  return new Map(rows.map((row) => [row.id as string, row.member_ids as string[]]));
}

/**
 * When the rep's calendar day began: "per day" means the rep's own day, in their time zone (UTC for a zone this
 * runtime does not know), and a day that changed to or from summer time still begins at 00:00.
 */
export function startOfDay(now: Date, timeZone: string): Date {
  const zone = knownZone(timeZone);
  return startOfDayIn(zone, dayIn(zone, now));
}

const DAY_MS = 86_400_000;

interface RepRow {
  id: string;
  active: boolean;
  time_zone: string;
  max_per_day: number | null;
  max_per_30_days: number | null;
  out_of_office_from: string | null;
  out_of_office_until: string | null;
}

/**
 * The reps a session may choose from: whether they are active, their capacity and absence, and how many leads
 * the log gave them today and in the last 30 days (counted for reps with a limit only) and how many open leads
 * they own (for "fewest open leads" only, served by the partial index leads_owner_open).
 */
export async function loadReps(
  trx: Db,
  userIds: string[],
  now: Date,
  withOpenLeads: boolean,
): Promise<Map<string, Rep>> {
  const reps = new Map<string, Rep>();
  if (userIds.length === 0) return reps;
  const { rows } = await sql<RepRow>`SELECT u.id, (u.deleted_at IS NULL AND u.enabled) AS active, u.time_zone,
      c.max_per_day, c.max_per_30_days, c.out_of_office_from, c.out_of_office_until
    FROM users u LEFT JOIN rep_capacities c ON c.user_id = u.id AND c.deleted_at IS NULL
    WHERE u.id = ANY(CAST(${userIds} AS uuid[]))`.execute(trx);
  const date = (text: string | null) => (text === null ? null : new Date(text));
  for (const row of rows) {
    reps.set(row.id, {
      userId: row.id,
      active: row.active,
      outOfOfficeFrom: date(row.out_of_office_from),
      outOfOfficeUntil: date(row.out_of_office_until),
      maxPerDay: row.max_per_day,
      maxPer30Days: row.max_per_30_days,
      today: 0,
      last30Days: 0,
      openLeads: 0,
    });
  }
  const capped = rows.filter((row) => row.max_per_day !== null || row.max_per_30_days !== null);
  if (capped.length > 0) {
    const starts = capped.map((row) => startOfDay(now, row.time_zone).toISOString());
    const since = new Date(now.getTime() - 30 * DAY_MS).toISOString();
    const counts = await sql<{ user_id: string; today: number; last30: number }>`SELECT r.user_id,
        (SELECT count(*) FROM lead_assignments a WHERE a.user_id = r.user_id AND a.at >= r.day_start)::int AS today,
        (SELECT count(*) FROM lead_assignments a
          WHERE a.user_id = r.user_id AND a.at > CAST(${since} AS timestamptz))::int AS last30
      FROM unnest(CAST(${capped.map((row) => row.id)} AS uuid[]), CAST(${starts} AS timestamptz[]))
        AS r(user_id, day_start)`.execute(trx);
    for (const row of counts.rows) {
      const rep = reps.get(row.user_id);
      if (rep) Object.assign(rep, { today: row.today, last30Days: row.last30 });
    }
  }
  if (withOpenLeads) {
    const open = await sql<{ owner_id: string; n: number }>`SELECT owner_id, count(*)::int AS n FROM leads
      WHERE owner_id = ANY(CAST(${userIds} AS uuid[]))
        AND deleted_at IS NULL AND status NOT IN ('converted', 'do_not_contact')
      GROUP BY owner_id`.execute(trx);
    for (const row of open.rows) {
      const rep = reps.get(row.owner_id);
      if (rep) rep.openLeads = row.n;
    }
  }
  return reps;
}

export async function loadStates(trx: Db, ruleIds: string[]): Promise<Map<string, RuleState>> {
  const rows = await trx
    .selectFrom('lead_assignment_state')
    .select(['rule_id', 'last_user_id', 'current_weights'])
    .where('rule_id', 'in', ruleIds)
    .execute();
  const states = new Map<string, RuleState>();
  for (const id of ruleIds) states.set(id, { lastUserId: null, currentWeights: {} });
  for (const row of rows) {
    states.set(row.rule_id as string, {
      lastUserId: row.last_user_id as string | null,
      currentWeights: (row.current_weights ?? {}) as Record<string, number>,
    });
  }
  return states;
}

/** One statement for every rule the session used: one JSON parameter, so both drivers bind it alike. */
export async function saveStates(trx: Db, states: Map<string, RuleState>, now: Date): Promise<void> {
  if (states.size === 0) return;
  const rows = [...states].map(([ruleId, state]) => ({
    rule_id: ruleId,
    last_user_id: state.lastUserId,
    current_weights: state.currentWeights,
  }));
  await sql`INSERT INTO lead_assignment_state (rule_id, last_user_id, current_weights, updated_at)
    SELECT s.rule_id, s.last_user_id, s.current_weights, CAST(${now.toISOString()} AS timestamptz)
    FROM jsonb_to_recordset(CAST(${JSON.stringify(rows)} AS jsonb))
      AS s(rule_id uuid, last_user_id uuid, current_weights jsonb)
    ON CONFLICT (rule_id) DO UPDATE SET last_user_id = EXCLUDED.last_user_id,
      current_weights = EXCLUDED.current_weights, updated_at = EXCLUDED.updated_at`.execute(trx);
}
