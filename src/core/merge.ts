import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { writeAudit } from './audit.js';
import type { EntityDef } from './entity.js';
import { ValidationFailed } from './errors.js';
import type { FieldDef } from './fields.js';
import { type Link, linkKey, linkListTargets } from './link-lists.js';
import { type Actor, requireGrant } from './permissions.js';
import { fetchRow } from './record-reads.js';
import type { Records } from './records.js';
import { relinkAll } from './relink.js';
import { type ApiRecord, bodyToColumns, rowToRecord } from './row.js';

/**
 * Merging duplicates: one survivor takes the place of up to ten merged records, in one transaction —
 *  1. every link, multilink and link list of every entity that names a merged record names the survivor
 *     (relink.ts), so the survivor keeps all their links, activities and tags;
 *  2. the survivor's empty fields are filled from the merged records (in the order given), and array fields —
 *     multilinks such as tags, json lists such as e-mail addresses — get the items it lacks; an item flagged
 *     `primary` keeps that flag only on the survivor's own items;
 *  3. the merged records go to the trash;
 *  4. the `merges` table keeps what moved and what each merged record contributed, and the audit of every record
 *     touched says so. Restoring a merged record from the trash undoes its part (merge-undo.ts).
 * The actor must be allowed to change the survivor and to change and delete each merged record.
 */
export interface MergeSpec {
  entity: string;
  /** Identity of an item of an array field for unions; by default the item itself (its JSON for objects). */
  itemKey?(field: FieldDef, item: unknown): string;
  /**
   * Rows of a module's own tables (not records) that belong to a merged record and move to the survivor: a lead's
   * behaviour events and form submissions are the person's history. Undoing the merge leaves them there.
   */
  moveRows?: Array<{ table: string; column: string }>;
}

export interface MergeInput {
  survivorId: string;
  mergedIds: string[];
  /** The survivor's version the client read; 412 when stale. */
  version?: number;
}

export interface Contribution {
  filled: Record<string, unknown>;
  added: Record<string, unknown[]>;
  /** The survivor's own references to this record, dropped so the survivor does not name itself. */
  dropped?: Record<string, unknown[]>;
}

export interface MergeResult {
  survivor: ApiRecord;
  mergeId: string;
  relinked: number;
}

export const MAX_MERGED = 10;

/** The key of an item for unions: link list items by target, others by the spec or their JSON. */
export function itemKeyOf(spec: MergeSpec, field: FieldDef, item: unknown): string {
  if (linkListTargets(field)) return linkKey(item as { entity: string; id: string });
  if (spec.itemKey) return spec.itemKey(field, item);
  return typeof item === 'string' ? item : JSON.stringify(item);
}

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** Fields a merge combines: what a person enters, not what the system derives or keeps secret. */
function mergeableFields(entity: EntityDef): FieldDef[] {
  return Object.values(entity.fields).filter((f) => !f.readOnly && !f.writeOnly && f.type !== 'password');
}

function withoutPrimary(item: unknown): unknown {
  if (typeof item !== 'object' || item === null || (item as { primary?: unknown }).primary !== true)
    return item;
  return { ...item, primary: false };
}

/** Whether a field can name a record of its own entity (a parent customer, a contact's assistant). */
function namesOwnEntity(entity: EntityDef, field: FieldDef): boolean {
  if (field.type === 'link' || field.type === 'multilink') return field.target === entity.name;
  return linkListTargets(field)?.includes(entity.name) ?? false;
}

/**
 * A value of a field naming its own entity, split into the items to keep and the records of the merge each
 * dropped one named. Once merged, the survivor and the merged records are one record, and a record does not
 * name itself: such items are neither kept nor given (where other records name a merged one, relink.ts moves it).
 */
function withoutOwn(
  entity: EntityDef,
  field: FieldDef,
  value: unknown,
  own: Set<string>,
): { value: unknown; dropped: Array<{ id: string; item: unknown }> } {
  const items: unknown[] = Array.isArray(value) ? value : isEmpty(value) ? [] : [value];
  const idOf = (item: unknown) =>
    typeof item === 'string' ? item : (item as Link).entity === entity.name ? (item as Link).id : '';
  const kept = items.filter((item) => !own.has(idOf(item)));
  if (kept.length === items.length) return { value, dropped: [] };
  const dropped = items.filter((item) => own.has(idOf(item))).map((item) => ({ id: idOf(item), item }));
  return { value: Array.isArray(value) ? kept : null, dropped };
}

/** The survivor's new values and what each merged record gave (the undo takes exactly that back). */
export function combine(
  spec: MergeSpec,
  entity: EntityDef,
  survivor: ApiRecord,
  merged: ApiRecord[],
): { changes: ApiRecord; contributions: Record<string, Contribution> } {
  const changes: ApiRecord = {};
  const contributions: Record<string, Contribution> = {};
  for (const other of merged) contributions[other.id as string] = { filled: {}, added: {} };
  const own = new Set([survivor.id as string, ...merged.map((other) => other.id as string)]);
  for (const field of mergeableFields(entity)) {
    const self = namesOwnEntity(entity, field);
    const mine = self
      ? withoutOwn(entity, field, survivor[field.name], own)
      : { value: survivor[field.name], dropped: [] };
    let value = mine.value;
    for (const { id, item } of mine.dropped) {
      const gift = contributions[id];
      if (gift) (gift.dropped ??= {})[field.name] = [...(gift.dropped[field.name] ?? []), item];
    }
    for (const other of merged) {
      const theirs = self ? withoutOwn(entity, field, other[field.name], own).value : other[field.name];
      const gift = contributions[other.id as string] as Contribution;
      if (isEmpty(theirs)) continue;
      if (Array.isArray(theirs) && (Array.isArray(value) || isEmpty(value))) {
        const current = Array.isArray(value) ? value : [];
        const keys = new Set(current.map((item) => itemKeyOf(spec, field, item)));
        const added: unknown[] = [];
        for (const item of theirs) {
          const key = itemKeyOf(spec, field, item);
          if (keys.has(key)) continue;
          keys.add(key);
          added.push(withoutPrimary(item));
        }
        if (added.length === 0) continue;
        value = [...current, ...added];
        gift.added[field.name] = added;
      } else if (isEmpty(value)) {
        value = theirs;
        gift.filled[field.name] = theirs;
      }
    }
    if (value !== survivor[field.name]) changes[field.name] = value;
  }
  return { changes, contributions };
}

function checkInput(input: MergeInput): void {
  const ids = input.mergedIds.map((id) => id.toLowerCase());
  const errors = [];
  if (ids.length === 0 || ids.length > MAX_MERGED) {
    errors.push({ field: 'mergedIds', message: `must name 1 to ${MAX_MERGED} records`, code: 'length' });
  }
  if (new Set(ids).size !== ids.length) {
    errors.push({ field: 'mergedIds', message: 'names a record twice', code: 'duplicate' });
  }
  if (ids.includes(input.survivorId.toLowerCase())) {
    errors.push({ field: 'mergedIds', message: 'must not contain the survivor', code: 'survivor' });
  }
  if (errors.length) throw new ValidationFailed(errors);
}

export async function mergeRecords(
  records: Records,
  actor: Actor,
  spec: MergeSpec,
  input: MergeInput,
): Promise<MergeResult> {
  checkInput(input);
  const entity = records.registry.get(spec.entity);
  const survivorId = input.survivorId.toLowerCase();
  const mergedIds = input.mergedIds.map((id) => id.toLowerCase());
  requireGrant(actor, entity, 'delete');
  return records.transaction(entity, async (trx) => {
    // Lock all of them in one order, so two merges over the same records wait for each other, never deadlock.
    await sql`SELECT id FROM ${sql.table(entity.table)} WHERE id = ANY(${[survivorId, ...mergedIds]}::uuid[])
      ORDER BY id FOR UPDATE`.execute(trx);
    const survivor = rowToRecord(entity, await fetchRow(trx, actor, entity, survivorId, 'update'));
    const merged: ApiRecord[] = [];
    for (const id of mergedIds) {
      const row = await fetchRow(trx, actor, entity, id, 'update');
      // Merged records go to the trash, so deleting them must be allowed too (403 otherwise).
      await fetchRow(trx, actor, entity, id, 'delete');
      merged.push(rowToRecord(entity, row));
    }
    const at = new Date();
    const ctx = { trx, registry: records.registry, actor, action: 'merge' as const, at };
    const relinked = await relinkAll(
      ctx,
      { entity: entity.name, ids: mergedIds },
      { entity: entity.name, id: survivorId },
    );
    for (const { table, column } of spec.moveRows ?? []) {
      await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${survivorId}
        WHERE ${sql.ref(column)} = ANY(${mergedIds}::uuid[])`.execute(trx);
    }
    const { changes, contributions } = combine(spec, entity, survivor, merged);
    // Trashed first, so the survivor may take over values that must be unique among live records.
    const options = { allowDuplicates: true, carryOver: true };
    for (const id of mergedIds) await records.trashIn(trx, actor, entity, id, false, options);
    const columns = await bodyToColumns(entity, changes);
    const after = await records.patchIn(trx, actor, entity, survivorId, {}, columns, {
      ...options,
      expectedVersion: input.version,
    });
    const mergeId = uuidv7();
    await trx
      .insertInto('merges')
      .values({
        id: mergeId,
        entity: entity.name,
        survivor_id: survivorId,
        merged_ids: mergedIds,
        details: JSON.stringify({ relinked, contributions }),
        actor_id: actor.userId,
        at,
      })
      .execute();
    const audit = { entity, action: 'merge' as const, actor, at };
    await writeAudit(trx, {
      ...audit,
      recordId: survivorId,
      changes: { merged: { from: null, to: mergedIds }, relinked: { from: null, to: relinked.length } },
    });
    for (const id of mergedIds) {
      await writeAudit(trx, {
        ...audit,
        recordId: id,
        changes: { mergedInto: { from: null, to: survivorId } },
      });
    }
    return { survivor: after, mergeId, relinked: relinked.length };
  });
}
