import { defineEntity } from '../../core/entity.js';
import { type FieldInput, selectOption as option } from '../../core/fields.js';
import { NOT_BLANK, longText, nameEn, nameDe as pipelineNameDe } from '../opportunities/entities.js';
import { quotationEntity } from './quotation-entity.js';
import { salesOrderEntity } from './sales-order-entity.js';

/**
 * What the company sells: item groups, items with a standard selling price per currency, and tax templates. Names
 * and descriptions are data in both languages (`name`/`nameDe`), since documents go out in the customer's. Rules:
 * items.ts.
 */

// Items and taxes print on documents in the customer's language, so their German names matter there too.
const nameDe: FieldInput = {
  ...pipelineNameDe,
  description: 'Shown to German users and on German documents; the English name stands in while empty.',
};

export const itemGroupEntity = defineEntity({
  name: 'itemGroup',
  table: 'item_groups',
  label: { en: 'Item group', de: 'Artikelgruppe' },
  labelPlural: { en: 'Item groups', de: 'Artikelgruppen' },
  owned: false,
  tagged: false,
  titleField: 'name',
  searchFields: [],
  defaultSort: 'name',
  fields: { name: nameEn({ unique: true }), nameDe },
});

export const taxTemplateEntity = defineEntity({
  name: 'taxTemplate',
  table: 'tax_templates',
  label: { en: 'Tax template', de: 'Steuervorlage' },
  labelPlural: { en: 'Tax templates', de: 'Steuervorlagen' },
  owned: false,
  tagged: false,
  titleField: 'name',
  searchFields: [],
  defaultSort: 'name',
  fields: {
    name: nameEn({ unique: true }),
    nameDe,
    rate: { type: 'percent', label: { en: 'Rate', de: 'Satz' }, required: true, min: 0, max: 100 },
    inclusive: {
      type: 'boolean',
      label: { en: 'Included in prices', de: 'In Preisen enthalten' },
      required: true,
      default: false,
      description: 'Rates of lines taxed by it already contain the tax, which is taken out of them.',
    },
    isDefault: {
      type: 'boolean',
      label: { en: 'Default', de: 'Standard' },
      required: true,
      default: false,
      description: 'New documents take it; making a template the default takes the mark from the old one.',
    },
  },
});

export const ITEM_UNITS = [
  option('unit', 'Unit', 'Stück'),
  option('hour', 'Hour', 'Stunde'),
  option('day', 'Day', 'Tag'),
  option('month', 'Month', 'Monat'),
  option('year', 'Year', 'Jahr'),
  option('licence', 'Licence', 'Lizenz'),
  option('flat', 'Flat rate', 'Pauschal'),
  option('kg', 'Kilogram', 'Kilogramm'),
  option('m', 'Metre', 'Meter'),
];

const pricesSchema = {
  type: 'array',
  maxItems: 50,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['currency', 'rate'],
    properties: {
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      rate: { type: 'string', pattern: '^[0-9]{1,15}(\\.[0-9]{1,4})?$' },
    },
  },
};

export const itemEntity = defineEntity({
  name: 'item',
  table: 'items',
  label: { en: 'Item', de: 'Artikel' },
  labelPlural: { en: 'Items', de: 'Artikel' },
  owned: false,
  titleField: 'name',
  searchFields: ['code', 'name'],
  defaultSort: 'code',
  fields: {
    code: {
      type: 'text',
      label: { en: 'Item code', de: 'Artikelnummer' },
      required: true,
      unique: true,
      maxLength: 60,
      pattern: NOT_BLANK,
    },
    name: nameEn({ maxLength: 200 }),
    nameDe: { ...nameDe, maxLength: 200 },
    description: longText({ en: 'Description (English)', de: 'Beschreibung (Englisch)' }),
    descriptionDe: longText({ en: 'Description (German)', de: 'Beschreibung (Deutsch)' }),
    unit: {
      type: 'select',
      label: { en: 'Unit', de: 'Einheit' },
      required: true,
      default: 'unit',
      options: ITEM_UNITS,
    },
    itemGroupId: { type: 'link', target: 'itemGroup', label: { en: 'Item group', de: 'Artikelgruppe' } },
    taxTemplateId: {
      type: 'link',
      target: 'taxTemplate',
      label: { en: 'Tax template', de: 'Steuervorlage' },
      description: 'Taxes its lines unless the line names another; empty: the document’s.',
    },
    prices: {
      type: 'json',
      label: { en: 'Standard selling prices', de: 'Standard-Verkaufspreise' },
      required: true,
      default: [],
      schema: pricesSchema,
      description:
        'One per currency: `[{"currency":"EUR","rate":"120.00"}]`; a new line takes the rate in its document’s currency.',
    },
    active: {
      type: 'boolean',
      label: { en: 'Active', de: 'Aktiv' },
      required: true,
      default: true,
      description: 'Inactive items stay on existing documents but go on no new line.',
    },
  },
});

/** The fixed id of the one company settings record (migration 0019). */
export const COMPANY_SETTINGS_ID = '01900000-0000-7000-8005-000000000001';
const text = (en: string, de: string, maxLength = 140): FieldInput => ({
  type: 'text',
  label: { en, de },
  maxLength,
});

/** The company's own details, printed on its documents: one record, changed by administrators. */
export const companySettingsEntity = defineEntity({
  name: 'companySettings',
  table: 'company_settings',
  path: 'company-settings',
  label: { en: 'Company settings', de: 'Unternehmenseinstellungen' },
  labelPlural: { en: 'Company settings', de: 'Unternehmenseinstellungen' },
  owned: false,
  tagged: false,
  titleField: 'name',
  searchFields: [],
  defaultSort: 'name',
  fields: {
    name: { ...text('Company name', 'Firmenname'), required: true, pattern: NOT_BLANK },
    street: text('Street', 'Straße', 200),
    postcode: text('Postcode', 'PLZ', 20),
    city: text('City', 'Ort'),
    country: { ...text('Country', 'Land', 2), pattern: '^[A-Z]{2}$', description: 'ISO 3166 code, e.g. DE.' },
    email: { type: 'email', label: { en: 'E-mail', de: 'E-Mail' } },
    phone: text('Phone', 'Telefon', 50),
    website: { type: 'url', label: { en: 'Website', de: 'Website' } },
    taxId: text('VAT ID', 'USt-IdNr.', 40),
    bankName: text('Bank', 'Bank'),
    iban: { ...text('IBAN', 'IBAN', 34), pattern: '^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$' },
    bic: { ...text('BIC', 'BIC', 11), pattern: '^[A-Z0-9]{8}([A-Z0-9]{3})?$' },
    defaultCurrency: {
      ...text('Default currency', 'Standardwährung', 3),
      required: true,
      default: 'EUR',
      pattern: '^[A-Z]{3}$',
      description: 'Documents without another currency are in it.',
    },
    terms: longText(
      { en: 'Terms and conditions (English)', de: 'Geschäftsbedingungen (Englisch)' },
      { maxLength: 20_000 },
    ),
    termsDe: longText(
      { en: 'Terms and conditions (German)', de: 'Geschäftsbedingungen (Deutsch)' },
      { maxLength: 20_000 },
    ),
    autoCloseRepliedDays: {
      type: 'integer',
      label: {
        en: 'Close replied opportunities after (days)',
        de: 'Beantwortete Chancen schließen nach (Tagen)',
      },
      min: 1,
      max: 3650,
      description:
        'An opportunity replied to and untouched this long is closed by a daily job; empty: never.',
    },
    logo: {
      type: 'longText',
      label: { en: 'Logo', de: 'Logo' },
      maxLength: 400_000,
      pattern: '^data:image/(png|jpeg);base64,[A-Za-z0-9+/=]+$',
      description: 'A PNG or JPEG as a data URL (up to about 290 KB), printed at the top of documents.',
    },
  },
});

export const salesEntities = [
  itemGroupEntity,
  taxTemplateEntity,
  itemEntity,
  companySettingsEntity,
  quotationEntity,
  salesOrderEntity,
];
