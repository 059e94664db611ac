import Big from 'big.js';
import { sql } from 'kysely';
import { RuleViolation, ValidationFailed } from '../../core/errors.js';
import { type Actor, SYSTEM_ACTOR } from '../../core/permissions.js';
import { fetchRow, lockRecord } from '../../core/record-reads.js';
import type { Records } from '../../core/records.js';
import { type ApiRecord, bodyToColumns, rowToRecord } from '../../core/row.js';
import type { Db } from '../../db/connect.js';
import { convertLeadIn } from '../leads/convert.js';
import { refreshChain } from './chain.js';
import type { DocumentLine } from './document.js';
import { quotationEntity } from './quotation-entity.js';
import { salesOrderEntity } from './sales-order-entity.js';

/**
 * Sales orders from quotations and their actions (status-rules.md, actions 6–9): make one from a submitted
 * quotation (all that is left to order, or some quantities), submit it, cancel it; after each, the quotation's
 * ordered status and its chain are derived again. Every step that counts a quotation's ordered quantities holds
 * the quotation's row lock, so two orders made or submitted at once never order more than it offers.
 */

/** Orders that count against a quotation's quantities: submitted (and not cancelled). */
const SUBMITTED = ['to_deliver_and_bill', 'on_hold', 'completed', 'closed'];

/** Quantity per quotation line already on orders in `statuses`, leaving out order `except`. */
async function orderedQuantities(trx: Db, quotationId: string, statuses: string[], except?: string) {
  const { rows } = await sql<{ line: string; qty: string }>`SELECT l->>'quotationLineId' AS line,
      sum((l->>'qty')::numeric)::text AS qty
    FROM sales_orders o, jsonb_array_elements(o.lines) AS l
    WHERE o.quotation_id = ${quotationId}::uuid AND o.deleted_at IS NULL AND o.status = ANY(${statuses}::text[])
      AND o.id IS DISTINCT FROM ${except ?? null}::uuid AND l->>'quotationLineId' IS NOT NULL
    GROUP BY 1`.execute(trx);
  return new Map(rows.map((row) => [row.line, new Big(row.qty)]));
}

const VALIDITY_ENDED = {
  en: 'Validity period of this quotation has ended.',
  de: 'Die Gültigkeitsdauer dieses Angebots ist abgelaufen.',
};

function checkOrderable(actor: Actor, quotation: ApiRecord): void {
  const status = quotation.status;
  if (status === 'expired') throw new RuleViolation(VALIDITY_ENDED[actor.language] ?? VALIDITY_ENDED.en);
  if (status === 'draft')
    throw new RuleViolation(`${quotation.number} is a draft; submit it before ordering.`);
  if (status === 'cancelled')
    throw new RuleViolation(`${quotation.number} is cancelled and cannot be ordered.`);
  if (status === 'lost') throw new RuleViolation(`${quotation.number} is lost and cannot be ordered.`);
}

export interface MakeOrderInput {
  lines?: Array<{ quotationLineId: string; qty: string }>;
  deliveryDate?: string;
}

/** The customer an order for this quotation is for: the quotation's, or the one its lead is (or becomes). */
async function customerFor(trx: Db, records: Records, actor: Actor, quotation: ApiRecord): Promise<string> {
  if (quotation.customerId) return quotation.customerId as string;
  if (!quotation.leadId) {
    throw new RuleViolation(
      `${quotation.number} is to a prospect; make the prospect a customer and quote the customer to order.`,
    );
  }
  const { rows } = await sql<{ customer_id: string | null }>`SELECT customer_id FROM leads
    WHERE id = ${quotation.leadId as string}`.execute(trx);
  if (rows[0]?.customer_id) return rows[0].customer_id;
  // As ERPNext does: the customer (with contact and address) is made from the lead now; the lead is converted.
  const conversion = await convertLeadIn(trx, records, actor, quotation.leadId as string, {
    customer: { create: {} },
  });
  return conversion.customer?.id as string;
}

/** The lead behind a quotation: the one it is to, else the one its opportunity came from. */
async function leadOf(trx: Db, quotation: ApiRecord): Promise<string | null> {
  if (quotation.leadId) return quotation.leadId as string;
  if (!quotation.opportunityId) return null;
  const { rows } = await sql<{ lead_id: string | null }>`SELECT lead_id FROM opportunities
    WHERE id = ${quotation.opportunityId as string}`.execute(trx);
  return rows[0]?.lead_id ?? null;
}

export function makeSalesOrder(records: Records, actor: Actor, quotationId: string, input: MakeOrderInput) {
  return records.transaction(salesOrderEntity, async (trx) => {
    const quotation = await lockRecord(trx, actor, quotationEntity, quotationId, { action: 'read' });
    checkOrderable(actor, quotation);
    const lines = quotation.lines as DocumentLine[];
    const taken = await orderedQuantities(trx, quotationId, ['draft', ...SUBMITTED]);
    const left = (line: DocumentLine) => new Big(line.qty).minus(taken.get(line.id) ?? 0);
    const wanted =
      input.lines ?? lines.map((line) => ({ quotationLineId: line.id, qty: left(line).toString() }));
    const errors = wanted.flatMap(({ quotationLineId, qty }, i) => {
      const line = lines.find((l) => l.id === quotationLineId);
      if (!line)
        return [
          { field: `lines/${i}/quotationLineId`, message: 'is no line of the quotation', code: 'link' },
        ];
      if (new Big(qty).gt(left(line))) {
        const message = `exceeds what is left to order of "${line.description}": ${left(line).toString()}`;
        return [{ field: `lines/${i}/qty`, message, code: 'exceeds' }];
      }
      return [];
    });
    if (errors.length)
      throw new RuleViolation(`The order would exceed what is left to order of ${quotation.number}.`, errors);
    const orderLines = wanted
      .filter(({ qty }) => new Big(qty).gt(0))
      .map(({ quotationLineId, qty }) => {
        const {
          id: _id,
          amount: _amount,
          ...line
        } = lines.find((l) => l.id === quotationLineId) as DocumentLine;
        return { ...line, qty, quotationLineId };
      });
    if (!orderLines.length) throw new RuleViolation(`Everything of ${quotation.number} is ordered already.`);
    const body: ApiRecord = {
      customerId: await customerFor(trx, records, actor, quotation),
      lines: orderLines,
      ...(input.deliveryDate ? { deliveryDate: input.deliveryDate } : {}),
    };
    for (const field of [
      'contactId',
      'addressId',
      'salesTeamId',
      'currency',
      'language',
      'taxTemplateId',
      'terms',
    ]) {
      if (quotation[field] !== null && quotation[field] !== undefined) body[field] = quotation[field];
    }
    const columns = await bodyToColumns(salesOrderEntity, body);
    const system = {
      quotation_id: quotationId,
      opportunity_id: quotation.opportunityId ?? null,
      lead_id: await leadOf(trx, quotation),
    };
    return records.createIn(trx, actor, salesOrderEntity, body, columns, { system });
  });
}

/**
 * The quotation's status from its submitted orders: every line's quantity covered → ordered, some → partially
 * ordered, none → open again. Only a quotation in play (open, replied, partially ordered, ordered) moves.
 */
async function deriveQuotationOrdering(trx: Db, records: Records, actor: Actor, quotationId: string) {
  const quotation = rowToRecord(
    quotationEntity,
    await fetchRow(trx, actor, quotationEntity, quotationId, 'read'),
  );
  if (!['open', 'replied', 'partially_ordered', 'ordered'].includes(quotation.status as string)) return;
  const ordered = await orderedQuantities(trx, quotationId, SUBMITTED);
  const lines = quotation.lines as DocumentLine[];
  const covered = lines.filter((line) => (ordered.get(line.id) ?? new Big(0)).gte(line.qty)).length;
  const some = lines.some((line) => (ordered.get(line.id) ?? new Big(0)).gt(0));
  const status = covered === lines.length ? 'ordered' : some ? 'partially_ordered' : 'open';
  if (status === quotation.status || (status === 'open' && quotation.status === 'replied')) return;
  // The system writes it: ordering is the order's action, and its author may not change the quotation.
  const after = await records.patchIn(
    trx,
    SYSTEM_ACTOR,
    quotationEntity,
    quotationId,
    {},
    {},
    { system: { status } },
  );
  await refreshChain(trx, records, actor, after);
}

export function submitSalesOrder(records: Records, actor: Actor, id: string, version?: number) {
  return records.transaction(salesOrderEntity, async (trx) => {
    let order = await lockRecord(trx, actor, salesOrderEntity, id, { version });
    if (order.status !== 'draft') throw new RuleViolation(`${order.number} is submitted already.`);
    const lines = order.lines as DocumentLine[];
    if (!lines.length) {
      throw new ValidationFailed([
        { field: 'lines', message: 'an order needs at least one line', code: 'required' },
      ]);
    }
    const quotationId = order.quotationId as string | null;
    if (quotationId) {
      // Counted under the quotation's lock, which every maker and submitter of its orders takes in turn.
      const quotation = await lockRecord(trx, actor, quotationEntity, quotationId, { action: 'read' });
      checkOrderable(actor, quotation);
      const ordered = await orderedQuantities(trx, quotationId, SUBMITTED, id);
      const offered = new Map((quotation.lines as DocumentLine[]).map((line) => [line.id, line]));
      const errors = lines.flatMap((line, i) => {
        if (!line.quotationLineId) return [];
        const source = offered.get(line.quotationLineId);
        if (!source)
          return [
            { field: `lines/${i}/quotationLineId`, message: 'is no line of the quotation', code: 'link' },
          ];
        const left = new Big(source.qty).minus(ordered.get(source.id) ?? 0);
        if (new Big(line.qty).lte(left)) return [];
        return [
          {
            field: `lines/${i}/qty`,
            message: `exceeds what is left to order: ${left.toString()}`,
            code: 'exceeds',
          },
        ];
      });
      if (errors.length)
        throw new RuleViolation(`${order.number} would order more than ${quotation.number} offers.`, errors);
    }
    const system = { status: 'to_deliver_and_bill', submitted_at: new Date() };
    order = await records.patchIn(trx, actor, salesOrderEntity, id, {}, {}, { system });
    if (quotationId) await deriveQuotationOrdering(trx, records, actor, quotationId);
    return order;
  });
}

export function cancelSalesOrder(records: Records, actor: Actor, id: string, version?: number) {
  return records.transaction(salesOrderEntity, async (trx) => {
    const current = await lockRecord(trx, actor, salesOrderEntity, id, { version });
    if (current.status === 'draft') {
      throw new RuleViolation(`${current.number} is a draft; move it to the trash instead of cancelling it.`);
    }
    if (current.status === 'cancelled') throw new RuleViolation(`${current.number} is cancelled already.`);
    const quotationId = current.quotationId as string | null;
    if (quotationId) await sql`SELECT id FROM quotations WHERE id = ${quotationId} FOR UPDATE`.execute(trx);
    const system = { status: 'cancelled', cancelled_at: new Date() };
    const order = await records.patchIn(trx, actor, salesOrderEntity, id, {}, {}, { system });
    if (quotationId) await deriveQuotationOrdering(trx, records, actor, quotationId);
    return order;
  });
}

/** A quotation with a submitted order is not cancelled (action 9); the orders are cancelled first. */
export async function checkNoSubmittedOrders(trx: Db, quotation: ApiRecord): Promise<void> {
  const { rows } = await sql<{ number: string }>`SELECT number FROM sales_orders
    WHERE quotation_id = ${quotation.id as string} AND deleted_at IS NULL AND status = ANY(${SUBMITTED}::text[])
    ORDER BY number`.execute(trx);
  if (rows.length) {
    const numbers = rows.map((row) => row.number).join(', ');
    throw new RuleViolation(
      `${quotation.number} has submitted sales orders (${numbers}); cancel them first.`,
    );
  }
}
