import { sql } from 'kysely';
import { RuleViolation, ValidationFailed } from '../../core/errors.js';
import type { Actor } from '../../core/permissions.js';
import { lockRecord } from '../../core/record-reads.js';
import type { Records } from '../../core/records.js';
import type { ApiRecord, Row } from '../../core/row.js';
import type { Db } from '../../db/connect.js';
import { OPPORTUNITY_STATUSES, opportunityEntity } from './entities.js';
import { type StageRow, firstOpenStage, readStage } from './pipelines.js';

/**
 * Win, loss and reopen of an opportunity (../shared/spec/status-rules.md, actions 4 and 14). Each is one update
 * through Records, in one transaction: the stage rules of service.ts move the opportunity into its pipeline's won,
 * lost or an open stage and set status, probability and dates; the stage change, the audit and the lead's status
 * follow from that write. Declare-lost writes the read-only loss fields as system columns.
 */

/** What a loss guard sees: the opportunity as it is before the loss, inside the transaction of declare-lost. */
export interface LossGuardContext {
  trx: Db;
  actor: Actor;
  opportunity: ApiRecord;
}

/**
 * A rule of another module that may refuse declaring an opportunity lost by throwing (a RuleViolation, 409, with
 * its reason): quotations register "Cannot declare as lost, because Quotation has been made." while an active
 * quotation belongs to the opportunity. Guards run in declare-lost's transaction, before anything is written.
 */
export type LossGuard = (ctx: LossGuardContext) => Promise<void> | void;

/** The registered loss guards, run in order; use `registerLossGuard`. */
export const lossGuards: LossGuard[] = [];

/** Adds a loss guard; the returned function removes it again (tests). */
export function registerLossGuard(guard: LossGuard): () => void {
  lossGuards.push(guard);
  return () => {
    const at = lossGuards.indexOf(guard);
    if (at >= 0) lossGuards.splice(at, 1);
  };
}

export interface DeclareLostInput {
  lostReasonIds: string[];
  lostDetail?: string | null;
  competitorIds?: string[];
  version?: number;
}

export interface ReopenInput {
  stageId?: string;
  version?: number;
}

const label = (status: unknown) =>
  OPPORTUNITY_STATUSES.find((o) => o.value === status)?.label.en.toLowerCase() ?? String(status);

const invalid = (field: string, message: string, code = 'invalid') =>
  new ValidationFailed([{ field, message, code }]);

export async function stageOfKind(trx: Db, opportunity: ApiRecord, kind: 'won' | 'lost'): Promise<string> {
  const { rows } = await sql<{ id: string }>`SELECT id FROM pipeline_stages
    WHERE pipeline_id = ${opportunity.pipelineId as string} AND kind = ${kind} AND deleted_at IS NULL
    LIMIT 1`.execute(trx);
  const id = rows[0]?.id;
  if (!id) {
    throw new RuleViolation(`The opportunity's pipeline has no ${kind} stage; an administrator adds one.`);
  }
  return id;
}

/** Every id names a live lost reason (trashed reasons cannot be chosen). */
export async function checkLostReasons(trx: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) throw invalid('lostReasonIds', 'needs at least one lost reason', 'required');
  const { rows } = await sql<{ id: string }>`SELECT id FROM lost_reasons
    WHERE id = ANY(${ids}::uuid[]) AND deleted_at IS NULL`.execute(trx);
  const live = new Set(rows.map((row) => row.id));
  const missing = ids.filter((id) => !live.has(id));
  if (missing.length) {
    throw invalid('lostReasonIds', `refers to lost reasons that do not exist: ${missing.join(', ')}`, 'link');
  }
}

const unique = (ids: string[]) => [...new Set(ids)];

/**
 * Declares the opportunity lost: into its pipeline's lost stage with status lost, probability 0, `lostAt`, its
 * reasons (at least one, live), detail and, when given, the competitors it was lost to. 409 when it is lost
 * already or a loss guard refuses.
 */
export function declareLost(
  records: Records,
  actor: Actor,
  id: string,
  input: DeclareLostInput,
  expectedVersion?: number,
): Promise<ApiRecord> {
  return records.transaction(opportunityEntity, async (trx) => {
    const version = expectedVersion ?? input.version;
    const opportunity = await lockRecord(trx, actor, opportunityEntity, id, { version });
    if (opportunity.status === 'lost') throw new RuleViolation('The opportunity is lost already.');
    const reasons = unique(input.lostReasonIds);
    await checkLostReasons(trx, reasons);
    for (const guard of lossGuards) await guard({ trx, actor, opportunity });
    const detail = input.lostDetail?.trim();
    const system: Row = {
      stage_id: await stageOfKind(trx, opportunity, 'lost'),
      status: 'lost',
      lost_reason_ids: reasons,
      lost_detail: detail ? detail : null,
      lost_at: new Date(),
    };
    if (input.competitorIds) system.competitor_ids = unique(input.competitorIds);
    return records.patchIn(trx, actor, opportunityEntity, id, {}, {}, { system, expectedVersion: version });
  });
}

/** Marks the opportunity won: into its pipeline's won stage (status converted, `wonAt`, probability 100). */
export function markWon(
  records: Records,
  actor: Actor,
  id: string,
  input: { version?: number },
  expectedVersion?: number,
): Promise<ApiRecord> {
  return records.transaction(opportunityEntity, async (trx) => {
    const version = expectedVersion ?? input.version;
    const opportunity = await lockRecord(trx, actor, opportunityEntity, id, { version });
    if (opportunity.status === 'converted') throw new RuleViolation('The opportunity is won already.');
    const system: Row = { stage_id: await stageOfKind(trx, opportunity, 'won') };
    // A lost deal won after all forgets why it was lost.
    if (opportunity.status === 'lost')
      Object.assign(system, { lost_reason_ids: [], lost_detail: null, lost_by_quotation: false });
    return records.patchIn(trx, actor, opportunityEntity, id, {}, {}, { system, expectedVersion: version });
  });
}

/**
 * Reopens a won or lost opportunity in an open stage of its pipeline (`stageId`, else the first): status open,
 * the stage's probability, and won/lost dates, reasons and detail cleared (service.ts, entering an open stage).
 */
export function reopen(
  records: Records,
  actor: Actor,
  id: string,
  input: ReopenInput,
  expectedVersion?: number,
): Promise<ApiRecord> {
  return records.transaction(opportunityEntity, async (trx) => {
    const version = expectedVersion ?? input.version;
    const opportunity = await lockRecord(trx, actor, opportunityEntity, id, { version });
    if (opportunity.status !== 'converted' && opportunity.status !== 'lost') {
      throw new RuleViolation(
        `Only a won or lost opportunity can be reopened; this one is ${label(opportunity.status)}.`,
      );
    }
    let stageId = input.stageId;
    if (stageId !== undefined) {
      const stage: StageRow | undefined = await readStage(trx, stageId);
      if (stage && stage.kind !== 'open') throw invalid('stageId', `"${stage.name}" is not an open stage`);
    } else {
      stageId = await firstOpenStage(trx, opportunity.pipelineId as string);
      if (!stageId) throw new RuleViolation("The opportunity's pipeline has no open stage to reopen it in.");
    }
    const system: Row = { stage_id: stageId };
    return records.patchIn(trx, actor, opportunityEntity, id, {}, {}, { system, expectedVersion: version });
  });
}
