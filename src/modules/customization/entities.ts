import { defineEntity } from '../../core/entity.js';
import type { FieldType, Label } from '../../core/fields.js';

/** The types an administrator can give a custom field, with their names in the settings. */
const TYPE_LABELS = {
  text: { en: 'Text', de: 'Text' },
  longText: { en: 'Long text', de: 'Langer Text' },
  integer: { en: 'Whole number', de: 'Ganzzahl' },
  number: { en: 'Number', de: 'Zahl' },
  currency: { en: 'Amount of money', de: 'Geldbetrag' },
  percent: { en: 'Percentage', de: 'Prozentsatz' },
  date: { en: 'Date', de: 'Datum' },
  datetime: { en: 'Date and time', de: 'Datum und Uhrzeit' },
  select: { en: 'Choice', de: 'Auswahl' },
  multiselect: { en: 'Multiple choice', de: 'Mehrfachauswahl' },
  link: { en: 'Link to a record', de: 'Verknüpfung mit einem Datensatz' },
  multilink: { en: 'Links to records', de: 'Verknüpfungen mit Datensätzen' },
  boolean: { en: 'Yes/no', de: 'Ja/Nein' },
  email: { en: 'E-mail address', de: 'E-Mail-Adresse' },
  phone: { en: 'Phone number', de: 'Telefonnummer' },
  url: { en: 'Web address', de: 'Webadresse' },
} satisfies Partial<Record<FieldType, Label>>;

export type CustomFieldType = keyof typeof TYPE_LABELS;
export const CUSTOM_FIELD_TYPES = Object.keys(TYPE_LABELS) as CustomFieldType[];

/** API names: camelCase, at most 40 characters (the column `cf_<snake name>` must fit PostgreSQL's 63). */
export const NAME_PATTERN = '^[a-z][a-zA-Z0-9]*$';

const label = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' };
const optionsSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 200,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['value', 'label'],
    properties: {
      // Stored as text and compared in filters: no NUL, which PostgreSQL text cannot hold.
      value: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\u0000]*\\S[^\\u0000]*$' },
      label: {
        type: 'object',
        additionalProperties: false,
        required: ['en', 'de'],
        properties: { en: label, de: label },
      },
    },
  },
};

/**
 * A custom field's definition. `entity`, `name`, `type` and `target` are fixed once it exists (a column keeps its
 * type); labels, options, required, unique, default and position may change. Deleting it removes it (reversible),
 * `POST …/{id}/purge` drops its column for good.
 */
export const customFieldEntity = defineEntity({
  name: 'customField',
  table: 'custom_fields',
  label: { en: 'Custom field', de: 'Benutzerdefiniertes Feld' },
  labelPlural: { en: 'Custom fields', de: 'Benutzerdefinierte Felder' },
  owned: false,
  tagged: false,
  titleField: 'name',
  // Definitions are administered in Settings; global search is for the records themselves.
  searchFields: [],
  defaultSort: 'entity,position',
  fields: {
    entity: {
      type: 'text',
      label: { en: 'Record type', de: 'Datensatztyp' },
      required: true,
      createOnly: true,
      maxLength: 64,
      description: 'The entity the field belongs to, by name: customer, user …',
    },
    name: {
      type: 'text',
      label: { en: 'API name', de: 'API-Name' },
      required: true,
      createOnly: true,
      maxLength: 40,
      pattern: NAME_PATTERN,
      description: 'camelCase, unique on the entity and no built-in field name: `region`, `contractEnd`.',
    },
    column: {
      type: 'text',
      label: { en: 'Column', de: 'Spalte' },
      readOnly: true,
      column: 'column_name',
    },
    type: {
      type: 'select',
      label: { en: 'Type', de: 'Typ' },
      required: true,
      createOnly: true,
      options: CUSTOM_FIELD_TYPES.map((value) => ({ value, label: TYPE_LABELS[value] })),
    },
    labelEn: {
      type: 'text',
      label: { en: 'Label (English)', de: 'Bezeichnung (Englisch)' },
      required: true,
      maxLength: 100,
    },
    labelDe: {
      type: 'text',
      label: { en: 'Label (German)', de: 'Bezeichnung (Deutsch)' },
      required: true,
      maxLength: 100,
    },
    required: {
      type: 'boolean',
      label: { en: 'Required', de: 'Pflichtfeld' },
      required: true,
      default: false,
      description: 'Only when every record (the trash included) has a value, or a default fills them.',
    },
    unique: {
      type: 'boolean',
      label: { en: 'Unique', de: 'Eindeutig' },
      required: true,
      default: false,
      column: 'is_unique',
      description: 'No two live records share a value.',
    },
    options: {
      type: 'json',
      label: { en: 'Options', de: 'Optionen' },
      schema: optionsSchema,
      description:
        'The choices of a select or multiselect field: `[{ "value": "north", "label": { "en": …, "de": … } }]`.',
    },
    target: {
      type: 'text',
      label: { en: 'Linked record type', de: 'Verknüpfter Datensatztyp' },
      createOnly: true,
      maxLength: 64,
      description: 'The entity a link or multilink field points to.',
    },
    defaultValue: {
      type: 'json',
      label: { en: 'Default value', de: 'Standardwert' },
      description:
        'A value of the field’s type for new records; it also fills the records that exist when created.',
    },
    position: {
      type: 'integer',
      label: { en: 'Position', de: 'Position' },
      required: true,
      default: 0,
      min: 0,
      max: 10000,
    },
  },
});

/** Settings of access and the definitions themselves take no custom fields. */
export const NOT_CUSTOMIZABLE = new Set(['customField', 'apiKey', 'role']);
