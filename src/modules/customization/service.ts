import { writeAudit } from '../../core/audit.js';
import { NotFound, RuleViolation } from '../../core/errors.js';
import { type Actor, requireGrant } from '../../core/permissions.js';
import { fetchRow } from '../../core/record-reads.js';
import type { Records } from '../../core/records.js';
import { type Row, rowToRecord } from '../../core/row.js';
import { dropColumn, lockDefinitions, lockTable } from './ddl.js';
import { specFromRecord } from './definition.js';
import { customFieldEntity } from './entities.js';

/**
 * Drops a removed custom field's column with its data, and its definition, for good; the name is free again.
 * Only a removed field can be purged, so nothing disappears in one step from a field still in use.
 */
export async function purgeCustomField(records: Records, actor: Actor, id: string): Promise<void> {
  const entity = records.current(customFieldEntity);
  // Who may not purge learns that before whether this field could be purged.
  requireGrant(actor, entity, 'delete');
  await records.transaction(entity, async (trx) => {
    await lockDefinitions(trx);
    let row: Row;
    try {
      row = await fetchRow(trx, actor, entity, id, 'delete', true);
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
      // Live (or not there at all, which answers 404 from here).
      await fetchRow(trx, actor, entity, id, 'read');
      throw new RuleViolation(
        'Only a removed custom field can be purged: remove it first (DELETE), then purge it.',
      );
    }
    const spec = specFromRecord(rowToRecord(entity, row));
    const owner = records.registry.defined(spec.entity);
    if (owner) {
      await lockTable(trx, owner);
      await dropColumn(trx, owner, spec.column);
    }
    await trx.deleteFrom('custom_fields').where('id', '=', id).execute();
    await writeAudit(trx, {
      entity,
      recordId: id,
      action: 'delete',
      actor,
      at: new Date(),
      changes: { column: { from: spec.column, to: null } },
    });
  });
}
