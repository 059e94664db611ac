import { defineEntity } from '../../core/entity.js';
import { type FieldInput, selectOption as option, textField as text } from '../../core/fields.js';
import { linkListField } from '../../core/link-lists.js';

/**
 * Contacts (people), addresses and prospects (organisations not yet customers). Contacts and addresses link to
 * many records with a role (core/link-lists.ts); e-mail addresses and phone numbers are lists on the contact,
 * normalised by the module (contact-points.ts), with the primary ones kept in columns of their own.
 */

const NOT_BLANK = '\\S';

export const PHONE_KINDS = ['mobile', 'work', 'home', 'fax', 'other'] as const;

const emailsSchema = {
  type: 'array',
  maxItems: 20,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['email'],
    properties: {
      email: { type: 'string', format: 'email', maxLength: 254 },
      primary: { type: 'boolean' },
    },
  },
};

const phonesSchema = {
  type: 'array',
  maxItems: 20,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['phone'],
    properties: {
      phone: { type: 'string', minLength: 1, maxLength: 50 },
      kind: { type: 'string', enum: PHONE_KINDS },
      extension: { type: ['string', 'null'], maxLength: 10, pattern: '^[0-9]*$' },
      primary: { type: 'boolean' },
    },
  },
};

/** Shared with leads, whose salutation a conversion carries over to the new contact. */
export const salutationField: FieldInput = {
  type: 'select',
  label: { en: 'Salutation', de: 'Anrede' },
  options: [
    option('mr', 'Mr', 'Herr'),
    option('ms', 'Ms', 'Frau'),
    option('mx', 'Mx', 'Divers'),
    option('dr', 'Dr', 'Dr.'),
    option('prof', 'Prof', 'Prof.'),
  ],
};

export const contactEntity = defineEntity({
  name: 'contact',
  table: 'contacts',
  label: { en: 'Contact', de: 'Kontakt' },
  labelPlural: { en: 'Contacts', de: 'Kontakte' },
  titleField: 'fullName',
  // searchKeys holds the company and every e-mail and phone (one column to probe instead of three).
  searchFields: ['fullName', 'companyName', 'searchKeys'],
  defaultSort: 'fullName',
  fields: {
    salutation: salutationField,
    firstName: text({ en: 'First name', de: 'Vorname' }, 100),
    middleName: text({ en: 'Middle name', de: 'Zweiter Vorname' }, 100),
    lastName: text({ en: 'Last name', de: 'Nachname' }, 100, {
      description: 'A contact needs a first or a last name.',
    }),
    fullName: text({ en: 'Name', de: 'Name' }, 310, {
      readOnly: true,
      description: 'First, middle and last name, set by the system.',
    }),
    jobTitle: text({ en: 'Job title', de: 'Position' }, 140),
    companyName: text({ en: 'Company', de: 'Firma' }, 200, {
      description: 'The organisation as the contact names it; link customers and prospects in links.',
    }),
    emails: {
      type: 'json',
      label: { en: 'E-mail addresses', de: 'E-Mail-Adressen' },
      required: true,
      default: [],
      schema: emailsSchema,
      description: 'Stored in lower case; exactly one is primary (the first, unless another is marked).',
    },
    phones: {
      type: 'json',
      label: { en: 'Phone numbers', de: 'Telefonnummern' },
      required: true,
      default: [],
      schema: phonesSchema,
      description:
        'Stored in E.164 (+4930…). Numbers without +country code are read in the country of the contact’s ' +
        'address, else of CRM_DEFAULT_COUNTRY. Exactly one is primary.',
    },
    primaryEmail: { type: 'email', label: { en: 'E-mail', de: 'E-Mail' }, readOnly: true },
    primaryPhone: { type: 'phone', label: { en: 'Phone', de: 'Telefon' }, readOnly: true },
    links: linkListField({
      label: { en: 'Linked records', de: 'Verknüpfte Datensätze' },
      targets: ['customer', 'prospect'],
    }),
    // Every e-mail and phone, for global search (matched by fragment); derived by the database
    // (0006_contacts.sql) and internal, so neither shown nor writable.
    searchKeys: {
      type: 'longText',
      label: { en: 'Search keys', de: 'Suchschlüssel' },
      readOnly: true,
      writeOnly: true,
    },
  },
});

export const ADDRESS_TYPES = [
  'billing',
  'shipping',
  'office',
  'home',
  'warehouse',
  'postal',
  'other',
] as const;

export const addressEntity = defineEntity({
  name: 'address',
  table: 'addresses',
  path: 'addresses',
  label: { en: 'Address', de: 'Adresse' },
  labelPlural: { en: 'Addresses', de: 'Adressen' },
  titleField: 'summary',
  defaultSort: 'summary',
  fields: {
    addressType: {
      type: 'select',
      label: { en: 'Type', de: 'Art' },
      required: true,
      default: 'billing',
      options: [
        option('billing', 'Billing', 'Rechnungsadresse'),
        option('shipping', 'Shipping', 'Lieferadresse'),
        option('office', 'Office', 'Büro'),
        option('home', 'Home', 'Privat'),
        option('warehouse', 'Warehouse', 'Lager'),
        option('postal', 'Postal', 'Postanschrift'),
        option('other', 'Other', 'Sonstige'),
      ],
    },
    line1: text({ en: 'Address line 1', de: 'Adresszeile 1' }, 200, { required: true, pattern: NOT_BLANK }),
    line2: text({ en: 'Address line 2', de: 'Adresszeile 2' }, 200),
    city: text({ en: 'City', de: 'Ort' }, 100),
    postalCode: text({ en: 'Postal code', de: 'Postleitzahl' }, 20),
    state: text({ en: 'State / province', de: 'Bundesland / Region' }, 100),
    country: text({ en: 'Country', de: 'Land' }, 2, {
      required: true,
      pattern: '^[A-Za-z]{2}$',
      description: 'ISO 3166-1 alpha-2 code (DE, US, GB, JP); stored in capitals.',
    }),
    links: linkListField({
      label: { en: 'Linked records', de: 'Verknüpfte Datensätze' },
      targets: ['customer', 'prospect', 'contact'],
    }),
    formattedLines: {
      type: 'json',
      label: { en: 'Formatted address', de: 'Formatierte Adresse' },
      readOnly: true,
      required: true,
      default: [],
      schema: { type: 'array', items: { type: 'string' } },
      description:
        'The address laid out as the post of its country expects it, without the country line (add the ' +
        'country name in the reader’s language for mail abroad).',
    },
    summary: text({ en: 'Address', de: 'Adresse' }, 1000, {
      readOnly: true,
      description: 'The address on one line, with the country code.',
    }),
  },
});

export const PROSPECT_STATUSES = ['open', 'converted'] as const;

export const prospectEntity = defineEntity({
  name: 'prospect',
  table: 'prospects',
  label: { en: 'Prospect', de: 'Interessent' },
  labelPlural: { en: 'Prospects', de: 'Interessenten' },
  titleField: 'name',
  defaultSort: 'name',
  fields: {
    name: text({ en: 'Organisation', de: 'Organisation' }, 200, { required: true, pattern: NOT_BLANK }),
    status: {
      type: 'select',
      label: { en: 'Status', de: 'Status' },
      required: true,
      readOnly: true,
      default: 'open',
      options: [option('open', 'Open', 'Offen'), option('converted', 'Converted', 'Umgewandelt')],
      description: 'Converted by POST /api/v1/prospects/{id}/convert.',
    },
    industryId: { type: 'link', target: 'industry', label: { en: 'Industry', de: 'Branche' } },
    territoryId: { type: 'link', target: 'territory', label: { en: 'Territory', de: 'Gebiet' } },
    companySize: {
      type: 'select',
      label: { en: 'Company size', de: 'Unternehmensgröße' },
      options: ['1-10', '11-50', '51-200', '201-500', '501-1000', '1000+'].map((size) =>
        option(size, `${size} employees`, `${size} Beschäftigte`),
      ),
    },
    annualRevenue: {
      type: 'currency',
      label: { en: 'Annual revenue', de: 'Jahresumsatz' },
      description: 'In `currency`; not negative.',
    },
    currency: text({ en: 'Currency', de: 'Währung' }, 3, {
      pattern: '^[A-Z]{3}$',
      description: 'ISO 4217 code of the annual revenue, e.g. EUR.',
    }),
    website: { type: 'url', label: { en: 'Website', de: 'Website' } },
    primaryContactId: {
      type: 'link',
      target: 'contact',
      label: { en: 'Primary contact', de: 'Hauptansprechpartner' },
    },
    primaryAddressId: {
      type: 'link',
      target: 'address',
      label: { en: 'Primary address', de: 'Hauptadresse' },
    },
    customerId: {
      type: 'link',
      target: 'customer',
      readOnly: true,
      label: { en: 'Customer', de: 'Kunde' },
      description: 'The customer it became.',
    },
    convertedAt: { type: 'datetime', label: { en: 'Converted at', de: 'Umgewandelt am' }, readOnly: true },
  },
  systemFieldLabels: { ownerId: { en: 'Account manager', de: 'Kundenbetreuer' } },
});

export const contactEntities = [contactEntity, addressEntity, prospectEntity];
