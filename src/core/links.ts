import type { Db } from '../db/connect.js';
import type { EntityDef, EntityRegistry } from './entity.js';
import { ValidationFailed } from './errors.js';
import type { Row } from './row.js';

/** Multilinks are arrays without foreign keys, so their targets are checked here. */
export async function checkMultilinks(
  trx: Db,
  registry: EntityRegistry,
  entity: EntityDef,
  values: Row,
): Promise<void> {
  for (const field of Object.values(entity.fields)) {
    const ids = values[field.column];
    if (field.type !== 'multilink' || !Array.isArray(ids) || ids.length === 0) continue;
    const target = registry.get(field.target as string);
    const found = await trx
      .selectFrom(target.table)
      .select('id')
      .where('id', 'in', ids as string[])
      .where('deleted_at', 'is', null)
      .execute();
    const known = new Set(found.map((row) => row.id as string));
    const missing = (ids as string[]).filter((id) => !known.has(id));
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
