import Big from 'big.js';

/**
 * Totals of a sales document (quotation, sales order), shared by the server, which stores them, and the web app,
 * which shows the same figures while a user types. Decimal arithmetic throughout (big.js); amounts are decimal
 * strings in and out.
 *
 * The rounding rule (the one place money is rounded):
 * 1. A line's amount is quantity × rate less its discount %, rounded half up ("kaufmännisch") to the currency's
 *    minor unit (2 decimals for EUR, 0 for JPY). Its gross (quantity × rate, rounded the same way) adds up to the
 *    total before discount; the discount total is that less the sum of the amounts.
 * 2. Lines are grouped by tax template (the line's, else the document's; lines without one are untaxed). A group's
 *    tax is computed once on the sum of its amounts and rounded the same way: rate / 100 of it for an exclusive
 *    template, rate / (100 + rate) of it for an inclusive one, whose amounts already contain the tax.
 * 3. Net total = Σ amounts less the inclusive taxes; tax total = Σ taxes; grand total = net total + tax total.
 * 4. The rounded total is the grand total rounded half up to whole units; the rounding adjustment is the
 *    difference.
 */

export interface TotalsLine {
  qty: string;
  rate: string;
  discountPercent?: string | null;
  taxTemplateId?: string | null;
}

export interface TotalsTaxTemplate {
  id: string;
  rate: string;
  inclusive: boolean;
}

export interface TaxRow {
  taxTemplateId: string;
  rate: string;
  inclusive: boolean;
  /** Σ of the amounts of the lines the tax applies to. */
  base: string;
  amount: string;
}

export interface DocumentTotals {
  /** Per line, in order: its amount. */
  lineAmounts: string[];
  totalBeforeDiscount: string;
  discountTotal: string;
  netTotal: string;
  taxes: TaxRow[];
  taxTotal: string;
  grandTotal: string;
  roundedTotal: string;
  roundingAdjustment: string;
}

const HALF_UP = 1;

/** Decimals of the currency's minor unit (ISO 4217, as Intl knows them); 2 when Intl does not know it. */
export function minorUnits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** A number of the document, or a clear error naming what is wrong with it. */
function decimal(value: string | null | undefined, fallback = '0'): Big {
  const text = value === null || value === undefined || value === '' ? fallback : String(value);
  return new Big(text);
}

export function computeTotals(
  lines: TotalsLine[],
  templates: ReadonlyMap<string, TotalsTaxTemplate>,
  defaultTaxTemplateId: string | null,
  currency: string,
): DocumentTotals {
  const places = minorUnits(currency);
  const money = (value: Big) => value.round(places, HALF_UP);
  const fixed = (value: Big) => value.toFixed(places);
  let beforeDiscount = new Big(0);
  let amounts = new Big(0);
  const groups = new Map<string, Big>();
  const lineAmounts = lines.map((line) => {
    const gross = decimal(line.qty).times(decimal(line.rate));
    const discount = decimal(line.discountPercent);
    const amount = money(gross.times(new Big(100).minus(discount)).div(100));
    beforeDiscount = beforeDiscount.plus(money(gross));
    amounts = amounts.plus(amount);
    const template = line.taxTemplateId ?? defaultTaxTemplateId;
    if (template && templates.has(template))
      groups.set(template, (groups.get(template) ?? new Big(0)).plus(amount));
    return fixed(amount);
  });
  const taxes: TaxRow[] = [];
  let taxTotal = new Big(0);
  let inclusiveTax = new Big(0);
  for (const [id, base] of groups) {
    const template = templates.get(id) as TotalsTaxTemplate;
    const rate = decimal(template.rate);
    const tax = template.inclusive
      ? money(base.times(rate).div(rate.plus(100)))
      : money(base.times(rate).div(100));
    taxTotal = taxTotal.plus(tax);
    if (template.inclusive) inclusiveTax = inclusiveTax.plus(tax);
    taxes.push({
      taxTemplateId: id,
      rate: rate.toString(),
      inclusive: template.inclusive,
      base: fixed(base),
      amount: fixed(tax),
    });
  }
  const netTotal = amounts.minus(inclusiveTax);
  const grandTotal = netTotal.plus(taxTotal);
  const roundedTotal = grandTotal.round(0, HALF_UP);
  return {
    lineAmounts,
    totalBeforeDiscount: fixed(beforeDiscount),
    discountTotal: fixed(beforeDiscount.minus(amounts)),
    netTotal: fixed(netTotal),
    taxes,
    taxTotal: fixed(taxTotal),
    grandTotal: fixed(grandTotal),
    roundedTotal: fixed(roundedTotal),
    roundingAdjustment: fixed(roundedTotal.minus(grandTotal)),
  };
}
