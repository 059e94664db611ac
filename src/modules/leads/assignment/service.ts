import { RuleViolation } from '../../../core/errors.js';
import type { Actor } from '../../../core/permissions.js';
import { fetchRow } from '../../../core/record-reads.js';
import type { Records } from '../../../core/records.js';
import { type ApiRecord, rowToRecord } from '../../../core/row.js';
import { leadEntity } from '../entities.js';
import { type Unplaced, allocate } from './allocation.js';
import { notifyAssignees, writeLog } from './assignment-log.js';
import { leadFacts } from './on-create.js';

/** The rules placed no lead: 409 with the reason and the rules that fit, so a manager knows what to change. */
export class NotAssigned extends RuleViolation {
  constructor(readonly unplaced: Unplaced) {
    const names = unplaced.rules.map((rule) => `“${rule.name}”`).join(', ');
    super(
      unplaced.reason === 'no_rule'
        ? 'No active assignment rule fits this lead.'
        : `The assignment rules ${names} fit this lead, but none of their reps can take it now ` +
            '(out of office, at capacity or disabled).',
    );
  }

  override extensions(): Record<string, unknown> {
    return {
      reason: this.unplaced.reason,
      rules: this.unplaced.rules.map((rule) => ({ id: rule.id, name: rule.name })),
    };
  }
}

export interface LeadAssignment {
  lead: ApiRecord;
  assignment: { userId: string; ruleId: string; ruleName: string; changed: boolean };
}

/**
 * Runs the rules for one lead the actor may change and hands it to the rep they pick (POST /leads/{id}/assign).
 * The owner changes through the record engine, so the lead's rules run, its version moves and its history shows
 * the ownerId change; the log and the new owner's notification go with it. When the rules pick the owner the
 * lead already has, nothing is written.
 */
export async function assignLead(records: Records, actor: Actor, id: string): Promise<LeadAssignment> {
  const entity = records.current(leadEntity);
  return records.transaction(entity, async (trx) => {
    const row = await fetchRow(trx, actor, entity, id, 'update');
    const lead = leadFacts(row, (row.owner_id as string | null) ?? null);
    const { placed, unplaced, at } = await allocate(trx, [lead]);
    const placement = placed[0];
    if (!placement) throw new NotAssigned(unplaced[0] ?? { lead, reason: 'no_rule', rules: [] });
    const { userId, rule } = placement;
    const assignment = { userId, ruleId: rule.id, ruleName: rule.name, changed: userId !== lead.ownerId };
    if (!assignment.changed) return { lead: rowToRecord(entity, row), assignment };
    const after = await records.patchIn(trx, actor, entity, id, {}, {}, { system: { owner_id: userId } });
    const entry = { leadId: id, userId, previousOwnerId: lead.ownerId, ruleId: rule.id };
    await writeLog(trx, [entry], 'on_demand', actor, at);
    await notifyAssignees(trx, [{ userId, leadId: id, leadTitle: lead.title, ruleName: rule.name }], actor);
    return { lead: after, assignment };
  });
}
