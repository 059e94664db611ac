import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { EntityDef } from './entity.js';
import { RuleViolation, ValidationFailed } from './errors.js';
import type { RecordHooks } from './records.js';

/**
 * Trees: entities defined with `tree: true` (territories, customer groups …) link each record to its parent
 * through `parentId`. The rules here keep every tree a forest: no record becomes its own ancestor, and a live
 * record's parent is live too (no trashing a node with live children, no restoring one under a trashed parent).
 */

function parentColumn(tree: EntityDef): string {
  const field = tree.fields.parentId;
  if (!field) throw new Error(`${tree.name} is no tree`);
  return field.column;
}

/**
 * The ids of a node and all its descendants, as a subquery for `= ANY(ARRAY(…))`. It does not depend on the outer
 * row, so PostgreSQL walks the tree once per statement. UNION (not UNION ALL) stops the walk even if a cycle got
 * into the data by a path around the API.
 */
export function subtreeIds(tree: EntityDef, rootId: RawBuilder<unknown>): RawBuilder<unknown> {
  const table = sql.table(tree.table);
  const parent = sql.ref(`c.${parentColumn(tree)}`);
  return sql`WITH RECURSIVE subtree(id) AS (
      SELECT n.id FROM ${table} n WHERE n.id = ${rootId}
      UNION SELECT c.id FROM ${table} c JOIN subtree s ON ${parent} = s.id)
    SELECT id FROM subtree`;
}

/**
 * Changes to the shape of one tree take turns: two moves at once (A under B, B under A) or a trash racing an
 * insert below the trashed node would each pass their checks alone and together break the tree.
 */
async function lockTree(trx: Db, tree: EntityDef): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('crm.tree'), hashtext(${tree.table}))`.execute(trx);
}

/** Whether `ancestorId` is `nodeId` or lies on its way up to the root. */
async function isAncestorOrSelf(trx: Db, tree: EntityDef, ancestorId: string, nodeId: string) {
  const table = sql.table(tree.table);
  const column = parentColumn(tree);
  const found = await sql`WITH RECURSIVE up(id, parent) AS (
      SELECT n.id, ${sql.ref(`n.${column}`)} FROM ${table} n WHERE n.id = ${nodeId}
      UNION SELECT p.id, ${sql.ref(`p.${column}`)} FROM ${table} p JOIN up ON p.id = up.parent)
    SELECT 1 FROM up WHERE up.id = ${ancestorId} LIMIT 1`.execute(trx);
  return found.rows.length > 0;
}

/** A new parent must exist, be live, and not lie below the record (which would close a cycle). */
async function checkParent(trx: Db, tree: EntityDef, parentId: string, selfId: string | undefined) {
  const refuse = (message: string, code: string) =>
    new ValidationFailed([{ field: 'parentId', message, code }]);
  const parent = await trx
    .selectFrom(tree.table)
    .select(['id', 'deleted_at'])
    .where('id', '=', parentId)
    .executeTakeFirst();
  if (!parent) throw refuse('refers to a record that does not exist', 'link');
  if (parent.deleted_at !== null) throw refuse('refers to a record in the trash', 'link');
  if (selfId && (await isAncestorOrSelf(trx, tree, selfId, parentId))) {
    throw refuse('would make the record its own ancestor', 'cycle');
  }
}

async function hasLiveChildren(trx: Db, tree: EntityDef, id: string): Promise<boolean> {
  const child = await trx
    .selectFrom(tree.table)
    .select('id')
    .where(parentColumn(tree), '=', id)
    .where('deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return child !== undefined;
}

/** The engine's rules for a tree entity, run in every write's transaction like a module's hooks. */
export function treeRules(tree: EntityDef): RecordHooks {
  const column = parentColumn(tree);
  return {
    async beforeWrite({ trx, action, before, columns }) {
      const label = tree.label.en.toLowerCase();
      if (action === 'delete' && before) {
        await lockTree(trx, tree);
        if (await hasLiveChildren(trx, tree, before.id as string)) {
          throw new RuleViolation(`This ${label} still has records below it; move or delete them first.`);
        }
      } else if (action === 'restore' && before?.parentId) {
        await lockTree(trx, tree);
        const parent = await trx
          .selectFrom(tree.table)
          .select('deleted_at')
          .where('id', '=', before.parentId as string)
          .executeTakeFirst();
        if (!parent || parent.deleted_at !== null) {
          throw new RuleViolation(`The parent of this ${label} is in the trash; restore it first.`);
        }
      } else if ((action === 'create' || action === 'update') && typeof columns[column] === 'string') {
        const parentId = columns[column] as string;
        if (before && before.parentId === parentId) return;
        await lockTree(trx, tree);
        await checkParent(trx, tree, parentId, (before?.id as string | undefined) ?? undefined);
      }
    },
  };
}
