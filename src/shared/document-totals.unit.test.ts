import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type TotalsTaxTemplate, computeTotals, minorUnits } from './document-totals.js';

const VAT19: TotalsTaxTemplate = { id: 'vat19', rate: '19', inclusive: false };
const VAT7: TotalsTaxTemplate = { id: 'vat7', rate: '7', inclusive: false };
const GROSS19: TotalsTaxTemplate = { id: 'gross19', rate: '19', inclusive: true };
const EXEMPT: TotalsTaxTemplate = { id: 'exempt', rate: '0', inclusive: false };
const TEMPLATES = new Map([VAT19, VAT7, GROSS19, EXEMPT].map((t) => [t.id, t]));

/** A decimal string of up to `whole` integer digits and `fraction` decimals. */
const decimalText = (whole: number, fraction: number, min = 0) =>
  fc
    .tuple(fc.integer({ min, max: 10 ** whole - 1 }), fc.integer({ min: 0, max: 10 ** fraction - 1 }))
    .map(([w, f]) => (fraction ? `${w}.${String(f).padStart(fraction, '0')}` : String(w)));

const line = fc.record({
  qty: decimalText(4, 3, 1),
  rate: decimalText(6, 4),
  discountPercent: fc.option(decimalText(2, 2), { nil: null }),
  taxTemplateId: fc.option(fc.constantFrom('vat19', 'vat7', 'gross19', 'exempt'), { nil: null }),
});
const currency = fc.constantFrom('EUR', 'USD', 'JPY', 'BHD');
const sum = (values: string[]) => values.reduce((total, value) => total.plus(value), new Big(0));

describe('document totals', () => {
  it('computes an example by hand: discount, two VAT rates, rounding', () => {
    const totals = computeTotals(
      [
        { qty: '3', rate: '19.99', discountPercent: '10', taxTemplateId: null },
        { qty: '1.5', rate: '100', taxTemplateId: 'vat7' },
        { qty: '2', rate: '0.125' },
      ],
      TEMPLATES,
      'vat19',
      'EUR',
    );
    // 59.97 less 10 % = 53.973 → 53.97; 150.00; 0.25. VAT 19 % of 54.22 = 10.3018 → 10.30; 7 % of 150 = 10.50.
    expect(totals).toEqual({
      lineAmounts: ['53.97', '150.00', '0.25'],
      totalBeforeDiscount: '210.22',
      discountTotal: '6.00',
      netTotal: '204.22',
      taxes: [
        { taxTemplateId: 'vat19', rate: '19', inclusive: false, base: '54.22', amount: '10.30' },
        { taxTemplateId: 'vat7', rate: '7', inclusive: false, base: '150.00', amount: '10.50' },
      ],
      taxTotal: '20.80',
      grandTotal: '225.02',
      roundedTotal: '225.00',
      roundingAdjustment: '-0.02',
    });
  });

  it('takes the tax out of inclusive prices', () => {
    const totals = computeTotals(
      [{ qty: '1', rate: '119', taxTemplateId: 'gross19' }],
      TEMPLATES,
      null,
      'EUR',
    );
    expect(totals).toMatchObject({ netTotal: '100.00', taxTotal: '19.00', grandTotal: '119.00' });
  });

  it('knows the minor units of currencies', () => {
    expect([minorUnits('EUR'), minorUnits('JPY'), minorUnits('BHD')]).toEqual([2, 0, 3]);
  });

  it('adds up exactly, rounds each tax once within half a minor unit, and ignores line order', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }),
        currency,
        fc.constantFrom(null, 'vat19'),
        (lines, cur, tax) => {
          const totals = computeTotals(lines, TEMPLATES, tax, cur);
          const places = minorUnits(cur);
          const half = new Big(10).pow(-places).div(2);
          const shape = new RegExp(places ? `^-?\\d+\\.\\d{${places}}$` : '^-?\\d+$');
          for (const value of [...totals.lineAmounts, totals.netTotal, totals.grandTotal, totals.taxTotal]) {
            expect(value).toMatch(shape);
          }
          const amounts = sum(totals.lineAmounts);
          expect(amounts.eq(new Big(totals.totalBeforeDiscount).minus(totals.discountTotal))).toBe(true);
          expect(new Big(totals.grandTotal).eq(new Big(totals.netTotal).plus(totals.taxTotal))).toBe(true);
          expect(sum(totals.taxes.map((t) => t.amount)).eq(totals.taxTotal)).toBe(true);
          const inclusive = sum(totals.taxes.filter((t) => t.inclusive).map((t) => t.amount));
          expect(new Big(totals.netTotal).eq(amounts.minus(inclusive))).toBe(true);
          for (const row of totals.taxes) {
            const rate = new Big(row.rate);
            const exact = row.inclusive
              ? new Big(row.base).times(rate).div(rate.plus(100))
              : new Big(row.base).times(rate).div(100);
            expect(new Big(row.amount).minus(exact).abs().lte(half)).toBe(true);
          }
          lines.forEach((l, i) => {
            const exact = new Big(l.qty)
              .times(l.rate)
              .times(new Big(100).minus(l.discountPercent ?? '0'))
              .div(100);
            expect(new Big(totals.lineAmounts[i] as string).minus(exact).abs().lte(half)).toBe(true);
          });
          expect(new Big(totals.roundingAdjustment).abs().lte(new Big('0.5'))).toBe(true);
          const reversed = computeTotals([...lines].reverse(), TEMPLATES, tax, cur);
          expect({ ...reversed, lineAmounts: [], taxes: [] }).toEqual({
            ...totals,
            lineAmounts: [],
            taxes: [],
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
