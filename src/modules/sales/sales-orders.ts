import type { Records, WriteContext } from '../../core/records.js';
import type { Row } from '../../core/row.js';
import { refuse } from '../opportunities/pipelines.js';
import { applyDocumentDefaults, computeDocument, refuseOnceSubmitted } from './document.js';
import { nextNumber } from './numbering.js';
import { ORDER_USER_STATUSES, SALES_ORDER_STATUSES, salesOrderEntity } from './sales-order-entity.js';

/**
 * Rules of a sales order's own fields: number and defaults on create, lines and totals as on quotations
 * (document.ts); a draft is edited freely, a submitted order only takes the statuses a user sets (on hold,
 * completed, closed, and back to deliver and bill), everything else moves by its actions (sales-order-actions.ts).
 */

type Ctx = WriteContext & { columns: Row };

export const ORDER_SERIES = 'SO';
const label = (status: unknown) =>
  SALES_ORDER_STATUSES.find((o) => o.value === status)?.label.en ?? String(status);

function checkStatusChange(ctx: Ctx): void {
  const { before, columns } = ctx;
  if (!('status' in columns) || ctx.options.system) return;
  const wanted = columns.status;
  if (before && wanted === before.status) {
    delete columns.status;
    return;
  }
  if (!(ORDER_USER_STATUSES as readonly unknown[]).includes(wanted)) {
    throw refuse('status', `"${label(wanted)}" is set by the order's actions (submit, cancel)`);
  }
  const submitted = before && before.status !== 'draft' && before.status !== 'cancelled';
  if (!submitted) {
    throw refuse(
      'status',
      `can change once the order is submitted; it is ${label(before?.status ?? 'draft').toLowerCase()}`,
    );
  }
}

export async function prepareSalesOrder(ctx: Ctx): Promise<void> {
  refuseOnceSubmitted(ctx, ['status'], 'only its status changes now.');
  if (ctx.action !== 'create' && ctx.action !== 'update') return;
  checkStatusChange(ctx);
  if (ctx.options.system && ctx.action === 'update') return;
  if (ctx.action === 'create') {
    await applyDocumentDefaults(ctx);
    const year = Number(String(ctx.columns.transaction_date).slice(0, 4));
    ctx.columns.number = await nextNumber(ctx.trx, ORDER_SERIES, year);
    ctx.columns.status = 'draft';
  }
  if (ctx.before?.status !== undefined && ctx.before.status !== 'draft') return;
  await computeDocument(ctx);
}

export function registerSalesOrderRules(records: Records): void {
  records.on(salesOrderEntity.name, { beforeWrite: prepareSalesOrder });
}
