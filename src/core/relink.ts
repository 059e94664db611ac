import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { type AuditAction, writeAudit } from './audit.js';
import type { EntityDef, EntityRegistry } from './entity.js';
import type { FieldDef } from './fields.js';
import { type Link, linkKey, linkListFields, linkedToAny, moveLinks, readLinks } from './link-lists.js';
import type { Actor } from './permissions.js';

/**
 * Re-pointing references: every link, multilink and link list of every registered entity that names some records
 * is made to name another one instead, so a merge or a conversion keeps everything that hung on the records it
 * replaces. Each changed row gets a new version and an audit entry; what changed is returned, with the values
 * before, so a merge can be undone.
 */
export interface Relinked {
  entity: string;
  field: string;
  id: string;
  kind: 'link' | 'multilink' | 'links';
  /** The field's value before: an id, an array of ids, or a link list. */
  from: unknown;
}

export interface RelinkContext {
  trx: Db;
  registry: EntityRegistry;
  actor: Actor;
  action: AuditAction;
  at: Date;
}

interface Holder {
  entity: EntityDef;
  field: FieldDef;
  kind: Relinked['kind'];
}

/** The fields that can name a record of `target`. */
function holders(registry: EntityRegistry, target: string, toEntity: string): Holder[] {
  const typed = registry.all().flatMap((entity) =>
    Object.values(entity.allFields)
      .filter((f) => f.target === target && (f.type === 'link' || f.type === 'multilink'))
      .map((field) => ({ entity, field, kind: field.type as 'link' | 'multilink' })),
  );
  const lists = linkListFields(registry)
    .filter((ref) => ref.targets.includes(target) && ref.targets.includes(toEntity))
    .map(({ entity, field }) => ({ entity, field, kind: 'links' as const }));
  // A typed link can only name a record of its own target, so only a merge (same entity) moves those.
  return target === toEntity ? [...typed, ...lists] : lists;
}

/** Writes one row's new value with a version bump and an audit entry. */
async function rewrite(ctx: RelinkContext, holder: Holder, id: string, from: unknown, to: unknown) {
  const { entity, field } = holder;
  const value = holder.kind === 'links' ? JSON.stringify(to) : to;
  await sql`UPDATE ${sql.table(entity.table)} SET ${sql.ref(field.column)} = ${value},
      version = version + 1, updated_at = ${ctx.at} WHERE id = ${id}`.execute(ctx.trx);
  await writeAudit(ctx.trx, {
    entity,
    recordId: id,
    action: ctx.action,
    actor: ctx.actor,
    at: ctx.at,
    changes: { [field.name]: { from, to } },
  });
}

/**
 * Makes every reference to a record of `from` point to `to`. Rows in the trash move too, so restoring one later
 * shows where its links lead now. The records being replaced and the one replacing them are left alone: their
 * links to each other are the merge's business, not references to move.
 */
export async function relinkAll(
  ctx: RelinkContext,
  from: { entity: string; ids: string[] },
  to: { entity: string; id: string },
): Promise<Relinked[]> {
  const moved: Relinked[] = [];
  const own = [...from.ids, to.id];
  for (const holder of holders(ctx.registry, from.entity, to.entity)) {
    const { entity, field, kind } = holder;
    const column = sql.ref(`t.${field.column}`);
    const match =
      kind === 'link'
        ? sql`${column} = ANY(${from.ids}::uuid[])`
        : kind === 'multilink'
          ? sql`${column} && ${from.ids}::uuid[]`
          : linkedToAny(field, 't', from.entity, from.ids);
    const skipOwn = entity.name === from.entity ? sql`AND t.id <> ALL(${own}::uuid[])` : sql``;
    const { rows } = await sql<{ id: string; value: unknown }>`SELECT t.id::text AS id, ${column} AS value
      FROM ${sql.table(entity.table)} t WHERE ${match} ${skipOwn} ORDER BY t.id FOR UPDATE`.execute(ctx.trx);
    for (const row of rows) {
      const next = movedValue(kind, row.value, from, to);
      if (next === undefined) continue;
      await rewrite(ctx, holder, row.id, row.value, next);
      moved.push({ entity: entity.name, field: field.name, id: row.id, kind, from: row.value });
    }
  }
  return moved;
}

function movedValue(
  kind: Relinked['kind'],
  value: unknown,
  from: { entity: string; ids: string[] },
  to: { entity: string; id: string },
): unknown {
  if (kind === 'link') return to.id;
  if (kind === 'links') return moveLinks(readLinks(value), from, to);
  const ids = (value as string[]).map((id) => (from.ids.includes(id) ? to.id : id));
  return [...new Set(ids)];
}

/**
 * Puts back what a merge moved away from one record (`restored`), in the rows that still point where the merge
 * left them; a row changed since keeps its change. The survivor stays named where the row named it before the
 * merge, or where another record of the same merge that is still merged needs it.
 */
export async function unrelink(
  ctx: RelinkContext,
  moved: Relinked[],
  merge: { entity: string; survivorId: string; restoredId: string; stillMerged: string[] },
): Promise<number> {
  let count = 0;
  for (const entry of moved) {
    const entity = ctx.registry.find(entry.entity);
    const field = entity?.allFields[entry.field];
    if (!entity || !field) continue;
    const { rows } = await sql<{ value: unknown }>`SELECT ${sql.ref(field.column)} AS value
      FROM ${sql.table(entity.table)} WHERE id = ${entry.id} FOR UPDATE`.execute(ctx.trx);
    const current = rows[0]?.value;
    if (current === undefined) continue;
    const next = restoredValue(entry, current, merge);
    if (next === undefined) continue;
    await rewrite(ctx, { entity, field, kind: entry.kind }, entry.id, current, next);
    count++;
  }
  return count;
}

function restoredValue(
  entry: Relinked,
  current: unknown,
  merge: { entity: string; survivorId: string; restoredId: string; stillMerged: string[] },
): unknown {
  const { survivorId, restoredId, stillMerged } = merge;
  if (entry.kind === 'link') {
    return entry.from === restoredId && current === survivorId ? restoredId : undefined;
  }
  if (entry.kind === 'multilink') {
    const before = (entry.from as string[]) ?? [];
    if (!before.includes(restoredId)) return undefined;
    const keepSurvivor = before.includes(survivorId) || before.some((id) => stillMerged.includes(id));
    return swapBack(
      (current as string[] | null) ?? [],
      (id) => id,
      restoredId,
      survivorId,
      keepSurvivor,
      restoredId,
    );
  }
  const before = readLinks(entry.from);
  const own = (id: string) => before.find((l) => l.entity === merge.entity && l.id === id);
  const original = own(restoredId);
  if (!original) return undefined;
  const keepSurvivor = own(survivorId) !== undefined || stillMerged.some((id) => own(id));
  return swapBack(
    readLinks(current),
    (l: Link) => (l.entity === merge.entity ? l.id : linkKey(l)),
    restoredId,
    survivorId,
    keepSurvivor,
    original,
  );
}

/** Adds `item` back (in the survivor's place when the survivor goes); undefined when nothing changes. */
function swapBack<T>(
  list: T[],
  idOf: (item: T) => string,
  restoredId: string,
  survivorId: string,
  keepSurvivor: boolean,
  item: T,
): T[] | undefined {
  const hasRestored = list.some((x) => idOf(x) === restoredId);
  const survivorAt = list.findIndex((x) => idOf(x) === survivorId);
  if (hasRestored && (keepSurvivor || survivorAt < 0)) return undefined;
  const next = [...list];
  if (!keepSurvivor && survivorAt >= 0) next.splice(survivorAt, 1, ...(hasRestored ? [] : [item]));
  else if (!hasRestored) next.push(item);
  return next;
}
