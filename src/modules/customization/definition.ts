import type { EntityDef, EntityRegistry } from '../../core/entity.js';
import type { FieldError } from '../../core/errors.js';
import { type FieldInput, type Label, type SelectOption, snakeCase } from '../../core/fields.js';
import { jsonValue, valueSchema } from '../../core/field-values.js';
import type { ApiRecord, Row } from '../../core/row.js';
import { ajv, fieldErrorsFromAjv } from '../../core/validation.js';
import { type CustomFieldType, NOT_CUSTOMIZABLE, customFieldEntity } from './entities.js';

/** One custom field as its metadata row describes it. */
export interface CustomFieldSpec {
  id: string;
  entity: string;
  name: string;
  column: string;
  type: CustomFieldType;
  label: Label;
  required: boolean;
  unique: boolean;
  options: SelectOption[] | null;
  target: string | null;
  /** Null: none. */
  defaultValue: unknown;
  position: number;
}

/** `cf_` keeps custom columns apart from every built-in one, present or future. */
export function columnOf(name: string): string {
  return `cf_${snakeCase(name)}`;
}

const ARRAY_TYPES = new Set<CustomFieldType>(['multiselect', 'multilink']);
const CHOICE_TYPES = new Set<CustomFieldType>(['select', 'multiselect']);
const LINK_TYPES = new Set<CustomFieldType>(['link', 'multilink']);
/** Types whose values a btree index holds and whose equality means something to people. */
const UNIQUE_TYPES = new Set<CustomFieldType>([
  'text',
  'email',
  'phone',
  'integer',
  'number',
  'currency',
  'percent',
  'date',
  'datetime',
  'link',
]);
const MAX_IDENTIFIER = 63;

export function isArrayType(type: CustomFieldType): boolean {
  return ARRAY_TYPES.has(type);
}

export function specFromRecord(record: ApiRecord): CustomFieldSpec {
  return {
    id: record.id as string,
    entity: record.entity as string,
    name: record.name as string,
    column: (record.column as string | null) ?? columnOf(record.name as string),
    type: record.type as CustomFieldType,
    label: { en: record.labelEn as string, de: record.labelDe as string },
    required: record.required === true,
    unique: record.unique === true,
    options: (record.options as SelectOption[] | null | undefined) ?? null,
    target: (record.target as string | null | undefined) ?? null,
    defaultValue: record.defaultValue ?? null,
    position: (record.position as number | undefined) ?? 0,
  };
}

/** The API view of the columns a write sets (json members come as JSON text, as the driver gets them). */
export function recordFromColumns(columns: Row): ApiRecord {
  const record: ApiRecord = {};
  for (const field of Object.values(customFieldEntity.allFields)) {
    if (!(field.column in columns)) continue;
    const value = columns[field.column];
    record[field.name] = field.type === 'json' ? jsonValue(value) : value;
  }
  return record;
}

/** The field the engine adds to the entity. */
export function fieldInputOf(spec: CustomFieldSpec): FieldInput {
  return {
    type: spec.type,
    label: spec.label,
    column: spec.column,
    ...(spec.required ? { required: true } : {}),
    ...(spec.unique ? { unique: true } : {}),
    ...(spec.options ? { options: spec.options } : {}),
    ...(spec.target ? { target: spec.target } : {}),
    ...(spec.defaultValue !== null ? { default: spec.defaultValue } : {}),
    // Array columns are NOT NULL with '{}' like tag_ids: "none" has one spelling.
    ...(isArrayType(spec.type) ? { default: spec.defaultValue ?? [] } : {}),
  };
}

function checkDefault(spec: CustomFieldSpec): FieldError[] {
  if (spec.defaultValue === null) return [];
  const at = (message: string, code = 'invalid') => [{ field: 'defaultValue', message, code }];
  if (LINK_TYPES.has(spec.type)) return at('link fields take no default value');
  if (spec.unique) return at('a unique field takes no default value: every record would share it');
  const schema = valueSchema(fieldInputOf({ ...spec, defaultValue: null }));
  const validate = ajv.compile(schema);
  const valid = validate(spec.defaultValue);
  const errors = fieldErrorsFromAjv(validate.errors, 'defaultValue');
  // Definitions change rarely, but each compiled schema would otherwise stay in ajv's cache for good.
  ajv.removeSchema(schema);
  return valid ? [] : errors;
}

function checkOptions(spec: CustomFieldSpec): FieldError[] {
  if (!CHOICE_TYPES.has(spec.type)) {
    return spec.options
      ? [{ field: 'options', message: `a ${spec.type} field has no options`, code: 'options' }]
      : [];
  }
  if (!spec.options)
    return [{ field: 'options', message: `a ${spec.type} field needs options`, code: 'required' }];
  const seen = new Set<string>();
  for (const [i, option] of spec.options.entries()) {
    if (seen.has(option.value)) {
      return [
        { field: `options/${i}/value`, message: `"${option.value}" appears twice`, code: 'uniqueItems' },
      ];
    }
    seen.add(option.value);
  }
  return [];
}

function checkTarget(spec: CustomFieldSpec, registry: EntityRegistry): FieldError[] {
  const at = (message: string, code = 'invalid') => [{ field: 'target', message, code }];
  if (!LINK_TYPES.has(spec.type)) return spec.target ? at(`a ${spec.type} field links to nothing`) : [];
  if (!spec.target) return at('a link field needs the record type it links to', 'required');
  if (!registry.defined(spec.target) || NOT_CUSTOMIZABLE.has(spec.target)) {
    return at(`"${spec.target}" is not a record type a field can link to`, 'link');
  }
  return [];
}

function checkName(spec: CustomFieldSpec, entity: EntityDef): FieldError[] {
  const at = (message: string, code = 'invalid') => [{ field: 'name', message, code }];
  if (Object.hasOwn(entity.allFields, spec.name))
    return at(`is a built-in field of ${entity.name}`, 'unique');
  // `constructor`, `toString` …: harmless as keys of our objects, confusing in every client's.
  if (spec.name in Object.prototype) return at('is a reserved name');
  if (columnOf(spec.name).length > MAX_IDENTIFIER) return at('is too long for a column name', 'maxLength');
  return [];
}

/** Everything wrong with a definition, each at its member; the engine has checked types and lengths already. */
export function checkSpec(spec: CustomFieldSpec, registry: EntityRegistry): FieldError[] {
  const entity = registry.defined(spec.entity);
  if (!entity || NOT_CUSTOMIZABLE.has(spec.entity)) {
    return [
      {
        field: 'entity',
        message: `"${spec.entity}" is not a record type that takes custom fields`,
        code: 'entity',
      },
    ];
  }
  const errors = [...checkName(spec, entity), ...checkOptions(spec), ...checkTarget(spec, registry)];
  if (spec.unique && !UNIQUE_TYPES.has(spec.type)) {
    errors.push({ field: 'unique', message: `a ${spec.type} field cannot be unique`, code: 'unique' });
  }
  if (spec.required && isArrayType(spec.type)) {
    errors.push({ field: 'required', message: `a ${spec.type} field cannot be required`, code: 'required' });
  }
  if (!errors.some((e) => e.field.startsWith('options') || e.field === 'target'))
    errors.push(...checkDefault(spec));
  return errors;
}
