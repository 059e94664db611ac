import { type FieldError, ValidationFailed } from '../../../core/errors.js';
import { jsonValue } from '../../../core/field-values.js';
import type { RecordHooks, WriteContext } from '../../../core/records.js';
import type { Row } from '../../../core/row.js';
import { userEntity } from '../../users/entities.js';
import type { Records } from '../../../core/records.js';
import { assignmentRuleEntity, repCapacityEntity } from './entities.js';

/** What assignment rules and rep capacities must hold beyond their field types. */

type Ctx = WriteContext & { columns: Row };

/** A field's value after the write: the written column, else the stored value. */
function after(ctx: Ctx, column: string, field: string): unknown {
  return column in ctx.columns ? ctx.columns[column] : (ctx.before?.[field] ?? null);
}

/**
 * A rule names its target once: a sales team or a list of reps, not both and not neither. Scores form a range;
 * a rep is weighted once (user ids stored in lower case, as links are).
 */
export function checkRule(ctx: Ctx): void {
  const errors: FieldError[] = [];
  const team = after(ctx, 'sales_team_id', 'salesTeamId');
  const members = after(ctx, 'member_ids', 'memberIds');
  const hasMembers = Array.isArray(members) && members.length > 0;
  if (team && hasMembers) {
    errors.push({ field: 'memberIds', message: 'name a sales team or reps, not both', code: 'conflict' });
  } else if (!team && !hasMembers) {
    errors.push({ field: 'salesTeamId', message: 'name a sales team or list reps', code: 'required' });
  }
  const min = after(ctx, 'min_score', 'minScore');
  const max = after(ctx, 'max_score', 'maxScore');
  if (typeof min === 'number' && typeof max === 'number' && min > max) {
    errors.push({ field: 'maxScore', message: 'must not be below the lowest score', code: 'range' });
  }
  if (typeof ctx.columns.weights === 'string') {
    const weights = jsonValue(ctx.columns.weights) as Array<{ userId: string; weight: number }>;
    const seen = new Set<string>();
    for (const [i, entry] of weights.entries()) {
      const userId = entry.userId.toLowerCase();
      if (seen.has(userId)) {
        errors.push({ field: `weights/${i}/userId`, message: 'is weighted twice', code: 'unique' });
      }
      seen.add(userId);
      entry.userId = userId;
    }
    ctx.columns.weights = JSON.stringify(weights);
  }
  if (errors.length) throw new ValidationFailed(errors);
}

/**
 * A capacity is titled by its rep's name (kept when the user is renamed, below); an absence ends after it
 * starts.
 */
export async function prepareCapacity(ctx: Ctx): Promise<void> {
  const userId = ctx.columns.user_id;
  if (typeof userId === 'string') {
    const user = await ctx.trx
      .selectFrom(userEntity.table)
      .select('full_name')
      .where('id', '=', userId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!user) throw new ValidationFailed([{ field: 'userId', message: 'is not a user', code: 'link' }]);
    ctx.columns.name = user.full_name;
  }
  const from = after(ctx, 'out_of_office_from', 'outOfOfficeFrom');
  const until = after(ctx, 'out_of_office_until', 'outOfOfficeUntil');
  if (from && until && new Date(String(from)) >= new Date(String(until))) {
    throw new ValidationFailed([
      { field: 'outOfOfficeUntil', message: 'must be after the start of the absence', code: 'range' },
    ]);
  }
}

const onWrite = (run: (ctx: Ctx) => Promise<void> | void): RecordHooks => ({
  async beforeWrite(ctx) {
    if (ctx.action === 'create' || ctx.action === 'update') await run(ctx);
  },
});

export function registerSettingsRules(records: Records): void {
  records.on(assignmentRuleEntity.name, onWrite(checkRule));
  records.on(repCapacityEntity.name, onWrite(prepareCapacity));
  // A capacity shows its rep's current name: a mirror for lists and titles, not a change of the capacity.
  records.on(userEntity.name, {
    async afterWrite({ trx, action, before, after: user }) {
      if (action !== 'update' || !user || before?.fullName === user.fullName) return;
      await trx
        .updateTable(repCapacityEntity.table)
        .set({ name: user.fullName })
        .where('user_id', '=', user.id as string)
        .execute();
    },
  });
}
