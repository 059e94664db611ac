import { type SqlBool, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { EntityDef, EntityRegistry } from './entity.js';
import { BadRequest } from './errors.js';
import type { FieldDef } from './fields.js';
import { type Actor, type Scope, grantOf, scopeCondition } from './permissions.js';
import { and, escapeLike, or } from './query.js';

export interface SearchHit {
  entity: string;
  id: string;
  title: string;
  score: number;
}

/**
 * A query that looks like a phone number ("030 123-45", "+49 (30) 12345") also matches stored numbers written
 * without its separators. Numbers are stored in E.164 (+4930…), so a national trunk prefix 0 or an international
 * 00 is dropped as well. Undefined for any other query.
 */
export function phoneDigits(q: string): string | undefined {
  if (!/^\+?[\d\s\-()./]+$/.test(q)) return undefined;
  const digits = q.replace(/\D/g, '');
  const key = q.startsWith('+') ? `+${digits}` : digits.replace(/^0+/, '');
  return key.replace('+', '').length >= 3 ? key : undefined;
}

/** How many matching rows of one entity are ranked at most; a broader query shows the best of these. */
const CANDIDATES = 100;

type Phase = 'fragment' | 'similar';

interface Query {
  folded: string;
  digits: string | undefined;
  limit: number;
}

/** Typos are tolerated in short text (names); e-mail addresses, phone numbers and long text match by fragment. */
const tolerant = (field: FieldDef) => field.type === 'text';

/** One entity's best hits of a phase, or nothing when the phase does not apply to its fields. */
function entityHits(entity: EntityDef, actor: Actor, scope: Scope, phase: Phase, q: Query) {
  const fields = entity.searchFields.flatMap((name) => entity.fields[name] ?? []);
  const fold = (field: FieldDef, alias: string) => sql`crm_fold(${sql.ref(`${alias}.${field.column}`)})`;
  const like = `%${escapeLike(q.folded)}%`;
  const tests =
    phase === 'fragment'
      ? fields.flatMap((f) => [
          sql<SqlBool>`${fold(f, 't')} LIKE ${like}`,
          ...(q.digits ? [sql<SqlBool>`${fold(f, 't')} LIKE ${`%${q.digits}%`}`] : []),
        ])
      : fields.filter(tolerant).map((f) => sql<SqlBool>`${q.folded} <% ${fold(f, 't')}`);
  if (tests.length === 0) return [];
  const titleColumn = entity.fields[entity.titleField]?.column ?? entity.titleField;
  const columns = [...new Set(['id', titleColumn, ...fields.map((f) => f.column)])];
  const score = sql`greatest(${sql.join(fields.map((f) => sql`word_similarity(${q.folded}, coalesce(${fold(f, 'c')}, ''))`))})`;
  const where = and([
    sql<SqlBool>`t.deleted_at IS NULL`,
    scopeCondition(actor, entity, scope, 't'),
    or(tests),
  ]);
  return [
    sql`(SELECT ${entity.name}::text AS entity, c.id::text AS id, ${sql.ref(`c.${titleColumn}`)}::text AS title,
        ${score}::float8 AS score
      FROM (SELECT ${sql.join(columns.map((column) => sql.ref(`t.${column}`)))} FROM ${sql.table(entity.table)} t
        WHERE ${where} LIMIT ${CANDIDATES}) c
      ORDER BY score DESC LIMIT ${q.limit})`,
  ];
}

async function searchPhase(db: Db, registry: EntityRegistry, actor: Actor, phase: Phase, q: Query) {
  const parts = registry.all().flatMap((entity) => {
    const scope = grantOf(actor, entity, 'read');
    return scope ? entityHits(entity, actor, scope, phase, q) : [];
  });
  if (parts.length === 0) return [];
  const result = await sql<SearchHit>`SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) hits
    ORDER BY score DESC, title LIMIT ${q.limit}`.execute(db);
  return result.rows.map((row) => ({ ...row, score: Number(row.score) }));
}

/**
 * Global search, in two steps over every entity the actor may read, case and accents folded (crm_fold: "muller"
 * finds "Müller"):
 *  1. records whose search fields contain the text ("mül" in "Müller", a fragment of an e-mail address, a phone
 *     number without its separators);
 *  2. only if that leaves the page short: records whose short text fields resemble it word by word (pg_trgm word
 *     similarity: "Schmitd" finds "Schmidt"), after the first step's hits.
 * Each step ranks by word similarity, but only among the first 100 matching rows of an entity: a query matching
 * thousands of records (a common first name) shows good matches at once rather than the very best after seconds;
 * a longer query narrows it. Entities index crm_fold(column) with gin_trgm_ops, which serves both steps.
 */
export async function globalSearch(
  db: Db,
  registry: EntityRegistry,
  actor: Actor,
  text: string,
  limit = 20,
): Promise<SearchHit[]> {
  const q = text.trim();
  if (q.length < 2 || q.length > 200) {
    throw new BadRequest('Search text must have 2 to 200 characters.', [
      { field: 'q', message: 'must have 2 to 200 characters', code: 'length' },
    ]);
  }
  // PostgreSQL text cannot hold U+0000; sent as a parameter it fails the query with a 500 instead of a 400.
  if (q.includes('\u0000')) {
    throw new BadRequest('Search text must not contain the NUL character.', [
      { field: 'q', message: 'must not contain the NUL character', code: 'format' },
    ]);
  }
  const folded = await sql<{ q: string }>`SELECT crm_fold(${q}) AS q`.execute(db);
  const query = { folded: folded.rows[0]?.q ?? q.toLowerCase(), digits: phoneDigits(q), limit };
  const hits = await searchPhase(db, registry, actor, 'fragment', query);
  if (hits.length >= limit) return hits;
  const found = new Set(hits.map((hit) => `${hit.entity}:${hit.id}`));
  const similar = await searchPhase(db, registry, actor, 'similar', query);
  return [...hits, ...similar.filter((hit) => !found.has(`${hit.entity}:${hit.id}`))].slice(0, limit);
}
