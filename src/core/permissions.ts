import { type SqlBool, sql } from 'kysely';
import type { EntityDef } from './entity.js';
import { Forbidden } from './errors.js';
import { type Condition, and, or } from './query.js';

export const ACTIONS = ['read', 'create', 'update', 'delete', 'export'] as const;
export type Action = (typeof ACTIONS)[number];
export const SCOPES = ['own', 'team', 'all'] as const;
export type Scope = (typeof SCOPES)[number];
export type Grants = Partial<Record<Action, Scope>>;
/** Grants per entity name; `*` applies to every entity without an entry of its own. */
export type RolePermissions = Record<string, Grants>;

export interface Actor {
  userId: string | null;
  email: string;
  fullName: string;
  language: 'en' | 'de';
  timeZone: string;
  roleName: string;
  permissions: RolePermissions;
  /** Owners whose records fall in the actor's team scope: members and managers of the actor's teams. */
  teamUserIds: string[];
  apiKeyId?: string;
}

/** Jobs, migrations and seeds act as the system, which may do anything and owns nothing. */
export const SYSTEM_ACTOR: Actor = {
  userId: null,
  email: 'system',
  fullName: 'System',
  language: 'en',
  timeZone: 'UTC',
  roleName: 'system',
  permissions: { '*': { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' } },
  teamUserIds: [],
};

export function grantOf(actor: Actor, entity: EntityDef, action: Action): Scope | undefined {
  const scope = (actor.permissions[entity.name] ?? actor.permissions['*'])?.[action];
  // Records without owners have no "own" or "team" subset: a narrower grant gives nothing.
  if (!entity.owned && scope !== 'all') return undefined;
  return scope;
}

export function requireGrant(actor: Actor, entity: EntityDef, action: Action): Scope {
  const scope = grantOf(actor, entity, action);
  if (!scope) {
    throw new Forbidden(`Your role may not ${action} ${entity.labelPlural.en.toLowerCase()}.`);
  }
  return scope;
}

/** The SQL condition selecting the rows a scope covers; records shared with the actor are always inside. */
export function scopeCondition(actor: Actor, entity: EntityDef, scope: Scope, alias: string): Condition {
  if (scope === 'all') return sql<SqlBool>`true`;
  const owner = sql.ref(`${alias}.owner_id`);
  // Uncorrelated, so PostgreSQL reads the actor's shares once (an InitPlan) and can still walk the owner index;
  // a correlated EXISTS per row made it scan every row of other owners.
  const shared = sql<SqlBool>`${sql.ref(`${alias}.id`)} = ANY(ARRAY(SELECT rs.record_id FROM record_shares rs
    WHERE rs.entity = ${entity.name} AND rs.user_id = ${actor.userId}))`;
  const mine = sql<SqlBool>`${owner} = ${actor.userId}`;
  if (scope === 'own') return or([mine, shared]);
  return or([sql<SqlBool>`${owner} = ANY(CAST(${[actor.userId, ...actor.teamUserIds]} AS uuid[]))`, shared]);
}

/** Whether reads of the entity reach past the owner's scope (EntityInput.readThrough and readers). */
export function readsBeyondScope(entity: EntityDef): boolean {
  return Boolean(entity.readThrough?.length || entity.readers?.length);
}

/**
 * The rows a read grant of `scope` covers: those of its scope, for an entity read through links
 * (EntityInput.readThrough) those linked to a record the actor may read, and those naming the actor among their
 * readers (EntityInput.readers). Reads must use this, not scopeCondition.
 */
export function readCondition(actor: Actor, entity: EntityDef, scope: Scope, alias: string): Condition {
  const own = scopeCondition(actor, entity, scope, alias);
  if (scope === 'all' || !readsBeyondScope(entity)) return own;
  const columnOf = (field: string) => entity.allFields[field]?.column ?? field;
  const named = (entity.readers ?? []).map(
    (field) =>
      sql<SqlBool>`${sql.ref(`${alias}.${columnOf(field)}`)} @> ARRAY[CAST(${actor.userId} AS uuid)]`,
  );
  const through = (entity.readThrough ?? []).map(({ field, target, unlessSet = [] }) => {
    const column = columnOf(field);
    const linked = `rt_${column}`;
    const empty = unlessSet.map((other) => sql<SqlBool>`${sql.ref(`${alias}.${columnOf(other)}`)} IS NULL`);
    return and([
      ...empty,
      sql<SqlBool>`EXISTS (SELECT 1 FROM ${sql.table(target.table)} AS ${sql.id(linked)}
        WHERE ${sql.ref(`${linked}.id`)} = ${sql.ref(`${alias}.${column}`)}
          AND ${sql.ref(`${linked}.deleted_at`)} IS NULL AND ${readableCondition(actor, target, linked)})`,
    ]);
  });
  return or([own, ...through, ...named]);
}

/**
 * The same rows as scopeCondition, as conditions that never select the same row twice: the rows of owners in
 * scope, and the shared rows of other owners. A list page reads each part in its own order and merges them
 * (record-reads.ts): PostgreSQL cannot walk an (owner_id, sort key) index for "owner = me OR shared with me", so
 * with the OR it read the whole table in sort order and skipped every other owner's rows.
 */
export function scopeParts(actor: Actor, entity: EntityDef, scope: Scope, alias: string): Condition[] {
  if (scope === 'all') return [sql<SqlBool>`true`];
  const owner = sql.ref(`${alias}.owner_id`);
  const owners = scope === 'own' ? [actor.userId] : [actor.userId, ...actor.teamUserIds];
  const owned =
    scope === 'own'
      ? sql<SqlBool>`${owner} = ${actor.userId}`
      : sql<SqlBool>`${owner} = ANY(CAST(${owners} AS uuid[]))`;
  const shared = sql<SqlBool>`${sql.ref(`${alias}.id`)} = ANY(ARRAY(SELECT rs.record_id FROM record_shares rs
    WHERE rs.entity = ${entity.name} AND rs.user_id = ${actor.userId}))`;
  // Records without an owner are outside every owner list (NULL = ANY(…) is NULL, so test for it).
  const otherOwner = sql<SqlBool>`(${owner} IS NULL OR NOT (${owner} = ANY(CAST(${owners} AS uuid[]))))`;
  return [owned, sql<SqlBool>`(${shared} AND ${otherOwner})`];
}

/** Whether a record owned by `ownerId` lies in the scope, leaving shares aside (used for new owners). */
export function ownerInScope(actor: Actor, scope: Scope, ownerId: string | null): boolean {
  if (scope === 'all') return true;
  if (ownerId === null) return false;
  if (ownerId === actor.userId) return true;
  return scope === 'team' && actor.teamUserIds.includes(ownerId);
}

/**
 * The rows of `entity` the actor may read, as a condition that is simply false without a read grant: for lookups
 * that must not fail on an unreadable entity but only leave (or mark) its rows out — duplicate candidates, link
 * targets.
 */
export function readableCondition(actor: Actor, entity: EntityDef, alias: string): Condition {
  const scope = grantOf(actor, entity, 'read');
  return scope ? readCondition(actor, entity, scope, alias) : sql<SqlBool>`false`;
}
