import { defineEntity } from '../../core/entity.js';

/**
 * A sales representative's quota for a calendar month in one currency: what the forecast (forecast.ts) sets
 * against the deals closed and committed. The owner is the representative it applies to, so the usual scopes
 * hold: a representative reads their own quotas, a manager sets those of the team (roles.ts).
 */
export const salesQuotaEntity = defineEntity({
  name: 'salesQuota',
  table: 'sales_quotas',
  path: 'sales-quotas',
  label: { en: 'Sales quota', de: 'Vertriebsziel' },
  labelPlural: { en: 'Sales quotas', de: 'Vertriebsziele' },
  tagged: false,
  titleField: 'month',
  searchFields: [],
  defaultSort: '-month',
  systemFieldLabels: { ownerId: { en: 'Sales representative', de: 'Vertriebsmitarbeiter' } },
  fields: {
    month: {
      type: 'text',
      label: { en: 'Month', de: 'Monat' },
      required: true,
      maxLength: 7,
      pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
      description: 'The calendar month, YYYY-MM; one quota per representative, month and currency.',
    },
    currency: {
      type: 'text',
      label: { en: 'Currency', de: 'Währung' },
      required: true,
      default: 'EUR',
      maxLength: 3,
      pattern: '^[A-Z]{3}$',
      description: 'ISO 4217 code in capitals, e.g. EUR.',
    },
    amount: { type: 'currency', label: { en: 'Quota', de: 'Ziel' }, required: true },
    note: { type: 'text', label: { en: 'Note', de: 'Notiz' }, maxLength: 500 },
  },
});
