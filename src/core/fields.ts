/**
 * Field types of the metadata engine. Each type knows its JSON schema, its SQL column type, how a value goes
 * into and out of the database, and which filter operators make sense for it.
 */
export interface Label {
  en: string;
  de: string;
}

export interface SelectOption {
  value: string;
  label: Label;
  /** A palette colour (see TAG_COLOURS) clients show the value in, so a status reads at a glance in lists. */
  colour?: string;
}

/** An option of a select in both languages, with the colour its badge shows in (see SelectOption.colour). */
export function selectOption(value: string, en: string, de: string, colour?: string): SelectOption {
  return { value, label: { en, de }, ...(colour ? { colour } : {}) };
}

export const FIELD_TYPES = [
  'text',
  'longText',
  'html',
  'email',
  'phone',
  'url',
  'integer',
  'number',
  'currency',
  'percent',
  'date',
  'datetime',
  'select',
  'multiselect',
  'link',
  'multilink',
  'boolean',
  'json',
  'password',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldInput {
  type: FieldType;
  label: Label;
  required?: boolean;
  unique?: boolean;
  default?: unknown;
  options?: SelectOption[];
  /** Entity name a link or multilink points to. */
  target?: string;
  maxLength?: number;
  /** A regular expression (JSON schema `pattern`) text values must match: `^[A-Z]{3}$`. */
  pattern?: string;
  min?: number;
  max?: number;
  /** Set by the system only (derived statuses, counters); a client that sends it gets a 422. */
  readOnly?: boolean;
  /** Never returned (passwords, key hashes). */
  writeOnly?: boolean;
  /** Set at creation, refused on patch. */
  createOnly?: boolean;
  column?: string;
  /** A JSON schema for json fields. */
  schema?: Record<string, unknown>;
  description?: string;
  /** Added by an administrator at run time (a custom field), not by the entity's module. */
  custom?: boolean;
}

/** A single-line text field of at most `maxLength` characters. */
export function textField(label: Label, maxLength: number, extra: Partial<FieldInput> = {}): FieldInput {
  return { type: 'text', label, maxLength, ...extra };
}

/** A link to a record of `target`. */
export function linkField(
  target: string,
  en: string,
  de: string,
  extra: Partial<FieldInput> = {},
): FieldInput {
  return { type: 'link', target, label: { en, de }, ...extra };
}

/** A time the system records (won at, submitted at …), never written by a client. */
export function systemTimeField(en: string, de: string): FieldInput {
  return { type: 'datetime', label: { en, de }, readOnly: true };
}

export interface FieldDef extends FieldInput {
  name: string;
  column: string;
  filterable: boolean;
  sortable: boolean;
}

export const OPERATORS = [
  'eq',
  'ne',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'nin',
  'contains',
  'startsWith',
  'isNull',
  'between',
  'within',
] as const;
export type Operator = (typeof OPERATORS)[number];

const TEXT_OPS: Operator[] = [
  'eq',
  'ne',
  'in',
  'nin',
  'contains',
  'startsWith',
  'isNull',
  'lt',
  'lte',
  'gt',
  'gte',
];
const ORDERED_OPS: Operator[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'nin', 'between', 'isNull'];
const ID_OPS: Operator[] = ['eq', 'ne', 'in', 'nin', 'isNull'];
const ARRAY_OPS: Operator[] = ['contains', 'in', 'isNull'];

/**
 * The operators of a field type. `within` is not among them: it applies to links into a tree entity only, which
 * the type alone cannot tell (see `fieldOperators` in entity.ts).
 */
export function operatorsFor(type: FieldType): Operator[] {
  switch (type) {
    case 'text':
    case 'email':
    case 'phone':
    case 'url':
      return TEXT_OPS;
    case 'longText':
    case 'html':
      return ['contains', 'isNull'];
    case 'integer':
    case 'number':
    case 'currency':
    case 'percent':
    case 'date':
    case 'datetime':
      return ORDERED_OPS;
    case 'select':
    case 'link':
      return ID_OPS;
    case 'boolean':
      return ['eq', 'ne', 'isNull'];
    case 'multiselect':
    case 'multilink':
      return ARRAY_OPS;
    case 'json':
    case 'password':
      return [];
  }
}

export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
