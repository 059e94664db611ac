import { sql } from 'kysely';
import { snakeCase } from '../../core/fields.js';
import type { Records, WriteContext } from '../../core/records.js';
import type { Row } from '../../core/row.js';
import { invalid, valueAfter } from '../opportunities/pipelines.js';
import {
  ACTIVITY_ENTITIES,
  REGARDING,
  attachmentEntity,
  callEntity,
  meetingEntity,
  noteEntity,
  taskEntity,
} from './entities.js';
import { notifyMentions } from './mentions.js';
import { mentionedIds, plainText, sanitizeNote } from './sanitize.js';

/**
 * The rules of activities, in the transaction of each write: what an activity is about and its customer, the
 * moment the timeline files it under, a note's cleaning and mentions, a call's subject, a meeting's end, a task's
 * done time.
 */

type Ctx = WriteContext & { columns: Row };

const SUMMARY_LENGTH = 200;

/** Records whose own customer an activity about them shares, most specific first. */
const CUSTOMER_SOURCES = ['salesOrderId', 'quotationId', 'opportunityId', 'leadId'].map((field) => {
  const regarding = REGARDING.find((entry) => entry.field === field);
  if (!regarding) throw new Error(`activities: ${field} is no regarding link`);
  return { field, column: snakeCase(field), table: regarding.target.table };
});

const writing = (ctx: Ctx) => ctx.action === 'create' || ctx.action === 'update';
const linkAfter = (ctx: Ctx, field: string) => valueAfter(ctx, snakeCase(field), field) as string | null;

/**
 * The customer of the record an activity is about, when the client named none: the order's, quotation's or
 * opportunity's customer, a converted lead's customer, else a contact's first linked customer.
 */
async function deriveCustomer(ctx: Ctx): Promise<void> {
  if ('customer_id' in ctx.columns) return;
  if (!REGARDING.some(({ field }) => snakeCase(field) in ctx.columns)) return;
  let customer: string | null = null;
  for (const source of CUSTOMER_SOURCES) {
    const recordId = linkAfter(ctx, source.field);
    if (!recordId) continue;
    const { rows } = await sql<{ customer_id: string | null }>`SELECT customer_id
      FROM ${sql.table(source.table)} WHERE id = ${recordId}`.execute(ctx.trx);
    customer = rows[0]?.customer_id ?? null;
    if (customer) break;
  }
  const contactId = linkAfter(ctx, 'contactId');
  if (!customer && contactId) {
    const { rows } = await sql<{ customer_id: string }>`SELECT (l->>'id')::uuid AS customer_id
      FROM contacts c, jsonb_array_elements(c.links) AS l
      WHERE c.id = ${contactId} AND l->>'entity' = 'customer' LIMIT 1`.execute(ctx.trx);
    customer = rows[0]?.customer_id ?? null;
  }
  // On an update that moved the activity, a customer derived from the old links would be wrong: it follows.
  if (customer || ctx.action === 'update') ctx.columns.customer_id = customer;
}

/** Notes and calls record what happened with someone: they must say with whom. */
function requireRegarding(ctx: Ctx): void {
  if (!REGARDING.some(({ field }) => linkAfter(ctx, field))) {
    throw invalid(
      'leadId',
      'name the record this is about: a lead, customer, contact, prospect, opportunity, quotation or sales order',
    );
  }
}

async function noteRules(ctx: Ctx): Promise<void> {
  if (!writing(ctx)) return;
  requireRegarding(ctx);
  if (ctx.action === 'create') ctx.columns.at = new Date().toISOString();
  if (typeof ctx.columns.body !== 'string') return;
  const body = sanitizeNote(ctx.columns.body);
  const text = plainText(body);
  if (!text) throw invalid('body', 'is empty once cleaned of markup');
  ctx.columns.body = body;
  ctx.columns.summary = text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1)}…` : text;
  const mentioned = await liveUsers(ctx, mentionedIds(body));
  ctx.columns.mentioned_user_ids = mentioned;
  const before = new Set((ctx.before?.mentionedUserIds as string[] | undefined) ?? []);
  await notifyMentions(
    ctx,
    mentioned.filter((id) => !before.has(id)),
    String(ctx.columns.summary),
  );
}

/** The ids that name users who exist (a mention of anyone else stays text, but mentions nobody). */
async function liveUsers(ctx: Ctx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: string }>`SELECT id FROM users
    WHERE id = ANY(${ids}::uuid[]) AND deleted_at IS NULL`.execute(ctx.trx);
  const live = new Set(rows.map((row) => row.id));
  return ids.filter((id) => live.has(id));
}

function callRules(ctx: Ctx): void {
  if (!writing(ctx)) return;
  requireRegarding(ctx);
  if (ctx.action === 'create' && ctx.columns.at === undefined) ctx.columns.at = new Date().toISOString();
  const subject = valueAfter(ctx, 'subject', 'subject');
  if (typeof subject !== 'string' || !subject.trim()) {
    const inbound = valueAfter(ctx, 'direction', 'direction') === 'inbound';
    ctx.columns.subject = inbound ? 'Inbound call' : 'Outbound call';
  }
}

function meetingRules(ctx: Ctx): void {
  if (!writing(ctx) || !('at' in ctx.columns || 'ends_at' in ctx.columns)) return;
  const starts = new Date(String(valueAfter(ctx, 'at', 'at')));
  const ends = new Date(String(valueAfter(ctx, 'ends_at', 'endsAt')));
  if (ends < starts) throw invalid('endsAt', 'must not be before the start');
}

function taskRules(ctx: Ctx): void {
  if (!writing(ctx)) return;
  if (ctx.action === 'create') ctx.columns.at = new Date().toISOString();
  if (!('status' in ctx.columns)) return;
  const done = ctx.columns.status === 'done';
  const wasDone = ctx.before?.status === 'done';
  if (done && !wasDone) ctx.columns.done_at = new Date().toISOString();
  if (!done) ctx.columns.done_at = null;
}

/** A file is always on a record, filed under the moment it was uploaded. */
function attachmentRules(ctx: Ctx): void {
  if (!writing(ctx)) return;
  requireRegarding(ctx);
  if (ctx.action === 'create') ctx.columns.at = new Date().toISOString();
}

export function registerActivityRules(records: Records): void {
  for (const entity of ACTIVITY_ENTITIES) records.on(entity.name, { beforeWrite: deriveCustomer });
  records.on(noteEntity.name, { beforeWrite: noteRules });
  records.on(callEntity.name, { beforeWrite: callRules });
  records.on(meetingEntity.name, { beforeWrite: meetingRules });
  records.on(taskEntity.name, { beforeWrite: taskRules });
  records.on(attachmentEntity.name, { beforeWrite: attachmentRules });
}
