import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { EntityDef, EntityRegistry } from './entity.js';
import { DomainError, type FieldError } from './errors.js';
import { jsonValue } from './field-values.js';
import { type Actor, readableCondition } from './permissions.js';
import { ALIAS, visibleCondition } from './record-reads.js';
import type { RecordHooks } from './records.js';
import type { ApiRecord, Row } from './row.js';

/**
 * Duplicate detection. An entity declares keys whose equal values mark two records as the same person or
 * organisation: a text field compared folded (case and accents ignored: crm_fold), or a property of the items of
 * a json array (the e-mail addresses of a contact), which its module stores normalised. Creating a record — or
 * changing a key of one — that shares a key value with a live record answers 409 with the candidates, unless the
 * client confirms (`WriteOptions.allowDuplicates`, `?duplicates=allow` over HTTP). Lookups go through indexes:
 * an expression index on crm_fold(column), a jsonb_path_ops GIN index for containment of items.
 */
export type DuplicateKey =
  | { name: string; field: string; kind: 'text' }
  | { name: string; field: string; kind: 'items'; property: string };

export interface DuplicateSpec {
  entity: string;
  keys: DuplicateKey[];
}

export interface Candidate {
  id: string;
  title: string;
  /** The keys it shares with the record being written: `email`, `phone`, `name`. */
  matches: string[];
}

const MAX_CANDIDATES = 20;

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
      `This ${entity.label.en.toLowerCase()} looks like ${count === 1 ? 'an existing one' : `${count} existing ones`}. ` +
        'Send it again with ?duplicates=allow to keep it anyway, or merge the records.',
      errors,
    );
  }
  override extensions(): Record<string, unknown> {
    return { candidates: this.candidates, hiddenCandidates: this.hiddenCandidates };
  }
}

/** The values a key has in a record (API shape): folded text for comparison is left to SQL. */
function keyValues(key: DuplicateKey, record: ApiRecord | null): string[] {
  const value = record?.[key.field];
  if (key.kind === 'text') return typeof value === 'string' && value.trim() !== '' ? [value] : [];
  if (!Array.isArray(value)) return [];
  return value
    .map((item: Record<string, unknown>) => item?.[key.property])
    .filter((v): v is string => typeof v === 'string' && v !== '');
}

/** The record as the write will leave it, for the key fields: written columns over the stored values. */
function after(entity: EntityDef, spec: DuplicateSpec, columns: Row, before: ApiRecord | null): ApiRecord {
  const record: ApiRecord = { ...before };
  for (const key of spec.keys) {
    const field = entity.allFields[key.field];
    if (!field || !(field.column in columns)) continue;
    const value = columns[field.column];
    record[key.field] = field.type === 'json' ? jsonValue(value) : value;
  }
  return record;
}

function keyTest(entity: EntityDef, key: DuplicateKey, values: string[]): RawBuilder<SqlBool> {
  const column = sql.ref(`${ALIAS}.${entity.allFields[key.field]?.column ?? key.field}`);
  if (key.kind === 'text') {
    return sql<SqlBool>`crm_fold(${column}) = ANY(ARRAY(SELECT crm_fold(v) FROM unnest(${values}::text[]) v))`;
  }
  const probes = values.map((v) => sql`${column} @> ${JSON.stringify([{ [key.property]: v }])}::jsonb`);
  return sql<SqlBool>`(${sql.join(probes, sql` OR `)})`;
}

/**
 * Live records other than `selfId` sharing a value of a key. Candidates the actor may not read are counted but
 * not described: the write is still refused (a team shares one customer base), without telling whose record it is.
 */
export async function findDuplicates(
  db: Db,
  actor: Actor,
  entity: EntityDef,
  values: Array<{ key: DuplicateKey; values: string[] }>,
  selfId: string | undefined,
): Promise<{ candidates: Candidate[]; hidden: number; hiddenMatches: string[] }> {
  const tests = values.filter((v) => v.values.length > 0).map((v) => keyTest(entity, v.key, v.values));
  if (tests.length === 0) return { candidates: [], hidden: 0, hiddenMatches: [] };
  const readable = readableCondition(actor, entity, ALIAS);
  const title = sql.ref(`${ALIAS}.${entity.allFields[entity.titleField]?.column ?? entity.titleField}`);
  const { rows } = await sql<Record<string, unknown>>`SELECT ${sql.ref(`${ALIAS}.id`)}::text AS id,
      ${title}::text AS title, ${readable} AS readable, ${sql.join(tests.map((t, i) => sql`${t} AS ${sql.ref(`k${i}`)}`))}
    FROM ${sql.table(entity.table)} AS ${sql.ref(ALIAS)}
    WHERE ${sql.ref(`${ALIAS}.deleted_at`)} IS NULL
      AND ${sql.ref(`${ALIAS}.id`)} IS DISTINCT FROM ${selfId ?? null}::uuid
      AND (${sql.join(tests, sql` OR `)})
    ORDER BY ${sql.ref(`${ALIAS}.id`)} LIMIT ${MAX_CANDIDATES}`.execute(db);
  const keys = values.filter((v) => v.values.length > 0).map((v) => v.key.name);
  const found = rows.map((row) => ({
    candidate: {
      id: row.id as string,
      title: (row.title as string | null) ?? '',
      matches: keys.filter((_, i) => row[`k${i}`] === true),
    },
    readable: row.readable === true,
  }));
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
  checked: DuplicateKey[],
  found: { candidates: Candidate[]; hiddenMatches: string[] },
) {
  const errors: FieldError[] = [];
  for (const key of checked) {
    const on = found.candidates.filter((c) => c.matches.includes(key.name)).map((c) => c.title);
    if (on.length === 0 && !found.hiddenMatches.includes(key.name)) continue;
    const message = on.length ? `is also on ${on.join(', ')}` : 'is also on a record you cannot see';
    if (key.kind === 'text') {
      errors.push({ field: key.field, message, code: 'duplicate' });
      continue;
    }
    // Point at the first item of the list; which item matched is in the candidates' `matches`.
    const items = keyValues(key, record);
    if (items.length) errors.push({ field: `${key.field}/0/${key.property}`, message, code: 'duplicate' });
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
async function lockKeyValues(
  trx: Db,
  entity: EntityDef,
  fresh: Array<{ key: DuplicateKey; values: string[] }>,
): Promise<void> {
  const prefixes = fresh.flatMap(({ key, values }) => values.map(() => `${entity.name}:${key.name}:`));
  const values = fresh.flatMap((f) => f.values);
  const { rows } = await sql<{ h: string }>`SELECT DISTINCT hashtextextended(p || crm_fold(v), 0)::text AS h
    FROM unnest(${prefixes}::text[], ${values}::text[]) AS k(p, v)`.execute(trx);
  const hashes = rows.map((row) => BigInt(row.h)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const hash of hashes) await sql`SELECT pg_advisory_xact_lock(${String(hash)}::bigint)`.execute(trx);
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
      const fresh = spec.keys
        .map((key) => {
          const old = new Set(keyValues(key, before).map((v) => v.toLowerCase()));
          return { key, values: keyValues(key, record).filter((v) => !old.has(v.toLowerCase())) };
        })
        .filter((k) => k.values.length > 0);
      if (fresh.length === 0) return;
      await lockKeyValues(trx, entity, fresh);
      const selfId = (before?.id ?? columns.id) as string | undefined;
      const found = await findDuplicates(trx, actor, entity, fresh, selfId);
      if (found.candidates.length === 0 && found.hidden === 0) return;
      const checked = fresh.map((f) => f.key);
      throw new DuplicatesFound(
        entity,
        found.candidates,
        found.hidden,
        fieldErrors(entity, record, checked, found),
      );
    },
  };
}

export interface DuplicateGroup {
  records: Array<{ id: string; title: string }>;
  matches: Array<{ key: string; value: string }>;
}

const MAX_KEY_GROUPS = 1000;

/**
 * Groups of live records the actor may read that share key values. Records linked through different keys (A and
 * B share an e-mail, B and C a phone) form one group. Each key contributes at most 1,000 shared values, so a
 * huge backlog is worked through in rounds: merging removes groups and the next call shows more.
 */
export async function duplicateGroups(
  db: Db,
  actor: Actor,
  entity: EntityDef,
  spec: DuplicateSpec,
  limit: number,
): Promise<{ groups: DuplicateGroup[]; truncated: boolean }> {
  const visible = visibleCondition(actor, entity, 'read');
  const pairs: Array<{ key: string; value: string; ids: string[] }> = [];
  let truncated = false;
  for (const key of spec.keys) {
    const column = sql.ref(`${ALIAS}.${entity.allFields[key.field]?.column ?? key.field}`);
    const value = key.kind === 'text' ? sql`crm_fold(${column})` : sql`e.item ->> ${key.property}`;
    const from =
      key.kind === 'text'
        ? sql``
        : sql`CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(${column}) = 'array' THEN ${column} ELSE '[]'::jsonb END) AS e(item)`;
    const { rows } = await sql<{ value: string; ids: string[] }>`SELECT ${value} AS value,
        array_agg(DISTINCT ${sql.ref(`${ALIAS}.id`)}::text) AS ids
      FROM ${sql.table(entity.table)} AS ${sql.ref(ALIAS)} ${from}
      WHERE ${visible} AND coalesce(${value}, '') <> ''
      GROUP BY 1 HAVING count(DISTINCT ${sql.ref(`${ALIAS}.id`)}) > 1
      ORDER BY 1 LIMIT ${MAX_KEY_GROUPS + 1}`.execute(db);
    if (rows.length > MAX_KEY_GROUPS) truncated = true;
    for (const row of rows.slice(0, MAX_KEY_GROUPS))
      pairs.push({ key: key.name, value: row.value, ids: row.ids });
  }
  const groups = cluster(pairs);
  if (groups.length > limit) truncated = true;
  const shown = groups.slice(0, limit);
  const ids = [...new Set(shown.flatMap((g) => g.ids))];
  const title = sql.ref(`${ALIAS}.${entity.allFields[entity.titleField]?.column ?? entity.titleField}`);
  const { rows } = ids.length
    ? await sql<{ id: string; title: string | null }>`SELECT ${sql.ref(`${ALIAS}.id`)}::text AS id,
        ${title}::text AS title FROM ${sql.table(entity.table)} AS ${sql.ref(ALIAS)}
        WHERE ${sql.ref(`${ALIAS}.id`)} = ANY(${ids}::uuid[])`.execute(db)
    : { rows: [] };
  const titles = new Map(rows.map((row) => [row.id, row.title ?? '']));
  return {
    groups: shown.map((g) => ({
      records: g.ids.map((id) => ({ id, title: titles.get(id) ?? '' })),
      matches: g.matches,
    })),
    truncated,
  };
}

/** Union-find over records that share a key value; the biggest groups first, then by their first id. */
function cluster(pairs: Array<{ key: string; value: string; ids: string[] }>) {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    const p = parent.get(id) ?? id;
    if (p === id) return id;
    const root = find(p);
    parent.set(id, root);
    return root;
  };
  for (const { ids } of pairs) {
    const [first, ...rest] = ids;
    if (!first) continue;
    for (const id of rest) parent.set(find(id), find(first));
  }
  const groups = new Map<string, { ids: Set<string>; matches: Array<{ key: string; value: string }> }>();
  for (const { key, value, ids } of pairs) {
    const root = find(ids[0] as string);
    const group = groups.get(root) ?? { ids: new Set<string>(), matches: [] };
    for (const id of ids) group.ids.add(id);
    group.matches.push({ key, value });
    groups.set(root, group);
  }
  return [...groups.values()]
    .map((g) => ({ ids: [...g.ids].sort(), matches: g.matches }))
    .sort((a, b) => b.ids.length - a.ids.length || (a.ids[0] ?? '').localeCompare(b.ids[0] ?? ''));
}
