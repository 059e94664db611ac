import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { type FieldError, RuleViolation, ValidationFailed } from '../../core/errors.js';
import type { Records, WriteContext } from '../../core/records.js';
import type { Row } from '../../core/row.js';
import type { Db } from '../../db/connect.js';
import { type TotalsTaxTemplate, computeTotals } from '../../shared/document-totals.js';
import { isCurrencyCode } from '../masters/service.js';
import { invalid, refuse, valueAfter } from '../opportunities/pipelines.js';
import { COMPANY_SETTINGS_ID } from './entities.js';
import { nextNumber } from './numbering.js';
import { quotationEntity } from './quotation-entity.js';
import { amountInWords } from './words.js';

/**
 * Rules of a quotation's own fields, in the write's transaction: who it is to (from its opportunity when made from
 * one), its number, defaults from the company settings, lines completed from their items, and totals computed by
 * the server (src/shared/document-totals.ts). Only drafts change; submitted quotations move by their actions
 * (quotation-actions.ts), which write with `system` columns.
 */

type Ctx = WriteContext & { columns: Row };

export interface QuotationLine {
  id: string;
  itemId: string | null;
  description: string;
  qty: string;
  unit: string;
  rate: string;
  discountPercent: string | null;
  taxTemplateId: string | null;
  amount: string;
}

export const QUOTATION_SERIES = 'QTN';
const PARTY_COLUMNS = ['customer_id', 'prospect_id', 'lead_id'] as const;

/** Today's date in the actor's time zone, as YYYY-MM-DD. */
function today(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

interface OpportunityRow {
  customer_id: string | null;
  prospect_id: string | null;
  lead_id: string | null;
  currency: string;
  status: string;
  title: string;
  sales_team_id: string | null;
}

/** Made from an opportunity: its party, currency and team unless the quotation names its own. */
async function takeFromOpportunity(ctx: Ctx): Promise<void> {
  const { columns } = ctx;
  if (ctx.action !== 'create' || typeof columns.opportunity_id !== 'string') return;
  const { rows } =
    await sql<OpportunityRow>`SELECT customer_id, prospect_id, lead_id, currency, status, title,
      sales_team_id FROM opportunities WHERE id = ${columns.opportunity_id}::uuid AND deleted_at IS NULL
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
  columns.sales_team_id ??= opportunity.sales_team_id;
}

function deriveQuotationTo(ctx: Ctx): void {
  const customer = valueAfter(ctx, 'customer_id', 'customerId');
  const prospect = valueAfter(ctx, 'prospect_id', 'prospectId');
  const lead = valueAfter(ctx, 'lead_id', 'leadId');
  if (!customer && !prospect && !lead) {
    throw new ValidationFailed([
      {
        field: 'customerId',
        message: 'a quotation needs a customer, a prospect or a lead',
        code: 'required',
      },
    ]);
  }
  ctx.columns.quotation_to = customer ? 'customer' : prospect ? 'prospect' : 'lead';
}

async function applyDefaults(ctx: Ctx): Promise<void> {
  const { columns, trx } = ctx;
  const { rows } = await sql<{
    default_currency: string;
    terms: string | null;
    terms_de: string | null;
  }>`SELECT
      default_currency, terms, terms_de FROM company_settings WHERE id = ${COMPANY_SETTINGS_ID}::uuid`.execute(
    trx,
  );
  const company = rows[0];
  columns.transaction_date ??= today(ctx.actor.timeZone);
  columns.currency ??= company?.default_currency ?? 'EUR';
  if (!('terms' in columns))
    columns.terms = (columns.language === 'de' ? company?.terms_de : company?.terms) ?? null;
  if (!('tax_template_id' in columns)) {
    const found = await sql<{ id: string }>`SELECT id FROM tax_templates
      WHERE is_default AND deleted_at IS NULL`.execute(trx);
    columns.tax_template_id = found.rows[0]?.id ?? null;
  }
  // An amendment brings its number (QTN-2026-00001-1) as a system column.
  columns.number ??= await nextNumber(
    trx,
    QUOTATION_SERIES,
    Number(String(columns.transaction_date).slice(0, 4)),
  );
  columns.status = 'draft';
}

interface ItemRow {
  id: string;
  name: string;
  name_de: string | null;
  unit: string;
  tax_template_id: string | null;
  prices: Array<{ currency: string; rate: string }>;
  active: boolean;
  deleted_at: string | null;
}

async function readItems(trx: Db, ids: string[]): Promise<Map<string, ItemRow>> {
  if (!ids.length) return new Map();
  const { rows } =
    await sql<ItemRow>`SELECT id, name, name_de, unit, tax_template_id, prices, active, deleted_at
    FROM items WHERE id = ANY(${ids}::uuid[])`.execute(trx);
  return new Map(rows.map((row) => [row.id, row]));
}

async function readTaxTemplates(trx: Db, ids: string[]): Promise<Map<string, TotalsTaxTemplate>> {
  if (!ids.length) return new Map();
  const { rows } = await sql<{
    id: string;
    rate: string;
    inclusive: boolean;
  }>`SELECT id, rate::text, inclusive
    FROM tax_templates WHERE id = ANY(${ids}::uuid[]) AND deleted_at IS NULL`.execute(trx);
  return new Map(rows.map((row) => [row.id, row]));
}

type LineInput = Partial<QuotationLine>;

/**
 * The lines as stored: each with an id (kept when sent back), completed from its item (name in the document's
 * language, unit, tax template, the rate in the document's currency) for what it leaves out.
 */
async function completeLines(ctx: Ctx, sent: LineInput[], currency: string, language: string) {
  const known = new Set(((ctx.before?.lines as QuotationLine[] | undefined) ?? []).map((line) => line.id));
  const items = await readItems(ctx.trx, [
    ...new Set(sent.map((l) => l.itemId).filter((id): id is string => !!id)),
  ]);
  const errors: FieldError[] = [];
  const lines = sent.map((line, i): QuotationLine => {
    const at = (field: string) => `lines/${i}/${field}`;
    const item = line.itemId ? items.get(line.itemId) : undefined;
    if (line.itemId && (!item || item.deleted_at !== null)) {
      errors.push({ field: at('itemId'), message: 'refers to an item that does not exist', code: 'link' });
    } else if (item && !item.active && !(line.id && known.has(line.id))) {
      errors.push({ field: at('itemId'), message: `"${item.name}" is inactive`, code: 'inactive' });
    }
    const price = item?.prices.find((p) => p.currency === currency)?.rate;
    const rate = line.rate ?? price;
    if (rate === undefined) {
      const why = item ? `"${item.name}" has no price in ${currency}; give a rate` : 'is required';
      errors.push({ field: at('rate'), message: why, code: 'required' });
    }
    const description =
      line.description ?? (item ? (language === 'de' && item.name_de) || item.name : undefined);
    if (!description?.trim())
      errors.push({ field: at('description'), message: 'is required', code: 'required' });
    const qty = line.qty ?? '1';
    if (Number(qty) <= 0) errors.push({ field: at('qty'), message: 'must be more than 0', code: 'range' });
    if (line.discountPercent && Number(line.discountPercent) > 100) {
      errors.push({ field: at('discountPercent'), message: 'must be at most 100', code: 'range' });
    }
    return {
      id: line.id && known.has(line.id) ? line.id : uuidv7(),
      itemId: line.itemId ?? null,
      description: description ?? '',
      qty,
      unit: line.unit ?? item?.unit ?? 'unit',
      rate: rate ?? '0',
      discountPercent: line.discountPercent ?? null,
      taxTemplateId: line.taxTemplateId !== undefined ? line.taxTemplateId : (item?.tax_template_id ?? null),
      amount: '0',
    };
  });
  if (errors.length) throw new ValidationFailed(errors);
  return lines;
}

/** Lines, taxes, totals and the amount in words, whenever lines, currency, taxes or language change. */
async function computeDocument(ctx: Ctx): Promise<void> {
  const { columns } = ctx;
  const touched = ['lines', 'currency', 'tax_template_id', 'language'].some((column) => column in columns);
  if (ctx.action !== 'create' && !touched) return;
  const currency = String(valueAfter(ctx, 'currency', 'currency'));
  if (!isCurrencyCode(currency)) throw invalid('currency', 'is not an ISO 4217 currency code such as EUR');
  const language = String(valueAfter(ctx, 'language', 'language'));
  const sent = typeof columns.lines === 'string' ? (JSON.parse(columns.lines) as LineInput[]) : undefined;
  const lines = sent
    ? await completeLines(ctx, sent, currency, language)
    : ((ctx.before?.lines as QuotationLine[] | undefined) ?? []);
  const documentTax = (valueAfter(ctx, 'tax_template_id', 'taxTemplateId') as string | null) ?? null;
  const templateIds = [
    ...new Set([documentTax, ...lines.map((l) => l.taxTemplateId)].filter((id) => id !== null)),
  ];
  const templates = await readTaxTemplates(ctx.trx, templateIds as string[]);
  lines.forEach((line, i) => {
    if (line.taxTemplateId && !templates.has(line.taxTemplateId)) {
      throw invalid(`lines/${i}/taxTemplateId`, 'refers to a tax template that does not exist');
    }
  });
  const totals = computeTotals(lines, templates, documentTax, currency);
  lines.forEach((line, i) => (line.amount = totals.lineAmounts[i] as string));
  Object.assign(columns, {
    lines: JSON.stringify(lines),
    taxes: JSON.stringify(totals.taxes),
    total_before_discount: totals.totalBeforeDiscount,
    discount_total: totals.discountTotal,
    net_total: totals.netTotal,
    tax_total: totals.taxTotal,
    grand_total: totals.grandTotal,
    rounded_total: totals.roundedTotal,
    rounding_adjustment: totals.roundingAdjustment,
    in_words: amountInWords(totals.roundedTotal, currency, language === 'de' ? 'de' : 'en'),
  });
}

function checkDates(ctx: Ctx): void {
  const date = valueAfter(ctx, 'transaction_date', 'transactionDate');
  const validTill = valueAfter(ctx, 'valid_till', 'validTill');
  if (validTill && date && String(validTill) < String(date)) {
    throw invalid('validTill', 'must not be before the quotation’s date');
  }
}

/** A submitted quotation is a document sent out: it changes through its actions only. */
function checkEditable(ctx: Ctx): void {
  const { before } = ctx;
  if (!before || before.status === 'draft' || ctx.options.system) return;
  const number = String(before.number);
  if (ctx.action === 'delete') {
    throw new RuleViolation(`${number} is submitted; cancel it instead of moving it to the trash.`);
  }
  if (ctx.action === 'update') {
    const fields: FieldError[] = Object.keys(ctx.body)
      .filter((field) => field !== 'version')
      .map((field) => ({ field, message: 'cannot change once submitted', code: 'submitted' }));
    throw new RuleViolation(`${number} is submitted; cancel and amend it to change it.`, fields);
  }
}

export async function prepareQuotation(ctx: Ctx): Promise<void> {
  checkEditable(ctx);
  if (ctx.action !== 'create' && ctx.action !== 'update') return;
  if (ctx.options.system && ctx.action === 'update') return;
  if (ctx.action === 'create') {
    await takeFromOpportunity(ctx);
    await applyDefaults(ctx);
  }
  if (ctx.action === 'create' || PARTY_COLUMNS.some((column) => column in ctx.columns))
    deriveQuotationTo(ctx);
  checkDates(ctx);
  await computeDocument(ctx);
}

export function registerQuotationRules(records: Records): void {
  records.on(quotationEntity.name, { beforeWrite: prepareQuotation });
}
