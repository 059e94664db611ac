import { describe, expect, it } from 'vitest';
import { computeTotals } from '../../../../src/shared/document-totals';
import { type Line, type TaxTemplateChoice, emptyLine, liveTotals, withItem } from './lines';

const VAT_19: TaxTemplateChoice = {
  id: 'vat19',
  name: 'VAT 19%',
  nameDe: 'USt. 19 %',
  rate: '19',
  inclusive: false,
};
const VAT_7: TaxTemplateChoice = { id: 'vat7', name: 'VAT 7%', rate: '7', inclusive: false };
const scanner = {
  id: 'item-1',
  name: 'Barcode scanner',
  nameDe: 'Barcodescanner',
  unit: 'unit',
  taxTemplateId: 'vat7',
  prices: [
    { currency: 'EUR', rate: '249.90' },
    { currency: 'USD', rate: 279 },
  ],
};

describe('picking an item into a line', () => {
  it('fills name in the document language, unit, price in its currency and tax template', () => {
    const line = withItem({ ...emptyLine(), qty: '3' }, scanner, 'de', 'EUR');
    expect(line).toMatchObject({
      itemId: 'item-1',
      description: 'Barcodescanner',
      unit: 'unit',
      rate: '249.90',
      taxTemplateId: 'vat7',
      qty: '3',
    });
    expect(withItem(emptyLine(), scanner, 'en', 'USD')).toMatchObject({
      description: 'Barcode scanner',
      rate: '279',
    });
  });

  it('keeps the rate typed when the item has no price in the document currency', () => {
    expect(withItem({ ...emptyLine(), rate: '12' }, scanner, 'en', 'CHF').rate).toBe('12');
    expect(
      withItem({ ...emptyLine(), nameDe: null } as Line, { ...scanner, nameDe: null }, 'de', 'EUR')
        .description,
    ).toBe('Barcode scanner');
  });

  it('keeps what it does not know (an order line names its quotation line)', () => {
    expect(withItem({ ...emptyLine(), quotationLineId: 'q-1' }, scanner, 'en', 'EUR').quotationLineId).toBe(
      'q-1',
    );
  });
});

describe('live totals', () => {
  const lines: Line[] = [
    { qty: '3', rate: '249.90', discountPercent: '5', taxTemplateId: null },
    { qty: '2.5', rate: '95', discountPercent: '10', taxTemplateId: 'vat7' },
  ];

  it('are the totals the server computes, by the same rule', () => {
    const live = liveTotals(lines, [VAT_19, VAT_7], 'vat19', 'EUR');
    const server = computeTotals(
      lines.map((line) => ({ ...line, qty: line.qty as string, rate: line.rate as string })),
      new Map([VAT_19, VAT_7].map((template) => [template.id, template])),
      'vat19',
      'EUR',
    );
    expect(live).toEqual(server);
    expect(live).toMatchObject({ netTotal: '925.97', taxTotal: '150.28', grandTotal: '1076.25' });
  });

  it('count an unfinished line (no rate, no quantity) as nothing and one', () => {
    const totals = liveTotals(
      [
        { qty: '', rate: '' },
        { qty: '', rate: '10' },
      ],
      [],
      null,
      'EUR',
    );
    expect(totals?.lineAmounts).toEqual(['0.00', '10.00']);
  });

  it('wait while a number cannot be read', () => {
    expect(
      liveTotals(
        [{ qty: { draft: '1,2,3', code: 'number' } as unknown as string, rate: '1' }],
        [],
        null,
        'EUR',
      ),
    ).toBeNull();
    expect(liveTotals([{ qty: '1', rate: '-5' }], [], null, 'EUR')).toBeNull();
  });
});
