/**
 * A role's permissions as the API stores them (src/core/permissions.ts): per entity name, or `*` for every
 * entity without an entry of its own, each action with a scope. An entity's entry replaces `*` as a whole, so
 * an action missing from it is not granted. Pure, so the matrix's rules are unit-tested.
 */
import type { Action, Scope } from '../../views/meta';

export const ACTIONS: Action[] = ['read', 'create', 'update', 'delete', 'export'];
export const SCOPES: Scope[] = ['own', 'team', 'all'];
export const WILDCARD = '*';

export type Grants = Partial<Record<Action, Scope>>;
export type Permissions = Record<string, Grants>;

export interface Cell {
  scope: Scope | null;
  /** Taken from `*` because the entity has no entry of its own. */
  inherited: boolean;
}

export function asPermissions(value: unknown): Permissions {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Permissions) : {};
}

export function grantOf(permissions: Permissions, entity: string, action: Action): Cell {
  const own = permissions[entity];
  if (own) return { scope: own[action] ?? null, inherited: false };
  if (entity === WILDCARD) return { scope: null, inherited: false };
  return { scope: permissions[WILDCARD]?.[action] ?? null, inherited: true };
}

/**
 * Sets one action's scope. The first change to an entity that follows `*` copies `*` into an entry of its
 * own, so the entity's other actions keep what they had.
 */
export function setGrant(
  permissions: Permissions,
  entity: string,
  action: Action,
  scope: Scope | null,
): Permissions {
  const start: Grants = {
    ...(permissions[entity] ?? (entity === WILDCARD ? {} : permissions[WILDCARD]) ?? {}),
  };
  if (scope) start[action] = scope;
  else delete start[action];
  return { ...permissions, [entity]: start };
}

/** Lets the entity follow `*` again. */
export function inheritAll(permissions: Permissions, entity: string): Permissions {
  const { [entity]: _removed, ...rest } = permissions;
  return rest;
}

/**
 * The scopes worth offering: records without owners have no "own" or "team" part, so for them only "all"
 * grants anything (the server would ignore the narrower ones).
 */
export function scopesFor(owned: boolean): Scope[] {
  return owned ? SCOPES : ['all'];
}
