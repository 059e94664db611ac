import type { EntityDef } from '../../../core/entity.js';
import { type FieldError, ValidationFailed } from '../../../core/errors.js';
import { fromDbValue, jsonValue } from '../../../core/field-values.js';
import type { Records, WriteContext } from '../../../core/records.js';
import type { ApiRecord, Row } from '../../../core/row.js';
import type { ModuleContext } from '../../module.js';
import { leadEntity } from '../entities.js';
import { checkFieldCondition } from './conditions.js';
import { engineOf } from './engine.js';
import { leadScoringRuleEntity } from './entities.js';
import { registerScoringJobs, requestRescoreAll } from './jobs.js';
import { changesOf, columnsOf, eventsOf, rescoreLeads, scoreWith } from './rescore.js';
import { registerScoringRoutes } from './routes.js';

export { recordLeadEvent } from './events.js';
export const scoringEntities = [leadScoringRuleEntity];

type Ctx = WriteContext & { columns: Row };

/** The record as it will be after the write: the written columns (as the API shows them) over `before`. */
function valuesAfter(entity: EntityDef, ctx: Ctx): ApiRecord {
  const values: ApiRecord = { ...ctx.before };
  for (const field of Object.values(entity.allFields)) {
    if (!(field.column in ctx.columns)) continue;
    const raw = ctx.columns[field.column];
    values[field.name] = fromDbValue(field, field.type === 'json' ? jsonValue(raw) : raw);
  }
  return values;
}

/** What a rule of each kind does not use is cleared, so a rule never shows a condition that does not apply. */
const UNUSED: Record<string, string[]> = {
  field: ['eventKind', 'decayDays'],
  businessEmail: ['field', 'operator', 'value', 'eventKind', 'decayDays'],
  event: ['field', 'operator', 'value'],
};
/** The fields of a rule that decide scores (name and description do not). */
const SCORING_FIELDS = [
  'active',
  'points',
  'conditionKind',
  'field',
  'operator',
  'value',
  'eventKind',
  'counting',
  'decayDays',
];

function checkRule(records: Records, ctx: Ctx): void {
  const rule = valuesAfter(ctx.entity, ctx);
  const kind = rule.conditionKind as string;
  for (const name of UNUSED[kind] ?? []) {
    const column = ctx.entity.allFields[name]?.column ?? name;
    if (rule[name] !== null && rule[name] !== undefined) ctx.columns[column] = null;
  }
  const errors: FieldError[] =
    kind === 'field'
      ? checkFieldCondition(records.current(records.registry.get(leadEntity.name)), rule)
      : kind === 'event' && !rule.eventKind
        ? [{ field: 'eventKind', message: 'is required for an event condition', code: 'required' }]
        : [];
  if (errors.length) throw new ValidationFailed(errors);
}

/** Whether a write of a rule can change any lead's score. */
function movesScores({ action, before, after }: WriteContext): boolean {
  if (action !== 'update') return Boolean(before?.active ?? after?.active);
  const changed = (name: string) => JSON.stringify(before?.[name]) !== JSON.stringify(after?.[name]);
  return SCORING_FIELDS.some(changed);
}

/**
 * Scoring of leads: rules with their checks, the score kept in step with every lead write, re-scoring after
 * changes of rules and thresholds, decay and training (jobs), and the explanation route. Registered after the
 * lead's own rules, so it scores the values they normalised.
 */
export function registerScoring({
  app,
  records,
  jobs,
}: Pick<ModuleContext, 'app' | 'records' | 'jobs'>): void {
  const engine = engineOf(records);
  records.on(leadScoringRuleEntity.name, {
    beforeWrite(ctx) {
      if (ctx.action === 'create' || ctx.action === 'update') checkRule(records, ctx);
    },
    async afterWrite(ctx) {
      if (movesScores(ctx)) await requestRescoreAll(ctx.trx);
    },
  });
  records.on(leadEntity.name, {
    async beforeWrite(ctx) {
      if (ctx.action !== 'create' && ctx.action !== 'update') return;
      const now = new Date();
      const values = valuesAfter(ctx.entity, ctx);
      const state = await engine.state(ctx.trx);
      // A new lead has no events yet; only a change of an existing one reads them.
      const id = ctx.before?.id as string | undefined;
      const events = id ? ((await eventsOf(ctx.trx, state, [id], now)).get(id) ?? []) : [];
      const wanted = columnsOf(scoreWith(state, ctx.entity, values, events, now));
      const changes = ctx.before ? changesOf(ctx.before, wanted) : wanted;
      for (const name of Object.keys(changes)) ctx.columns[name] = wanted[name as keyof typeof wanted];
    },
    async afterWrite({ trx, actor, action, after }) {
      // Rules may have changed while the lead was in the trash, where passes over all leads do not look.
      if (action === 'restore' && after) await rescoreLeads(trx, records, actor, [after.id as string]);
    },
  });
  registerScoringRoutes(app, records);
  registerScoringJobs(jobs, records);
}
