import { sql } from 'kysely';
import { RuleViolation, ValidationFailed } from '../../core/errors.js';
import type { Records, WriteContext } from '../../core/records.js';
import type { ApiRecord, Row } from '../../core/row.js';
import type { Db } from '../../db/connect.js';
import { type StageKind, pipelineEntity } from './pipeline-entities.js';

/**
 * Rules of pipelines and their stages. A usable pipeline has open stages, one won and one lost stage; exactly one
 * live pipeline is the default, where opportunities go unless they name another. Stage and pipeline checks lock
 * the rows they count (FOR UPDATE) and opportunity writes lock the stage and pipeline they enter (FOR KEY SHARE),
 * so no opportunity slips into a stage while it goes to the trash.
 */

type Ctx = WriteContext & { columns: Row };

export interface StageRow {
  id: string;
  pipeline_id: string;
  name: string;
  kind: StageKind;
  probability: string;
  forecast_category: string;
  deleted_at: string | null;
}

export interface PipelineRow {
  id: string;
  name: string;
  active: boolean;
  is_default: boolean;
  deleted_at: string | null;
}

/** Any constant: writers of the default mark take turns, so two of them cannot both keep the old default. */
const DEFAULT_LOCK = 'crm.pipelines.default';

/** A column's value after the write: the new one if the write sets it, else the stored one. */
export function valueAfter(ctx: Ctx, column: string, field: string): unknown {
  return column in ctx.columns ? ctx.columns[column] : (ctx.before?.[field] ?? null);
}

/** A write of `column` the client asked for, not one the system adds (derived values, declare-lost). */
export function fromClient(ctx: Ctx, column: string): boolean {
  return column in ctx.columns && !(ctx.options.system && column in ctx.options.system);
}

export const refuse = (field: string, message: string, detail = message) =>
  new RuleViolation(detail, [{ field, message, code: 'rule' }]);
export const invalid = (field: string, message: string) =>
  new ValidationFailed([{ field, message, code: 'invalid' }]);

type Lock = 'FOR UPDATE' | 'FOR KEY SHARE' | '';

export async function readStage(trx: Db, id: string, lock: Lock = ''): Promise<StageRow | undefined> {
  const { rows } =
    await sql<StageRow>`SELECT id, pipeline_id, name, kind, probability::text, forecast_category, deleted_at
    FROM pipeline_stages WHERE id = ${id} ${sql.raw(lock)}`.execute(trx);
  return rows[0];
}

export async function readPipeline(trx: Db, id: string, lock: Lock = ''): Promise<PipelineRow | undefined> {
  const { rows } = await sql<PipelineRow>`SELECT id, name, active, is_default, deleted_at
    FROM pipelines WHERE id = ${id} ${sql.raw(lock)}`.execute(trx);
  return rows[0];
}

/** The first open stage of a pipeline by position: where new opportunities start. */
export async function firstOpenStage(trx: Db, pipelineId: string): Promise<string | undefined> {
  const { rows } = await sql<{ id: string }>`SELECT id FROM pipeline_stages
    WHERE pipeline_id = ${pipelineId} AND kind = 'open' AND deleted_at IS NULL
    ORDER BY position, id LIMIT 1`.execute(trx);
  return rows[0]?.id;
}

/**
 * Where a new opportunity goes when it names no pipeline: the default pipeline and its first open stage. Lead
 * conversion calls this; a CRM without a usable default answers 409 (an administrator sets one up).
 */
export async function defaultPipeline(trx: Db): Promise<{ pipelineId: string; stageId: string }> {
  const { rows } = await sql<{ pipeline_id: string; stage_id: string }>`
    SELECT p.id AS pipeline_id, s.id AS stage_id
    FROM pipelines p JOIN pipeline_stages s ON s.pipeline_id = p.id AND s.kind = 'open' AND s.deleted_at IS NULL
    WHERE p.is_default AND p.deleted_at IS NULL
    ORDER BY s.position, s.id LIMIT 1`.execute(trx);
  const row = rows[0];
  if (!row) {
    throw refuse(
      'pipelineId',
      'no default pipeline with an open stage',
      'There is no default pipeline with an open stage; an administrator sets one up under Settings.',
    );
  }
  return { pipelineId: row.pipeline_id, stageId: row.stage_id };
}

async function liveOpportunities(trx: Db, column: 'stage_id' | 'pipeline_id', id: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM opportunities
    WHERE ${sql.ref(column)} = ${id} AND deleted_at IS NULL`.execute(trx);
  return rows[0]?.n ?? 0;
}

async function liveStageKinds(trx: Db, pipelineId: string, except?: string): Promise<Map<StageKind, string>> {
  const { rows } = await sql<{ kind: StageKind; name: string }>`SELECT kind, min(name) AS name
    FROM pipeline_stages
    WHERE pipeline_id = ${pipelineId} AND deleted_at IS NULL AND id IS DISTINCT FROM ${except ?? null}::uuid
    GROUP BY kind`.execute(trx);
  return new Map(rows.map((row) => [row.kind, row.name]));
}

const plural = (n: number) => (n === 1 ? '1 opportunity' : `${n} opportunities`);
const orList = (words: readonly string[]) =>
  words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}`;

/**
 * Makes `pipelineId` the only default: a pipeline with open, won and lost stages only, since opportunities and
 * lead conversion start there. The previous default loses its mark through Records (version and audit), in this
 * write's transaction.
 */
async function takeDefaultMark(ctx: Ctx, records: Records, pipelineId: string, name: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${DEFAULT_LOCK}))`.execute(ctx.trx);
  const kinds = ctx.action === 'create' ? new Map() : await liveStageKinds(ctx.trx, pipelineId);
  const missing = (['open', 'won', 'lost'] as const).filter((kind) => !kinds.has(kind));
  if (missing.length) {
    throw refuse(
      'isDefault',
      `needs an open, a won and a lost stage first (missing: ${missing.join(', ')})`,
      `"${name}" can become the default pipeline once it has an open, a won and a lost stage; ` +
        `it has no ${orList(missing)} stage yet.`,
    );
  }
  const others = await ctx.trx
    .selectFrom('pipelines')
    .select('id')
    .where('is_default', '=', true)
    .where('deleted_at', 'is', null)
    .where('id', '<>', pipelineId)
    .execute();
  for (const other of others) {
    const system = { is_default: false };
    await records.patchIn(ctx.trx, ctx.actor, pipelineEntity, other.id as string, {}, {}, { system });
  }
}

export async function checkPipeline(ctx: Ctx, records: Records): Promise<void> {
  const { before, action } = ctx;
  const name = String(valueAfter(ctx, 'name', 'name'));
  if (action === 'delete' && before) {
    await readPipeline(ctx.trx, before.id as string, 'FOR UPDATE');
    if (before.isDefault) {
      throw refuse(
        'isDefault',
        'is the default pipeline',
        `"${name}" is the default pipeline; make another pipeline the default before moving it to the trash.`,
      );
    }
    const held = await liveOpportunities(ctx.trx, 'pipeline_id', before.id as string);
    if (held > 0) {
      throw new RuleViolation(`"${name}" still holds ${plural(held)}; move them to another pipeline first.`);
    }
    return;
  }
  if (action !== 'create' && action !== 'update') return;
  const isDefault = valueAfter(ctx, 'is_default', 'isDefault') === true;
  if (fromClient(ctx, 'is_default') && before?.isDefault && !isDefault) {
    throw refuse(
      'isDefault',
      'make another pipeline the default instead',
      `"${name}" is the default pipeline; there is always one, so make another pipeline the default instead.`,
    );
  }
  if (isDefault && valueAfter(ctx, 'active', 'active') === false) {
    throw refuse('active', 'the default pipeline stays active', 'The default pipeline must be active.');
  }
  if (isDefault && !before?.isDefault) {
    await takeDefaultMark(ctx, records, (before?.id ?? ctx.columns.id) as string, name);
  }
}

/** Stages the opportunities of a pipeline need: one won and one lost (the chain moves deals into them). */
async function checkKindChange(ctx: Ctx, stage: ApiRecord, kind: StageKind): Promise<void> {
  const pipelineId = stage.pipelineId as string;
  const others = await liveStageKinds(ctx.trx, pipelineId, stage.id as string | undefined);
  const name = String(valueAfter(ctx, 'name', 'name'));
  if (ctx.before && ctx.action !== 'restore') {
    const was = ctx.before.kind as StageKind;
    if (was !== kind) await checkStageLeaves(ctx, was, others, 'change its kind');
  }
  const taken = kind === 'open' ? undefined : others.get(kind);
  if (taken !== undefined) {
    throw refuse(
      'kind',
      `the pipeline already has its ${kind} stage`,
      `The pipeline already has its ${kind} stage ("${taken}"); a pipeline has one, so "${name}" cannot be ` +
        'a second.',
    );
  }
}

/** A stage leaves its kind (trash or kind change): not the pipeline's last of it, and no live deals in it. */
async function checkStageLeaves(
  ctx: Ctx,
  kind: StageKind,
  others: Map<StageKind, string>,
  verb: string,
): Promise<void> {
  const before = ctx.before as ApiRecord;
  const name = String(before.name);
  if (!others.has(kind)) {
    const last = kind === 'open' ? 'last' : 'only';
    const why =
      kind === 'open'
        ? 'new opportunities start in an open stage'
        : `a pipeline keeps one ${kind} stage so its opportunities can be ${kind}`;
    throw refuse(
      'kind',
      `is the ${last} ${kind} stage of its pipeline`,
      `"${name}" cannot ${verb}: it is the ${last} ${kind} stage of its pipeline, and ${why}.`,
    );
  }
  const held = await liveOpportunities(ctx.trx, 'stage_id', before.id as string);
  if (held > 0) {
    const them = held === 1 ? 'is in it; move it' : 'are in it; move them';
    throw new RuleViolation(`"${name}" cannot ${verb}: ${plural(held)} ${them} to another stage first.`);
  }
}

/** The probability a stage gives its opportunities: 100 when won, 0 when lost. */
function checkStageProbability(ctx: Ctx, kind: StageKind): void {
  const probability = Number(valueAfter(ctx, 'probability', 'probability'));
  const fixed = kind === 'won' ? 100 : kind === 'lost' ? 0 : undefined;
  if (fixed !== undefined && probability !== fixed) {
    throw invalid('probability', `must be ${fixed} for the ${kind} stage`);
  }
}

export async function checkStage(ctx: Ctx): Promise<void> {
  const { trx, before, action, columns } = ctx;
  const pipelineId = valueAfter(ctx, 'pipeline_id', 'pipelineId') as string;
  // One stage write per pipeline at a time: counts of its kinds and deals stay true until commit.
  const pipeline = await readPipeline(trx, pipelineId, 'FOR UPDATE');
  if (before) await readStage(trx, before.id as string, 'FOR UPDATE');
  const stage = { id: before?.id ?? columns.id, pipelineId, name: valueAfter(ctx, 'name', 'name') };
  if (action === 'delete' && before) {
    const others = await liveStageKinds(trx, pipelineId, before.id as string);
    await checkStageLeaves(ctx, before.kind as StageKind, others, 'go to the trash');
    return;
  }
  if (!pipeline) throw invalid('pipelineId', 'refers to a record that does not exist');
  if (pipeline.deleted_at !== null && action !== 'update') {
    throw refuse(
      'pipelineId',
      'is in the trash',
      `Pipeline "${pipeline.name}" is in the trash; restore it first.`,
    );
  }
  const kind = valueAfter(ctx, 'kind', 'kind') as StageKind;
  if (action === 'restore') return checkKindChange(ctx, stage, kind);
  if (action !== 'create' && action !== 'update') return;
  checkStageProbability(ctx, kind);
  if (action === 'create' || kind !== before?.kind) await checkKindChange(ctx, stage, kind);
  if (action === 'create' && columns.position === undefined) {
    const { rows } = await sql<{ next: number }>`SELECT coalesce(max(position) + 1, 1)::int AS next
      FROM pipeline_stages WHERE pipeline_id = ${pipelineId} AND deleted_at IS NULL`.execute(trx);
    columns.position = rows[0]?.next ?? 1;
  }
}
