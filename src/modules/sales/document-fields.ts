import { type FieldInput, selectOption as option } from '../../core/fields.js';

/**
 * The fields quotations and sales orders share: currency, language, taxes, lines and the totals the server
 * computes (document.ts with src/shared/document-totals.ts). Same names and columns on both, so one set of rules
 * serves both documents.
 */

const DECIMAL = (digits: number, places: number) => `^[0-9]{1,${digits}}(\\.[0-9]{1,${places}})?$`;
const uuid = { type: 'string', format: 'uuid' };
const nullableUuid = { type: ['string', 'null'], format: 'uuid' };

/** A line of a document; a sales order's lines may name the quotation line they order. */
export function linesSchema(extra: Record<string, unknown> = {}) {
  return {
    type: 'array',
    maxItems: 500,
    items: {
      type: 'object',
      additionalProperties: false,
      properties: {
        id: { ...uuid, description: 'Kept when sent back; new lines get one' },
        itemId: nullableUuid,
        description: { type: 'string', maxLength: 2000 },
        qty: { type: 'string', pattern: DECIMAL(9, 4) },
        unit: { type: 'string', maxLength: 20 },
        rate: { type: 'string', pattern: DECIMAL(13, 4) },
        discountPercent: { type: ['string', 'null'], pattern: DECIMAL(3, 2) },
        taxTemplateId: nullableUuid,
        amount: { type: 'string', description: 'Computed: quantity × rate less the discount, rounded' },
        ...extra,
      },
    },
  };
}

const money = (en: string, de: string): FieldInput => ({
  type: 'currency',
  label: { en, de },
  readOnly: true,
});

export const documentFields: Record<string, FieldInput> = {
  currency: {
    type: 'text',
    label: { en: 'Currency', de: 'Währung' },
    maxLength: 3,
    pattern: '^[A-Z]{3}$',
    description:
      'ISO 4217; the opportunity’s or quotation’s, else the company’s default currency when left out.',
  },
  language: {
    type: 'select',
    label: { en: 'Document language', de: 'Dokumentsprache' },
    required: true,
    default: 'en',
    options: [option('en', 'English', 'Englisch'), option('de', 'German', 'Deutsch')],
  },
  taxTemplateId: {
    type: 'link',
    target: 'taxTemplate',
    label: { en: 'Taxes', de: 'Steuern' },
    description: 'Taxes every line that names none; the default template when left out.',
  },
  lines: {
    type: 'json',
    label: { en: 'Lines', de: 'Positionen' },
    required: true,
    default: [],
    schema: linesSchema(),
    description:
      'The whole list each time. A line with an itemId takes the item’s name, unit, tax template and rate in ' +
      'the document’s currency for whatever it leaves out; without one, description, qty and rate are needed.',
  },
  taxes: {
    type: 'json',
    label: { en: 'Taxes', de: 'Steuern' },
    readOnly: true,
    schema: { type: 'array' },
    description: 'Per tax template: rate, inclusive, base and amount.',
  },
  totalBeforeDiscount: money('Total before discount', 'Summe vor Rabatt'),
  discountTotal: money('Discount', 'Rabatt'),
  netTotal: money('Net total', 'Nettosumme'),
  taxTotal: money('Tax', 'Steuer'),
  grandTotal: money('Grand total', 'Gesamtbetrag'),
  roundedTotal: money('Rounded total', 'Gerundeter Gesamtbetrag'),
  roundingAdjustment: money('Rounding adjustment', 'Rundungsdifferenz'),
  inWords: { type: 'text', label: { en: 'In words', de: 'In Worten' }, readOnly: true },
};
