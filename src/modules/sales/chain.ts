import { sql } from 'kysely';
import { RuleViolation } from '../../core/errors.js';
import type { Records, WriteContext } from '../../core/records.js';
import { type Actor, SYSTEM_ACTOR } from '../../core/permissions.js';
import type { Row } from '../../core/row.js';
import type { Db } from '../../db/connect.js';
import { leadEntity } from '../leads/entities.js';
import { refreshLeadStatus } from '../leads/status.js';
import { opportunityEntity } from '../opportunities/entities.js';
import { registerLossGuard, stageOfKind } from '../opportunities/outcomes.js';
import { firstOpenStage } from '../opportunities/pipelines.js';
import { ACTIVE_STATUSES } from './quotation-entity.js';

/**
 * The status chain of ../shared/spec/status-rules.md from the quotation's side: after a quotation changes, its
 * opportunity and lead are derived again in the same transaction. The opportunity is written through the engine
 * (version, audit, stage rules) in the system's name, since the user acted on the quotation and may not be allowed
 * to change the opportunity itself; the lead's status is written and audited in the user's name (leads/status.ts).
 *
 * Opportunity, first that applies: closed (set by a user) › converted (a quotation of it is ordered or partially
 * ordered, or a user marked it won) › quotation (an active quotation belongs to it) › lost (a quotation of it is
 * lost and none is active, or it was declared lost) › the status the user last set. Won or lost by its quotations
 * it enters the won or lost stage (the lost one with the quotation's reasons), and leaves it for its first open
 * stage when the order or the lost quotation is cancelled; stage and status never disagree.
 */

const ACTIVE = [...ACTIVE_STATUSES];

interface OpportunityState {
  id: string;
  status: string;
  user_status: string;
  lost_by_quotation: boolean;
  won_by_quotation: boolean;
  pipeline_id: string;
  active: number;
  ordered: number;
  lost_quotation: string | null;
}

async function opportunityStates(trx: Db, ids: string[]): Promise<OpportunityState[]> {
  const { rows } = await sql<OpportunityState>`SELECT o.id, o.status, o.user_status, o.lost_by_quotation,
      o.won_by_quotation, o.pipeline_id,
      (SELECT count(*)::int FROM quotations q WHERE q.opportunity_id = o.id AND q.deleted_at IS NULL
        AND q.status IN ('ordered', 'partially_ordered')) AS ordered,
      (SELECT count(*)::int FROM quotations q WHERE q.opportunity_id = o.id AND q.deleted_at IS NULL
        AND q.status = ANY(${ACTIVE}::text[])) AS active,
      (SELECT q.id FROM quotations q WHERE q.opportunity_id = o.id AND q.deleted_at IS NULL AND q.status = 'lost'
        ORDER BY q.lost_at DESC LIMIT 1) AS lost_quotation
    FROM opportunities o WHERE o.id = ANY(${ids}::uuid[]) AND o.deleted_at IS NULL
    ORDER BY o.id FOR UPDATE OF o`.execute(trx);
  return rows;
}

/** What the opportunity's status and stage become, or null when they stay. */
async function deriveOpportunity(trx: Db, state: OpportunityState): Promise<Row | null> {
  if (state.status === 'closed') return null;
  if (state.ordered > 0) {
    if (state.status === 'converted') return null;
    return {
      stage_id: await stageOfKind(trx, { pipelineId: state.pipeline_id }, 'won'),
      won_by_quotation: true,
    };
  }
  if (state.status === 'converted') {
    // Won by a user stays won; won by an order that was cancelled is derived again, from an open stage.
    if (!state.won_by_quotation) return null;
    return reopened(trx, state, state.active > 0 ? 'quotation' : state.user_status);
  }
  if (state.active > 0) {
    if (state.status === 'quotation') return null;
    if (state.status === 'lost') return reopened(trx, state, 'quotation');
    return { status: 'quotation' };
  }
  if (state.lost_quotation) {
    if (state.status === 'lost') return null;
    const { rows } = await sql<{
      lost_reason_ids: string[];
      lost_detail: string | null;
      competitor_ids: string[];
    }>`
      SELECT lost_reason_ids, lost_detail, competitor_ids FROM quotations WHERE id = ${state.lost_quotation}`.execute(
      trx,
    );
    const quotation = rows[0];
    return {
      status: 'lost',
      stage_id: await stageOfKind(trx, { pipelineId: state.pipeline_id }, 'lost'),
      lost_at: new Date(),
      lost_reason_ids: quotation?.lost_reason_ids ?? [],
      lost_detail: quotation?.lost_detail ?? null,
      competitor_ids: quotation?.competitor_ids ?? [],
      lost_by_quotation: true,
    };
  }
  if (state.status === 'lost')
    return state.lost_by_quotation ? reopened(trx, state, state.user_status) : null;
  return state.status === state.user_status ? null : { status: state.user_status };
}

async function reopened(trx: Db, state: OpportunityState, status: string): Promise<Row> {
  const stage = await firstOpenStage(trx, state.pipeline_id);
  if (!stage)
    throw new RuleViolation('The opportunity’s pipeline has no open stage; an administrator adds one.');
  return { status, stage_id: stage };
}

export async function refreshOpportunities(trx: Db, records: Records, ids: string[]): Promise<void> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (!unique.length) return;
  for (const state of await opportunityStates(trx, unique)) {
    const system = await deriveOpportunity(trx, state);
    // The system writes it (audited as such): the user acted on the quotation, and may not be able to change
    // the opportunity itself.
    if (system) await records.patchIn(trx, SYSTEM_ACTOR, opportunityEntity, state.id, {}, {}, { system });
  }
}

/** The leads a quotation belongs to: addressed to one, or made from an opportunity from one. */
async function leadsOf(trx: Db, quotation: Row): Promise<string[]> {
  const { rows } = await sql<{ lead_id: string | null }>`SELECT lead_id FROM opportunities
    WHERE id = ${(quotation.opportunityId as string | null) ?? null}::uuid`.execute(trx);
  return [quotation.leadId as string | null, rows[0]?.lead_id ?? null].filter((id): id is string => !!id);
}

/** After any change of a quotation's status: its opportunity, then its leads. */
export async function refreshChain(trx: Db, records: Records, actor: Actor, quotation: Row): Promise<void> {
  await refreshOpportunities(trx, records, [quotation.opportunityId as string]);
  await refreshLeadStatus(trx, leadEntity, actor, await leadsOf(trx, quotation));
}

const REFUSAL = {
  en: 'Cannot declare as lost, because Quotation has been made.',
  de: 'Kann nicht als verloren gemeldet werden, da ein Angebot erstellt wurde.',
};

/**
 * An opportunity with an active quotation cannot be declared lost (the quotation is declared lost instead); a user
 * status set while a quotation is active is kept for later, the status stays "quotation".
 */
export function registerOpportunityChain(records: Records): void {
  registerLossGuard(async ({ trx, actor, opportunity }) => {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM quotations
      WHERE opportunity_id = ${opportunity.id as string} AND deleted_at IS NULL
        AND status = ANY(${ACTIVE}::text[])`.execute(trx);
    if (rows[0]?.n) throw new RuleViolation(REFUSAL[actor.language] ?? REFUSAL.en);
  });
  records.on(opportunityEntity.name, {
    async beforeWrite(ctx: WriteContext & { columns: Row }) {
      const { columns, before } = ctx;
      if (!before || ctx.options.system || !('status' in columns)) return;
      if (columns.status === 'closed') return;
      const active = await sql<{ n: number }>`SELECT count(*)::int AS n FROM quotations
        WHERE opportunity_id = ${before.id as string} AND deleted_at IS NULL
          AND status = ANY(${ACTIVE}::text[])`.execute(ctx.trx);
      if (active.rows[0]?.n) columns.status = 'quotation';
    },
  });
}
