import { type DuplicateSpec, duplicateRules } from '../../core/duplicates.js';
import { ValidationFailed } from '../../core/errors.js';
import type { MergeSpec } from '../../core/merge.js';
import { mergeUndoRules } from '../../core/merge-undo.js';
import type { Records } from '../../core/records.js';
import type { ApiRecord, Row } from '../../core/row.js';
import { campaignEntity, customerEntity } from './entities.js';

/** Business rules of the masters that a field definition cannot say. */

/** The currencies ICU knows as current ISO 4217 codes (EUR, USD, CHF …), read once. */
const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isCurrencyCode(code: string): boolean {
  return ISO_CURRENCIES.has(code);
}

/** A column's value after the write: the new one if the write sets it, else the stored one. */
function deriveValue(columns: Row, before: ApiRecord | null, column: string, field: string): unknown {
  return column in columns ? columns[column] : (before?.[field] ?? null);
}

/** A campaign cannot end before it starts, and its budget is money to spend, never negative. */
export function checkCampaign(columns: Row, before: ApiRecord | null): void {
  const start = deriveValue(columns, before, 'start_date', 'startDate');
  const end = deriveValue(columns, before, 'end_date', 'endDate');
  const errors = [];
  // ISO dates (YYYY-MM-DD) order as text.
  if (typeof start === 'string' && typeof end === 'string' && end < start) {
    errors.push({ field: 'endDate', message: 'must be on or after the start date', code: 'range' });
  }
  const budget = columns.budget;
  if (typeof budget === 'string' && budget.startsWith('-')) {
    errors.push({ field: 'budget', message: 'must not be negative', code: 'range' });
  }
  if (errors.length) throw new ValidationFailed(errors);
}

/** The schema admits any three capitals; only codes of real currencies can price a quotation. */
export function checkCustomer(columns: Row): void {
  const currency = columns.default_currency;
  if (typeof currency === 'string' && !isCurrencyCode(currency)) {
    throw new ValidationFailed([
      { field: 'defaultCurrency', message: 'is not an ISO 4217 currency code such as EUR', code: 'currency' },
    ]);
  }
}

/** Customers that share a name (case and accents aside) or a tax ID are likely one organisation twice. */
export const customerDuplicates: DuplicateSpec = {
  entity: customerEntity.name,
  keys: [
    { name: 'name', field: 'name', kind: 'text' },
    { name: 'taxId', field: 'taxId', kind: 'text' },
  ],
};
export const customerMerge: MergeSpec = { entity: customerEntity.name };

export function registerMasterRules(records: Records): void {
  records.on(campaignEntity.name, {
    beforeWrite({ action, columns, before }) {
      if (action === 'create' || action === 'update') checkCampaign(columns, before);
    },
  });
  records.on(customerEntity.name, {
    beforeWrite({ action, columns }) {
      if (action === 'create' || action === 'update') checkCustomer(columns);
    },
  });
  records.on(customerEntity.name, duplicateRules(records.registry, customerDuplicates));
  records.on(customerEntity.name, mergeUndoRules(records, customerMerge));
}
