import type { EntityDef } from '../src/core/entity.js';
import { sqlColumnType } from '../src/core/field-values.js';
import { tolerant } from '../src/core/search.js';

/**
 * DDL for a test entity's table: the system columns every record table has (as src/db/migrations/0001_platform.sql
 * writes them), then one column per field — quoted, since fields may be named after SQL keywords — NOT NULL where
 * the field is required, then any extra constraints; and, as every migration does for an entity whose search
 * fields tolerate typos, the trigger that adds their words to global search's vocabulary (migration 0009).
 */
export function recordTableSql(entity: EntityDef, constraints: string[] = []): string {
  const columns = Object.values(entity.fields).map(
    (field) => `"${field.column}" ${sqlColumnType(field)}${field.required ? ' NOT NULL' : ''}`,
  );
  const words = searchWordColumns(entity);
  const trigger = words.length
    ? `;
  CREATE TRIGGER ${entity.table}_search_words AFTER INSERT OR UPDATE OF ${words.map((c) => `"${c}"`).join(', ')}
    ON ${entity.table} FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words(${words.map((c) => `'${c}'`).join(', ')})`
    : '';
  return `CREATE TABLE ${entity.table} (
    id uuid PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid REFERENCES users (id),
    owner_id uuid REFERENCES users (id),
    version integer NOT NULL DEFAULT 1,
    deleted_at timestamptz,
    ${[...columns, ...constraints].join(',\n    ')})${trigger}`;
}

/** The columns whose words global search corrects typos against: search fields of a typo-tolerant type. */
export function searchWordColumns(entity: EntityDef): string[] {
  return entity.searchFields.flatMap((name) => {
    const field = entity.fields[name];
    return field && tolerant(field) ? [field.column] : [];
  });
}
