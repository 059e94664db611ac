import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { EntityDef } from '../../core/entity.js';
import { BadRequest } from '../../core/errors.js';
import { snakeCase } from '../../core/fields.js';
import { type Actor, readableCondition } from '../../core/permissions.js';
import type { Records } from '../../core/records.js';
import { type ApiRecord, type Row, rowToRecord } from '../../core/row.js';
import { PREPARE_MARK } from '../../db/connect.js';
import { opportunityEntity } from '../opportunities/entities.js';
import { quotationEntity } from '../sales/quotation-entity.js';
import { salesOrderEntity } from '../sales/sales-order-entity.js';
import { ACTIVITY_ENTITIES, REGARDING } from './entities.js';

/**
 * One record's timeline, newest first (GET /api/v1/<entity>/{id}/timeline): the activities about it (and, for a
 * customer, about its contacts, deals and documents, through their customer), its own audited changes, and the
 * status and stage changes of the deals and documents linked to it. Each source is read in timeline order from
 * its own index up to the page size, and the pieces merged: a page costs a few index walks however long the
 * history. Every item is checked against the reader: an activity by its read rule (its owner's scope, or a record
 * it is about that the reader may read), a linked record's change by that record's.
 */

export const TIMELINE_TYPES = ['note', 'call', 'meeting', 'task', 'attachment', 'change'] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];
export const TIMELINE_MAX_LIMIT = 100;

export interface TimelineQuery {
  limit: number;
  cursor?: string | undefined;
  types?: TimelineType[] | undefined;
}

export interface TimelineItem {
  id: string;
  type: TimelineType;
  at: string;
  /** The activity, or the audited record, by entity name and id. */
  entity: string;
  recordId: string;
  actorId: string | null;
  /** An activity as its own API returns it. */
  record?: ApiRecord;
  /** A change: what was done and the fields it changed (`{status: {from, to}}`). */
  action?: string;
  actorName?: string | null;
  changes?: Record<string, unknown>;
}

/** Deals and documents whose status and stage changes show on the timeline of the record they link to. */
const LINKED_DOCUMENTS = [opportunityEntity, quotationEntity, salesOrderEntity];
const LINKED_EVENT_FIELDS = ['status', 'stageId'];

interface Cursor {
  at: string;
  id: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString()) as unknown[];
    if (
      typeof at === 'string' &&
      !Number.isNaN(Date.parse(at)) &&
      typeof id === 'string' &&
      /^[0-9a-f-]{36}$/.test(id)
    )
      return { at, id };
  } catch {
    // Falls through to the error below.
  }
  throw new BadRequest('The cursor is not one this timeline gave out.', [
    { field: 'cursor', message: 'is not a timeline cursor', code: 'cursor' },
  ]);
}

type Piece = RawBuilder<unknown>;

/** `(at, id)` before the cursor, newest first. */
const before = (cursor: Cursor | null, at: string, id: string): RawBuilder<SqlBool> =>
  cursor
    ? sql<SqlBool>`(${sql.ref(at)}, ${sql.ref(id)}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`
    : sql<SqlBool>`true`;

function activityPieces(
  actor: Actor,
  entity: EntityDef,
  recordId: string,
  cursor: Cursor | null,
  limit: number,
) {
  const regarding = REGARDING.find((entry) => entry.target.name === entity.name);
  if (!regarding) return [];
  const column = snakeCase(regarding.field);
  return ACTIVITY_ENTITIES.map((activity): [TimelineType, Piece] => [
    activity.name as TimelineType,
    sql`(SELECT ${activity.name}::text AS type, a.id, a.at::text AS at FROM ${sql.table(activity.table)} AS a
        WHERE ${sql.ref(`a.${column}`)} = ${recordId} AND a.deleted_at IS NULL
          AND ${readableCondition(actor, activity, 'a')} AND ${before(cursor, 'a.at', 'a.id')}
        ORDER BY a.at DESC, a.id DESC LIMIT ${sql.lit(limit)})`,
  ]);
}

function changePieces(
  actor: Actor,
  entity: EntityDef,
  recordId: string,
  cursor: Cursor | null,
  limit: number,
) {
  const own = sql`(SELECT 'change'::text AS type, c.id, c.at::text AS at FROM audit_log AS c
    WHERE c.entity = ${entity.name} AND c.record_id = ${recordId} AND ${before(cursor, 'c.at', 'c.id')}
    ORDER BY c.at DESC, c.id DESC LIMIT ${sql.lit(limit)})`;
  const linked = LINKED_DOCUMENTS.flatMap((document) => {
    const link = Object.values(document.fields).find((f) => f.type === 'link' && f.target === entity.name);
    if (!link || document.name === entity.name) return [];
    return [
      sql`(SELECT 'change'::text AS type, c.id, c.at::text AS at FROM audit_log AS c
        WHERE c.entity = ${document.name}
          AND c.record_id IN (SELECT d.id FROM ${sql.table(document.table)} AS d
            WHERE ${sql.ref(`d.${link.column}`)} = ${recordId} AND ${readableCondition(actor, document, 'd')})
          AND (c.action = 'create' OR c.changes ?| ${LINKED_EVENT_FIELDS}::text[])
          AND ${before(cursor, 'c.at', 'c.id')}
        ORDER BY c.at DESC, c.id DESC LIMIT ${sql.lit(limit)})`,
    ];
  });
  return [own, ...linked];
}

export async function readTimeline(
  records: Records,
  actor: Actor,
  entity: EntityDef,
  recordId: string,
  query: TimelineQuery,
): Promise<{ data: TimelineItem[]; nextCursor: string | null }> {
  // The reader must see the record itself (404 otherwise, as for any record).
  await records.get(actor, entity, recordId);
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const wanted = new Set(query.types?.length ? query.types : TIMELINE_TYPES);
  const limit = query.limit + 1;
  const pieces = [
    ...activityPieces(actor, entity, recordId, cursor, limit)
      .filter(([type]) => wanted.has(type))
      .map(([, piece]) => piece),
    ...(wanted.has('change') ? changePieces(actor, entity, recordId, cursor, limit) : []),
  ];
  if (pieces.length === 0) return { data: [], nextCursor: null };
  // Prepared (planned once per connection): with a read condition per link in every piece, planning the statement
  // cost more than running it.
  const { rows } = await sql<{ type: TimelineType; id: string; at: string }>`${sql.raw(PREPARE_MARK)}
    SELECT type, id, at FROM (${sql.join(pieces, sql` UNION ALL `)}) AS t
    ORDER BY at::timestamptz DESC, id DESC LIMIT ${sql.lit(limit)}`.execute(records.db);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: await hydrate(records, page),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}

/** The page's items in full: activities as their API returns them, changes with who made them. */
async function hydrate(
  records: Records,
  page: Array<{ type: TimelineType; id: string }>,
): Promise<TimelineItem[]> {
  const byId = new Map<string, TimelineItem>();
  for (const activity of ACTIVITY_ENTITIES) {
    const ids = page.filter((row) => row.type === activity.name).map((row) => row.id);
    if (ids.length === 0) continue;
    const current = records.current(activity);
    const { rows } = await sql<Row>`SELECT * FROM ${sql.table(activity.table)}
      WHERE id = ANY(${ids}::uuid[])`.execute(records.db);
    for (const row of rows) {
      const record = rowToRecord(current, row);
      byId.set(record.id as string, {
        id: record.id as string,
        type: activity.name as TimelineType,
        at: new Date(String(record.at)).toISOString(),
        entity: activity.name,
        recordId: record.id as string,
        actorId: (record.ownerId as string | null) ?? (record.createdBy as string | null) ?? null,
        record,
      });
    }
  }
  const changeIds = page.filter((row) => row.type === 'change').map((row) => row.id);
  if (changeIds.length) {
    const { rows } = await sql<{
      id: string;
      entity: string;
      record_id: string;
      action: string;
      actor_id: string | null;
      full_name: string | null;
      at: Date | string;
      changes: Record<string, unknown>;
    }>`SELECT c.id, c.entity, c.record_id, c.action, c.actor_id, u.full_name, c.at, c.changes
      FROM audit_log c LEFT JOIN users u ON u.id = c.actor_id
      WHERE c.id = ANY(${changeIds}::uuid[])`.execute(records.db);
    for (const row of rows) {
      byId.set(row.id, {
        id: row.id,
        type: 'change',
        at: new Date(row.at).toISOString(),
        entity: row.entity,
        recordId: row.record_id,
        actorId: row.actor_id,
        actorName: row.full_name,
        action: row.action,
        changes: row.changes,
      });
    }
  }
  return page.map((row) => byId.get(row.id)).filter((item): item is TimelineItem => item !== undefined);
}
