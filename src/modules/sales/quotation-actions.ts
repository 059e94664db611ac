import { sql } from 'kysely';
import { RuleViolation, ValidationFailed } from '../../core/errors.js';
import { SYSTEM_ACTOR, type Actor } from '../../core/permissions.js';
import { lockRecord } from '../../core/record-reads.js';
import type { Records } from '../../core/records.js';
import { type ApiRecord, type Row, bodyToColumns } from '../../core/row.js';
import type { Db } from '../../db/connect.js';
import { checkLostReasons } from '../opportunities/outcomes.js';
import { refreshChain } from './chain.js';
import { checkNoSubmittedOrders } from './sales-order-actions.js';
import { QUOTATION_STATUSES, quotationEntity } from './quotation-entity.js';
import type { DocumentLine } from './document.js';

/**
 * The actions of a quotation (status-rules.md, actions 3, 5, 9, 10 and 11): submit, declare lost, cancel, amend,
 * and the daily expiry. Each is one transaction that locks the quotation, writes it through the engine with
 * system columns (version, audit) and derives its opportunity and lead again.
 */

const label = (status: unknown) =>
  QUOTATION_STATUSES.find((o) => o.value === status)?.label.en ?? String(status);

type Change = (trx: Db, quotation: ApiRecord) => Promise<Row>;

/** Locks, checks and changes one quotation, then derives its opportunity and lead, in `trx`. */
async function actIn(
  trx: Db,
  records: Records,
  actor: Actor,
  id: string,
  version: number | undefined,
  change: Change,
) {
  const quotation = await lockRecord(trx, actor, quotationEntity, id, { version });
  const system = await change(trx, quotation);
  const after = await records.patchIn(
    trx,
    actor,
    quotationEntity,
    id,
    {},
    {},
    { system, expectedVersion: version },
  );
  await refreshChain(trx, records, actor, after);
  return after;
}

function act(records: Records, actor: Actor, id: string, version: number | undefined, change: Change) {
  return records.transaction(quotationEntity, (trx) => actIn(trx, records, actor, id, version, change));
}

export function submitQuotation(records: Records, actor: Actor, id: string, version?: number) {
  return act(records, actor, id, version, async (trx, quotation) => {
    if (quotation.status !== 'draft') throw new RuleViolation(`${quotation.number} is submitted already.`);
    if (!(quotation.lines as DocumentLine[]).length) {
      throw new ValidationFailed([
        { field: 'lines', message: 'a quotation needs at least one line', code: 'required' },
      ]);
    }
    if (quotation.opportunityId) {
      const { rows } = await sql<{ status: string; title: string }>`SELECT status, title FROM opportunities
        WHERE id = ${quotation.opportunityId as string} FOR KEY SHARE`.execute(trx);
      if (rows[0]?.status === 'lost') {
        throw new RuleViolation(`The opportunity "${rows[0].title}" is lost; reopen it before submitting.`);
      }
    }
    return { status: 'open', submitted_at: new Date() };
  });
}

export interface QuotationLostInput {
  lostReasonIds: string[];
  lostDetail?: string;
  competitorIds?: string[];
  version?: number;
}

const SALES_ORDER_MADE = {
  en: 'Cannot set as Lost as Sales Order is made.',
  de: 'Kann nicht als verloren gesetzt werden, da ein Kundenauftrag erstellt wurde.',
};

export function declareQuotationLost(records: Records, actor: Actor, id: string, input: QuotationLostInput) {
  return act(records, actor, id, input.version, async (trx, quotation) => {
    if (quotation.status === 'ordered' || quotation.status === 'partially_ordered') {
      throw new RuleViolation(SALES_ORDER_MADE[actor.language] ?? SALES_ORDER_MADE.en);
    }
    if (quotation.status !== 'open' && quotation.status !== 'replied') {
      throw new RuleViolation(
        `${quotation.number} is ${label(quotation.status).toLowerCase()}; only an open quotation can be lost.`,
      );
    }
    const reasons = [...new Set(input.lostReasonIds)];
    await checkLostReasons(trx, reasons);
    const detail = input.lostDetail?.trim();
    return {
      status: 'lost',
      lost_at: new Date(),
      lost_reason_ids: reasons,
      lost_detail: detail ? detail : null,
      ...(input.competitorIds ? { competitor_ids: [...new Set(input.competitorIds)] } : {}),
    };
  });
}

export function cancelQuotation(records: Records, actor: Actor, id: string, version?: number) {
  return act(records, actor, id, version, async (trx, quotation) => {
    if (quotation.status === 'draft') {
      throw new RuleViolation(
        `${quotation.number} is a draft; move it to the trash instead of cancelling it.`,
      );
    }
    if (quotation.status === 'cancelled')
      throw new RuleViolation(`${quotation.number} is cancelled already.`);
    await checkNoSubmittedOrders(trx, quotation);
    return { status: 'cancelled', cancelled_at: new Date() };
  });
}

/** The fields an amendment carries over from the cancelled quotation (not its dates, number or outcome). */
const CARRIED = [
  'customerId',
  'prospectId',
  'leadId',
  'opportunityId',
  'contactId',
  'addressId',
  'salesTeamId',
  'validTill',
  'currency',
  'language',
  'taxTemplateId',
  'terms',
  'notes',
  'ownerId',
] as const;

/** A new draft in place of a cancelled quotation: QTN-2026-00001 → QTN-2026-00001-1, then -2 from that one. */
export function amendQuotation(records: Records, actor: Actor, id: string, version?: number) {
  return records.transaction(quotationEntity, async (trx) => {
    const quotation = await lockRecord(trx, actor, quotationEntity, id, { version });
    if (quotation.status !== 'cancelled') {
      throw new RuleViolation(
        `Only a cancelled quotation is amended; ${quotation.number} is ${label(quotation.status).toLowerCase()}.`,
      );
    }
    const { rows } = await sql<{
      number: string;
    }>`SELECT number FROM quotations WHERE amended_from = ${id}`.execute(trx);
    if (rows[0]) throw new RuleViolation(`${quotation.number} was amended already, as ${rows[0].number}.`);
    const amendment = (quotation.amendment as number) + 1;
    const number = String(quotation.number);
    const root = (quotation.amendment as number) > 0 ? number.replace(/-\d+$/, '') : number;
    const body: ApiRecord = {};
    for (const field of CARRIED)
      if (quotation[field] !== null && quotation[field] !== undefined) body[field] = quotation[field];
    body.lines = (quotation.lines as DocumentLine[]).map(({ id: _id, amount: _amount, ...line }) => line);
    const columns = await bodyToColumns(quotationEntity, body);
    const system = { number: `${root}-${amendment}`, amended_from: id, amendment };
    return records.createIn(trx, actor, quotationEntity, body, columns, { system });
  });
}

/**
 * The daily expiry (action 11): submitted quotations past their validity, neither lost, ordered nor cancelled,
 * become expired with their chains, in the job's transaction and the system's name.
 */
export async function expireQuotations(trx: Db, records: Records, today: string): Promise<number> {
  const { rows } = await sql<{ id: string }>`SELECT id FROM quotations
    WHERE status IN ('open', 'replied') AND valid_till < ${today}::date AND deleted_at IS NULL
    ORDER BY id`.execute(trx);
  for (const { id } of rows) {
    await actIn(trx, records, SYSTEM_ACTOR, id, undefined, async () => ({
      status: 'expired',
      expired_at: new Date(),
    }));
  }
  return rows.length;
}
