import { type SqlBool, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { EntityDef, EntityRegistry } from './entity.js';
import { BadRequest } from './errors.js';
import type { FieldDef } from './fields.js';
import { type Actor, type Scope, grantOf, readCondition } from './permissions.js';
import { type Condition, and, escapeLike, or } from './query.js';

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
/** Corrections per query word: the closest words of the vocabulary, none much further than the closest. */
const CORRECTIONS = 3;
const CORRECTION_MARGIN = 0.1;
/** Query words corrected at most (the longest): each adds an index probe per typo-tolerant field and entity. */
const MAX_WORDS = 6;

interface Query {
  folded: string;
  digits: string | undefined;
  limit: number;
}

/** What a phase asks of a record: its search fields contain the text, or a corrected form of every query word. */
type Match = { phase: 'fragment' } | { phase: 'similar'; corrections: string[][] };

/** Typos are tolerated in short text (names); e-mail addresses, phone numbers and long text match by fragment. */
export const tolerant = (field: FieldDef) => field.type === 'text';

/** One entity's best hits of a phase, or nothing when the phase does not apply to its fields. */
function entityHits(entity: EntityDef, actor: Actor, scope: Scope, match: Match, q: Query) {
  const fields = entity.searchFields.flatMap((name) => entity.fields[name] ?? []);
  if (fields.length === 0) return [];
  const fold = (field: FieldDef, alias: string) => sql`crm_fold(${sql.ref(`${alias}.${field.column}`)})`;
  const like = `%${escapeLike(q.folded)}%`;
  let test: Condition;
  if (match.phase === 'fragment') {
    test = or(
      fields.flatMap((f) => [
        sql<SqlBool>`${fold(f, 't')} LIKE ${like}`,
        ...(q.digits ? [sql<SqlBool>`${fold(f, 't')} LIKE ${`%${q.digits}%`}`] : []),
      ]),
    );
  } else {
    const names = fields.filter(tolerant);
    if (names.length === 0) return [];
    // Every query word, in one field or another, as one of its corrections.
    test = and(
      match.corrections.map((words) => {
        const patterns = words.map((word) => `%${escapeLike(word)}%`);
        return or(names.map((f) => sql<SqlBool>`${fold(f, 't')} LIKE ANY(CAST(${patterns} AS text[]))`));
      }),
    );
  }
  const titleColumn = entity.fields[entity.titleField]?.column ?? entity.titleField;
  const columns = [...new Set(['id', titleColumn, ...fields.map((f) => f.column)])];
  const similarity = (f: FieldDef) => sql`word_similarity(${q.folded}, coalesce(${fold(f, 'c')}, ''))`;
  const score = sql`greatest(${sql.join(fields.map(similarity))})`;
  const where = and([sql<SqlBool>`t.deleted_at IS NULL`, readCondition(actor, entity, scope, 't'), test]);
  return [
    sql`(SELECT ${entity.name}::text AS entity, c.id::text AS id, ${sql.ref(`c.${titleColumn}`)}::text AS title,
        ${score}::float8 AS score
      FROM (SELECT ${sql.join(columns.map((column) => sql.ref(`t.${column}`)))} FROM ${sql.table(entity.table)} t
        WHERE ${where} LIMIT ${CANDIDATES}) c
      ORDER BY score DESC LIMIT ${q.limit})`,
  ];
}

async function searchPhase(db: Db, registry: EntityRegistry, actor: Actor, match: Match, q: Query) {
  const parts = registry.all().flatMap((entity) => {
    const scope = grantOf(actor, entity, 'read');
    return scope ? entityHits(entity, actor, scope, match, q) : [];
  });
  if (parts.length === 0) return [];
  const result = await sql<SearchHit>`SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) hits
    ORDER BY score DESC, title LIMIT ${q.limit}`.execute(db);
  return result.rows.map((row) => ({ ...row, score: Number(row.score) }));
}

/**
 * The closest words of the vocabulary (search_words, migration 0009) to each query word, by trigram similarity
 * (at least pg_trgm.similarity_threshold, 0.3; the GIN index finds the words that share enough trigrams).
 * Undefined when a word has none: no record can then contain every word of the query.
 */
async function correct(db: Db, words: string[]): Promise<string[][] | undefined> {
  const { rows } = await sql<{ i: number; word: string; similarity: number }>`
    SELECT q.i::int AS i, s.word, s.similarity
    FROM unnest(CAST(${words} AS text[])) WITH ORDINALITY AS q (w, i)
    CROSS JOIN LATERAL (
      SELECT v.word, similarity(v.word, q.w)::float8 AS similarity FROM search_words v
      WHERE v.word % q.w ORDER BY v.word <-> q.w, v.word LIMIT ${CORRECTIONS}
    ) s`.execute(db);
  const corrections = words.map((_, i) => {
    const close = rows.filter((row) => Number(row.i) === i + 1);
    const best = Math.max(...close.map((row) => Number(row.similarity)));
    return close.filter((row) => Number(row.similarity) >= best - CORRECTION_MARGIN).map((row) => row.word);
  });
  return corrections.every((c) => c.length > 0) ? corrections : undefined;
}

/**
 * Global search, in two steps over every entity the actor may read, case and accents folded (crm_fold: "muller"
 * finds "Müller"):
 *  1. records whose search fields contain the text ("mül" in "Müller", a fragment of an e-mail address, a phone
 *     number without its separators);
 *  2. only if that leaves the page short: each query word is corrected against the vocabulary of typo-tolerant
 *     fields (search_words: "schmitd" → "schmidt", "schmid"), and records are found whose short text fields hold
 *     a correction of every word, after the first step's hits. Correcting against the vocabulary (one row per
 *     distinct word) first, instead of comparing the query with every record, keeps a word that resembles
 *     nothing cheap.
 * Each step ranks by word similarity to the query, but only among the first 100 matching rows of an entity: a
 * query matching thousands of records (a common first name) shows good matches at once rather than the very best
 * after seconds; a longer query narrows it. Entities index crm_fold(column) with gin_trgm_ops, which serves both
 * steps.
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
  // The words as the vocabulary's triggers split them (crm_words), so a query word and a stored word compare.
  const folded = await sql<{
    q: string;
    words: string[];
  }>`SELECT crm_fold(${q}) AS q, crm_words(${q}) AS words`.execute(db);
  const row = folded.rows[0];
  const query = { folded: row?.q ?? q.toLowerCase(), digits: phoneDigits(q), limit };
  const hits = await searchPhase(db, registry, actor, { phase: 'fragment' }, query);
  const words = [...(row?.words ?? [])].sort((a, b) => b.length - a.length).slice(0, MAX_WORDS);
  if (hits.length >= limit || words.length === 0) return hits;
  const corrections = await correct(db, words);
  if (!corrections) return hits;
  const found = new Set(hits.map((hit) => `${hit.entity}:${hit.id}`));
  const similar = await searchPhase(db, registry, actor, { phase: 'similar', corrections }, query);
  return [...hits, ...similar.filter((hit) => !found.has(`${hit.entity}:${hit.id}`))].slice(0, limit);
}
