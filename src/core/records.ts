import { type SqlBool, sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/connect.js';
import { type AuditAction, diffRecords, readHistory, writeAudit } from './audit.js';
import type { EntityDef, EntityRegistry } from './entity.js';
import { Forbidden, NotFound, StaleVersion, ValidationFailed } from './errors.js';
import type { ListQuery } from './filter.js';
import {
  type Action,
  type Actor,
  grantOf,
  ownerInScope,
  requireGrant,
  scopeCondition,
} from './permissions.js';
import {
  type Condition,
  afterCursor,
  and,
  cursorColumns,
  decodeCursor,
  encodeCursor,
  filterCondition,
  orderBy,
} from './query.js';
import {
  type ApiRecord,
  type Row,
  bodyToColumns,
  defaultColumns,
  rowToRecord,
  translateDbError,
} from './row.js';
import { assertValidWrite } from './validation.js';

export interface ListResult {
  data: ApiRecord[];
  nextCursor: string | null;
  total?: number;
}

export interface WriteContext {
  trx: Db;
  actor: Actor;
  entity: EntityDef;
  action: AuditAction;
  before: ApiRecord | null;
  after: ApiRecord | null;
}

/** Business rules of a module that must run in the same transaction as a write of one of its entities. */
export interface RecordHooks {
  /** Runs before the row is written; may refuse (throw a DomainError) or add system-set columns. */
  beforeWrite?(ctx: WriteContext & { columns: Row }): Promise<void> | void;
  afterWrite?(ctx: WriteContext): Promise<void> | void;
}

export interface WriteOptions {
  /** Columns the system sets itself (derived statuses, key hashes); they bypass client validation. */
  system?: Row;
  /** The version the client read (If-Match or body `version`); a different current version is a 412. */
  expectedVersion?: number | undefined;
  /** The grant a system change needs when it is not a plain update (revoking a key needs `delete`). */
  permission?: Action;
}

const ALIAS = 't';

export class Records {
  readonly #hooks = new Map<string, RecordHooks[]>();

  constructor(
    readonly db: Db,
    readonly registry: EntityRegistry,
  ) {}

  on(entityName: string, hooks: RecordHooks): void {
    this.registry.get(entityName);
    this.#hooks.set(entityName, [...(this.#hooks.get(entityName) ?? []), hooks]);
  }

  /** The rows of `entity` the actor may act on with `action`: scope and trash in one condition. */
  visible(actor: Actor, entity: EntityDef, action: Action, trash = false): Condition {
    const scope = requireGrant(actor, entity, action);
    const deleted = trash
      ? sql<SqlBool>`${sql.ref(`${ALIAS}.deleted_at`)} IS NOT NULL`
      : sql<SqlBool>`${sql.ref(`${ALIAS}.deleted_at`)} IS NULL`;
    return and([deleted, scopeCondition(actor, entity, scope, ALIAS)]);
  }

  async list(actor: Actor, entity: EntityDef, query: ListQuery): Promise<ListResult> {
    const idField = entity.allFields.id;
    if (!idField) throw new Error('entity without id');
    const sort = query.sort.some((key) => key.field.name === 'id')
      ? query.sort
      : [...query.sort, { field: idField, desc: false }];
    const where = and([
      this.visible(actor, entity, 'read', query.trash),
      ...query.filters.map((f) => filterCondition(f, ALIAS)),
    ]);
    const page = query.cursor
      ? afterCursor(sort, decodeCursor(query.cursor, sort), ALIAS)
      : sql<SqlBool>`true`;
    const columns = query.fields
      ? [...new Set(['id', ...query.fields.map((f) => f.name)])]
          .map((name) => entity.allFields[name])
          .filter((f) => f !== undefined)
      : entity.readableFields;
    // A cursor's values (which a client may edit) and filter values are cast in SQL; what PostgreSQL cannot
    // read (a year 0, a non-date in a cursor) must answer 400 like a bad write does, not 500.
    const rows = await this.db
      .selectFrom(`${entity.table} as ${ALIAS}`)
      .select([
        ...columns.map((f) => sql.ref(`${ALIAS}.${f.column}`).as(f.column)),
        ...cursorColumns(sort, ALIAS),
      ])
      .where(and([where, page]))
      .orderBy(orderBy(sort, ALIAS))
      .limit(query.limit + 1)
      .execute()
      .catch((error: unknown) => {
        throw translateDbError(entity, error);
      });
    const more = rows.length > query.limit;
    const pageRows = more ? rows.slice(0, query.limit) : rows;
    const last = pageRows.at(-1) as Row | undefined;
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
      const counted = await this.db
        .selectFrom(`${entity.table} as ${ALIAS}`)
        .select(sql<number>`count(*)`.as('total'))
        .where(where)
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          throw translateDbError(entity, error);
        });
      result.total = Number(counted.total);
    }
    return result;
  }

  async #fetchRow(
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
      .where(this.visible(actor, entity, 'read', trash))
      .executeTakeFirst();
    if (!row) throw new NotFound(`No ${entity.label.en.toLowerCase()} with id ${id}.`);
    if (action !== 'read') await this.#requireInScope(db, actor, entity, action, row as Row);
    return row as Row;
  }

  /** A record the actor can read but not change answers 403, not 404: they know it exists. */
  async #requireInScope(db: Db, actor: Actor, entity: EntityDef, action: Action, row: Row): Promise<void> {
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

  async get(
    actor: Actor,
    entity: EntityDef,
    id: string,
    options: { trash?: boolean } = {},
  ): Promise<ApiRecord> {
    return rowToRecord(entity, await this.#fetchRow(this.db, actor, entity, id, 'read', options.trash));
  }

  async history(actor: Actor, entity: EntityDef, id: string) {
    await this.#fetchRow(this.db, actor, entity, id, 'read', undefined).catch(async (error: unknown) => {
      // History stays readable while the record is in the trash.
      if (error instanceof NotFound) return this.#fetchRow(this.db, actor, entity, id, 'read', true);
      throw error;
    });
    return readHistory(this.db, entity, id);
  }

  async #runHooks(phase: 'beforeWrite' | 'afterWrite', ctx: WriteContext & { columns?: Row }): Promise<void> {
    for (const hooks of this.#hooks.get(ctx.entity.name) ?? []) {
      const hook = hooks[phase];
      if (hook) await hook.call(hooks, ctx as WriteContext & { columns: Row });
    }
  }

  /** Create inside an open transaction: bulk create and module actions call this. */
  async createIn(
    trx: Db,
    actor: Actor,
    entity: EntityDef,
    body: ApiRecord,
    columns: Row,
    options: WriteOptions = {},
  ) {
    const scope = requireGrant(actor, entity, 'create');
    const ownerId = entity.owned ? ((body.ownerId as string | null | undefined) ?? actor.userId) : null;
    if (entity.owned && !ownerInScope(actor, scope, ownerId)) {
      throw new Forbidden(`You may not create a ${entity.label.en.toLowerCase()} owned by someone else.`);
    }
    const now = new Date();
    const values: Row = {
      ...defaultColumns(entity, body),
      ...columns,
      ...options.system,
      id: uuidv7(),
      created_at: now,
      updated_at: now,
      created_by: actor.userId,
      owner_id: ownerId,
      version: 1,
    };
    const ctx = { trx, actor, entity, action: 'create' as const, before: null, after: null, columns: values };
    await this.#runHooks('beforeWrite', ctx);
    await this.#checkMultilinks(trx, entity, values);
    const row = await trx.insertInto(entity.table).values(values).returningAll().executeTakeFirstOrThrow();
    const after = rowToRecord(entity, row as Row);
    await writeAudit(trx, {
      entity,
      recordId: after.id as string,
      action: 'create',
      actor,
      at: now,
      changes: diffRecords(entity, null, after, values),
    });
    await this.#runHooks('afterWrite', { ...ctx, after });
    return after;
  }

  async create(
    actor: Actor,
    entity: EntityDef,
    body: unknown,
    options: WriteOptions = {},
  ): Promise<ApiRecord> {
    assertValidWrite(entity, 'create', body);
    const columns = await bodyToColumns(entity, body as ApiRecord);
    return this.transaction(entity, (trx) =>
      this.createIn(trx, actor, entity, body as ApiRecord, columns, options),
    );
  }

  async patchIn(
    trx: Db,
    actor: Actor,
    entity: EntityDef,
    id: string,
    body: ApiRecord,
    columns: Row,
    options: WriteOptions = {},
  ) {
    const permission = options.permission ?? 'update';
    const current = await this.#fetchRow(trx, actor, entity, id, permission);
    const expected = options.expectedVersion ?? (body.version as number | undefined);
    if (expected !== undefined && expected !== current.version)
      throw new StaleVersion(current.version as number);
    if (body.ownerId !== undefined && entity.owned) {
      const scope = requireGrant(actor, entity, permission);
      if (!ownerInScope(actor, scope, (body.ownerId as string | null) ?? null)) {
        throw new Forbidden('You may not hand this record to an owner outside your scope.');
      }
    }
    const values: Row = { ...columns, ...options.system };
    delete values.version;
    const before = rowToRecord(entity, current);
    const ctx = { trx, actor, entity, action: 'update' as const, before, after: null, columns: values };
    await this.#runHooks('beforeWrite', ctx);
    await this.#checkMultilinks(trx, entity, values);
    const now = new Date();
    const row = await trx
      .updateTable(entity.table)
      .set({ ...values, updated_at: now, version: sql`version + 1` })
      .where('id', '=', id)
      .where('version', '=', current.version)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new StaleVersion((current.version as number) + 1);
    const after = rowToRecord(entity, row as Row);
    const changes = diffRecords(entity, before, after, values);
    await writeAudit(trx, { entity, recordId: id, action: 'update', actor, at: now, changes });
    await this.#runHooks('afterWrite', { ...ctx, after });
    return after;
  }

  async patch(
    actor: Actor,
    entity: EntityDef,
    id: string,
    body: unknown,
    options: WriteOptions = {},
  ): Promise<ApiRecord> {
    assertValidWrite(entity, 'patch', body);
    const columns = await bodyToColumns(entity, body as ApiRecord);
    return this.transaction(entity, (trx) =>
      this.patchIn(trx, actor, entity, id, body as ApiRecord, columns, options),
    );
  }

  /** Moves a record to the trash, or back out of it. */
  async trashIn(
    trx: Db,
    actor: Actor,
    entity: EntityDef,
    id: string,
    restore: boolean,
    options: WriteOptions = {},
  ) {
    const current = await this.#fetchRow(trx, actor, entity, id, 'delete', restore);
    if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
      throw new StaleVersion(current.version as number);
    }
    const before = rowToRecord(entity, current);
    const action = restore ? ('restore' as const) : ('delete' as const);
    const ctx = { trx, actor, entity, action, before, after: null, columns: {} };
    await this.#runHooks('beforeWrite', ctx);
    const now = new Date();
    const row = await trx
      .updateTable(entity.table)
      .set({ deleted_at: restore ? null : now, updated_at: now, version: sql`version + 1` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = rowToRecord(entity, row as Row);
    await writeAudit(trx, {
      entity,
      recordId: id,
      action,
      actor,
      at: now,
      changes: diffRecords(entity, before, after),
    });
    await this.#runHooks('afterWrite', { ...ctx, after });
    return after;
  }

  remove(actor: Actor, entity: EntityDef, id: string, options: WriteOptions = {}): Promise<ApiRecord> {
    return this.transaction(entity, (trx) => this.trashIn(trx, actor, entity, id, false, options));
  }

  restore(actor: Actor, entity: EntityDef, id: string): Promise<ApiRecord> {
    return this.transaction(entity, (trx) => this.trashIn(trx, actor, entity, id, true));
  }

  /** Lets another user read and change one record of an owned entity. */
  async share(actor: Actor, entity: EntityDef, id: string, userId: string, revoke = false): Promise<void> {
    await this.transaction(entity, async (trx) => {
      await this.#fetchRow(trx, actor, entity, id, 'update');
      if (revoke) {
        await trx
          .deleteFrom('record_shares')
          .where('entity', '=', entity.name)
          .where('record_id', '=', id)
          .where('user_id', '=', userId)
          .execute();
      } else {
        const user = await trx
          .selectFrom('users')
          .select('id')
          .where('id', '=', userId)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (!user)
          throw new ValidationFailed([
            { field: 'userId', message: 'refers to no active user', code: 'link' },
          ]);
        await trx
          .insertInto('record_shares')
          .values({
            entity: entity.name,
            record_id: id,
            user_id: userId,
            created_by: actor.userId,
            created_at: new Date(),
          })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      const changes = { sharedWith: revoke ? { from: userId, to: null } : { from: null, to: userId } };
      await writeAudit(trx, { entity, recordId: id, action: 'share', actor, at: new Date(), changes });
    });
  }

  /** Multilinks are arrays without foreign keys, so their targets are checked here. */
  async #checkMultilinks(trx: Db, entity: EntityDef, values: Row): Promise<void> {
    for (const field of Object.values(entity.fields)) {
      const ids = values[field.column];
      if (field.type !== 'multilink' || !Array.isArray(ids) || ids.length === 0) continue;
      const target = this.registry.get(field.target as string);
      const found = await trx
        .selectFrom(target.table)
        .select('id')
        .where('id', 'in', ids as string[])
        .where('deleted_at', 'is', null)
        .execute();
      const known = new Set(found.map((row) => row.id as string));
      const missing = (ids as string[]).filter((id) => !known.has(id));
      if (missing.length) {
        throw new ValidationFailed([
          {
            field: field.name,
            message: `refers to records that do not exist: ${missing.join(', ')}`,
            code: 'link',
          },
        ]);
      }
    }
  }

  /** Runs `work` in one transaction and turns what PostgreSQL refuses into typed errors about the entity. */
  async transaction<T>(entity: EntityDef, work: (trx: Db) => Promise<T>, prefix = ''): Promise<T> {
    try {
      return await this.db.transaction().execute(work);
    } catch (error) {
      throw translateDbError(entity, error, prefix);
    }
  }

  grantOf(actor: Actor, entity: EntityDef, action: Action) {
    return grantOf(actor, entity, action);
  }
}
