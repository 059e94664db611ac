import { defineEntity } from '../../../core/entity.js';
import { publicAddressFields } from '../../../http/public-pages.js';
import type { FieldDef, Label } from '../../../core/fields.js';
import { leadEntity } from '../entities.js';

/**
 * A web form: the form an administrator or marketing builds for a public site, whose submissions become leads
 * (submit.ts). Its fields name lead fields; labels, the thank-you text and the sites allowed to post it are part
 * of the record, so the snippet (snippet.ts) and the public endpoint (routes.ts) need nothing else.
 */

/**
 * Lead fields people on a public site fill in themselves. Left out: links (a visitor cannot pick records),
 * booleans, dates and the fields the CRM's staff own (status, qualification, rating) or the form sets itself
 * (source, campaign, UTM parameters).
 */
const STAFF_FIELDS = new Set([
  'status',
  'qualificationStatus',
  'rating',
  'utmSource',
  'utmMedium',
  'utmCampaign',
]);
const FILLABLE_TYPES = new Set([
  'text',
  'longText',
  'email',
  'phone',
  'url',
  'integer',
  'currency',
  'select',
]);

export const FORM_FIELD_NAMES: string[] = Object.values(leadEntity.fields)
  .filter((field) => !field.readOnly && FILLABLE_TYPES.has(field.type) && !STAFF_FIELDS.has(field.name))
  .map((field) => field.name);

/** The fields of which a lead needs one (a name or a company): a form without any could never make a lead. */
export const NAME_FIELDS = ['firstName', 'lastName', 'companyName'];

/** How an input shows on the page; select fields always show their options. */
export const INPUT_TYPES = ['text', 'textarea', 'email', 'tel', 'url', 'number'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

/** Names the submission itself uses beside the lead fields (the snippet fills them from the page). */
export const RESERVED_NAMES = ['utm_source', 'utm_medium', 'utm_campaign', 'page_url', 'referrer'];

/** The 'Website' lead source of migration 0010: new forms file their leads under it unless told otherwise. */
export const WEBSITE_SOURCE_ID = '01900000-0000-7000-8000-000000000001';

const label = (en: string, de: string): Label => ({ en, de });
const text = (x: Label, maxLength: number) => ({ type: 'string', maxLength, 'x-label': x });

/** Flat rows (no nested label object), so the generic record form edits them as rows of inputs. */
const FIELDS_SCHEMA = {
  type: 'array',
  minItems: 1,
  maxItems: 30,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: {
        type: 'string',
        enum: FORM_FIELD_NAMES,
        'x-label': label('Lead field', 'Lead-Feld'),
        'x-enum-labels': Object.fromEntries(
          FORM_FIELD_NAMES.map((name) => [name, (leadEntity.fields[name] as FieldDef).label]),
        ),
      },
      labelEn: text(label('Label (English)', 'Beschriftung (Englisch)'), 200),
      labelDe: text(label('Label (German)', 'Beschriftung (Deutsch)'), 200),
      required: { type: 'boolean', 'x-label': label('Required', 'Pflichtfeld') },
      type: {
        type: 'string',
        enum: [...INPUT_TYPES],
        'x-label': label('Input', 'Eingabe'),
        'x-enum-labels': {
          text: label('Text', 'Text'),
          textarea: label('Several lines', 'Mehrzeilig'),
          email: label('E-mail', 'E-Mail'),
          tel: label('Phone', 'Telefon'),
          url: label('Web address', 'Webadresse'),
          number: label('Number', 'Zahl'),
        },
      },
    },
  },
};

const ORIGINS_SCHEMA = {
  type: 'array',
  maxItems: 20,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['origin'],
    properties: { origin: text(label('Site (origin)', 'Website (Origin)'), 200) },
  },
};

export const webFormEntity = defineEntity({
  name: 'webForm',
  table: 'web_forms',
  label: { en: 'Web form', de: 'Webformular' },
  labelPlural: { en: 'Web forms', de: 'Webformulare' },
  owned: false,
  tagged: false,
  titleField: 'name',
  // Forms are found in Settings; in the global search they would only crowd out records.
  searchFields: [],
  defaultSort: 'name',
  fields: {
    name: { type: 'text', label: { en: 'Name', de: 'Name' }, required: true, maxLength: 140, pattern: '\\S' },
    ...publicAddressFields({
      slug:
        'Names the form in its public address /api/v1/web-forms/{slug}/submissions: lower-case letters, digits ' +
        'and single hyphens, e.g. contact-us.',
      active: 'An inactive form answers 404 to every submission.',
      language: 'The language of the labels and texts the page shows.',
    }),
    fields: {
      type: 'json',
      label: { en: 'Fields', de: 'Felder' },
      required: true,
      schema: FIELDS_SCHEMA,
      description:
        'The inputs in order, each filling a lead field (`name`), with optional labels (else the lead field’s), ' +
        'whether it is required and how it shows. One of firstName, lastName or companyName must be among them.',
    },
    honeypotField: {
      type: 'text',
      label: { en: 'Honeypot field', de: 'Honigtopf-Feld' },
      required: true,
      default: 'website_url',
      maxLength: 40,
      pattern: '^[a-z][a-z0-9_]{1,39}$',
      description:
        'A hidden input people never see and bots fill in: a submission with it filled is answered as usual and ' +
        'thrown away.',
    },
    thankYouEn: {
      type: 'longText',
      label: { en: 'Thank-you text (English)', de: 'Danke-Text (Englisch)' },
      maxLength: 2000,
      default: 'Thank you! We will be in touch soon.',
    },
    thankYouDe: {
      type: 'longText',
      label: { en: 'Thank-you text (German)', de: 'Danke-Text (Deutsch)' },
      maxLength: 2000,
      default: 'Vielen Dank! Wir melden uns in Kürze.',
    },
    redirectUrl: {
      type: 'url',
      label: { en: 'Page after sending', de: 'Seite nach dem Absenden' },
      description: 'An http(s) page to send people to instead of showing the thank-you text.',
    },
    allowedOrigins: {
      type: 'json',
      label: { en: 'Allowed sites', de: 'Erlaubte Websites' },
      required: true,
      default: [],
      schema: ORIGINS_SCHEMA,
      description:
        'The sites whose pages may post the form, as origins such as https://www.example.com (scheme, host and ' +
        'port; no path). Submissions from any other page answer 403.',
    },
    sourceId: {
      type: 'link',
      target: 'leadSource',
      label: { en: 'Lead source', de: 'Lead-Quelle' },
      description:
        'The source of the leads the form makes; a new form takes "Website" unless told otherwise.',
    },
    campaignId: {
      type: 'link',
      target: 'campaign',
      label: { en: 'Campaign', de: 'Kampagne' },
      description:
        'The campaign of the leads; without one, the campaign whose UTM campaign the page’s link names.',
    },
  },
});

export const webFormEntities = [webFormEntity];
