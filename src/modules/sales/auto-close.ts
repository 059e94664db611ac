import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../core/permissions.js';
import type { Records } from '../../core/records.js';
import type { Db } from '../../db/connect.js';
import { opportunityEntity } from '../opportunities/entities.js';
import { COMPANY_SETTINGS_ID } from './entities.js';

/**
 * The daily job of status-rules.md, action 12: an opportunity `replied` and untouched for the company's
 * `autoCloseRepliedDays` (default 15) is closed, as if its user had closed it, in the job's transaction and the
 * system's name.
 */
export async function closeRepliedOpportunities(
  trx: Db,
  records: Records,
  now = new Date(),
): Promise<number> {
  const { rows } = await sql<{ id: string }>`SELECT o.id FROM opportunities o, company_settings c
    WHERE c.id = ${COMPANY_SETTINGS_ID}::uuid AND c.auto_close_replied_days IS NOT NULL
      AND o.status = 'replied' AND o.deleted_at IS NULL
      AND o.updated_at < ${now.toISOString()}::timestamptz - make_interval(days => c.auto_close_replied_days)
    ORDER BY o.id`.execute(trx);
  for (const { id } of rows) {
    const system = { status: 'closed', user_status: 'closed' };
    await records.patchIn(trx, SYSTEM_ACTOR, opportunityEntity, id, {}, {}, { system });
  }
  return rows.length;
}
