import { sql } from 'kysely';
import { type FieldError, ValidationFailed } from '../../../core/errors.js';
import { type Actor, requireGrant } from '../../../core/permissions.js';
import type { Records } from '../../../core/records.js';
import { type ScoringSettings, readSettings } from './engine.js';
import { leadScoringRuleEntity } from './entities.js';
import { requestRescoreAll } from './jobs.js';

export type SettingsInput = Omit<ScoringSettings, 'updatedAt'>;

/** Those who may read the rules may read the thresholds; those who may change rules may change these. */
export async function getScoringSettings(records: Records, actor: Actor): Promise<ScoringSettings> {
  requireGrant(actor, leadScoringRuleEntity, 'read');
  const { revision: _revision, ...settings } = await readSettings(records.db);
  return settings;
}

/** Grade thresholds must fall from A to C, each strictly below the one before, or a grade could never be given. */
function orderErrors(input: SettingsInput): FieldError[] {
  const errors: FieldError[] = [];
  if (input.gradeB >= input.gradeA) {
    errors.push({ field: 'gradeB', message: 'must be lower than the threshold of grade A', code: 'order' });
  }
  if (input.gradeC >= input.gradeB) {
    errors.push({ field: 'gradeC', message: 'must be lower than the threshold of grade B', code: 'order' });
  }
  return errors;
}

/** Stores new settings; a change that moves grades or probabilities scores every live lead again (a job). */
export async function updateScoringSettings(
  records: Records,
  actor: Actor,
  input: SettingsInput,
): Promise<ScoringSettings> {
  requireGrant(actor, leadScoringRuleEntity, 'update');
  const errors = orderErrors(input);
  if (errors.length) throw new ValidationFailed(errors, 'The grade thresholds must fall from A to C.');
  return records.db.transaction().execute(async (trx) => {
    const { revision: _revision, updatedAt: _at, ...before } = await readSettings(trx);
    await sql`UPDATE lead_scoring_settings SET grade_a = ${input.gradeA}, grade_b = ${input.gradeB},
        grade_c = ${input.gradeC}, min_won = ${input.minWon}, min_lost = ${input.minLost}, updated_at = now(),
        updated_by = ${actor.userId}
      WHERE id`.execute(trx);
    if (JSON.stringify(before) !== JSON.stringify({ ...before, ...input })) await requestRescoreAll(trx);
    const { revision: _after, ...settings } = await readSettings(trx);
    return settings;
  });
}
