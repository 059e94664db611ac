/**
 * A json field that holds a list of small flat objects (a contact's e-mail addresses, phone numbers) is edited
 * as a repeatable row of inputs. The row's inputs come from the field's JSON schema when /meta gives one, else
 * from the keys of the values already there; anything deeper falls back to editing the JSON as text.
 */
import type { Label } from '../meta';
import type { JsonSchema } from './record-types';

export type ItemFieldType = 'text' | 'email' | 'phone' | 'url' | 'number' | 'boolean' | 'select';

export interface ItemField {
  name: string;
  type: ItemFieldType;
  /** Labels the schema gives (`x-label`); without, the form names the key (see itemLabel in json-field). */
  label?: Label;
  /** The schema's English `title`, the last resort before the key itself. */
  title?: string;
  required: boolean;
  options?: { value: string; label?: Label }[];
}

/** "isPrimary" → "Is primary", for keys that bring no label of their own. */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

const typeOf = (schema: JsonSchema) => (Array.isArray(schema.type) ? schema.type[0] : schema.type);

function fromSchema(name: string, schema: JsonSchema, required: boolean): ItemField | null {
  const base = { name, label: schema['x-label'], title: schema.title, required };
  const type = typeOf(schema);
  if (schema.enum) {
    const labels = schema['x-enum-labels'] ?? {};
    return {
      ...base,
      type: 'select',
      options: schema.enum.map((value) => ({ value: String(value), label: labels[String(value)] })),
    };
  }
  if (type === 'boolean') return { ...base, type: 'boolean' };
  if (type === 'number' || type === 'integer') return { ...base, type: 'number' };
  if (type !== 'string') return null;
  if (schema.format === 'email') return { ...base, type: 'email' };
  if (schema.format === 'uri') return { ...base, type: 'url' };
  if (/phone|mobile|fax/i.test(name)) return { ...base, type: 'phone' };
  return { ...base, type: 'text' };
}

function fromValues(items: Record<string, unknown>[]): ItemField[] | null {
  const fields = new Map<string, ItemField>();
  for (const item of items) {
    for (const [name, value] of Object.entries(item)) {
      if (value !== null && typeof value === 'object') return null;
      if (fields.has(name) && value === null) continue;
      const type: ItemFieldType =
        typeof value === 'boolean'
          ? 'boolean'
          : typeof value === 'number'
            ? 'number'
            : /e-?mail/i.test(name)
              ? 'email'
              : /phone|mobile|fax/i.test(name)
                ? 'phone'
                : 'text';
      fields.set(name, { name, type, required: false });
    }
  }
  return fields.size ? [...fields.values()] : null;
}

const isFlatObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The inputs of one row, or null when the value is no list of flat objects the form can edit as rows. */
export function itemFields(schema: JsonSchema | undefined, value: unknown): ItemField[] | null {
  if (value !== null && value !== undefined && !Array.isArray(value)) return null;
  const items = schema?.items;
  if (schema && typeOf(schema) === 'array' && items?.properties && typeOf(items) === 'object') {
    const required = new Set(items.required ?? []);
    const fields: ItemField[] = [];
    for (const [name, property] of Object.entries(items.properties)) {
      const field = fromSchema(name, property, required.has(name));
      if (!field) return null;
      fields.push(field);
    }
    return fields;
  }
  if (schema) return null;
  if (!Array.isArray(value) || !value.length || !value.every(isFlatObject)) return null;
  return fromValues(value);
}

/** A new, empty row: booleans false, everything else left out until typed. */
export function emptyItem(fields: ItemField[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f.type === 'boolean').map((f) => [f.name, false]));
}
