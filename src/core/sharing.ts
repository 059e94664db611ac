import { writeAudit } from './audit.js';
import type { EntityDef } from './entity.js';
import { ValidationFailed } from './errors.js';
import type { Actor } from './permissions.js';
import { fetchRow } from './record-reads.js';
import type { Records } from './records.js';

/** Lets another user read and change one record of an owned entity. */
export async function shareRecord(
  records: Records,
  actor: Actor,
  entity: EntityDef,
  id: string,
  userId: string,
  revoke = false,
): Promise<void> {
  await records.transaction(entity, async (trx) => {
    await fetchRow(trx, actor, entity, id, 'update');
    if (revoke) {
      await trx
        .deleteFrom('record_shares')
        .where('entity', '=', entity.name)
        .where('record_id', '=', id)
        .where('user_id', '=', userId)
        .execute();
    } else {
      const user = await trx
        .selectFrom('users')
        .select('id')
        .where('id', '=', userId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!user)
        throw new ValidationFailed([{ field: 'userId', message: 'refers to no active user', code: 'link' }]);
      await trx
        .insertInto('record_shares')
        .values({
          entity: entity.name,
          record_id: id,
          user_id: userId,
          created_by: actor.userId,
          created_at: new Date(),
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    const changes = { sharedWith: revoke ? { from: userId, to: null } : { from: null, to: userId } };
    await writeAudit(trx, { entity, recordId: id, action: 'share', actor, at: new Date(), changes });
  });
}
