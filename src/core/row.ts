import type { EntityDef } from './entity.js';
import {
  type FieldError,
  RuleViolation,
  ValidationFailed,
  BadRequest,
  DomainError,
  TryAgain,
} from './errors.js';
import { type FieldDef } from './fields.js';
import { fromDbValue, normaliseInput, toDbValue } from './field-values.js';
import { hashPassword } from './password.js';

export type ApiRecord = Record<string, unknown>;
export type Row = Record<string, unknown>;

/** A database row as the API shows it: camelCase names, API types, secrets left out. */
export function rowToRecord(
  entity: EntityDef,
  row: Row,
  only: FieldDef[] = entity.readableFields,
): ApiRecord {
  const record: ApiRecord = {};
  for (const field of only) record[field.name] = fromDbValue(field, row[field.column]);
  return record;
}

/**
 * Turns a validated client body into column values. Passwords are hashed here, before any transaction opens,
 * because hashing is slow and the embedded database serves one transaction at a time.
 */
export async function bodyToColumns(entity: EntityDef, body: ApiRecord): Promise<Row> {
  const columns: Row = {};
  for (const [name, value] of Object.entries(body)) {
    const field = entity.allFields[name];
    if (!field) continue;
    if (field.type === 'password') {
      columns[field.column] = value === null ? null : await hashPassword(String(value));
      continue;
    }
    columns[field.column] = toDbValue(field, normaliseInput(field, value));
  }
  return columns;
}

/** Default values for a new record, for fields the body leaves out. */
export function defaultColumns(entity: EntityDef, body: ApiRecord): Row {
  const columns: Row = {};
  for (const field of Object.values(entity.fields)) {
    if (field.default !== undefined && body[field.name] === undefined) {
      columns[field.column] = toDbValue(field, field.default);
    }
  }
  return columns;
}

function fieldOfColumn(entity: EntityDef, column: string | undefined): string {
  const field = Object.values(entity.allFields).find((f) => f.column === column);
  return field?.name ?? column ?? '(record)';
}

interface PgError {
  code?: string;
  constraint?: string;
  column?: string;
  detail?: string;
}

/** Custom fields changed on another server a moment before this one heard of it: a retry meets the new ones. */
function fieldsChanged(): RuleViolation {
  return new RuleViolation('The fields of this record type changed a moment ago; please try again.');
}

/**
 * Maps what PostgreSQL refuses to the typed errors a client understands: a unique index → 409 at the field,
 * a missing link target → 422 at the field, a value PostgreSQL cannot read → 400, a transaction that lost a race
 * (deadlock, serialization failure) → 409 "try again".
 */
export function translateDbError(entity: EntityDef, error: unknown, prefix = ''): unknown {
  if (error instanceof DomainError || typeof error !== 'object' || error === null) return error;
  const pg = error as PgError;
  const at = (field: string) => [prefix, field].filter(Boolean).join('/');
  // "Key (email)=…", or for an index on an expression "Key (crm_fold(name))=…": the column inside.
  const keyColumn = /^Key \((?:[a-z_]+\()*([a-z0-9_]+)[,)]/.exec(pg.detail ?? '')?.[1];
  const keyOf = (): string => fieldOfColumn(entity, keyColumn);
  switch (pg.code) {
    case '23505': {
      const field = keyOf();
      return new RuleViolation(`Another ${entity.label.en.toLowerCase()} already has this ${field}.`, [
        { field: at(field), message: 'is already used by another record', code: 'unique' },
      ]);
    }
    case '23503': {
      const field = keyOf();
      return new ValidationFailed([
        { field: at(field), message: 'refers to a record that does not exist', code: 'link' },
      ]);
    }
    case '23502':
      // A required custom field (column cf_…) this server does not know yet: it reloads within moments.
      if (pg.column?.startsWith('cf_') && fieldOfColumn(entity, pg.column) === pg.column)
        return fieldsChanged();
      return new ValidationFailed([
        { field: at(fieldOfColumn(entity, pg.column)), message: 'is required', code: 'required' },
      ]);
    case '42703':
      // A custom field (column cf_…) purged while this server still knew it; it reloads within moments. Any
      // other missing column is a bug and stays a 500.
      if (!/\bcf_[a-z0-9_]+/.test(String((error as Error).message))) return error;
      return fieldsChanged();
    case '40P01':
    case '40001':
      // A deadlock or serialization failure: PostgreSQL rolled the transaction back, a retry starts afresh.
      return new TryAgain();
    case '23514':
      return new ValidationFailed([
        { field: at(pg.constraint ?? '(record)'), message: 'breaks a rule of the record', code: 'check' },
      ]);
    default:
      if (pg.code?.startsWith('22')) {
        const errors: FieldError[] = [
          { field: at('(value)'), message: 'a value could not be read', code: 'format' },
        ];
        return new BadRequest('A value in the request could not be read.', errors);
      }
      return error;
  }
}
