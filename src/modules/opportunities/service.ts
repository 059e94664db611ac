import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { type FieldError, ValidationFailed } from '../../core/errors.js';
import type { RecordHooks, Records, WriteContext } from '../../core/records.js';
import type { Row } from '../../core/row.js';
import { isCurrencyCode } from '../masters/service.js';
import {
  OPPORTUNITY_STATUSES,
  USER_STATUSES,
  opportunityEntity,
  pipelineEntity,
  pipelineStageEntity,
  salesQuotaEntity,
} from './entities.js';
import {
  type StageRow,
  checkPipeline,
  checkStage,
  defaultPipeline,
  firstOpenStage,
  fromClient,
  invalid,
  readPipeline,
  readStage,
  refuse,
  valueAfter,
} from './pipelines.js';
import { applyStageDefaults, setsStageDefault } from './stage-defaults.js';

export { defaultPipeline } from './pipelines.js';

/**
 * Rules of opportunities, run in each write's transaction: who the deal is with, where it sits (pipeline and
 * stage), and what the stage implies for status, probability and dates (../shared/spec/status-rules.md).
 */

type Ctx = WriteContext & { columns: Row };

const label = (status: string) => OPPORTUNITY_STATUSES.find((o) => o.value === status)?.label.en ?? status;

const SYSTEM_STATUS_REASONS: Record<string, string> = {
  quotation: 'it follows from the opportunity’s active quotations',
  converted: 'it follows from entering the pipeline’s won stage or from an ordered quotation',
  lost: 'an opportunity is lost by declaring it lost (POST /api/v1/opportunities/{id}/declare-lost) with its reasons',
};

/** A status the client sent: one a user may set, and a no-op when unchanged (forms send the whole record). */
export function checkUserStatus(ctx: Ctx): string | undefined {
  if (!fromClient(ctx, 'status')) return undefined;
  const wanted = ctx.columns.status as string;
  if (ctx.before && wanted === ctx.before.status) {
    delete ctx.columns.status;
    return undefined;
  }
  if (!(USER_STATUSES as readonly string[]).includes(wanted)) {
    throw refuse(
      'status',
      `"${label(wanted)}" is set by the system`,
      `The status "${label(wanted)}" is set by the system: ${SYSTEM_STATUS_REASONS[wanted] ?? 'it is derived'}.`,
    );
  }
  // Remembered: it stands again when no status derived from quotations applies (src/modules/sales/chain.ts).
  ctx.columns.user_status = wanted;
  return wanted;
}

/** The columns naming who a deal or a document is with, from the most advanced party to the least. */
export const PARTY_COLUMNS = ['customer_id', 'prospect_id', 'lead_id'] as const;

/**
 * An opportunity or quotation is with a customer, a prospect or a lead (at least one; `record` names it in the
 * error); `column` (opportunityFrom, quotationTo) names the most advanced of them, so an opportunity whose lead
 * became a customer counts as the customer's.
 */
export function deriveParty(ctx: Ctx, column: string, record: string): void {
  if (ctx.action !== 'create' && !PARTY_COLUMNS.some((party) => party in ctx.columns)) return;
  const customer = valueAfter(ctx, 'customer_id', 'customerId');
  const prospect = valueAfter(ctx, 'prospect_id', 'prospectId');
  const lead = valueAfter(ctx, 'lead_id', 'leadId');
  if (!customer && !prospect && !lead) {
    throw new ValidationFailed([
      { field: 'customerId', message: `${record} needs a customer, a prospect or a lead`, code: 'required' },
    ]);
  }
  ctx.columns[column] = customer ? 'customer' : prospect ? 'prospect' : 'lead';
}

export function checkMoney(ctx: Ctx): void {
  const errors: FieldError[] = [];
  const { currency, amount } = ctx.columns;
  if (typeof currency === 'string' && !isCurrencyCode(currency)) {
    errors.push({
      field: 'currency',
      message: 'is not an ISO 4217 currency code such as EUR',
      code: 'currency',
    });
  }
  if (typeof amount === 'string' && amount.startsWith('-')) {
    errors.push({ field: 'amount', message: 'must not be negative', code: 'range' });
  }
  if (errors.length) throw new ValidationFailed(errors);
}

/**
 * The pipeline and stage after the write. Left out on create: the default pipeline, and the first open stage of
 * the pipeline (also when only the pipeline changes). The stage must be of the pipeline; a stage or pipeline newly
 * entered must be live, the pipeline active. Returns the stage and whether the opportunity enters it now.
 */
async function placeOpportunity(ctx: Ctx): Promise<{ stage: StageRow | undefined; entered: boolean }> {
  const { trx, columns, before } = ctx;
  if (columns.pipeline_id === null) throw invalid('pipelineId', 'is required');
  if (columns.stage_id === null) throw invalid('stageId', 'is required');
  if (!before && columns.pipeline_id === undefined) {
    columns.pipeline_id = (await defaultPipeline(trx)).pipelineId;
  }
  const pipelineId = valueAfter(ctx, 'pipeline_id', 'pipelineId') as string;
  const moved = !before || pipelineId !== before.pipelineId;
  if (moved) {
    const pipeline = await readPipeline(trx, pipelineId, 'FOR KEY SHARE');
    if (!pipeline) throw invalid('pipelineId', 'refers to a record that does not exist');
    if (pipeline.deleted_at !== null) throw invalid('pipelineId', 'is in the trash');
    if (!pipeline.active)
      throw invalid('pipelineId', `"${pipeline.name}" is inactive and takes no new opportunities`);
    if (columns.stage_id === undefined) {
      const first = await firstOpenStage(trx, pipelineId);
      if (!first) throw invalid('pipelineId', `"${pipeline.name}" has no open stage`);
      columns.stage_id = first;
    }
  }
  const stageId = valueAfter(ctx, 'stage_id', 'stageId') as string;
  const entered = !before || stageId !== before.stageId;
  if (!entered && !moved) {
    const needed = 'status' in columns || setsStageDefault(ctx);
    return { stage: needed ? await readStage(trx, stageId) : undefined, entered };
  }
  const stage = await readStage(trx, stageId, 'FOR KEY SHARE');
  if (!stage) throw invalid('stageId', 'refers to a record that does not exist');
  if (stage.deleted_at !== null) throw invalid('stageId', 'is in the trash');
  if (stage.pipeline_id !== pipelineId) {
    const pipeline = await readPipeline(trx, pipelineId);
    throw invalid('stageId', `is a stage of another pipeline than "${pipeline?.name ?? pipelineId}"`);
  }
  return { stage, entered };
}

/**
 * What entering a stage means. Won: status converted, `wonAt`, probability 100. Lost: only through declare-lost
 * (the system sets status lost in the same write), since a lost deal needs its reasons. Open: back from won or
 * lost the opportunity is open again and forgets when and why it was decided. Probability and forecast category follow
 * the stage (stage-defaults.ts).
 */
function enterStage(ctx: Ctx, stage: StageRow, userStatus: string | undefined, now: Date): void {
  const { columns, before } = ctx;
  columns.stage_changed_at = now;
  if (stage.kind === 'won') {
    // A new record carries the default status "open", which entering the won stage replaces.
    if (userStatus !== undefined && !(ctx.action === 'create' && userStatus === 'open')) {
      throw refuse(
        'status',
        'entering the won stage makes it converted',
        `Entering the won stage "${stage.name}" makes the opportunity converted; ` +
          `send the stage without the status "${label(userStatus)}".`,
      );
    }
    Object.assign(columns, { status: 'converted', won_at: now, lost_at: null, lost_by_quotation: false });
  } else if (stage.kind === 'lost') {
    if (ctx.options.system?.status !== 'lost') {
      throw invalid(
        'stageId',
        `"${stage.name}" is the lost stage: declare the opportunity lost with its reasons ` +
          '(POST /api/v1/opportunities/{id}/declare-lost) instead of moving it there',
      );
    }
    Object.assign(columns, { won_at: null, lost_at: columns.lost_at ?? now });
  } else if (before && (before.status === 'converted' || before.status === 'lost')) {
    // The status chain reopens with the status the user last set (src/modules/sales/chain.ts).
    if (userStatus === undefined && ctx.options.system?.status === undefined) columns.status = 'open';
    Object.assign(columns, {
      won_at: null,
      lost_at: null,
      lost_reason_ids: [],
      lost_detail: null,
      lost_by_quotation: false,
      won_by_quotation: false,
    });
  }
  applyStageDefaults(ctx, stage, true);
}

export async function prepareOpportunity(ctx: Ctx): Promise<void> {
  const userStatus = checkUserStatus(ctx);
  deriveParty(ctx, 'opportunity_from', 'an opportunity');
  checkMoney(ctx);
  const { stage, entered } = await placeOpportunity(ctx);
  if (!stage) return;
  if (entered) return enterStage(ctx, stage, userStatus, new Date());
  if (userStatus !== undefined && stage.kind !== 'open') {
    throw refuse(
      'status',
      `cannot change while the opportunity is ${label(String(ctx.before?.status))}`,
      `The opportunity is ${label(String(ctx.before?.status)).toLowerCase()} (stage "${stage.name}"); ` +
        'move it to an open stage to change its status.',
    );
  }
  applyStageDefaults(ctx, stage, false);
}

/** A restored opportunity returns to its stage, which must still be live. */
async function checkRestore(ctx: Ctx): Promise<void> {
  const stage = await readStage(ctx.trx, ctx.before?.stageId as string, 'FOR KEY SHARE');
  if (stage?.deleted_at !== null) {
    throw refuse(
      'stageId',
      'is in the trash',
      `Its stage "${stage?.name ?? ''}" is in the trash; restore the stage first.`,
    );
  }
}

/** One row per stage entered, with how long the opportunity stayed in the one it left (velocity reports). */
async function recordStageChange(ctx: WriteContext): Promise<void> {
  const { trx, actor, before, after } = ctx;
  if (!after || (ctx.action !== 'create' && ctx.action !== 'update')) return;
  if (before && before.stageId === after.stageId) return;
  const at = after.stageChangedAt as string;
  // Servers' clocks may differ by a little: never a negative duration.
  const seconds = before
    ? sql`greatest(0, floor(extract(epoch FROM ${at}::timestamptz - ${before.stageChangedAt}::timestamptz)))::int`
    : null;
  await trx
    .insertInto('opportunity_stage_changes')
    .values({
      id: uuidv7(),
      opportunity_id: after.id,
      from_stage_id: before?.stageId ?? null,
      to_stage_id: after.stageId,
      changed_by: actor.userId,
      changed_at: at,
      seconds_in_previous_stage: seconds,
    })
    .execute();
}

const isWrite = (ctx: Ctx) => ctx.action === 'create' || ctx.action === 'update';

export function registerOpportunityRules(records: Records): void {
  records.on(pipelineEntity.name, { beforeWrite: (ctx) => checkPipeline(ctx, records) });
  records.on(pipelineStageEntity.name, { beforeWrite: checkStage });
  const opportunityRules: RecordHooks = {
    async beforeWrite(ctx) {
      if (isWrite(ctx)) await prepareOpportunity(ctx);
      else if (ctx.action === 'restore') await checkRestore(ctx);
    },
    afterWrite: recordStageChange,
  };
  records.on(opportunityEntity.name, opportunityRules);
  records.on(salesQuotaEntity.name, {
    beforeWrite: (ctx) => (isWrite(ctx) ? checkMoney(ctx) : undefined),
  });
}
