import type { Db } from '../db/connect.js';
import type { EntityDef, EntityRegistry } from './entity.js';
import { ValidationFailed } from './errors.js';
import type { ApiRecord, Row } from './row.js';

/**
 * Multilinks are arrays without foreign keys, so their targets are checked here: the ids a write adds must name live
 * records. Ids the record had before (`before`, in API shape) stay unchecked, as link lists' do (checkLinks): a
 * trashed tag stays on its records — restoring it brings it back everywhere — and must not block the next edit,
 * a merge or a conversion; it only cannot be newly added.
 */
export async function checkMultilinks(
  trx: Db,
  registry: EntityRegistry,
  entity: EntityDef,
  values: Row,
  before: ApiRecord | null,
): Promise<void> {
  for (const field of Object.values(entity.fields)) {
    const written = values[field.column];
    if (field.type !== 'multilink' || !Array.isArray(written)) continue;
    const had = before?.[field.name];
    const kept = new Set(Array.isArray(had) ? (had as string[]) : []);
    const ids = (written as string[]).filter((id) => !kept.has(id));
    if (ids.length === 0) continue;
    const target = registry.get(field.target as string);
    const found = await trx
      .selectFrom(target.table)
      .select('id')
      .where('id', 'in', ids)
      .where('deleted_at', 'is', null)
      .execute();
    const known = new Set(found.map((row) => row.id as string));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) {
      throw new ValidationFailed([
        {
          field: field.name,
          message: `refers to records that do not exist: ${missing.join(', ')}`,
          code: 'link',
        },
      ]);
    }
  }
}
