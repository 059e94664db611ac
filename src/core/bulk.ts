import type { Db } from '../db/connect.js';
import type { EntityDef } from './entity.js';
import { BadRequest, DomainError, type FieldError, ValidationFailed } from './errors.js';
import type { Actor } from './permissions.js';
import type { Records, WriteOptions } from './records.js';
import { type ApiRecord, bodyToColumns, translateDbError } from './row.js';
import { validateWrite } from './validation.js';

export const MAX_BULK_ITEMS = 1000;

function itemPath(index: number): string {
  return `items/${index}`;
}

/** Names the item an error came from, so a client of a 1,000-item request knows which one to fix. */
function attributeToItem(error: unknown, entity: EntityDef, index: number): unknown {
  const translated = translateDbError(entity, error, itemPath(index));
  if (!(translated instanceof DomainError)) return translated;
  const prefix = `${itemPath(index)}/`;
  if (translated.errors.length === 0) {
    translated.errors.push({ field: itemPath(index), message: translated.message, code: translated.type });
  }
  for (const fieldError of translated.errors) {
    if (!fieldError.field.startsWith(prefix) && fieldError.field !== itemPath(index)) {
      fieldError.field = `${prefix}${fieldError.field}`;
    }
  }
  return translated;
}

function checkItems(items: unknown): unknown[] {
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_BULK_ITEMS) {
    throw new BadRequest(`A bulk request takes 1 to ${MAX_BULK_ITEMS} items.`, [
      { field: 'items', message: `must hold 1 to ${MAX_BULK_ITEMS} items`, code: 'maxItems' },
    ]);
  }
  return items;
}

/** Creates every item or none: all are validated first, then written in one transaction. */
/** Applies `write` to every item in one transaction; the first failure rolls all back and names its item. */
function eachInOneTransaction<T>(
  records: Records,
  entity: EntityDef,
  list: T[],
  write: (trx: Db, item: T, index: number) => Promise<ApiRecord>,
): Promise<ApiRecord[]> {
  return records.transaction(entity, async (trx) => {
    const done: ApiRecord[] = [];
    for (const [i, item] of list.entries()) {
      try {
        done.push(await write(trx, item, i));
      } catch (error) {
        throw attributeToItem(error, entity, i);
      }
    }
    return done;
  });
}

const RECORD_ID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

export async function bulkCreate(
  records: Records,
  actor: Actor,
  entity: EntityDef,
  items: unknown,
  options: WriteOptions = {},
): Promise<ApiRecord[]> {
  entity = records.current(entity);
  const list = checkItems(items);
  const errors: FieldError[] = list.flatMap((item, i) => validateWrite(entity, 'create', item, itemPath(i)));
  if (errors.length) throw new ValidationFailed(errors, 'Some items are invalid; nothing was created.');
  const columns = await Promise.all(list.map((item) => bodyToColumns(entity, item as ApiRecord)));
  return eachInOneTransaction(records, entity, list, (trx, item, i) =>
    records.createIn(trx, actor, entity, item as ApiRecord, columns[i] ?? {}, options),
  );
}

/** Each item is `{ id, version?, …fields }`; every change lands or none does. */
export async function bulkPatch(
  records: Records,
  actor: Actor,
  entity: EntityDef,
  items: unknown,
  options: WriteOptions = {},
): Promise<ApiRecord[]> {
  entity = records.current(entity);
  const list = checkItems(items);
  const errors: FieldError[] = [];
  const bodies: ApiRecord[] = [];
  for (const [i, item] of list.entries()) {
    const { id, ...body } = (typeof item === 'object' && item !== null ? item : {}) as ApiRecord;
    if (typeof id !== 'string' || !RECORD_ID.test(id)) {
      errors.push({
        field: `${itemPath(i)}/id`,
        message: 'must be the id of the record to change',
        code: 'required',
      });
    }
    errors.push(...validateWrite(entity, 'patch', body, itemPath(i)));
    bodies.push(body);
  }
  if (errors.length) throw new ValidationFailed(errors, 'Some items are invalid; nothing was changed.');
  const columns = await Promise.all(bodies.map((body) => bodyToColumns(entity, body)));
  return eachInOneTransaction(records, entity, list, (trx, item, i) =>
    records.patchIn(
      trx,
      actor,
      entity,
      (item as ApiRecord).id as string,
      bodies[i] ?? {},
      columns[i] ?? {},
      options,
    ),
  );
}

export async function bulkDelete(
  records: Records,
  actor: Actor,
  entity: EntityDef,
  ids: unknown,
): Promise<ApiRecord[]> {
  entity = records.current(entity);
  const list = checkItems(ids);
  const errors = list.flatMap((id, i) =>
    typeof id === 'string' && RECORD_ID.test(id)
      ? []
      : [{ field: itemPath(i), message: 'must be a record id', code: 'format' }],
  );
  if (errors.length) throw new ValidationFailed(errors, 'Some ids are invalid; nothing was deleted.');
  return eachInOneTransaction(records, entity, list, (trx, id) =>
    records.trashIn(trx, actor, entity, id as string, false),
  );
}
