import type { Records, WriteContext } from '../../core/records.js';
import type { Row } from '../../core/row.js';
import { computeTotals } from '../../shared/document-totals.js';
import { opportunityEntity } from '../opportunities/entities.js';
import { valueAfter } from '../opportunities/pipelines.js';
import { type DocumentLine, type LineInput, completeLines } from './document.js';

/**
 * An opportunity's products of interest: lines completed from their items as on a quotation (document.ts), in the
 * opportunity's currency and the writer's language, each with its amount (quantity × rate less the discount,
 * rounded by the document rule); while there are any, the opportunity's amount is their sum. A quotation made
 * from the opportunity starts with them (quotations.ts).
 */

type Ctx = WriteContext & { columns: Row };

async function deriveItems(ctx: Ctx): Promise<void> {
  const { columns } = ctx;
  if (ctx.action !== 'create' && ctx.action !== 'update') return;
  if (!('items' in columns) && !('currency' in columns)) return;
  const sent =
    typeof columns.items === 'string'
      ? (JSON.parse(columns.items) as LineInput[])
      : ((ctx.before?.items as DocumentLine[] | undefined) ?? []);
  if (!sent.length) return;
  const currency = String(valueAfter(ctx, 'currency', 'currency'));
  const lines = await completeLines(ctx, sent, currency, ctx.actor.language, 'items');
  const totals = computeTotals(lines, new Map(), null, currency);
  lines.forEach((line, i) => {
    line.amount = totals.lineAmounts[i] as string;
    line.taxTemplateId = null;
  });
  columns.items = JSON.stringify(lines);
  columns.amount = totals.netTotal;
}

export function registerOpportunityItems(records: Records): void {
  records.on(opportunityEntity.name, { beforeWrite: deriveItems });
}
