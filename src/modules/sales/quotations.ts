import { sql } from 'kysely';
import type { Records, WriteContext } from '../../core/records.js';
import type { Row } from '../../core/row.js';
import { invalid, refuse, valueAfter } from '../opportunities/pipelines.js';
import { PARTY_COLUMNS, deriveParty } from '../opportunities/service.js';
import {
  type DocumentLine,
  applyDocumentDefaults,
  computeDocument,
  refuseOnceSubmitted,
} from './document.js';
import { nextNumber } from './numbering.js';
import { quotationEntity } from './quotation-entity.js';

/**
 * Rules of a quotation's own fields, in the write's transaction: who it is to (from its opportunity when made from
 * one), its number, defaults from the company settings, lines completed from their items, and totals computed by
 * the server (src/shared/document-totals.ts). Only drafts change; submitted quotations move by their actions
 * (quotation-actions.ts), which write with `system` columns.
 */

type Ctx = WriteContext & { columns: Row };

export const QUOTATION_SERIES = 'QTN';

interface OpportunityRow {
  customer_id: string | null;
  prospect_id: string | null;
  lead_id: string | null;
  currency: string;
  status: string;
  title: string;
  sales_team_id: string | null;
  items: DocumentLine[];
}

/** Made from an opportunity: its party, currency and team unless the quotation names its own. */
async function takeFromOpportunity(ctx: Ctx): Promise<void> {
  const { columns } = ctx;
  if (ctx.action !== 'create' || typeof columns.opportunity_id !== 'string') return;
  const { rows } =
    await sql<OpportunityRow>`SELECT customer_id, prospect_id, lead_id, currency, status, title,
      sales_team_id, items FROM opportunities WHERE id = ${columns.opportunity_id}::uuid AND deleted_at IS NULL
    FOR KEY SHARE`.execute(ctx.trx);
  const opportunity = rows[0];
  if (!opportunity) throw invalid('opportunityId', 'refers to a record that does not exist');
  if (opportunity.status === 'lost') {
    throw refuse(
      'opportunityId',
      'is lost',
      `The opportunity "${opportunity.title}" is lost; reopen it before making a quotation for it.`,
    );
  }
  if (!PARTY_COLUMNS.some((column) => columns[column])) {
    for (const column of PARTY_COLUMNS) columns[column] = opportunity[column];
  }
  columns.currency ??= opportunity.currency;
  // Its products of interest become the first lines, unless the quotation brings its own.
  if (ctx.body.lines === undefined && opportunity.items.length) {
    columns.lines = JSON.stringify(opportunity.items.map(({ id: _id, amount: _amount, ...line }) => line));
  }
  columns.sales_team_id ??= opportunity.sales_team_id;
}

async function applyDefaults(ctx: Ctx): Promise<void> {
  await applyDocumentDefaults(ctx);
  // An amendment brings its number (QTN-2026-00001-1) as a system column.
  ctx.columns.number ??= await nextNumber(
    ctx.trx,
    QUOTATION_SERIES,
    Number(String(ctx.columns.transaction_date).slice(0, 4)),
  );
  ctx.columns.status = 'draft';
}

function checkDates(ctx: Ctx): void {
  const date = valueAfter(ctx, 'transaction_date', 'transactionDate');
  const validTill = valueAfter(ctx, 'valid_till', 'validTill');
  if (validTill && date && String(validTill) < String(date)) {
    throw invalid('validTill', 'must not be before the quotation’s date');
  }
}

export async function prepareQuotation(ctx: Ctx): Promise<void> {
  refuseOnceSubmitted(ctx, [], 'cancel and amend it to change it.');
  if (ctx.action !== 'create' && ctx.action !== 'update') return;
  if (ctx.options.system && ctx.action === 'update') return;
  if (ctx.action === 'create') {
    await takeFromOpportunity(ctx);
    await applyDefaults(ctx);
  }
  deriveParty(ctx, 'quotation_to', 'a quotation');
  checkDates(ctx);
  await computeDocument(ctx);
}

export function registerQuotationRules(records: Records): void {
  records.on(quotationEntity.name, { beforeWrite: prepareQuotation });
}
