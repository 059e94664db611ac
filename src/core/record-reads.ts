import { type SqlBool, sql } from 'kysely';
import { type Db, PREPARE_MARK } from '../db/connect.js';
import type { EntityDef } from './entity.js';
import { Forbidden, NotFound, StaleVersion } from './errors.js';
import type { ListQuery } from './filter.js';
import {
  type Action,
  type Actor,
  ownerInScope,
  requireGrant,
  readCondition,
  readsBeyondScope,
  scopeCondition,
  scopeParts,
} from './permissions.js';
import {
  type Condition,
  afterCursor,
  and,
  cursorColumns,
  decodeCursor,
  encodeCursor,
  filterCondition,
  columnList,
  orderBy,
  sortColumns,
} from './query.js';
import { type ApiRecord, type Row, rowToRecord, translateDbError } from './row.js';

/** Reading records: lists with filters, sorts and keyset pages, and single rows, always inside the actor's scope. */

export interface ListResult {
  data: ApiRecord[];
  nextCursor: string | null;
  total?: number;
}

export const ALIAS = 't';

const trashCondition = (trash: boolean): Condition =>
  trash
    ? sql<SqlBool>`${sql.ref(`${ALIAS}.deleted_at`)} IS NOT NULL`
    : sql<SqlBool>`${sql.ref(`${ALIAS}.deleted_at`)} IS NULL`;

/** The rows of `entity` the actor may act on with `action`: scope and trash in one condition. */
export function visibleCondition(actor: Actor, entity: EntityDef, action: Action, trash = false): Condition {
  const scope = requireGrant(actor, entity, action);
  const rows =
    action === 'read'
      ? readCondition(actor, entity, scope, ALIAS)
      : scopeCondition(actor, entity, scope, ALIAS);
  return and([trashCondition(trash), rows]);
}

export async function listRecords(
  db: Db,
  actor: Actor,
  entity: EntityDef,
  query: ListQuery,
  extra?: Condition,
): Promise<ListResult> {
  const idField = entity.allFields.id;
  if (!idField) throw new Error('entity without id');
  const sort = query.sort.some((key) => key.field.name === 'id')
    ? query.sort
    : [...query.sort, { field: idField, desc: false }];
  const scope = requireGrant(actor, entity, 'read');
  const filters = and([
    trashCondition(query.trash),
    ...query.filters.map((f) => filterCondition(f, ALIAS)),
    ...(extra ? [extra] : []),
  ]);
  const page = query.cursor ? afterCursor(sort, decodeCursor(query.cursor, sort), ALIAS) : sql<SqlBool>`true`;
  const columns = query.fields
    ? [...new Set(['id', ...query.fields.map((f) => f.name)])]
        .map((name) => entity.allFields[name])
        .filter((f) => f !== undefined)
    : entity.readableFields;
  // One statement per page, written as raw SQL: the shapes repeat, and PostgreSQL plans each once per connection
  // (PREPARE_MARK). With two scope parts (own and team scopes: the owners' rows, other rows shared with the actor),
  // each part is read in list order up to the limit and the two are merged, so PostgreSQL can walk an
  // (owner_id, sort key) index for the owners' part instead of reading the table in sort order past every other
  // owner's rows.
  // Rows read through links have no owner index to walk: one condition for all of them.
  const parts = readsBeyondScope(entity)
    ? [readCondition(actor, entity, scope, ALIAS)]
    : scopeParts(actor, entity, scope, ALIAS);
  // The limit (an integer of 1 to MAX_LIMIT, parseListQuery) is written into the text: with it as a parameter,
  // PostgreSQL's generic plan of a prepared statement assumed a tenth of the table and looked costlier than
  // planning afresh, so it planned every page anew (0.2–0.3 ms of its time on a million contacts).
  const limit = sql.lit(query.limit + 1);
  const keys = cursorColumns(sort, ALIAS);
  const part = (condition: Condition, sortKeys: boolean) =>
    sql`select ${columnList(columns, ALIAS)}, ${sortKeys ? sql`${keys}, ${sortColumns(sort, ALIAS)}` : keys}
      from ${sql.table(entity.table)} as ${sql.id(ALIAS)} where ${and([filters, condition, page])}
      order by ${orderBy(sort, ALIAS)} limit ${limit}`;
  const cursorNames = sql.join(sort.map((_, i) => sql.id(`__k${i}`)));
  const statement =
    parts.length === 1
      ? sql<Row>`${sql.raw(PREPARE_MARK)} ${part(parts[0] as Condition, false)}`
      : sql<Row>`${sql.raw(PREPARE_MARK)} select ${columnList(columns)}, ${cursorNames}
          from (${sql.join(
            parts.map((condition) => sql`(${part(condition, true)})`),
            sql` union all `,
          )}) as u
          order by ${sql.join(sort.map((key, i) => sql`${sql.id(`__s${i}`)} ${sql.raw(key.desc ? 'DESC' : 'ASC')}`))}
          limit ${limit}`;
  // A cursor's values (which a client may edit) and filter values are cast in SQL; what PostgreSQL cannot
  // read (a year 0, a non-date in a cursor) must answer 400 like a bad write does, not 500.
  const { rows } = await statement.execute(db).catch((error: unknown) => {
    throw translateDbError(entity, error);
  });
  const more = rows.length > query.limit;
  const pageRows = more ? rows.slice(0, query.limit) : rows;
  const last = pageRows.at(-1);
  const result: ListResult = {
    data: pageRows.map((row) => rowToRecord(entity, row, columns)),
    nextCursor:
      more && last
        ? encodeCursor(
            sort,
            sort.map((_, i) => (last[`__k${i}`] as string | null) ?? null),
          )
        : null,
  };
  if (query.withTotal) {
    const counted = await db
      .selectFrom(`${entity.table} as ${ALIAS}`)
      .select(sql<number>`count(*)`.as('total'))
      .where(and([filters, readCondition(actor, entity, scope, ALIAS)]))
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        throw translateDbError(entity, error);
      });
    result.total = Number(counted.total);
  }
  return result;
}

/** One row the actor may read; for another action, also one they may do it to (else 403). */
export async function fetchRow(
  db: Db,
  actor: Actor,
  entity: EntityDef,
  id: string,
  action: Action,
  trash = false,
): Promise<Row> {
  const row = await db
    .selectFrom(`${entity.table} as ${ALIAS}`)
    .selectAll()
    .where(sql.ref(`${ALIAS}.id`), '=', id)
    .where(visibleCondition(actor, entity, 'read', trash))
    .executeTakeFirst();
  if (!row) throw new NotFound(`No ${entity.label.en.toLowerCase()} with id ${id}.`);
  if (action !== 'read') await requireInScope(db, actor, entity, action, row as Row);
  return row as Row;
}

/**
 * The record an action works on, locked until the transaction ends so two actions on it take turns (404 when the
 * actor may not read it, 403 when they may not do `action` to it); a stale `version` answers 412.
 */
export async function lockRecord(
  trx: Db,
  actor: Actor,
  entity: EntityDef,
  id: string,
  options: { version?: number | undefined; action?: Action } = {},
): Promise<ApiRecord> {
  await sql`SELECT id FROM ${sql.table(entity.table)} WHERE id = ${id} FOR UPDATE`.execute(trx);
  const row = await fetchRow(trx, actor, entity, id, options.action ?? 'update');
  if (options.version !== undefined && options.version !== row.version) {
    throw new StaleVersion(row.version as number);
  }
  return rowToRecord(entity, row);
}

/** A record the actor can read but not change answers 403, not 404: they know it exists. */
async function requireInScope(
  db: Db,
  actor: Actor,
  entity: EntityDef,
  action: Action,
  row: Row,
): Promise<void> {
  const scope = requireGrant(actor, entity, action);
  if (ownerInScope(actor, scope, (row.owner_id as string | null) ?? null)) return;
  const shared = await db
    .selectFrom('record_shares')
    .select('record_id')
    .where('entity', '=', entity.name)
    .where('record_id', '=', row.id as string)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (!shared) throw new Forbidden(`You may not ${action} this ${entity.label.en.toLowerCase()}.`);
}
