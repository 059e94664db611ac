import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { BadRequest, fieldError } from './errors.js';
import { type FieldDef } from './fields.js';
import { sqlColumnType, toDbValue } from './field-values.js';
import type { Filter, SortKey } from './filter.js';
import { subtreeIds } from './tree.js';

export type Condition = RawBuilder<SqlBool>;

const TRUE: Condition = sql<SqlBool>`true`;

export function and(conditions: Condition[]): Condition {
  if (conditions.length === 0) return TRUE;
  if (conditions.length === 1) return conditions[0] as Condition;
  return sql<SqlBool>`(${sql.join(conditions, sql` AND `)})`;
}

export function or(conditions: Condition[]): Condition {
  if (conditions.length === 0) return sql<SqlBool>`false`;
  if (conditions.length === 1) return conditions[0] as Condition;
  return sql<SqlBool>`(${sql.join(conditions, sql` OR `)})`;
}

function col(field: FieldDef, alias: string): RawBuilder<unknown> {
  return sql.ref(`${alias}.${field.column}`);
}

/** A parameter cast to the column's type, so PostgreSQL compares like with like on both drivers. */
function param(field: FieldDef, value: unknown): RawBuilder<unknown> {
  const type = sqlColumnType(field).replace(/\[\]$/, '');
  return sql<SqlBool>`CAST(${toDbValue(field, value)} AS ${sql.raw(type)})`;
}

function listParam(field: FieldDef, values: unknown[]): RawBuilder<unknown> {
  const type = sqlColumnType(field).replace(/\[\]$/, '');
  return sql<SqlBool>`CAST(${values} AS ${sql.raw(type)}[])`;
}

/** LIKE treats % and _ as wildcards; a user searching for "50%" means the characters. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function filterCondition(filter: Filter, alias: string): Condition {
  const { field, op, value } = filter;
  const column = col(field, alias);
  const isArray = field.type === 'multiselect' || field.type === 'multilink';
  if (isArray) {
    if (op === 'isNull')
      return value
        ? sql<SqlBool>`(${column} IS NULL OR cardinality(${column}) = 0)`
        : sql<SqlBool>`cardinality(${column}) > 0`;
    if (op === 'contains') return sql<SqlBool>`${column} @> ${listParam(field, [value])}`;
    return sql<SqlBool>`${column} && ${listParam(field, value as unknown[])}`;
  }
  switch (op) {
    case 'eq':
      return sql<SqlBool>`${column} = ${param(field, value)}`;
    case 'ne':
      return sql<SqlBool>`${column} IS DISTINCT FROM ${param(field, value)}`;
    case 'lt':
      return sql<SqlBool>`${column} < ${param(field, value)}`;
    case 'lte':
      return sql<SqlBool>`${column} <= ${param(field, value)}`;
    case 'gt':
      return sql<SqlBool>`${column} > ${param(field, value)}`;
    case 'gte':
      return sql<SqlBool>`${column} >= ${param(field, value)}`;
    case 'in':
      return sql<SqlBool>`${column} = ANY(${listParam(field, value as unknown[])})`;
    case 'nin':
      return sql<SqlBool>`NOT (${column} = ANY(${listParam(field, value as unknown[])})) OR ${column} IS NULL`;
    case 'between': {
      const [low, high] = value as [unknown, unknown];
      return sql<SqlBool>`${column} BETWEEN ${param(field, low)} AND ${param(field, high)}`;
    }
    case 'contains':
      return sql<SqlBool>`${column}::text ILIKE ${`%${escapeLike(String(value))}%`}`;
    case 'startsWith':
      return sql<SqlBool>`${column}::text ILIKE ${`${escapeLike(String(value))}%`}`;
    case 'isNull':
      return value ? sql<SqlBool>`${column} IS NULL` : sql<SqlBool>`${column} IS NOT NULL`;
    case 'within':
      // The parser sets the tree for `within`; without one (a filter built by hand) nothing can match.
      if (!filter.tree) return sql<SqlBool>`false`;
      return sql<SqlBool>`${column} = ANY(ARRAY(${subtreeIds(filter.tree, param(field, value))}))`;
  }
}

/**
 * PostgreSQL orders NULL after every value ascending and before every value descending; keyset conditions and
 * ORDER BY both follow that rule, so a page never skips or repeats rows whose sort key is NULL.
 */
export function orderBy(sort: SortKey[], alias: string): RawBuilder<unknown> {
  return sql.join(sort.map((key) => sql`${col(key.field, alias)} ${sql.raw(key.desc ? 'DESC' : 'ASC')}`));
}

/** Sort keys are read back as text so the cursor keeps full precision (timestamps in microseconds). */
export function cursorColumns(sort: SortKey[], alias: string): RawBuilder<unknown> {
  return sql.join(sort.map((key, i) => sql`${col(key.field, alias)}::text AS ${sql.id(`__k${i}`)}`));
}

/** The sort keys themselves, so rows merged from several parts of a list can be ordered again (record-reads.ts). */
export function sortColumns(sort: SortKey[], alias: string): RawBuilder<unknown> {
  return sql.join(sort.map((key, i) => sql`${col(key.field, alias)} AS ${sql.id(`__s${i}`)}`));
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
const columnLists = new WeakMap<readonly FieldDef[], Map<string, string>>();

/**
 * `"t"."full_name" AS "full_name", …`, or `"full_name", …` without an alias: one raw text per list of columns and
 * alias, kept for as long as the list lives (an entity version's readable fields), because building and compiling
 * a reference per column on every request was a tenth of a list page's cost in the server.
 */
export function columnList(columns: readonly FieldDef[], alias = ''): RawBuilder<unknown> {
  let texts = columnLists.get(columns);
  if (!texts) columnLists.set(columns, (texts = new Map()));
  let text = texts.get(alias);
  if (text === undefined) {
    const qualify = alias ? `${quoted(alias)}.` : '';
    text = columns
      .map((f) => `${qualify}${quoted(f.column)}${alias ? ` AS ${quoted(f.column)}` : ''}`)
      .join(', ');
    texts.set(alias, text);
  }
  return sql.raw(text);
}

function textParam(field: FieldDef, value: string): RawBuilder<unknown> {
  const type = sqlColumnType(field);
  return sql<SqlBool>`CAST(${value} AS ${sql.raw(type)})`;
}

function afterKey(key: SortKey, value: string | null, alias: string): Condition {
  const column = col(key.field, alias);
  if (value === null) return key.desc ? sql<SqlBool>`${column} IS NOT NULL` : sql<SqlBool>`false`;
  const bound = textParam(key.field, value);
  return key.desc
    ? sql<SqlBool>`${column} < ${bound}`
    : sql<SqlBool>`(${column} > ${bound} OR ${column} IS NULL)`;
}

function equalKey(key: SortKey, value: string | null, alias: string): Condition {
  const column = col(key.field, alias);
  return value === null
    ? sql<SqlBool>`${column} IS NULL`
    : sql<SqlBool>`${column} = ${textParam(key.field, value)}`;
}

/** Rows strictly after the cursor in the list's order: (k0 after) OR (k0 equal AND k1 after) OR … */
export function afterCursor(sort: SortKey[], values: Array<string | null>, alias: string): Condition {
  const branches: Condition[] = [];
  for (let i = 0; i < sort.length; i++) {
    const equalBefore = sort.slice(0, i).map((key, j) => equalKey(key, values[j] ?? null, alias));
    branches.push(and([...equalBefore, afterKey(sort[i] as SortKey, values[i] ?? null, alias)]));
  }
  return or(branches);
}

function sortSignature(sort: SortKey[]): string {
  return sort.map((key) => `${key.desc ? '-' : ''}${key.field.name}`).join(',');
}

/** A cursor names the order it was made for, so it cannot be replayed against another sort. */
export function encodeCursor(sort: SortKey[], values: Array<string | null>): string {
  return Buffer.from(JSON.stringify({ s: sortSignature(sort), v: values })).toString('base64url');
}

export function decodeCursor(cursor: string, sort: SortKey[]): Array<string | null> {
  const bad = () =>
    new BadRequest('Invalid cursor.', [fieldError('cursor', 'is not a cursor this list returned')]);
  if (!/^[A-Za-z0-9_-]{1,4000}$/.test(cursor)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (typeof parsed !== 'object' || parsed === null) throw bad();
  const { s, v } = parsed as { s?: unknown; v?: unknown };
  if (s !== sortSignature(sort)) throw bad();
  if (
    !Array.isArray(v) ||
    v.length !== sort.length ||
    !v.every((item) => item === null || (typeof item === 'string' && item.length <= 1000))
  ) {
    throw bad();
  }
  return v as Array<string | null>;
}
