import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { type DuplicateKey, type DuplicateSpec, keyColumns } from './duplicates.js';
import type { EntityDef } from './entity.js';
import type { Actor } from './permissions.js';
import { ALIAS, visibleCondition } from './record-reads.js';

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
  const where = spec.where ? sql`AND ${spec.where(ALIAS)}` : sql``;
  /** One key's (value, id) rows; a pair's value is both folded parts, joined. */
  const keyRows = (key: DuplicateKey) => {
    const [column, second] = keyColumns(entity, key);
    const value =
      key.kind === 'text'
        ? sql`crm_fold(${column})`
        : key.kind === 'pair'
          ? sql`crm_fold(${column}) || ' / ' || crm_fold(${second})`
          : sql`e.item ->> ${key.property}`;
    const from =
      key.kind === 'items'
        ? sql`CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(${column}) = 'array' THEN ${column} ELSE '[]'::jsonb END) AS e(item)`
        : sql``;
    return sql`SELECT ${value} AS value, ${sql.ref(`${ALIAS}.id`)} AS id
      FROM ${sql.table(entity.table)} AS ${sql.ref(ALIAS)} ${from}
      WHERE ${visible} ${where} AND coalesce(${value}, '') <> ''`;
  };
  // Keys of one name (a lead's phone and mobile) pool their values, so a phone meets the same mobile.
  for (const name of new Set(spec.keys.map((key) => key.name).filter((n) => !spec.alsoOnly?.includes(n)))) {
    const keys = spec.keys.filter((key) => key.name === name);
    const { rows } = await sql<{ value: string; ids: string[] }>`SELECT value,
        array_agg(DISTINCT id::text) AS ids
      FROM (${sql.join(keys.map(keyRows), sql` UNION ALL `)}) AS k
      GROUP BY 1 HAVING count(DISTINCT id) > 1
      ORDER BY 1 LIMIT ${MAX_KEY_GROUPS + 1}`.execute(db);
    if (rows.length > MAX_KEY_GROUPS) truncated = true;
    for (const row of rows.slice(0, MAX_KEY_GROUPS))
      pairs.push({ key: name, value: row.value, ids: row.ids });
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
