import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { type FieldError, RuleViolation, ValidationFailed } from '../../core/errors.js';
import type { WriteContext } from '../../core/records.js';
import type { Row } from '../../core/row.js';
import type { Db } from '../../db/connect.js';
import { type TotalsTaxTemplate, computeTotals } from '../../shared/document-totals.js';
import { isCurrencyCode } from '../masters/service.js';
import { invalid, valueAfter } from '../opportunities/pipelines.js';
import { COMPANY_SETTINGS_ID } from './entities.js';
import { amountInWords } from './words.js';

/**
 * What quotations and sales orders share (document-fields.ts): defaults from the company settings, lines
 * completed from their items, and lines, taxes, totals and the amount in words computed by the server
 * (src/shared/document-totals.ts). Both tables have the same columns for them.
 */

type Ctx = WriteContext & { columns: Row };

export interface DocumentLine {
  id: string;
  itemId: string | null;
  description: string;
  qty: string;
  unit: string;
  rate: string;
  discountPercent: string | null;
  taxTemplateId: string | null;
  amount: string;
  /** On a sales order: the quotation line it orders. */
  quotationLineId?: string;
}

/** Today's date in the actor's time zone, as YYYY-MM-DD. */
export function today(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/** Date, currency, terms in the document's language and the default tax template, for what a new one leaves out. */
export async function applyDocumentDefaults(ctx: Ctx): Promise<void> {
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

export type LineInput = Partial<DocumentLine>;

/**
 * The lines as stored: each with an id (kept when sent back), completed from its item (name in the document's
 * language, unit, tax template, the rate in the document's currency) for what it leaves out.
 */
export async function completeLines(
  ctx: Ctx,
  sent: LineInput[],
  currency: string,
  language: string,
  field = 'lines',
) {
  const known = new Set(((ctx.before?.[field] as DocumentLine[] | undefined) ?? []).map((line) => line.id));
  const items = await readItems(ctx.trx, [
    ...new Set(sent.map((l) => l.itemId).filter((id): id is string => !!id)),
  ]);
  const errors: FieldError[] = [];
  const lines = sent.map((line, i): DocumentLine => {
    const at = (name: string) => `${field}/${i}/${name}`;
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
      ...(line.quotationLineId ? { quotationLineId: line.quotationLineId } : {}),
    };
  });
  if (errors.length) throw new ValidationFailed(errors);
  return lines;
}

/** Lines, taxes, totals and the amount in words, whenever lines, currency, taxes or language change. */
export async function computeDocument(ctx: Ctx): Promise<void> {
  const { columns } = ctx;
  const touched = ['lines', 'currency', 'tax_template_id', 'language'].some((column) => column in columns);
  if (ctx.action !== 'create' && !touched) return;
  const currency = String(valueAfter(ctx, 'currency', 'currency'));
  if (!isCurrencyCode(currency)) throw invalid('currency', 'is not an ISO 4217 currency code such as EUR');
  const language = String(valueAfter(ctx, 'language', 'language'));
  const sent = typeof columns.lines === 'string' ? (JSON.parse(columns.lines) as LineInput[]) : undefined;
  const lines = sent
    ? await completeLines(ctx, sent, currency, language)
    : ((ctx.before?.lines as DocumentLine[] | undefined) ?? []);
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

/**
 * A submitted document was sent out: it is not moved to the trash, and a client write changes only the fields in
 * `keep` (a sales order's status); one that keeps none refuses every write, which its actions make instead.
 */
export function refuseOnceSubmitted(ctx: Ctx, keep: readonly string[], howToChange: string): void {
  const { before } = ctx;
  if (!before || before.status === 'draft' || ctx.options.system) return;
  const number = String(before.number);
  if (ctx.action === 'delete') {
    throw new RuleViolation(`${number} is submitted; cancel it instead of moving it to the trash.`);
  }
  if (ctx.action !== 'update') return;
  const fields: FieldError[] = Object.keys(ctx.body)
    .filter((field) => field !== 'version' && !keep.includes(field))
    .map((field) => ({ field, message: 'cannot change once submitted', code: 'submitted' }));
  if (fields.length || !keep.length)
    throw new RuleViolation(`${number} is submitted; ${howToChange}`, fields);
}
