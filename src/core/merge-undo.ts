import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { writeAudit } from './audit.js';
import type { EntityDef } from './entity.js';
import { type Contribution, type MergeSpec, itemKeyOf } from './merge.js';
import type { Actor } from './permissions.js';
import type { RecordHooks, Records } from './records.js';
import { type Relinked, unrelink } from './relink.js';
import { type ApiRecord, type Row, bodyToColumns, rowToRecord } from './row.js';

/**
 * Undoing a merge: restoring a merged record from the trash puts back its part of the merge, in the same
 * transaction as the restore — the references that were moved from it to the survivor point to it again, and the
 * survivor gives back the values it took from it (filled fields it still holds unchanged, items it still has).
 * Whatever was changed since the merge stays as it is now. Each merged record can be restored on its own; the
 * restore needs the right to change the survivor, since the survivor changes.
 */
interface MergeRow {
  id: string;
  survivor_id: string;
  merged_ids: string[];
  restored_ids: string[];
  details: { relinked: Relinked[]; contributions: Record<string, Contribution> };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The survivor's changes that take back what `gift` added and put back what it dropped; empty when none. */
function withoutGift(spec: MergeSpec, entity: EntityDef, survivor: ApiRecord, gift: Contribution): ApiRecord {
  const changes: ApiRecord = {};
  for (const [name, value] of Object.entries(gift.filled)) {
    if (entity.allFields[name] && same(survivor[name], value)) changes[name] = null;
  }
  for (const [name, items] of Object.entries(gift.added)) {
    const field = entity.allFields[name];
    const current = survivor[name];
    if (!field || !Array.isArray(current)) continue;
    const given = new Set(items.map((item) => itemKeyOf(spec, field, item)));
    const kept = current.filter((item) => !given.has(itemKeyOf(spec, field, item)));
    if (kept.length !== current.length) changes[name] = kept;
  }
  // The survivor named the restored record before the merge: it does again, unless the field was set since.
  for (const [name, items] of Object.entries(gift.dropped ?? {})) {
    const field = entity.allFields[name];
    const current = name in changes ? changes[name] : survivor[name];
    if (!field || items.length === 0) continue;
    if (field.type === 'link') {
      if (current === null || current === undefined) changes[name] = items[0];
      continue;
    }
    const list = Array.isArray(current) ? current : [];
    const keys = new Set(list.map((item) => itemKeyOf(spec, field, item)));
    const missing = items.filter((item) => !keys.has(itemKeyOf(spec, field, item)));
    if (missing.length) changes[name] = [...list, ...missing];
  }
  return changes;
}

async function takeBack(
  records: Records,
  trx: Db,
  actor: Actor,
  spec: MergeSpec,
  entity: EntityDef,
  survivorId: string,
  gift: Contribution | undefined,
): Promise<void> {
  if (!gift) return;
  const row = await trx
    .selectFrom(entity.table)
    .selectAll()
    .where('id', '=', survivorId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  // A survivor in the trash keeps what it has; restoring it later brings it back as it was.
  if (!row) return;
  const changes = withoutGift(spec, entity, rowToRecord(entity, row as Row), gift);
  if (Object.keys(changes).length === 0) return;
  const columns = await bodyToColumns(entity, changes);
  await records.patchIn(trx, actor, entity, survivorId, {}, columns, {
    allowDuplicates: true,
    carryOver: true,
  });
}

/**
 * Record hooks that undo a record's part of a merge when it is restored. They run before the restore brings the
 * record back: a value the survivor took from it that must be unique among live records (a unique custom field)
 * has to leave the survivor before the record holding it is live again.
 */
export function mergeUndoRules(records: Records, spec: MergeSpec): RecordHooks {
  return {
    async beforeWrite({ trx, actor, action, before }) {
      if (action !== 'restore' || !before) return;
      const id = before.id as string;
      const entity = records.registry.get(spec.entity);
      const { rows } = await sql<MergeRow>`SELECT id::text AS id, survivor_id::text AS survivor_id,
          merged_ids::text[] AS merged_ids, restored_ids::text[] AS restored_ids, details
        FROM merges WHERE entity = ${entity.name} AND merged_ids @> ARRAY[${id}::uuid]
          AND NOT restored_ids @> ARRAY[${id}::uuid]
        ORDER BY at DESC FOR UPDATE`.execute(trx);
      for (const merge of rows) {
        const at = new Date();
        const stillMerged = merge.merged_ids.filter((m) => m !== id && !merge.restored_ids.includes(m));
        const ctx = { trx, registry: records.registry, actor, action: 'merge' as const, at };
        const target = { entity: entity.name, survivorId: merge.survivor_id, restoredId: id, stillMerged };
        const putBack = await unrelink(ctx, merge.details.relinked, target);
        await takeBack(records, trx, actor, spec, entity, merge.survivor_id, merge.details.contributions[id]);
        await sql`UPDATE merges SET restored_ids = array_append(restored_ids, ${id}::uuid)
          WHERE id = ${merge.id}::uuid`.execute(trx);
        await writeAudit(trx, {
          entity,
          recordId: merge.survivor_id,
          action: 'merge',
          actor,
          at,
          changes: { unmerged: { from: id, to: null }, relinked: { from: putBack, to: 0 } },
        });
      }
    },
  };
}
