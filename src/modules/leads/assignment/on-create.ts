import type { RecordHooks } from '../../../core/records.js';
import type { Row } from '../../../core/row.js';
import { allocate } from './allocation.js';
import { notifyAssignees, writeLog } from './assignment-log.js';
import type { LeadFacts } from './strategies.js';

/** Statuses whose leads no longer count as open for "fewest open leads" (see leads_owner_open, migration 0015). */
const CLOSED = new Set(['converted', 'do_not_contact']);

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** What the rules look at, from a lead's columns (a row read back, or the columns of a write). */
export function leadFacts(row: Row, ownerId: string | null): LeadFacts {
  return {
    id: String(row.id),
    title: typeof row.title === 'string' ? row.title : '',
    ownerId,
    territoryId: text(row.territory_id),
    sourceId: text(row.source_id),
    country: text(row.country),
    industryId: text(row.industry_id),
    score: typeof row.score === 'number' ? row.score : Number(row.score ?? 0) || 0,
    open: !CLOSED.has(typeof row.status === 'string' ? row.status : 'lead'),
  };
}

/**
 * A lead created without an owner named (by any channel: the API, bulk, import, web forms) gets one from the
 * assignment rules; with no rule placing it, it keeps the owner the engine gave it (its creator). Registered
 * after the lead's other rules, so title, country and score are as they will be stored. The log row and the
 * assignee's notification are written here too, in the create's transaction; the log's reference to the lead
 * is checked at commit, after the lead's row exists.
 */
export const assignOnCreate: RecordHooks = {
  async beforeWrite(ctx) {
    if (ctx.action !== 'create' || ctx.body.ownerId !== undefined) return;
    const lead = leadFacts(ctx.columns, null);
    const { placed, at } = await allocate(ctx.trx, [lead]);
    const placement = placed[0];
    if (!placement) return;
    ctx.columns.owner_id = placement.userId;
    const { rule, userId } = placement;
    await writeLog(
      ctx.trx,
      [{ leadId: lead.id, userId, previousOwnerId: null, ruleId: rule.id }],
      'create',
      ctx.actor,
      at,
    );
    await notifyAssignees(
      ctx.trx,
      [{ userId, leadId: lead.id, leadTitle: lead.title, ruleName: rule.name }],
      ctx.actor,
    );
  },
};
