import type { EntityDef } from '../src/core/entity.js';
import { sqlColumnType } from '../src/core/field-values.js';

/**
 * DDL for a test entity's table: the system columns every record table has (as src/db/migrations/0001_platform.sql
 * writes them), then one column per field — quoted, since fields may be named after SQL keywords — NOT NULL where
 * the field is required, then any extra constraints.
 */
export function recordTableSql(entity: EntityDef, constraints: string[] = []): string {
  const columns = Object.values(entity.fields).map(
    (field) => `"${field.column}" ${sqlColumnType(field)}${field.required ? ' NOT NULL' : ''}`,
  );
  return `CREATE TABLE ${entity.table} (
    id uuid PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid REFERENCES users (id),
    owner_id uuid REFERENCES users (id),
    version integer NOT NULL DEFAULT 1,
    deleted_at timestamptz,
    ${[...columns, ...constraints].join(',\n    ')})`;
}
