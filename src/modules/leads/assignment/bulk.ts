import { type SqlBool, sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { EntityDef } from '../../../core/entity.js';
import { BadRequest, type FieldError, Forbidden, NotFound, ValidationFailed } from '../../../core/errors.js';
import { parseListQuery } from '../../../core/filter.js';
import {
  type Actor,
  type Scope,
  grantOf,
  ownerInScope,
  requireGrant,
  scopeCondition,
} from '../../../core/permissions.js';
import { type Condition, and, filterCondition } from '../../../core/query.js';
import { ALIAS, visibleCondition } from '../../../core/record-reads.js';
import type { Records } from '../../../core/records.js';
import type { Row } from '../../../core/row.js';
import type { Db } from '../../../db/connect.js';
import { leadEntity } from '../entities.js';
import { allocate } from './allocation.js';
import { lockAssignment } from './allocation-store.js';
import { type LogEntry, notifyAssignees, writeLog } from './assignment-log.js';
import { assignmentRuleEntity } from './entities.js';
import { leadFacts } from './on-create.js';
import type { LeadFacts } from './strategies.js';

export const MAX_BULK_ASSIGN = 10_000;

export interface BulkAssignInput {
  ids?: string[];
  /** List filters as the list's query string spells them: `{ "filter[status][in]": "lead,open" }`. */
  filter?: Record<string, string | string[]>;
  /** Hand every lead to this user instead of running the rules. */
  userId?: string;
}

export interface BulkAssignResult {
  /** Leads selected. */
  matched: number;
  /** Leads whose owner changed. */
  assigned: number;
  /** Leads placed with the owner they already had. */
  unchanged: number;
  /** Leads no rule could place; they keep their owner. */
  unassigned: string[];
  byUser: Array<{ userId: string; count: number }>;
}

const COLUMNS = [
  'id',
  'owner_id',
  'title',
  'territory_id',
  'source_id',
  'country',
  'industry_id',
  'score',
  'status',
];

/** Which leads: the listed ids, or the list filters (checked before any transaction opens). */
function selection(records: Records, entity: EntityDef, input: BulkAssignInput): Condition {
  if ((input.ids === undefined) === (input.filter === undefined)) {
    throw new ValidationFailed([{ field: 'ids', message: 'send either ids or filter', code: 'required' }]);
  }
  if (input.ids)
    return sql<SqlBool>`${sql.ref(`${ALIAS}.id`)} = ANY(CAST(${[...new Set(input.ids)]} AS uuid[]))`;
  const filter = input.filter ?? {};
  const other = Object.keys(filter).find((key) => !key.startsWith('filter['));
  if (other !== undefined) {
    throw new BadRequest('Only list filters select leads to assign.', [
      {
        field: `filter/${other}`,
        message: 'is not a filter: use filter[field][op]',
        code: 'unknownParameter',
      },
    ]);
  }
  const query = parseListQuery(entity, filter, records.registry);
  return and(query.filters.map((f) => filterCondition(f, ALIAS)));
}

/** Every selected lead, locked, oldest first (the order the rules take them), with whether the actor may change it. */
async function selectLeads(trx: Db, actor: Actor, entity: EntityDef, scope: Scope, where: Condition) {
  const columns = sql.join(COLUMNS.map((column) => sql.ref(`${ALIAS}.${column}`)));
  const mayUpdate = scopeCondition(actor, entity, scope, ALIAS);
  const { rows } = await sql<Row & { may_update: boolean }>`SELECT ${columns}, ${mayUpdate} AS may_update
    FROM ${sql.table(entity.table)} AS ${sql.id(ALIAS)}
    WHERE ${and([visibleCondition(actor, entity, 'read'), where])}
    ORDER BY ${sql.ref(`${ALIAS}.created_at`)}, ${sql.ref(`${ALIAS}.id`)}
    LIMIT ${MAX_BULK_ASSIGN + 1} FOR UPDATE OF ${sql.id(ALIAS)}`.execute(trx);
  return rows;
}

/** 404 for ids the actor cannot see (or that do not exist), 403 for leads they see but may not change. */
function checkSelected(input: BulkAssignInput, rows: Array<Row & { may_update: boolean }>): void {
  const errorsAt = (ids: Set<string>, message: string, code: string): FieldError[] =>
    (input.ids ?? [])
      .flatMap((id, i) => (ids.has(id.toLowerCase()) ? [{ field: `ids/${i}`, message, code }] : []))
      .slice(0, 100);
  if (input.ids) {
    const found = new Set(rows.map((row) => String(row.id)));
    const missing = new Set(input.ids.map((id) => id.toLowerCase()).filter((id) => !found.has(id)));
    if (missing.size) {
      const errors = errorsAt(missing, 'no lead with this id, or not visible to you', 'notFound');
      throw new NotFound(`${missing.size} of the leads do not exist or are not visible to you.`, errors);
    }
  } else if (rows.length > MAX_BULK_ASSIGN) {
    throw new ValidationFailed(
      [{ field: 'filter', message: `matches more than ${MAX_BULK_ASSIGN} leads`, code: 'maxItems' }],
      `The filter matches more than ${MAX_BULK_ASSIGN} leads; narrow it and assign in parts.`,
    );
  }
  const locked = new Set(rows.filter((row) => !row.may_update).map((row) => String(row.id)));
  if (locked.size) {
    const errors = input.ids ? errorsAt(locked, 'you may not change this lead', 'forbidden') : [];
    throw new Forbidden(`You may not change ${locked.size} of these leads; nothing was assigned.`, errors);
  }
}

/** A user given straight: live, enabled, and an owner the actor may hand their leads to. */
async function checkUser(trx: Db, actor: Actor, scope: Scope, userId: string): Promise<void> {
  const user = await trx
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .where('enabled', '=', true)
    .executeTakeFirst();
  if (!user)
    throw new ValidationFailed([{ field: 'userId', message: 'is not an active user', code: 'link' }]);
  if (!ownerInScope(actor, scope, userId)) {
    throw new Forbidden('You may not hand leads to an owner outside your scope.', [
      { field: 'userId', message: 'is outside your scope', code: 'forbidden' },
    ]);
  }
}

interface Change {
  lead: LeadFacts;
  userId: string;
  ruleId: string | null;
  ruleName: string | null;
}

/** The owners, versions and audit entries of every changed lead: one statement each, not one per lead. */
async function writeOwners(trx: Db, entity: EntityDef, actor: Actor, changes: Change[], at: Date) {
  const ids = changes.map((change) => change.lead.id);
  const owners = changes.map((change) => change.userId);
  const previous = changes.map((change) => change.lead.ownerId);
  const when = at.toISOString();
  await sql`UPDATE ${sql.table(entity.table)} AS l
    SET owner_id = v.owner_id, version = l.version + 1, updated_at = CAST(${when} AS timestamptz)
    FROM unnest(CAST(${ids} AS uuid[]), CAST(${owners} AS uuid[])) AS v(id, owner_id)
    WHERE l.id = v.id`.execute(trx);
  // The entries core/audit.ts writes for a patch that changes the owner: GET …/history shows them alike.
  await sql`INSERT INTO audit_log (id, entity, record_id, action, actor_id, api_key_id, at, changes)
    SELECT v.id, ${entity.name}, v.record_id, 'update', CAST(${actor.userId} AS uuid),
      CAST(${actor.apiKeyId ?? null} AS uuid), CAST(${when} AS timestamptz),
      jsonb_build_object('ownerId', jsonb_build_object('from', v.from_owner, 'to', v.to_owner))
    FROM unnest(CAST(${ids.map(() => uuidv7())} AS uuid[]), CAST(${ids} AS uuid[]), CAST(${previous} AS uuid[]),
      CAST(${owners} AS uuid[])) AS v(id, record_id, from_owner, to_owner)`.execute(trx);
}

/**
 * Assigns up to 10,000 leads in one transaction, all or nothing (POST /leads/assign): by the rules, or to one
 * user. Set-based: one statement selects and locks the leads, the rules run in memory (allocation.ts), and one
 * statement each updates the owners, writes the audit entries and the log; each rep gets one notification. The
 * leads' record hooks do not run: only the owner, version and update time change, and no lead rule depends on the
 * owner. Needs the right to change the leads and to change assignment rules (managers and administrators).
 */
export async function bulkAssign(
  records: Records,
  actor: Actor,
  input: BulkAssignInput,
): Promise<BulkAssignResult> {
  const entity = records.current(leadEntity);
  const scope = requireGrant(actor, entity, 'update');
  if (!grantOf(actor, records.registry.get(assignmentRuleEntity.name), 'update')) {
    throw new Forbidden('Your role may not assign leads in bulk.');
  }
  const where = selection(records, entity, input);
  return records.transaction(entity, async (trx) => {
    // The assignment lock before the leads' row locks, the order every assignment takes them in (no deadlock).
    await lockAssignment(trx);
    if (input.userId) await checkUser(trx, actor, scope, input.userId);
    const rows = await selectLeads(trx, actor, entity, scope, where);
    checkSelected(input, rows);
    const leads = rows.map((row) => leadFacts(row, (row.owner_id as string | null) ?? null));
    let placements: Change[];
    let unassigned: string[] = [];
    let at = new Date();
    if (input.userId) {
      const userId = input.userId.toLowerCase();
      placements = leads.map((lead) => ({ lead, userId, ruleId: null, ruleName: null }));
    } else {
      const allocation = await allocate(trx, leads);
      placements = allocation.placed.map(({ lead, userId, rule }) => ({
        lead,
        userId,
        ruleId: rule.id,
        ruleName: rule.name,
      }));
      unassigned = allocation.unplaced.map((entry) => entry.lead.id);
      at = allocation.at;
    }
    const changes = placements.filter((change) => change.userId !== change.lead.ownerId);
    if (changes.length) await writeOwners(trx, entity, actor, changes, at);
    const log: LogEntry[] = changes.map(({ lead, userId, ruleId }) => ({
      leadId: lead.id,
      userId,
      previousOwnerId: lead.ownerId,
      ruleId,
    }));
    await writeLog(trx, log, 'bulk', actor, at);
    const notices = changes.map(({ lead, userId, ruleName }) => ({
      userId,
      leadId: lead.id,
      leadTitle: lead.title,
      ruleName,
    }));
    await notifyAssignees(trx, notices, actor);
    const counts = new Map<string, number>();
    for (const change of changes) counts.set(change.userId, (counts.get(change.userId) ?? 0) + 1);
    return {
      matched: leads.length,
      assigned: changes.length,
      unchanged: placements.length - changes.length,
      unassigned,
      byUser: [...counts].map(([userId, count]) => ({ userId, count })),
    };
  });
}
