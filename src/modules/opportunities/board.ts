import { type SqlBool, sql } from 'kysely';
import { BadRequest, NotFound, fieldError } from '../../core/errors.js';
import { normaliseDecimal } from '../../core/field-values.js';
import type { FieldDef } from '../../core/fields.js';
import type { ListQuery } from '../../core/filter.js';
import type { Actor } from '../../core/permissions.js';
import type { Condition } from '../../core/query.js';
import { ALIAS, type ListResult } from '../../core/record-reads.js';
import type { Records } from '../../core/records.js';
import type { ApiRecord } from '../../core/row.js';
import { columnSums } from './board-sums.js';
import { opportunityEntity } from './entities.js';
import { type Query, uuidParam, viewListQuery } from './query-params.js';
import { defaultPipeline, readPipeline } from './pipelines.js';

/**
 * The Kanban board of a pipeline: its stages in order, each with count and sums of its cards and the first page of
 * them by rank (move.ts). Cards are read by the engine's list machinery (records.list with a stage condition), so
 * permission scope, `filter[…]` parameters and keyset cursors are exactly those of the opportunity list; the sums
 * cover the same cards (board-sums.ts).
 */

/** What a card shows; the full record is one GET away. */
export const CARD_FIELDS = [
  'id',
  'version',
  'title',
  'amount',
  'currency',
  'probability',
  'expectedCloseDate',
  'ownerId',
  'priority',
  'status',
  'stageId',
  'stageChangedAt',
  'rank',
  'customerId',
  'prospectId',
  'leadId',
] as const;

export const BOARD_DEFAULT_LIMIT = 20;

/** Sums of one currency: amounts are never added across currencies. */
export interface CurrencySums {
  currency: string;
  amount: string;
  weighted: string;
}

export interface BoardColumn {
  id: string;
  name: string;
  nameDe: string | null;
  kind: string;
  probability: number;
  folded: boolean;
  rottingDays: number | null;
  count: number;
  sums: CurrencySums[];
  cards: ApiRecord[];
  nextCursor: string | null;
}

interface StageRow {
  id: string;
  name: string;
  name_de: string | null;
  kind: string;
  probability: string;
  folded: boolean;
  rotting_days: number | null;
}

/**
 * The list query of the board: the list view's filters and limit, always in rank order over live cards. Sort,
 * field selection, totals and trash do not apply to a board; they are refused rather than silently ignored.
 */
function boardQuery(records: Records, query: Query, own: string[]): ListQuery {
  const entity = records.current(opportunityEntity);
  const parsed = viewListQuery(records, query, own, ['sort', 'fields', 'total', 'trash'], {
    limit: String(BOARD_DEFAULT_LIMIT),
  });
  const field = (name: string) => entity.allFields[name] as FieldDef;
  return {
    ...parsed,
    sort: [{ field: field('rank'), desc: false }],
    fields: CARD_FIELDS.map(field),
    withTotal: false,
    trash: false,
  };
}

const inStage = (stageId: string): Condition =>
  sql<SqlBool>`${sql.ref(`${ALIAS}.stage_id`)} = CAST(${stageId} AS uuid)`;

function listColumn(records: Records, actor: Actor, query: ListQuery, stageId: string): Promise<ListResult> {
  return records.list(actor, opportunityEntity, query, inStage(stageId));
}

async function stagesOf(records: Records, pipelineId: string): Promise<StageRow[]> {
  const { rows } = await sql<StageRow>`SELECT id, name, name_de, kind, probability::text, folded, rotting_days
    FROM pipeline_stages WHERE pipeline_id = ${pipelineId}::uuid AND deleted_at IS NULL
    ORDER BY position, id`.execute(records.db);
  return rows;
}

/** The board of `pipelineId` (default: the default pipeline) with the list view's filters applied. */
export async function readBoard(
  records: Records,
  actor: Actor,
  query: Query,
): Promise<{ pipelineId: string; columns: BoardColumn[] }> {
  const list = boardQuery(records, query, ['pipelineId', 'cursor']);
  let pipelineId = uuidParam(query, 'pipelineId');
  if (pipelineId) {
    const pipeline = await readPipeline(records.db, pipelineId);
    if (!pipeline || pipeline.deleted_at !== null) throw new NotFound(`No pipeline with id ${pipelineId}.`);
  } else {
    pipelineId = (await defaultPipeline(records.db)).pipelineId;
  }
  const stages = await stagesOf(records, pipelineId);
  const sums = await columnSums(
    records.db,
    actor,
    list,
    stages.map((stage) => stage.id),
  );
  // One keyset page per column; sequential, since PGlite serves one statement at a time anyway.
  const columns: BoardColumn[] = [];
  for (const stage of stages) {
    const page = await listColumn(records, actor, list, stage.id);
    const own = sums.filter((row) => row.stage_id === stage.id);
    columns.push({
      id: stage.id,
      name: stage.name,
      nameDe: stage.name_de,
      kind: stage.kind,
      probability: Number(stage.probability),
      folded: stage.folded,
      rottingDays: stage.rotting_days,
      count: own.reduce((total, row) => total + row.n, 0),
      sums: own.map((row) => ({
        currency: row.currency,
        amount: normaliseDecimal(row.amount),
        weighted: normaliseDecimal(row.weighted),
      })),
      cards: page.data,
      nextCursor: page.nextCursor,
    });
  }
  return { pipelineId, columns };
}

/** The next page of one column: `cursor` is a column's `nextCursor`, the filters those the board was read with. */
export async function readColumn(records: Records, actor: Actor, query: Query): Promise<ListResult> {
  const stageId = uuidParam(query, 'stageId');
  if (!stageId) throw new BadRequest('Missing stageId.', [fieldError('stageId', 'is required')]);
  const list = boardQuery(records, query, ['stageId']);
  const { rows } =
    await sql`SELECT 1 FROM pipeline_stages WHERE id = ${stageId}::uuid AND deleted_at IS NULL`.execute(
      records.db,
    );
  if (!rows.length) throw new NotFound(`No stage with id ${stageId}.`);
  const page = await listColumn(records, actor, list, stageId);
  return { data: page.data, nextCursor: page.nextCursor };
}
