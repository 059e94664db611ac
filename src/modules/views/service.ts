import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { EntityRegistry } from '../../core/entity.js';
import { Forbidden, NotFound, ValidationFailed } from '../../core/errors.js';
import { type Actor, grantOf, requireGrant } from '../../core/permissions.js';
import type { Records, WriteOptions } from '../../core/records.js';
import { type ApiRecord, type Row, rowToRecord } from '../../core/row.js';
import { savedViewEntity } from './entities.js';

/**
 * Who sees a saved view: its owner, and everybody once it is shared. Who changes it: its owner, or a role whose
 * grant on saved views is `all` (administrators). Roles grant `own` on saved views (src/modules/users/roles.ts),
 * so the engine's scopes already keep changes to the owner; what they cannot say is "shared views are readable
 * by all", which is why reads are the module's own queries here.
 */

const MAX_VIEWS = 500;

/**
 * The actor's own views, and the shared views of lists the actor may read: a shared view of a list someone cannot
 * open would show them its name, filters and columns (which may name customers) and lead nowhere.
 */
function visible(registry: EntityRegistry, actor: Actor, alias = 'v'): RawBuilder<SqlBool> {
  const readable = registry
    .all()
    .filter((entity) => grantOf(actor, entity, 'read'))
    .map((entity) => entity.name);
  return sql<SqlBool>`(${sql.ref(`${alias}.owner_id`)} = ${actor.userId}
    OR (${sql.ref(`${alias}.shared`)} AND ${sql.ref(`${alias}.entity`)} = ANY(${readable}::text[])))`;
}

/** The live views of one list (or of every list) the actor sees: own first, then shared ones, by name. */
export async function listSavedViews(records: Records, actor: Actor, entity?: string): Promise<ApiRecord[]> {
  requireGrant(actor, savedViewEntity, 'read');
  let query = records.db
    .selectFrom('saved_views as v')
    .selectAll()
    .where('v.deleted_at', 'is', null)
    .where(visible(records.registry, actor));
  if (entity !== undefined) query = query.where('v.entity', '=', entity);
  const rows = await query
    .orderBy(sql`v.owner_id = ${actor.userId}`, 'desc')
    .orderBy('v.name')
    .orderBy('v.id')
    .limit(MAX_VIEWS)
    .execute();
  return rows.map((row) => rowToRecord(savedViewEntity, row as Row));
}

/** One view the actor sees (an administrator, whose read scope is `all`, sees every view by its id). */
export async function getSavedView(records: Records, actor: Actor, id: string): Promise<ApiRecord> {
  const scope = requireGrant(actor, savedViewEntity, 'read');
  const row = await records.db
    .selectFrom('saved_views as v')
    .selectAll()
    .where('v.id', '=', id)
    .where('v.deleted_at', 'is', null)
    .where(scope === 'all' ? sql<SqlBool>`true` : visible(records.registry, actor))
    .executeTakeFirst();
  if (!row) throw new NotFound(`No saved view with id ${id}.`);
  return rowToRecord(savedViewEntity, row as Row);
}

/**
 * Runs a change through the engine (validation, version check, audit) after making sure the actor sees the view:
 * a shared view of someone else is visible, so refusing it is a 403 rather than the engine's 404.
 */
async function change<T>(records: Records, actor: Actor, id: string, write: () => Promise<T>): Promise<T> {
  await getSavedView(records, actor, id);
  try {
    return await write();
  } catch (error) {
    if (error instanceof NotFound) throw new Forbidden('Only the owner of a saved view may change it.');
    throw error;
  }
}

export function updateSavedView(
  records: Records,
  actor: Actor,
  id: string,
  body: unknown,
  options: WriteOptions,
): Promise<ApiRecord> {
  return change(records, actor, id, () => records.patch(actor, savedViewEntity, id, body, options));
}

export function deleteSavedView(
  records: Records,
  actor: Actor,
  id: string,
  options: WriteOptions,
): Promise<ApiRecord> {
  return change(records, actor, id, () => records.remove(actor, savedViewEntity, id, options));
}

/** A view names the list it belongs to by entity name; a name the CRM does not know could never be applied. */
export function registerSavedViewRules(records: Records, registry: EntityRegistry): void {
  records.on(savedViewEntity.name, {
    beforeWrite({ action, columns }) {
      if (action !== 'create') return;
      const entity = columns.entity;
      if (typeof entity === 'string' && !registry.find(entity)) {
        throw new ValidationFailed([
          { field: 'entity', message: `is not an entity of this CRM: "${entity}"`, code: 'unknownEntity' },
        ]);
      }
    },
  });
}
