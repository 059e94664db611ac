import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { EntityDef, EntityRegistry } from './entity.js';
import { DomainError, type FieldError } from './errors.js';
import { jsonValue } from './field-values.js';
import { type Actor, readableCondition } from './permissions.js';
import { ALIAS } from './record-reads.js';
import type { RecordHooks } from './records.js';
import type { ApiRecord, Row } from './row.js';

/**
 * Duplicate detection. An entity declares keys whose equal values mark two records as the same person or
 * organisation: a text field compared folded (case and accents ignored: crm_fold), a pair of text fields compared
 * together (company and name), or a property of the items of a json array (the e-mail addresses of a contact),
 * which its module stores normalised. Several keys may share a name (a lead's phone and mobile are both "phone").
 * Creating a record — or changing a key of one — that shares a key value with a live record answers 409 with the
 * candidates, unless the client confirms (`WriteOptions.allowDuplicates`, `?duplicates=allow` over HTTP). A spec
 * may also look in other entities (`also`): their keys of the same names are compared with the record's values,
 * so a new lead meets the contact or customer it already is. Lookups go through indexes: an expression index on
 * crm_fold(column), a jsonb_path_ops GIN index for containment of items.
 */
export type DuplicateKey =
  | { name: string; field: string; kind: 'text' }
  | { name: string; fields: [string, string]; kind: 'pair' }
  | { name: string; field: string; kind: 'items'; property: string };

export interface DuplicateScope {
  entity: string;
  keys: DuplicateKey[];
  /** Narrows the records that count (open leads only); columns are qualified with `alias`. */
  where?: (alias: string) => RawBuilder<SqlBool>;
}

export interface DuplicateSpec extends DuplicateScope {
  /** Other entities to look in, by keys of the same names. */
  also?: DuplicateScope[];
  /**
   * Key names compared with the `also` entities only: two leads of one company are two people, but a lead whose
   * company is a customer already is news.
   */
  alsoOnly?: string[];
}

export interface Candidate {
  /** Set when the candidate is of another entity than the record being written. */
  entity?: string;
  id: string;
  title: string;
  /** The keys it shares with the record being written: `email`, `phone`, `name`. */
  matches: string[];
}

const MAX_CANDIDATES = 20;
/** Joins the two values of a pair key: a character no name contains. */
const PAIR = '\u001f';

export class DuplicatesFound extends DomainError {
  readonly status = 409;
  readonly type = 'duplicates';
  constructor(
    entity: EntityDef,
    readonly candidates: Candidate[],
    readonly hiddenCandidates: number,
    errors: FieldError[],
  ) {
    const count = candidates.length + hiddenCandidates;
    super(
      `This ${entity.label.en.toLowerCase()} looks like ${count === 1 ? 'an existing record' : `${count} existing records`}. ` +
        'Send it again with ?duplicates=allow to keep it anyway, or merge the records.',
      errors,
    );
  }
  override extensions(): Record<string, unknown> {
    return { candidates: this.candidates, hiddenCandidates: this.hiddenCandidates };
  }
}

const keyFields = (key: DuplicateKey): string[] => (key.kind === 'pair' ? key.fields : [key.field]);

/** The columns a key compares, qualified by the list alias; for duplicate groups and indexes alike. */
export function keyColumns(entity: EntityDef, key: DuplicateKey) {
  return keyFields(key).map((name) => sql.ref(`${ALIAS}.${entity.allFields[name]?.column ?? name}`));
}

const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** The values a key has in a record (API shape): folded text for comparison is left to SQL. */
function keyValues(key: DuplicateKey, record: ApiRecord | null): string[] {
  if (key.kind === 'text') return filled(record?.[key.field]) ? [record?.[key.field] as string] : [];
  if (key.kind === 'pair') {
    const [a, b] = key.fields.map((field) => record?.[field]);
    return filled(a) && filled(b) ? [`${a}${PAIR}${b}`] : [];
  }
  const value = record?.[key.field];
  if (!Array.isArray(value)) return [];
  return value
    .map((item: Record<string, unknown>) => item?.[key.property])
    .filter((v): v is string => typeof v === 'string' && v !== '');
}

/** The record as the write will leave it, for the key fields: written columns over the stored values. */
function after(entity: EntityDef, spec: DuplicateSpec, columns: Row, before: ApiRecord | null): ApiRecord {
  const record: ApiRecord = { ...before };
  for (const name of spec.keys.flatMap(keyFields)) {
    const field = entity.allFields[name];
    if (!field || !(field.column in columns)) continue;
    const value = columns[field.column];
    record[name] = field.type === 'json' ? jsonValue(value) : value;
  }
  return record;
}

function keyTest(entity: EntityDef, key: DuplicateKey, values: string[]): RawBuilder<SqlBool> {
  const [column, second] = keyColumns(entity, key);
  if (key.kind === 'text') {
    return sql<SqlBool>`crm_fold(${column}) = ANY(ARRAY(SELECT crm_fold(v) FROM unnest(${values}::text[]) v))`;
  }
  if (key.kind === 'pair') {
    const probes = values.map((value) => {
      const [a, b] = value.split(PAIR);
      return sql`(crm_fold(${column}) = crm_fold(${a}) AND crm_fold(${second}) = crm_fold(${b}))`;
    });
    return sql<SqlBool>`(${sql.join(probes, sql` OR `)})`;
  }
  const probes = values.map((v) => sql`${column} @> ${JSON.stringify([{ [key.property]: v }])}::jsonb`);
  return sql<SqlBool>`(${sql.join(probes, sql` OR `)})`;
}

/** Values to look for, by key name (keys of one name pool their values). */
export type KeyValues = Array<{ name: string; values: string[] }>;

/**
 * Live records of one scope, other than `selfId`, sharing a value of a key. Candidates the actor may not read are
 * counted but not described: the write is still refused (a team shares one customer base), without telling whose
 * record it is.
 */
async function findIn(
  db: Db,
  actor: Actor,
  entity: EntityDef,
  scope: DuplicateScope,
  values: KeyValues,
  selfId: string | undefined,
) {
  const tests = values.flatMap(({ name, values: vs }) => {
    const keys = scope.keys.filter((key) => key.name === name);
    if (keys.length === 0 || vs.length === 0) return [];
    return [
      {
        name,
        test: sql<SqlBool>`(${sql.join(
          keys.map((key) => keyTest(entity, key, vs)),
          sql` OR `,
        )})`,
      },
    ];
  });
  if (tests.length === 0) return [];
  const readable = readableCondition(actor, entity, ALIAS);
  const title = sql.ref(`${ALIAS}.${entity.allFields[entity.titleField]?.column ?? entity.titleField}`);
  const { rows } = await sql<Record<string, unknown>>`SELECT ${sql.ref(`${ALIAS}.id`)}::text AS id,
      ${title}::text AS title, ${readable} AS readable,
      ${sql.join(tests.map((t, i) => sql`${t.test} AS ${sql.ref(`k${i}`)}`))}
    FROM ${sql.table(entity.table)} AS ${sql.ref(ALIAS)}
    WHERE ${sql.ref(`${ALIAS}.deleted_at`)} IS NULL
      AND ${sql.ref(`${ALIAS}.id`)} IS DISTINCT FROM ${selfId ?? null}::uuid
      AND (${sql.join(
        tests.map((t) => t.test),
        sql` OR `,
      )})
      ${scope.where ? sql`AND ${scope.where(ALIAS)}` : sql``}
    ORDER BY ${sql.ref(`${ALIAS}.id`)} LIMIT ${MAX_CANDIDATES}`.execute(db);
  return rows.map((row) => ({
    candidate: {
      id: row.id as string,
      title: (row.title as string | null) ?? '',
      matches: tests.filter((_, i) => row[`k${i}`] === true).map((t) => t.name),
    } as Candidate,
    readable: row.readable === true,
  }));
}

/** Live records of the spec's entity and of its `also` scopes sharing a value; see findIn. */
export async function findDuplicates(
  db: Db,
  actor: Actor,
  registry: EntityRegistry,
  spec: DuplicateSpec,
  values: KeyValues,
  selfId: string | undefined,
): Promise<{ candidates: Candidate[]; hidden: number; hiddenMatches: string[] }> {
  const found = [];
  for (const scope of [spec, ...(spec.also ?? [])]) {
    const entity = registry.get(scope.entity);
    const own = scope === spec;
    const probes = own ? values.filter((v) => !spec.alsoOnly?.includes(v.name)) : values;
    for (const f of await findIn(db, actor, entity, scope, probes, own ? selfId : undefined)) {
      found.push(own ? f : { ...f, candidate: { entity: entity.name, ...f.candidate } });
    }
  }
  const hidden = found.filter((f) => !f.readable);
  return {
    candidates: found.filter((f) => f.readable).map((f) => f.candidate),
    hidden: hidden.length,
    hiddenMatches: [...new Set(hidden.flatMap((f) => f.candidate.matches))],
  };
}

/** Field-level messages: which value of the record is also on a candidate (or on one the actor cannot see). */
function fieldErrors(
  entity: EntityDef,
  record: ApiRecord,
  keys: DuplicateKey[],
  found: { candidates: Candidate[]; hiddenMatches: string[] },
) {
  const errors: FieldError[] = [];
  for (const key of keys) {
    const items = keyValues(key, record);
    if (items.length === 0) continue;
    const on = found.candidates.filter((c) => c.matches.includes(key.name)).map((c) => c.title);
    if (on.length === 0 && !found.hiddenMatches.includes(key.name)) continue;
    const message = on.length ? `is also on ${on.join(', ')}` : 'is also on a record you cannot see';
    // Point at the first item of a list; which item matched is in the candidates' `matches`.
    const field = key.kind === 'items' ? `${key.field}/0/${key.property}` : (keyFields(key)[0] as string);
    errors.push({ field, message, code: 'duplicate' });
  }
  return errors.length
    ? errors
    : [{ field: entity.titleField, message: 'resembles another record', code: 'duplicate' }];
}

/**
 * Makes writers of the same key value take turns until they commit: without it, simultaneous creates of one
 * e-mail address each looked before any had written and all passed. One transaction-scoped advisory lock per
 * entity, key and folded value (the comparison's folding, so "Max@X" and "max@x" meet), taken in one order so two
 * writers of several values cannot deadlock. The lookup after it sees what the other writer committed.
 */
async function lockKeyValues(trx: Db, entity: EntityDef, fresh: KeyValues): Promise<void> {
  const prefixes = fresh.flatMap(({ name, values }) => values.map(() => `${entity.name}:${name}:`));
  const values = fresh.flatMap((f) => f.values);
  const { rows } = await sql<{ h: string }>`SELECT DISTINCT hashtextextended(p || crm_fold(v), 0)::text AS h
    FROM unnest(${prefixes}::text[], ${values}::text[]) AS k(p, v)`.execute(trx);
  const hashes = rows.map((row) => BigInt(row.h)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const hash of hashes) await sql`SELECT pg_advisory_xact_lock(${String(hash)}::bigint)`.execute(trx);
}

/** The values of the record's keys that it did not have before, pooled by key name. */
export function freshValues(spec: DuplicateSpec, record: ApiRecord, before: ApiRecord | null): KeyValues {
  const byName = new Map<string, Set<string>>();
  for (const key of spec.keys) {
    const old = new Set(keyValues(key, before).map((v) => v.toLowerCase()));
    const values = byName.get(key.name) ?? new Set<string>();
    for (const value of keyValues(key, record)) if (!old.has(value.toLowerCase())) values.add(value);
    byName.set(key.name, values);
  }
  return [...byName].map(([name, values]) => ({ name, values: [...values] })).filter((k) => k.values.length);
}

/**
 * The rule as record hooks: on create, and on a change of a key, look for live records sharing a new key value.
 * Register it after the hooks that normalise the key fields, so it compares what will be stored.
 */
export function duplicateRules(registry: EntityRegistry, spec: DuplicateSpec): RecordHooks {
  return {
    async beforeWrite({ trx, actor, action, before, columns, options }) {
      if (options.allowDuplicates || (action !== 'create' && action !== 'update')) return;
      const entity = registry.get(spec.entity);
      const record = after(entity, spec, columns, before);
      const fresh = freshValues(spec, record, before);
      if (fresh.length === 0) return;
      await lockKeyValues(trx, entity, fresh);
      const selfId = (before?.id ?? columns.id) as string | undefined;
      const found = await findDuplicates(trx, actor, registry, spec, fresh, selfId);
      if (found.candidates.length === 0 && found.hidden === 0) return;
      const names = new Set(fresh.map((f) => f.name));
      const checked = spec.keys.filter((key) => names.has(key.name));
      throw new DuplicatesFound(
        entity,
        found.candidates,
        found.hidden,
        fieldErrors(entity, record, checked, found),
      );
    },
  };
}
