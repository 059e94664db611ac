import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { BadRequest, NotFound, Unauthenticated, fieldError } from '../../core/errors.js';
import type { Actor } from '../../core/permissions.js';
import type { Db } from '../../db/connect.js';

/**
 * Each user's inbox (migration 0012). Other modules write to it with `notify` inside the transaction of the change
 * they report; the routes let a user read their own inbox and mark it read. It is not a record entity: nobody
 * edits, shares, audits or trashes a notification, and everyone sees exactly their own, so neither roles nor the
 * record engine have anything to decide here.
 */

export interface NotificationInput {
  /** Who is told; duplicates, the actor and users in the trash are left out. */
  userIds: readonly string[];
  /** What happened, a stable snake_case word clients may key icons or texts by: `lead_assigned`. */
  kind: string;
  /** One line, in the language the writing module chose (the inbox shows it as it is). */
  title: string;
  body?: string;
  /** What it is about, by entity name (`lead`) and id, so a client can open the record. */
  entity?: string | undefined;
  recordId?: string | undefined;
  /** Who caused it; never told about their own action. */
  actorId?: string | null | undefined;
}

export interface Notification {
  id: string;
  createdAt: string;
  readAt: string | null;
  kind: string;
  title: string;
  body: string;
  entity: string | null;
  recordId: string | null;
  actorId: string | null;
}

export interface NotificationPage {
  data: Notification[];
  nextCursor: string | null;
}

export const KIND_PATTERN = /^[a-z][a-z0-9_]*$/;
const MAX_TITLE = 200;
const MAX_BODY = 2000;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** Record titles and comments end up in notifications; a long one is shortened rather than refusing the write. */
function shortened(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Tells users that something happened, in the caller's transaction (`trx`): if the change rolls back, so does its
 * notification. One statement for all recipients; a recipient id that names no live user is skipped instead of
 * failing the caller's write, since a notification is never a reason to refuse a change. Returns how many were
 * written.
 */
export async function notify(trx: Db, input: NotificationInput): Promise<number> {
  if (!KIND_PATTERN.test(input.kind)) throw new Error(`notify: kind must be snake_case, got "${input.kind}"`);
  if (input.recordId && !input.entity) throw new Error('notify: a recordId needs the entity it belongs to');
  const recipients = [...new Set(input.userIds)].filter((id) => id !== input.actorId);
  if (recipients.length === 0) return 0;
  const ids = recipients.map(() => uuidv7());
  const result = await sql`
    INSERT INTO notifications (id, user_id, kind, title, body, entity, record_id, actor_id)
    SELECT n.id, n.user_id, ${input.kind}, ${shortened(input.title, MAX_TITLE)},
      ${shortened(input.body ?? '', MAX_BODY)}, ${input.entity ?? null}, CAST(${input.recordId ?? null} AS uuid),
      CAST(${input.actorId ?? null} AS uuid)
    FROM unnest(CAST(${ids} AS uuid[]), CAST(${recipients} AS uuid[])) AS n (id, user_id)
    JOIN users u ON u.id = n.user_id AND u.deleted_at IS NULL`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** The user whose inbox a request reads; the system actor has none. */
export function inboxOwner(actor: Actor): string {
  if (!actor.userId) throw new Unauthenticated('Only a user has notifications.');
  return actor.userId;
}

const COLUMNS = [
  'id',
  'created_at as createdAt',
  'read_at as readAt',
  'kind',
  'title',
  'body',
  'entity',
  'record_id as recordId',
  'actor_id as actorId',
] as const;

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The last row of a page: its creation instant (microseconds, as the database returned it) and id. */
function encodeCursor(row: Notification): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.id])).toString('base64url');
}

/**
 * Checked to the last character before it reaches SQL: a cursor that casts badly would be a 500, and one naming a
 * day that does not exist (Feb 30) passes a pattern but not PostgreSQL, hence the round trip through Date.
 */
function decodeCursor(cursor: string): [string, string] {
  const bad = new BadRequest('Invalid cursor.', [fieldError('cursor', 'is not a cursor this list returned')]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw bad;
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || !ISO_INSTANT.test(at) || !UUID.test(id)) throw bad;
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 19) !== at.slice(0, 19)) throw bad;
  return [at, id];
}

/**
 * A page of the user's inbox, newest first. Keyset paging on (created_at, id): notifications written in one
 * transaction share their created_at, and the id (UUIDv7) keeps their order stable. Reads one row more than the
 * page to know whether another page follows.
 */
export async function listNotifications(
  db: Db,
  userId: string,
  options: { unread?: boolean | undefined; limit?: number | undefined; cursor?: string | undefined },
): Promise<NotificationPage> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  let query = db.selectFrom('notifications').select(COLUMNS).where('user_id', '=', userId);
  if (options.unread) query = query.where('read_at', 'is', null);
  if (options.cursor !== undefined) {
    const [at, id] = decodeCursor(options.cursor);
    query = query.where(sql<boolean>`(created_at, id) < (CAST(${at} AS timestamptz), CAST(${id} AS uuid))`);
  }
  const rows = (await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()) as Notification[];
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** Served by the partial index of unread notifications, so a large inbox of read ones costs nothing here. */
export async function countUnread(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Marks one notification read; reading it again keeps the first time. Another user's notification answers 404
 * like a missing one, so ids say nothing about other inboxes.
 */
export async function markRead(db: Db, userId: string, id: string): Promise<Notification> {
  const row = await db
    .updateTable('notifications')
    .set({ read_at: sql`COALESCE(read_at, now())` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (!row) throw new NotFound(`No notification with id ${id}.`);
  return row as Notification;
}

/** Marks every unread notification of the user read; returns how many were unread. */
export async function markAllRead(db: Db, userId: string): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
