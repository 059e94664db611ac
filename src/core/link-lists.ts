import { type SqlBool, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { EntityDef, EntityRegistry } from './entity.js';
import { type FieldError, ValidationFailed } from './errors.js';
import { jsonValue } from './field-values.js';
import type { FieldDef, FieldInput, Label } from './fields.js';
import { type Actor, readableCondition } from './permissions.js';
import type { Condition } from './query.js';

/**
 * Link lists: a json field that links one record to many records of several entities, each with a role —
 * `[{ "entity": "customer", "id": "…", "role": "Purchasing" }]` on a contact or an address. Stored as jsonb with a
 * GIN (jsonb_path_ops) index, so "the contacts of customer X" is one indexed containment test
 * (`links @> '[{"entity":"customer","id":"X"}]'`), and re-pointing links (merge, conversion) finds its rows the
 * same way. Like multilinks they have no foreign keys: targets are checked on write (they exist, are live, and the
 * writer may read them), and the engine finds every link list through the registry by the field's marker.
 */
export interface Link {
  entity: string;
  id: string;
  role: string | null;
}

const TARGETS = 'x-link-targets';
export const MAX_LINKS = 100;
const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** A link list field; `targets` are entity names, checked against the registry when the module registers. */
export function linkListField(input: { label: Label; targets: string[]; description?: string }): FieldInput {
  const targets = [...input.targets];
  return {
    type: 'json',
    label: input.label,
    required: true,
    default: [],
    description:
      input.description ??
      `Links to records (${targets.join(', ')}), each with an optional role; at most ${MAX_LINKS}.`,
    schema: {
      type: 'array',
      maxItems: MAX_LINKS,
      [TARGETS]: targets,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['entity', 'id'],
        properties: {
          entity: { type: 'string', enum: targets },
          id: { type: 'string', format: 'uuid', pattern: UUID },
          role: { type: ['string', 'null'], maxLength: 100 },
        },
      },
    },
  };
}

/** The entities a link list field may point to; undefined for any other field. */
export function linkListTargets(field: FieldInput): string[] | undefined {
  if (field.type !== 'json') return undefined;
  const targets = field.schema?.[TARGETS];
  return Array.isArray(targets) ? (targets as string[]) : undefined;
}

export interface LinkListRef {
  entity: EntityDef;
  field: FieldDef;
  targets: string[];
}

/** Every link list of every registered entity. */
export function linkListFields(registry: EntityRegistry): LinkListRef[] {
  return registry.all().flatMap((entity) =>
    Object.values(entity.fields).flatMap((field) => {
      const targets = linkListTargets(field);
      return targets ? [{ entity, field, targets }] : [];
    }),
  );
}

/** Fails at start-up when a link list names an entity the app does not have. */
export function checkLinkListTargets(registry: EntityRegistry): void {
  for (const { entity, field, targets } of linkListFields(registry)) {
    for (const target of targets) {
      if (!registry.find(target)) throw new Error(`${entity.name}.${field.name} links to unknown ${target}`);
    }
  }
}

/** A link list as stored or sent: ids in lower case, roles trimmed, an empty role as null. */
export function readLinks(value: unknown): Link[] {
  const parsed = jsonValue(value);
  if (!Array.isArray(parsed)) return [];
  return parsed.map((item: Partial<Link>) => {
    const role = typeof item.role === 'string' ? item.role.trim() : '';
    return { entity: String(item.entity), id: String(item.id).toLowerCase(), role: role || null };
  });
}

export const linkKey = (link: { entity: string; id: string }) => `${link.entity}:${link.id}`;

/**
 * Checks the links a write adds (links the record already had stay, even if their target went to the trash since):
 * no record twice, none to the record itself, every target live and readable by the writer. Links carried over by
 * a merge or conversion were checked when first written, so only their shape is. A target the writer may not read
 * is reported like a missing one, so the answer does not tell that it exists.
 */
export async function checkLinks(
  trx: Db,
  registry: EntityRegistry,
  actor: Actor,
  context: { entity: EntityDef; field: FieldDef; selfId: string | undefined; carryOver: boolean },
  links: Link[],
  before: Link[],
): Promise<void> {
  const { entity, field, selfId } = context;
  const errors: FieldError[] = [];
  const at = (i: number, part?: string) => [field.name, String(i), part].filter(Boolean).join('/');
  const seen = new Set<string>();
  const old = new Set(before.map(linkKey));
  const byTarget = new Map<string, Array<{ id: string; index: number }>>();
  links.forEach((link, i) => {
    const key = linkKey(link);
    if (seen.has(key))
      errors.push({ field: at(i), message: 'links the same record twice', code: 'duplicate' });
    seen.add(key);
    if (link.entity === entity.name && link.id === selfId) {
      errors.push({ field: at(i, 'id'), message: 'a record cannot link to itself', code: 'link' });
    }
    if (old.has(key) || context.carryOver) return;
    byTarget.set(link.entity, [...(byTarget.get(link.entity) ?? []), { id: link.id, index: i }]);
  });
  for (const [targetName, wanted] of byTarget) {
    const target = registry.get(targetName);
    const readable = readableCondition(actor, target, 't');
    const { rows } = await sql<{ id: string }>`SELECT t.id::text AS id FROM ${sql.table(target.table)} t
      WHERE t.id = ANY(${wanted.map((w) => w.id)}::uuid[]) AND t.deleted_at IS NULL AND ${readable}`.execute(
      trx,
    );
    const found = new Set(rows.map((row) => row.id));
    for (const { id, index } of wanted) {
      if (!found.has(id)) {
        errors.push({
          field: at(index, 'id'),
          message: 'refers to a record that does not exist',
          code: 'link',
        });
      }
    }
  }
  if (errors.length) throw new ValidationFailed(errors);
}

/** Rows whose link list `field` names the record `target`/`id` (index-backed containment). */
export function linkedTo(field: FieldDef, alias: string, target: string, id: string): Condition {
  const probe = JSON.stringify([{ entity: target, id: id.toLowerCase() }]);
  return sql<SqlBool>`${sql.ref(`${alias}.${field.column}`)} @> ${probe}::jsonb`;
}

/** Rows whose link list names any of the records. */
export function linkedToAny(field: FieldDef, alias: string, target: string, ids: string[]): Condition {
  const tests = ids.map((id) => linkedTo(field, alias, target, id));
  return sql<SqlBool>`(${sql.join(tests, sql` OR `)})`;
}

/**
 * Moves links from some records to another (`from` may be another entity, as when a prospect becomes a
 * customer). A link that would then name a record twice is dropped, keeping the role already there (or the moved
 * one when there was none). Returns the new list, or undefined when nothing moved.
 */
export function moveLinks(
  links: Link[],
  from: { entity: string; ids: string[] },
  to: { entity: string; id: string },
): Link[] | undefined {
  let moved = false;
  const out: Link[] = [];
  const byKey = new Map<string, Link>();
  for (const link of links) {
    const hit = link.entity === from.entity && from.ids.includes(link.id);
    moved ||= hit;
    const next = hit ? { ...link, entity: to.entity, id: to.id } : { ...link };
    const existing = byKey.get(linkKey(next));
    if (existing) {
      existing.role ??= next.role;
      continue;
    }
    byKey.set(linkKey(next), next);
    out.push(next);
  }
  return moved ? out : undefined;
}
