import { defineEntity } from '../../core/entity.js';
import type { FieldInput, Label } from '../../core/fields.js';

/**
 * The CRM's masters: the lists other records pick from (territory, customer group, industry, lead source,
 * campaign, sales person) and the customer itself. Settings-like masters have no owner: every role reads them,
 * and who may change them is a matter of the role (src/modules/users/roles.ts).
 */

const NAME: Label = { en: 'Name', de: 'Name' };
/** Required text with something in it: text is trimmed when stored, so "" or "  " would leave no name. */
const NOT_BLANK = '\\S';
const name = (maxLength = 140): FieldInput => ({
  type: 'text',
  label: NAME,
  required: true,
  maxLength,
  pattern: NOT_BLANK,
});
const uniqueName = (maxLength = 140): FieldInput => ({ ...name(maxLength), unique: true });
const description: FieldInput = {
  type: 'longText',
  label: { en: 'Description', de: 'Beschreibung' },
  maxLength: 5000,
};

export const territoryEntity = defineEntity({
  name: 'territory',
  table: 'territories',
  path: 'territories',
  label: { en: 'Territory', de: 'Gebiet' },
  labelPlural: { en: 'Territories', de: 'Gebiete' },
  owned: false,
  tree: true,
  titleField: 'name',
  defaultSort: 'name',
  fields: {
    name: uniqueName(),
    parentId: {
      type: 'link',
      target: 'territory',
      label: { en: 'Parent territory', de: 'Übergeordnetes Gebiet' },
    },
    managerId: { type: 'link', target: 'user', label: { en: 'Territory manager', de: 'Gebietsleitung' } },
  },
});

export const customerGroupEntity = defineEntity({
  name: 'customerGroup',
  table: 'customer_groups',
  label: { en: 'Customer group', de: 'Kundengruppe' },
  labelPlural: { en: 'Customer groups', de: 'Kundengruppen' },
  owned: false,
  tree: true,
  titleField: 'name',
  defaultSort: 'name',
  fields: {
    name: uniqueName(),
    parentId: {
      type: 'link',
      target: 'customerGroup',
      label: { en: 'Parent customer group', de: 'Übergeordnete Kundengruppe' },
    },
    defaultPaymentTerms: {
      type: 'text',
      label: { en: 'Default payment terms', de: 'Standard-Zahlungsbedingungen' },
      maxLength: 500,
      description: 'Proposed on quotations and orders of customers in the group, e.g. "30 days net".',
    },
  },
});

export const industryEntity = defineEntity({
  name: 'industry',
  table: 'industries',
  path: 'industries',
  label: { en: 'Industry', de: 'Branche' },
  labelPlural: { en: 'Industries', de: 'Branchen' },
  owned: false,
  titleField: 'name',
  defaultSort: 'name',
  fields: { name: uniqueName() },
});

export const leadSourceEntity = defineEntity({
  name: 'leadSource',
  table: 'lead_sources',
  label: { en: 'Lead source', de: 'Lead-Quelle' },
  labelPlural: { en: 'Lead sources', de: 'Lead-Quellen' },
  owned: false,
  titleField: 'name',
  defaultSort: 'name',
  fields: { name: uniqueName(), description },
});

export const CAMPAIGN_STATUSES = ['planned', 'active', 'completed'] as const;

export const campaignEntity = defineEntity({
  name: 'campaign',
  table: 'campaigns',
  label: { en: 'Campaign', de: 'Kampagne' },
  labelPlural: { en: 'Campaigns', de: 'Kampagnen' },
  owned: false,
  titleField: 'name',
  searchFields: ['name', 'utmCampaign'],
  defaultSort: 'name',
  fields: {
    name: uniqueName(),
    status: {
      type: 'select',
      label: { en: 'Status', de: 'Status' },
      required: true,
      default: 'planned',
      options: [
        { value: 'planned', label: { en: 'Planned', de: 'Geplant' } },
        { value: 'active', label: { en: 'Active', de: 'Aktiv' } },
        { value: 'completed', label: { en: 'Completed', de: 'Abgeschlossen' } },
      ],
    },
    description,
    startDate: { type: 'date', label: { en: 'Start date', de: 'Startdatum' } },
    endDate: {
      type: 'date',
      label: { en: 'End date', de: 'Enddatum' },
      description: 'On or after the start date.',
    },
    budget: {
      type: 'currency',
      label: { en: 'Budget', de: 'Budget' },
      description: 'In the company currency; not negative.',
    },
    utmCampaign: {
      type: 'text',
      label: { en: 'UTM campaign', de: 'UTM-Kampagne' },
      maxLength: 200,
      description: 'The utm_campaign value of links that bring in leads from this campaign.',
    },
  },
});

/** The days of a week as availability rows name them, Monday first (ISO day numbers 1–7 in this order). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const WEEKDAY_LABELS: Record<(typeof WEEKDAYS)[number], Label> = {
  mon: { en: 'Monday', de: 'Montag' },
  tue: { en: 'Tuesday', de: 'Dienstag' },
  wed: { en: 'Wednesday', de: 'Mittwoch' },
  thu: { en: 'Thursday', de: 'Donnerstag' },
  fri: { en: 'Friday', de: 'Freitag' },
  sat: { en: 'Saturday', de: 'Samstag' },
  sun: { en: 'Sunday', de: 'Sonntag' },
};
/** A wall-clock time, 00:00 to 24:00 (the end of a day). */
export const CLOCK_PATTERN = '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$';
const clock = (en: string, de: string) => ({
  type: 'string',
  pattern: CLOCK_PATTERN,
  'x-label': { en, de },
  description: 'HH:MM, 24-hour clock',
});

/** Flat rows, so the generic record form edits them as rows of inputs (as a web form's fields). */
const AVAILABILITY_SCHEMA = {
  type: 'array',
  maxItems: 50,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['day', 'from', 'to'],
    properties: {
      day: {
        type: 'string',
        enum: [...WEEKDAYS],
        'x-label': { en: 'Day', de: 'Tag' },
        'x-enum-labels': WEEKDAY_LABELS,
      },
      from: clock('From', 'Von'),
      to: clock('To', 'Bis'),
    },
  },
};

export const salesPersonEntity = defineEntity({
  name: 'salesPerson',
  table: 'sales_persons',
  label: { en: 'Sales person', de: 'Vertriebsmitarbeiter' },
  labelPlural: { en: 'Sales persons', de: 'Vertriebsmitarbeiter' },
  owned: false,
  tree: true,
  titleField: 'name',
  defaultSort: 'name',
  fields: {
    name: name(),
    parentId: {
      type: 'link',
      target: 'salesPerson',
      label: { en: 'Reports to', de: 'Berichtet an' },
    },
    userId: {
      type: 'link',
      target: 'user',
      unique: true,
      label: { en: 'User', de: 'Benutzer' },
      description: 'The login of this sales person, if they have one; at most one sales person per user.',
    },
    commissionRate: { type: 'percent', label: { en: 'Commission rate', de: 'Provisionssatz' } },
    enabled: { type: 'boolean', label: { en: 'Enabled', de: 'Aktiv' }, required: true, default: true },
    availability: {
      type: 'json',
      label: { en: 'Bookable hours', de: 'Buchbare Zeiten' },
      schema: AVAILABILITY_SCHEMA,
      default: [],
      description:
        'Weekly hours in which visitors may book appointments with this person (booking pages), in the time ' +
        'zone of their user: rows of day, from and to (HH:MM, 24:00 ends a day).',
    },
  },
});

export const customerEntity = defineEntity({
  name: 'customer',
  table: 'customers',
  label: { en: 'Customer', de: 'Kunde' },
  labelPlural: { en: 'Customers', de: 'Kunden' },
  titleField: 'name',
  searchFields: ['name', 'taxId'],
  defaultSort: 'name',
  systemFieldLabels: { ownerId: { en: 'Account manager', de: 'Kundenbetreuer' } },
  fields: {
    name: name(200),
    customerType: {
      type: 'select',
      label: { en: 'Customer type', de: 'Kundentyp' },
      required: true,
      default: 'company',
      options: [
        { value: 'company', label: { en: 'Company', de: 'Unternehmen' } },
        { value: 'individual', label: { en: 'Individual', de: 'Privatperson' } },
      ],
    },
    customerGroupId: {
      type: 'link',
      target: 'customerGroup',
      label: { en: 'Customer group', de: 'Kundengruppe' },
    },
    territoryId: { type: 'link', target: 'territory', label: { en: 'Territory', de: 'Gebiet' } },
    industryId: { type: 'link', target: 'industry', label: { en: 'Industry', de: 'Branche' } },
    website: { type: 'url', label: { en: 'Website', de: 'Website' } },
    taxId: {
      type: 'text',
      label: { en: 'Tax ID', de: 'Steuernummer' },
      maxLength: 50,
      description: 'VAT ID or tax number, e.g. DE123456789.',
    },
    defaultCurrency: {
      type: 'text',
      label: { en: 'Default currency', de: 'Standardwährung' },
      maxLength: 3,
      pattern: '^[A-Z]{3}$',
      description:
        'ISO 4217 code in capitals, e.g. EUR; quotations and orders for this customer start in it.',
    },
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
    leadId: {
      type: 'link',
      target: 'lead',
      label: { en: 'From lead', de: 'Aus Lead' },
      readOnly: true,
      description: 'The lead this customer was made from; set by converting the lead.',
    },
  },
});

export const masterEntities = [
  territoryEntity,
  customerGroupEntity,
  industryEntity,
  leadSourceEntity,
  campaignEntity,
  salesPersonEntity,
  customerEntity,
];
