import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { EntityDef } from './entity.js';
import { type FieldError, ValidationFailed } from './errors.js';
import { nullable, valueSchema } from './field-values.js';

// ajv-formats ships CommonJS whose default export TypeScript sees as the module namespace.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** One ajv for the whole process: no coercion, no silent removal of unknown members, every error at once. */
export const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, removeAdditional: false });
addFormats(ajv);

/**
 * ajv-formats' uuid also admits "urn:uuid:…", which PostgreSQL's uuid type refuses: an id in that form passed
 * the route schema and failed in SQL with a 500. Ids are plain hyphenated UUIDs only.
 */
const PLAIN_UUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
ajv.addFormat('uuid', PLAIN_UUID);

type JsonSchema = Record<string, unknown>;

export type WriteMode = 'create' | 'patch';

export function writeSchema(entity: EntityDef, mode: WriteMode): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of Object.values(entity.allFields)) {
    if (field.readOnly) continue;
    if (mode === 'patch' && field.createOnly) continue;
    const schema = valueSchema(field);
    properties[field.name] = field.required ? schema : { anyOf: [schema, { type: 'null' }] };
    if (mode === 'create' && field.required && field.default === undefined) required.push(field.name);
  }
  if (mode === 'patch') {
    properties.version = {
      type: 'integer',
      minimum: 1,
      description: 'The version you read; 412 when stale.',
    };
  }
  return {
    type: 'object',
    additionalProperties: false,
    properties,
    ...(required.length ? { required } : {}),
  };
}

/**
 * The record as the API returns it. Open to further members: the response serializer is compiled once, before
 * an administrator adds custom fields, and would otherwise drop their values from every answer.
 */
export function readSchema(entity: EntityDef): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of Object.values(entity.allFields)) {
    if (field.writeOnly) continue;
    properties[field.name] = nullable(valueSchema(field));
  }
  return { type: 'object', properties, additionalProperties: true };
}

/** Turns ajv's errors into the field-level messages of a problem document. */
export function fieldErrorsFromAjv(errors: ErrorObject[] | null | undefined, prefix = ''): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const error of errors ?? []) {
    // anyOf with null repeats the same complaint; the branch about the real type is the useful one.
    if (error.keyword === 'anyOf' || (error.keyword === 'type' && error.params.type === 'null')) continue;
    const path = error.instancePath.replace(/^\//, '');
    let field = path;
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'additionalProperties') {
      field = [path, String(error.params.additionalProperty)].filter(Boolean).join('/');
      message = 'is not a field of this record';
    } else if (error.keyword === 'required') {
      field = [path, String(error.params.missingProperty)].filter(Boolean).join('/');
      message = 'is required';
    } else if (error.keyword === 'enum') {
      message = `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`;
    }
    const full = [prefix, field].filter(Boolean).join('/') || '(body)';
    // One message per field is what a form can show; the first is the most basic complaint.
    if (seen.has(full)) continue;
    seen.add(full);
    out.push({ field: full, message, code: error.keyword });
  }
  return out;
}

const compiled = new WeakMap<EntityDef, Record<WriteMode, ValidateFunction>>();

function validatorsOf(entity: EntityDef): Record<WriteMode, ValidateFunction> {
  let validators = compiled.get(entity);
  if (!validators) {
    validators = {
      create: ajv.compile(writeSchema(entity, 'create')),
      patch: ajv.compile(writeSchema(entity, 'patch')),
    };
    compiled.set(entity, validators);
  }
  return validators;
}

/** Validates a client's body for a write; read-only fields get a clear message of their own. */
export function validateWrite(entity: EntityDef, mode: WriteMode, body: unknown, prefix = ''): FieldError[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ field: prefix || '(body)', message: 'must be a JSON object', code: 'type' }];
  }
  const errors: FieldError[] = [];
  for (const name of Object.keys(body)) {
    if (mode === 'patch' && name === 'version') continue;
    const field = entity.allFields[name];
    if (field?.readOnly) {
      errors.push({
        field: [prefix, name].filter(Boolean).join('/'),
        message: 'is set by the system',
        code: 'readOnly',
      });
    } else if (field?.createOnly && mode === 'patch') {
      const path = [prefix, name].filter(Boolean).join('/');
      errors.push({ field: path, message: 'can only be set when the record is created', code: 'createOnly' });
    }
  }
  const validate = validatorsOf(entity)[mode];
  if (!validate(body)) {
    const readOnlyFields = new Set(errors.map((e) => e.field));
    errors.push(...fieldErrorsFromAjv(validate.errors, prefix).filter((e) => !readOnlyFields.has(e.field)));
  }
  return errors;
}

export function assertValidWrite(entity: EntityDef, mode: WriteMode, body: unknown): void {
  const errors = validateWrite(entity, mode, body);
  if (errors.length) throw new ValidationFailed(errors);
}

/** Query strings and path parameters are text: this instance coerces them to the schema's types. */
export const queryAjv = new Ajv({
  allErrors: true,
  strict: false,
  coerceTypes: 'array',
  removeAdditional: false,
  useDefaults: true,
});
addFormats(queryAjv);
queryAjv.addFormat('uuid', PLAIN_UUID);
