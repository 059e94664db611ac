import type { FieldInput } from './fields.js';

/**
 * What each field type means for values: its JSON schema as clients write it, how a value is normalised and
 * crosses the API/database border, and its SQL column type.
 */
export const DEFAULT_TEXT_LENGTH = 255;
export const LONG_TEXT_LENGTH = 100_000;
const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** Money travels as a decimal string so no client ever rounds it through binary floating point. */
export const CURRENCY_PATTERN = '^-?\\d{1,15}(\\.\\d{1,4})?$';

type JsonSchema = Record<string, unknown>;

/** The JSON schema of one value of the field, as a client writes it (without null). */
export function valueSchema(field: FieldInput): JsonSchema {
  const description = field.description ?? field.label.en;
  const base = { title: field.label.en, description };
  switch (field.type) {
    case 'text':
    case 'phone':
      return {
        ...base,
        type: 'string',
        maxLength: field.maxLength ?? DEFAULT_TEXT_LENGTH,
        ...(field.pattern !== undefined ? { pattern: field.pattern } : {}),
      };
    case 'longText':
    case 'html':
      return { ...base, type: 'string', maxLength: field.maxLength ?? LONG_TEXT_LENGTH };
    case 'password':
      return { ...base, type: 'string', minLength: 10, maxLength: 200 };
    case 'email':
      return { ...base, type: 'string', format: 'email', maxLength: DEFAULT_TEXT_LENGTH };
    case 'url':
      return { ...base, type: 'string', format: 'uri', maxLength: 2048 };
    case 'integer':
      return {
        ...base,
        type: 'integer',
        minimum: field.min ?? -2147483648,
        maximum: field.max ?? 2147483647,
      };
    case 'number':
      return {
        ...base,
        type: 'number',
        ...(field.min !== undefined ? { minimum: field.min } : {}),
        ...(field.max !== undefined ? { maximum: field.max } : {}),
      };
    case 'percent':
      return { ...base, type: 'number', minimum: field.min ?? 0, maximum: field.max ?? 100 };
    case 'currency':
      return { ...base, type: 'string', pattern: CURRENCY_PATTERN };
    case 'date':
      return { ...base, type: 'string', format: 'date' };
    case 'datetime':
      return { ...base, type: 'string', format: 'date-time' };
    case 'select':
      return { ...base, type: 'string', enum: (field.options ?? []).map((o) => o.value) };
    case 'multiselect':
      return {
        ...base,
        type: 'array',
        uniqueItems: true,
        maxItems: 100,
        items: { type: 'string', enum: (field.options ?? []).map((o) => o.value) },
      };
    case 'link':
      return { ...base, type: 'string', format: 'uuid', pattern: UUID_PATTERN };
    case 'multilink':
      return {
        ...base,
        type: 'array',
        uniqueItems: true,
        maxItems: 1000,
        items: { type: 'string', format: 'uuid', pattern: UUID_PATTERN },
      };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'json':
      return { ...base, ...(field.schema ?? {}) };
  }
}

/**
 * A schema that also admits null, spelt as a type list (`["string","null"]`) rather than `anyOf`: the response
 * serializer then picks the branch with a typeof check instead of validating every value of every row.
 */
export function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type !== 'string') return schema;
  const withNull: JsonSchema = { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.enum)) withNull.enum = [...schema.enum, null];
  return withNull;
}

/** The schema of a value in a filter: one value of the field's scalar type (arrays filter by their items). */
export function scalarSchema(field: FieldInput): JsonSchema {
  const schema = valueSchema(field);
  if (schema.type === 'array') return schema.items as JsonSchema;
  // Filters compare text ranges and fragments of addresses ("page2" ≤ email), so no address format applies.
  if (field.type === 'email' || field.type === 'url') {
    const { format: _format, ...rest } = schema;
    return rest;
  }
  // Nor a field's pattern: `lt=M` on a name or `eq=eur` on a currency code is a fair question.
  if (field.pattern !== undefined) {
    const { pattern: _pattern, ...rest } = schema;
    return rest;
  }
  return schema;
}

/** Normalises a value a client sent before it is stored (e-mail addresses are compared lower-case). */
export function normaliseInput(field: FieldInput, value: unknown): unknown {
  // Array columns are NOT NULL with '{}' as their default: "no tags" has one spelling, not two.
  if (value === null && (field.type === 'multilink' || field.type === 'multiselect')) return [];
  if (value === null || value === undefined) return value;
  if (field.type === 'email' && typeof value === 'string') return value.trim().toLowerCase();
  if ((field.type === 'text' || field.type === 'phone') && typeof value === 'string') return value.trim();
  if (field.type === 'link' && typeof value === 'string') return value.toLowerCase();
  if (field.type === 'multilink' && Array.isArray(value)) return value.map((v) => String(v).toLowerCase());
  return value;
}

/** Turns a client value into the parameter the SQL driver binds. */
export function toDbValue(field: FieldInput, value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  // pg turns JS arrays into SQL arrays, so JSON must go as text to reach a jsonb column intact.
  if (field.type === 'json') return JSON.stringify(value);
  return value;
}

/**
 * A json field's value from either side of a write: the columns a write sets hold JSON text (toDbValue above), the
 * driver and the API give it parsed. Hooks that look at both read it through this.
 */
export function jsonValue(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** Turns a column value into what the API returns, identically for PGlite and PostgreSQL. */
export function fromDbValue(field: FieldInput, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'datetime':
      // Both drivers already return ISO 8601 text (src/db/types.ts); a Date can still come from application code.
      return value instanceof Date ? value.toISOString() : value;
    case 'number':
    case 'percent':
      return typeof value === 'number' ? value : Number(value);
    case 'currency':
      return normaliseDecimal(String(value));
    default:
      return value;
  }
}

/** numeric(…, 4) comes back as "12.5000"; the API shows the shortest exact form with at least two decimals. */
export function normaliseDecimal(text: string): string {
  const [whole = '0', fraction = ''] = text.split('.');
  const trimmed = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `${whole}.${trimmed}`;
}

export function sqlColumnType(field: FieldInput): string {
  switch (field.type) {
    case 'text':
    case 'longText':
    case 'html':
    case 'email':
    case 'phone':
    case 'url':
    case 'select':
    case 'password':
      return 'text';
    case 'integer':
      return 'integer';
    case 'number':
      return 'double precision';
    case 'percent':
      return 'numeric(7,4)';
    case 'currency':
      return 'numeric(19,4)';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz';
    case 'multiselect':
      return 'text[]';
    case 'link':
      return 'uuid';
    case 'multilink':
      return 'uuid[]';
    case 'boolean':
      return 'boolean';
    case 'json':
      return 'jsonb';
  }
}
