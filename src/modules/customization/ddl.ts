import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { EntityDef } from '../../core/entity.js';
import { RuleViolation } from '../../core/errors.js';
import type { FieldDef } from '../../core/fields.js';
import { normaliseInput, sqlColumnType, toDbValue } from '../../core/field-values.js';

/**
 * The SQL that gives custom fields their columns. Identifiers come from definitions only (tables from code, columns
 * `cf_<snake name>` from a checked name) and are quoted; values travel as parameters.
 */

/** Custom field changes take turns across servers: checks and DDL of one see the committed result of the last. */
export async function lockDefinitions(trx: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('crm.custom_fields'))`.execute(trx);
}

/**
 * Taken before counting and changing, so no write slips in between a check ("no record lacks a value") and the DDL
 * it allows, and no lock is upgraded half way (which could deadlock with a writer).
 */
export async function lockTable(trx: Db, entity: EntityDef): Promise<void> {
  await sql`LOCK TABLE ${sql.table(entity.table)} IN ACCESS EXCLUSIVE MODE`.execute(trx);
}

const isArray = (field: FieldDef) => field.type === 'multiselect' || field.type === 'multilink';

/**
 * Index names are schema-wide and at most 63 bytes: long ones end in a hash instead of being cut. The suffixes start
 * with `__`, which no custom column contains (names are camelCase, columns `cf_<snake name>`), so one field's index
 * can never take the name of another's: with a plain `_key` suffix, unique `code` and indexed `codeKey` clashed.
 */
function indexName(entity: EntityDef, field: FieldDef, suffix: '__idx' | '__uniq'): string {
  const name = `${entity.table}_${field.column}${suffix}`;
  if (name.length <= 63) return name;
  return `cf_${createHash('sha1').update(name).digest('hex').slice(0, 24)}${suffix}`;
}

export async function addColumn(
  trx: Db,
  entity: EntityDef,
  field: FieldDef,
  target?: EntityDef,
): Promise<void> {
  const type = sql.raw(sqlColumnType(field));
  // Links get a foreign key like built-in ones: a missing target answers 422 at the field.
  const extra = isArray(field)
    ? sql` NOT NULL DEFAULT '{}'`
    : target
      ? sql` REFERENCES ${sql.table(target.table)} (id)`
      : sql``;
  await sql`ALTER TABLE ${sql.table(entity.table)} ADD COLUMN ${sql.id(field.column)} ${type}${extra}`.execute(
    trx,
  );
}

/**
 * The index a type is filtered and sorted by: GIN for arrays (`&&`, `@>`) and for long text and addresses
 * (trigrams for `contains`; their values may outgrow a btree entry), otherwise a btree on (value, id) for live
 * records, which serves equality, ranges and keyset pages; unique ones among live records, as built-in fields.
 */
export async function createIndex(trx: Db, entity: EntityDef, field: FieldDef): Promise<void> {
  const table = sql.table(entity.table);
  const column = sql.id(field.column);
  const plain = sql.id(indexName(entity, field, '__idx'));
  if (isArray(field)) {
    await sql`CREATE INDEX ${plain} ON ${table} USING gin (${column})`.execute(trx);
  } else if (field.type === 'longText' || field.type === 'url') {
    await sql`CREATE INDEX ${plain} ON ${table} USING gin (${column} gin_trgm_ops)`.execute(trx);
  } else if (field.unique) {
    const key = sql.id(indexName(entity, field, '__uniq'));
    await sql`CREATE UNIQUE INDEX ${key} ON ${table} (${column}) WHERE deleted_at IS NULL`.execute(trx);
  } else {
    await sql`CREATE INDEX ${plain} ON ${table} (${column}, id) WHERE deleted_at IS NULL`.execute(trx);
  }
}

/**
 * Drops every index on the field's column, found in the catalogue rather than by name: indexes made before the
 * names above (`…_key`, no suffix) are dropped as well, and never an index of another field. Built-in indexes
 * never cover a `cf_` column.
 */
export async function dropIndexes(trx: Db, entity: EntityDef, field: FieldDef): Promise<void> {
  const { rows } = await sql<{ name: string }>`SELECT DISTINCT i.relname AS name
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = ANY(x.indkey)
    WHERE x.indrelid = ${entity.table}::regclass AND a.attname = ${field.column}`.execute(trx);
  for (const { name } of rows) await sql`DROP INDEX IF EXISTS ${sql.id(name)}`.execute(trx);
}

/**
 * DDL refused because a column or index of that name exists — a custom field of another server's making, or
 * leftovers of one outside the CRM: a conflict with the database's state, not a server fault.
 */
export function ddlConflict(error: unknown): RuleViolation | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '42701')
    return new RuleViolation('The table already has a column of this name; choose another name.', [
      { field: 'name', message: 'its column already exists', code: 'unique' },
    ]);
  if (code === '42P07')
    return new RuleViolation(
      'An index of this name already exists; please try again or choose another name.',
      [{ field: 'name', message: 'its index name is already taken', code: 'unique' }],
    );
  return undefined;
}

export async function setNotNull(
  trx: Db,
  entity: EntityDef,
  field: FieldDef,
  notNull: boolean,
): Promise<void> {
  const change = notNull ? sql`SET NOT NULL` : sql`DROP NOT NULL`;
  await sql`ALTER TABLE ${sql.table(entity.table)} ALTER COLUMN ${sql.id(field.column)} ${change}`.execute(
    trx,
  );
}

/** Gives every record, the trash included, the value. */
export async function fillColumn(trx: Db, entity: EntityDef, field: FieldDef, value: unknown): Promise<void> {
  const type = sql.raw(sqlColumnType(field));
  const parameter = toDbValue(field, normaliseInput(field, value));
  await sql`UPDATE ${sql.table(entity.table)} SET ${sql.id(field.column)} = CAST(${parameter} AS ${type})`.execute(
    trx,
  );
}

export async function dropColumn(trx: Db, entity: EntityDef, column: string): Promise<void> {
  await sql`ALTER TABLE ${sql.table(entity.table)} DROP COLUMN IF EXISTS ${sql.id(column)}`.execute(trx);
}

/** Rows of the table (the trash included) matching the condition. */
export async function countRows(
  trx: Db,
  entity: EntityDef,
  where: RawBuilder<unknown> = sql`true`,
): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM ${sql.table(entity.table)} WHERE ${where}`.execute(trx);
  return rows[0]?.n ?? 0;
}

/** Values held by more than one live record (a unique index refuses them), a few for the message. */
export async function duplicateValues(trx: Db, entity: EntityDef, field: FieldDef): Promise<string[]> {
  const column = sql.id(field.column);
  const { rows } = await sql<{
    value: string;
  }>`SELECT ${column}::text AS value FROM ${sql.table(entity.table)}
    WHERE deleted_at IS NULL AND ${column} IS NOT NULL GROUP BY ${column} HAVING count(*) > 1 LIMIT 5`.execute(
    trx,
  );
  return rows.map((row) => row.value);
}

/** Which of the choices records hold (the trash included), and how many records hold any of them. */
export async function choicesInUse(
  trx: Db,
  entity: EntityDef,
  field: FieldDef,
  values: string[],
): Promise<{ records: number; values: string[] }> {
  const table = sql.table(entity.table);
  const column = sql.id(field.column);
  const list = sql`CAST(${values} AS text[])`;
  const held = isArray(field) ? sql`${column} && ${list}` : sql`${column} = ANY(${list})`;
  const each = isArray(field) ? sql`unnest(${column})` : column;
  const { rows } = await sql<{ value: string }>`SELECT DISTINCT v AS value
    FROM (SELECT ${each} AS v FROM ${table} WHERE ${held}) held WHERE v = ANY(${list}) ORDER BY 1`.execute(
    trx,
  );
  return {
    records: rows.length ? await countRows(trx, entity, held) : 0,
    values: rows.map((row) => row.value),
  };
}
