/**
 * The lines of a quotation, a sales order or an opportunity's products of interest as the line editor keeps them,
 * and the totals it shows while the user types: the server's own rule (src/shared/document-totals.ts), so the
 * figures on the screen are the ones the save stores.
 */
import {
  type DocumentTotals,
  type TotalsTaxTemplate,
  computeTotals,
} from '../../../../src/shared/document-totals';
import type { Language } from '../../app/i18n';
import { localName } from '../../views/meta';

/** A line as the API stores it; decimals are strings. Keys the editor does not know (an order line's quotation line) ride along. */
export interface Line {
  id?: string;
  itemId?: string | null;
  description?: string;
  qty?: string;
  unit?: string;
  rate?: string;
  discountPercent?: string | null;
  taxTemplateId?: string | null;
  amount?: string;
  [other: string]: unknown;
}

/** What picking an item needs of it (GET /api/v1/items/{id}). */
export interface ItemChoice {
  id: string;
  name: string;
  nameDe?: string | null;
  unit?: string | null;
  taxTemplateId?: string | null;
  prices?: { currency: string; rate: string | number }[] | null;
}

export interface TaxTemplateChoice extends TotalsTaxTemplate {
  name: string;
  nameDe?: string | null;
  isDefault?: boolean;
}

/** A new line: one of nothing yet; the server asks for what it still lacks. */
export function emptyLine(): Line {
  return { itemId: null, description: '', qty: '1', unit: 'unit', rate: '', discountPercent: null };
}

/**
 * The line with an item chosen, filled as the server would fill what it leaves out: the item's name in the
 * document's language, its unit, its tax template and its price in the document's currency. A rate the item has
 * no price for stays as typed, so the user sees the gap before the server names it.
 */
export function withItem(line: Line, item: ItemChoice, language: Language, currency: string): Line {
  const price = item.prices?.find((entry) => entry.currency === currency)?.rate;
  return {
    ...line,
    itemId: item.id,
    description: localName(item, language),
    unit: item.unit ?? line.unit ?? 'unit',
    rate: price === undefined ? (line.rate ?? '') : String(price),
    taxTemplateId: item.taxTemplateId ?? null,
  };
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** A number the totals can take: blank is 0 (the line is not finished), anything else must be a plain decimal. */
function readable(value: unknown, blank: string): string | null {
  if (value === null || value === undefined || value === '') return blank;
  return typeof value === 'string' && DECIMAL.test(value) ? value : null;
}

/**
 * The totals of the lines as they stand, by the document rule; null while a number in them cannot be read (the
 * field says what is wrong, the totals wait for it).
 */
export function liveTotals(
  lines: readonly Line[],
  templates: readonly TaxTemplateChoice[],
  documentTaxTemplateId: string | null,
  currency: string,
): DocumentTotals | null {
  const readableLines = [];
  for (const line of lines) {
    const qty = readable(line.qty, '1');
    const rate = readable(line.rate, '0');
    const discountPercent = readable(line.discountPercent, '0');
    if (qty === null || rate === null || discountPercent === null) return null;
    readableLines.push({ qty, rate, discountPercent, taxTemplateId: line.taxTemplateId ?? null });
  }
  const byId = new Map(templates.map((template) => [template.id, template]));
  return computeTotals(readableLines, byId, documentTaxTemplateId, currency);
}
