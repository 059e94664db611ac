import { type SqlBool, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { EntityRegistry } from './entity.js';
import { BadRequest } from './errors.js';
import { type Actor, grantOf, scopeCondition } from './permissions.js';
import { and, escapeLike, or } from './query.js';

export interface SearchHit {
  entity: string;
  id: string;
  title: string;
  score: number;
}

/**
 * Global search: every entity the actor may read contributes rows whose search fields contain the text or
 * resemble it word by word (pg_trgm word similarity, so "Müler" finds "Müller"); case and accents are folded
 * (crm_fold, so "muller" finds it too). Entities index crm_fold(column) with gin_trgm_ops to keep this fast.
 * The best matches come first.
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
  const foldedQuery = folded.rows[0]?.q ?? q.toLowerCase();
  const parts = registry.all().flatMap((entity) => {
    const scope = grantOf(actor, entity, 'read');
    if (!scope) return [];
    const columns = entity.searchFields.map((name) => sql.ref(`t.${entity.fields[name]?.column ?? name}`));
    const title = sql.ref(`t.${entity.fields[entity.titleField]?.column ?? entity.titleField}`);
    const folded = columns.map((c) => sql`crm_fold(${c})`);
    const like = `%${escapeLike(foldedQuery)}%`;
    const matches = or(folded.map((c) => sql<SqlBool>`(${c} LIKE ${like} OR ${foldedQuery} <% ${c})`));
    const score = sql`greatest(${sql.join(folded.map((c) => sql`word_similarity(${foldedQuery}, coalesce(${c}, ''))`))})`;
    return [
      sql`(SELECT ${entity.name}::text AS entity, t.id::text AS id, ${title}::text AS title, ${score}::float8 AS score
        FROM ${sql.table(entity.table)} t
        WHERE ${and([sql<SqlBool>`t.deleted_at IS NULL`, scopeCondition(actor, entity, scope, 't'), matches])}
        ORDER BY score DESC LIMIT ${limit})`,
    ];
  });
  if (parts.length === 0) return [];
  const result =
    await sql<SearchHit>`SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) hits ORDER BY score DESC, title LIMIT ${limit}`.execute(
      db,
    );
  return result.rows.map((row) => ({ ...row, score: Number(row.score) }));
}
