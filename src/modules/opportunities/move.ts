import { generateKeyBetween } from 'fractional-indexing';
import { type SqlBool, sql } from 'kysely';
import type { Actor } from '../../core/permissions.js';
import { ALIAS, fetchRow, visibleCondition } from '../../core/record-reads.js';
import type { RecordHooks, Records, WriteContext } from '../../core/records.js';
import type { ApiRecord, Row } from '../../core/row.js';
import type { Db } from '../../db/connect.js';
import { opportunityEntity } from './entities.js';
import { invalid } from './pipelines.js';

/**
 * Order of the cards in a board column. Each opportunity has a `rank`, a fractional-indexing key (compared
 * byte-wise, COLLATE "C", migration 0016): a card dropped between two others gets a key between theirs, so no
 * other card is ever renumbered. Every writer of ranks in a column (a move into it, a create or stage change that
 * appends to it) first takes a transaction-scoped advisory lock on the column's stage: the neighbours' ranks it
 * reads stay current until it commits, so parallel moves neither lose a move nor hand out the same key twice.
 */

/** Namespace of the board's advisory locks (first key); the second is the hashed stage id. */
const COLUMN_LOCK = 60_016;

export interface MoveBody {
  stageId: string;
  afterId?: string | null;
  beforeId?: string | null;
  version?: number;
}

interface Card {
  id: string;
  rank: string;
  stage_id: string;
}

/** Serialises the writers of one column's ranks until the transaction ends (hash collisions only cost waiting). */
export async function lockColumn(trx: Db, stageId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${COLUMN_LOCK}, hashtext(${stageId}))`.execute(trx);
}

/** The live card next to `from` in (rank, id) order, leaving out the card being moved. */
async function adjacent(
  trx: Db,
  stageId: string,
  movingId: string | null,
  from: Card | null,
  direction: 'next' | 'previous',
): Promise<string | null> {
  const next = direction === 'next';
  const bound = from
    ? next
      ? sql<SqlBool>`(rank, id) > (${from.rank}::text COLLATE "C", ${from.id}::uuid)`
      : sql<SqlBool>`(rank, id) < (${from.rank}::text COLLATE "C", ${from.id}::uuid)`
    : sql<SqlBool>`true`;
  const order = sql.raw(next ? 'rank ASC, id ASC' : 'rank DESC, id DESC');
  // Walks the (stage_id, rank, id) index of live cards from `from` onwards: one index entry read.
  const { rows } = await sql<{ rank: string }>`SELECT rank FROM opportunities
    WHERE stage_id = ${stageId}::uuid AND deleted_at IS NULL AND id IS DISTINCT FROM ${movingId}::uuid
      AND ${bound}
    ORDER BY ${order} LIMIT 1`.execute(trx);
  return rows[0]?.rank ?? null;
}

/** The key after the last card of a column: where new cards and cards entering by a stage change go. */
export async function endOfColumn(trx: Db, stageId: string, movingId: string | null): Promise<string> {
  return generateKeyBetween(await adjacent(trx, stageId, movingId, null, 'previous'), null);
}

/**
 * A neighbour the client named: a live card of the target stage that the actor can see (a card they cannot see
 * is not on their board, so it is no place to drop next to).
 */
async function neighbour(
  trx: Db,
  actor: Actor,
  field: 'afterId' | 'beforeId',
  id: string,
  stageId: string,
  movingId: string,
): Promise<Card> {
  if (id === movingId) throw invalid(field, 'is the card being moved');
  const row = await trx
    .selectFrom(`opportunities as ${ALIAS}`)
    .select(['t.id', 't.rank', 't.stage_id'])
    .where(sql.ref(`${ALIAS}.id`), '=', id)
    .where(visibleCondition(actor, opportunityEntity, 'read'))
    .executeTakeFirst();
  if (!row) throw invalid(field, 'is not an opportunity you can see');
  if (row.stage_id !== stageId) throw invalid(field, 'is not in the target stage');
  return row as Card;
}

/** The new rank from the neighbours' current ranks; read under the column lock, so they cannot change meanwhile. */
async function rankBetween(trx: Db, actor: Actor, body: MoveBody, movingId: string): Promise<string> {
  const { stageId } = body;
  const after = body.afterId ? await neighbour(trx, actor, 'afterId', body.afterId, stageId, movingId) : null;
  const before = body.beforeId
    ? await neighbour(trx, actor, 'beforeId', body.beforeId, stageId, movingId)
    : null;
  if (after && before) {
    if (after.id === before.id) throw invalid('beforeId', 'is the same card as afterId');
    if (after.rank >= before.rank) throw invalid('beforeId', 'does not come after afterId in the column');
  }
  // Right after `afterId`, between it and whatever follows it now: a card another user dropped into the same gap
  // a moment ago is then a neighbour too, never a rank shared with it.
  if (after) return generateKeyBetween(after.rank, await adjacent(trx, stageId, movingId, after, 'next'));
  if (before) {
    return generateKeyBetween(await adjacent(trx, stageId, movingId, before, 'previous'), before.rank);
  }
  return endOfColumn(trx, stageId, movingId);
}

/**
 * Moves an opportunity into `stageId` between its neighbours (`afterId`, `beforeId`; neither: to the end of the
 * column). The stage change goes through the record update path, so every stage rule (probability, won, the lost
 * stage's refusal, status, stage history, audit) applies as for a PATCH; the rank rides along as a system column.
 */
export async function moveOpportunity(
  records: Records,
  actor: Actor,
  id: string,
  body: MoveBody,
): Promise<ApiRecord> {
  const entity = records.current(opportunityEntity);
  return records.transaction(entity, async (trx) => {
    // 404 for what the actor cannot see and 403 for what they may not change, before anything about the target.
    await fetchRow(trx, actor, entity, id, 'update');
    const stage = await trx
      .selectFrom('pipeline_stages')
      .select('id')
      .where('id', '=', body.stageId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!stage) throw invalid('stageId', 'is not a live stage');
    await lockColumn(trx, body.stageId);
    const rank = await rankBetween(trx, actor, body, id);
    const write = { stageId: body.stageId };
    const options = { system: { rank }, expectedVersion: body.version };
    return records.patchIn(trx, actor, entity, id, write, { stage_id: body.stageId }, options);
  });
}

type Ctx = WriteContext & { columns: Row };

/**
 * New cards and cards entering a stage by a plain write (create, PATCH of the stage or pipeline, lead conversion)
 * go to the end of their column; a move brings its own rank. Runs after the opportunity rules, which settle the
 * stage. A restored card keeps its place unless a live card took its rank while it was in the trash.
 */
async function placeCard(ctx: Ctx): Promise<void> {
  const { trx, columns, before } = ctx;
  if (ctx.options.system && 'rank' in ctx.options.system) return;
  if (ctx.action === 'restore' && before) {
    const stageId = before.stageId as string;
    await lockColumn(trx, stageId);
    const { rows } = await sql`SELECT 1 FROM opportunities WHERE stage_id = ${stageId}::uuid
      AND deleted_at IS NULL AND rank = ${before.rank as string}::text COLLATE "C" LIMIT 1`.execute(trx);
    // The restore writes only the trash mark, so a new rank is written here, ahead of it in the same transaction.
    if (rows.length) {
      const rank = await endOfColumn(trx, stageId, before.id as string);
      await trx
        .updateTable('opportunities')
        .set({ rank })
        .where('id', '=', before.id as string)
        .execute();
    }
    return;
  }
  const stageId = (columns.stage_id ?? before?.stageId) as string;
  const entering = ctx.action === 'create' || (ctx.action === 'update' && stageId !== before?.stageId);
  if (!entering) return;
  await lockColumn(trx, stageId);
  columns.rank = await endOfColumn(trx, stageId, (before?.id as string | undefined) ?? null);
}

export function registerRankRule(records: Records): void {
  const hooks: RecordHooks = { beforeWrite: placeCard };
  records.on(opportunityEntity.name, hooks);
}
