import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/connect.js';
import { type AuditAction, diffRecords, readHistory, writeAudit } from './audit.js';
import type { EntityDef, EntityRegistry } from './entity.js';
import { Forbidden, NotFound, StaleVersion } from './errors.js';
import type { ListQuery } from './filter.js';
import { checkMultilinks } from './links.js';
import { type Action, type Actor, ownerInScope, requireGrant } from './permissions.js';
import type { Condition } from './query.js';
import { type ListResult, fetchRow, listRecords } from './record-reads.js';
import {
  type ApiRecord,
  type Row,
  bodyToColumns,
  defaultColumns,
  rowToRecord,
  translateDbError,
} from './row.js';
import { shareRecord } from './sharing.js';
import { treeRules } from './tree.js';
import { assertValidWrite } from './validation.js';

export type { ListResult } from './record-reads.js';

export interface WriteContext {
  trx: Db;
  actor: Actor;
  entity: EntityDef;
  action: AuditAction;
  before: ApiRecord | null;
  after: ApiRecord | null;
  /** How the write was asked for: hooks read flags such as `allowDuplicates` here. */
  options: WriteOptions;
  /** The fields as the client sent them (before defaults): a hook can tell "no owner named" from "me". */
  body: ApiRecord;
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
  /** The client confirmed the record may resemble others (`?duplicates=allow`); see core/duplicates.ts. */
  allowDuplicates?: boolean;
  /**
   * Values carried over from other records by a merge or a conversion: hooks skip checks that guard a person's
   * own choices (such as being able to read a linked record), which were made when those records were written,
   * and multilinks are not checked (a trashed tag moves with its record).
   */
  carryOver?: boolean;
}

export class Records {
  readonly #hooks = new Map<string, RecordHooks[]>();

  constructor(
    readonly db: Db,
    readonly registry: EntityRegistry,
  ) {
    // The engine's own rules come first, so a module's hooks see a write that keeps its tree intact.
    for (const entity of registry.all()) if (entity.tree) this.on(entity.name, treeRules(entity));
  }

  /**
   * The version of an entity a call works with. A definition as its module wrote it stands for "the current one"
   * (with the custom fields of the moment); any other version is kept, so one request that looked the entity up
   * once — validation, the write, hooks, audit, the answer — uses one definition even while they are reloaded.
   */
  current(entity: EntityDef): EntityDef {
    if (this.registry.defined(entity.name) !== entity) return entity;
    return this.registry.find(entity.name) ?? entity;
  }

  on(entityName: string, hooks: RecordHooks): void {
    this.registry.get(entityName);
    this.#hooks.set(entityName, [...(this.#hooks.get(entityName) ?? []), hooks]);
  }

  /** `where` narrows the list beyond what filters can say (the contacts linked to one customer). */
  list(actor: Actor, entity: EntityDef, query: ListQuery, where?: Condition): Promise<ListResult> {
    return listRecords(this.db, actor, this.current(entity), query, where);
  }

  async get(
    actor: Actor,
    entity: EntityDef,
    id: string,
    options: { trash?: boolean } = {},
  ): Promise<ApiRecord> {
    entity = this.current(entity);
    return rowToRecord(entity, await fetchRow(this.db, actor, entity, id, 'read', options.trash));
  }

  async history(actor: Actor, entity: EntityDef, id: string) {
    await fetchRow(this.db, actor, entity, id, 'read', undefined).catch(async (error: unknown) => {
      // History stays readable while the record is in the trash.
      if (error instanceof NotFound) return fetchRow(this.db, actor, entity, id, 'read', true);
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
    entity = this.current(entity);
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
    const action = 'create' as const;
    const ctx = { trx, actor, entity, action, before: null, after: null, columns: values, options, body };
    await this.#runHooks('beforeWrite', ctx);
    if (!options.carryOver) await checkMultilinks(trx, this.registry, entity, values, null);
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
    entity = this.current(entity);
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
    entity = this.current(entity);
    const permission = options.permission ?? 'update';
    const current = await fetchRow(trx, actor, entity, id, permission);
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
    const action = 'update' as const;
    const ctx = { trx, actor, entity, action, before, after: null, columns: values, options, body };
    await this.#runHooks('beforeWrite', ctx);
    if (!options.carryOver) await checkMultilinks(trx, this.registry, entity, values, before);
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
    entity = this.current(entity);
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
    entity = this.current(entity);
    const current = await fetchRow(trx, actor, entity, id, 'delete', restore);
    if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
      throw new StaleVersion(current.version as number);
    }
    const before = rowToRecord(entity, current);
    const action = restore ? ('restore' as const) : ('delete' as const);
    const ctx = { trx, actor, entity, action, before, after: null, columns: {}, options, body: {} };
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
    entity = this.current(entity);
    return this.transaction(entity, (trx) => this.trashIn(trx, actor, entity, id, false, options));
  }

  restore(actor: Actor, entity: EntityDef, id: string): Promise<ApiRecord> {
    entity = this.current(entity);
    return this.transaction(entity, (trx) => this.trashIn(trx, actor, entity, id, true));
  }

  /** Lets another user read and change one record of an owned entity. */
  share(actor: Actor, entity: EntityDef, id: string, userId: string, revoke = false): Promise<void> {
    return shareRecord(this, actor, entity, id, userId, revoke);
  }

  /** Runs `work` in one transaction and turns what PostgreSQL refuses into typed errors about the entity. */
  async transaction<T>(entity: EntityDef, work: (trx: Db) => Promise<T>, prefix = ''): Promise<T> {
    try {
      return await this.db.transaction().execute(work);
    } catch (error) {
      throw translateDbError(entity, error, prefix);
    }
  }
}
