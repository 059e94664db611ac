import { sql } from 'kysely';
import { type EntityDef, type EntityRegistry, finishField } from '../../core/entity.js';
import { RuleViolation, ValidationFailed } from '../../core/errors.js';
import type { FieldDef } from '../../core/fields.js';
import type { Records, WriteContext } from '../../core/records.js';
import type { Row } from '../../core/row.js';
import {
  addColumn,
  countRows,
  choicesInUse,
  createIndex,
  ddlConflict,
  dropIndexes,
  duplicateValues,
  fillColumn,
  lockDefinitions,
  lockTable,
  setNotNull,
} from './ddl.js';
import {
  type CustomFieldSpec,
  checkSpec,
  columnOf,
  fieldInputOf,
  isArrayType,
  recordFromColumns,
  specFromRecord,
} from './definition.js';
import { customFieldEntity } from './entities.js';

/**
 * The rules of custom field definitions. Each change of a definition runs its DDL in the transaction that writes the
 * definition, so the column and its description commit together or not at all.
 */

type Context = WriteContext & { columns: Row };

const fieldOf = (spec: CustomFieldSpec): FieldDef => finishField(spec.name, fieldInputOf(spec));
/** "1 customer", "3 customers". */
const countOf = (count: number, entity: EntityDef) =>
  `${count} ${(count === 1 ? entity.label : entity.labelPlural).en.toLowerCase()}`;

function ownerOf(spec: CustomFieldSpec, registry: EntityRegistry): EntityDef {
  const entity = registry.defined(spec.entity);
  if (!entity) throw new RuleViolation(`The record type ${spec.entity} no longer exists.`);
  return entity;
}

function refuseIfInvalid(spec: CustomFieldSpec, registry: EntityRegistry): void {
  const errors = checkSpec(spec, registry);
  if (errors.length) throw new ValidationFailed(errors);
}

/** Adds the column (filled with the default if there is one), its NOT NULL and its index. */
async function createField({ trx, columns }: Context, registry: EntityRegistry): Promise<void> {
  const spec = specFromRecord({ ...recordFromColumns(columns), column: null });
  refuseIfInvalid(spec, registry);
  const entity = ownerOf(spec, registry);
  const taken = await trx
    .selectFrom('custom_fields')
    .select('deleted_at')
    .where('entity', '=', spec.entity)
    .where('name', '=', spec.name)
    .executeTakeFirst();
  if (taken) {
    const removed = taken.deleted_at !== null ? ' (removed: restore it, or purge it first)' : '';
    throw new RuleViolation(`${entity.label.en} already has a custom field "${spec.name}"${removed}.`, [
      { field: 'name', message: `is already used by another custom field${removed}`, code: 'unique' },
    ]);
  }
  columns.column_name = columnOf(spec.name);
  const field = fieldOf(spec);
  await lockTable(trx, entity);
  const rows = await countRows(trx, entity);
  if (spec.required && spec.defaultValue === null && rows > 0) {
    throw new ValidationFailed([
      {
        field: 'required',
        message:
          `there are ${countOf(rows, entity)} (the trash included) and none has a value yet: give a default value, ` +
          'or create the field optional and make it required once every record has one',
        code: 'required',
      },
    ]);
  }
  const target = spec.target ? registry.defined(spec.target) : undefined;
  await addColumn(trx, entity, field, target);
  if (spec.defaultValue !== null && rows > 0) await fillColumn(trx, entity, field, spec.defaultValue);
  if (spec.required) await setNotNull(trx, entity, field, true);
  await createIndex(trx, entity, field);
}

async function refuseRemovedOptions(
  trx: Context['trx'],
  entity: EntityDef,
  before: CustomFieldSpec,
  next: CustomFieldSpec,
) {
  const kept = new Set((next.options ?? []).map((o) => o.value));
  const dropped = (before.options ?? []).map((o) => o.value).filter((value) => !kept.has(value));
  if (dropped.length === 0) return;
  const used = await choicesInUse(trx, entity, fieldOf(next), dropped);
  if (used.values.length === 0) return;
  const values = used.values.map((v) => `"${v}"`).join(', ');
  throw new ValidationFailed([
    {
      field: 'options',
      message: `${values} still held by ${countOf(used.records, entity)} (the trash included): change them first`,
      code: 'options',
    },
  ]);
}

async function makeRequired(trx: Context['trx'], entity: EntityDef, field: FieldDef): Promise<void> {
  const missing = await countRows(trx, entity, sql`${sql.id(field.column)} IS NULL`);
  if (missing > 0) {
    throw new ValidationFailed([
      {
        field: 'required',
        message: `no value yet in ${countOf(missing, entity)} (the trash included): fill them in first`,
        code: 'required',
      },
    ]);
  }
  await setNotNull(trx, entity, field, true);
}

async function makeUnique(trx: Context['trx'], entity: EntityDef, field: FieldDef): Promise<void> {
  const duplicates = await duplicateValues(trx, entity, field);
  if (duplicates.length) {
    throw new ValidationFailed([
      {
        field: 'unique',
        message: `several ${entity.labelPlural.en.toLowerCase()} share a value: ${duplicates.map((v) => `"${v}"`).join(', ')}`,
        code: 'unique',
      },
    ]);
  }
}

/** Labels, position and default need no DDL; options, required and unique are checked against the data. */
async function changeField({ trx, before, columns }: Context, registry: EntityRegistry): Promise<void> {
  if (!before) return;
  const previous = specFromRecord(before);
  const next = specFromRecord({ ...before, ...recordFromColumns(columns) });
  refuseIfInvalid(next, registry);
  const sameOptions = JSON.stringify(previous.options) === JSON.stringify(next.options);
  if (sameOptions && previous.required === next.required && previous.unique === next.unique) return;
  const entity = ownerOf(next, registry);
  const field = fieldOf(next);
  await lockTable(trx, entity);
  if (!sameOptions) await refuseRemovedOptions(trx, entity, previous, next);
  if (next.required && !previous.required) await makeRequired(trx, entity, field);
  if (!next.required && previous.required) await setNotNull(trx, entity, field, false);
  if (next.unique !== previous.unique) {
    if (next.unique) await makeUnique(trx, entity, field);
    await dropIndexes(trx, entity, field);
    await createIndex(trx, entity, field);
  }
}

/** Hidden, not gone: the column keeps its data, but must no longer refuse records written without it. */
async function removeField({ trx, before }: Context, registry: EntityRegistry): Promise<void> {
  if (!before) return;
  const spec = specFromRecord(before);
  const entity = registry.defined(spec.entity);
  if (!entity || !spec.required || isArrayType(spec.type)) return;
  await lockTable(trx, entity);
  await setNotNull(trx, entity, fieldOf(spec), false);
}

/**
 * Back with its data. Records written while it was removed may lack a value; then it comes back optional (the
 * answer shows `required: false`) rather than not at all.
 */
async function restoreField({ trx, before }: Context, registry: EntityRegistry): Promise<void> {
  if (!before) return;
  const spec = specFromRecord(before);
  const entity = ownerOf(spec, registry);
  if (Object.hasOwn(entity.allFields, spec.name)) {
    throw new RuleViolation(
      `${entity.label.en} now has a built-in field "${spec.name}"; this custom field can only be purged.`,
    );
  }
  if (spec.target && !registry.defined(spec.target)) {
    throw new RuleViolation(`The record type ${spec.target} this field links to no longer exists.`);
  }
  if (!spec.required || isArrayType(spec.type)) return;
  const field = fieldOf(spec);
  await lockTable(trx, entity);
  const missing = await countRows(trx, entity, sql`${sql.id(field.column)} IS NULL`);
  if (missing === 0) {
    await setNotNull(trx, entity, field, true);
    return;
  }
  await trx.updateTable('custom_fields').set({ required: false }).where('id', '=', spec.id).execute();
}

export function registerCustomFieldRules(records: Records): void {
  const registry = records.registry;
  records.on(customFieldEntity.name, {
    async beforeWrite(ctx) {
      await lockDefinitions(ctx.trx);
      try {
        if (ctx.action === 'create') await createField(ctx, registry);
        else if (ctx.action === 'update') await changeField(ctx, registry);
        else if (ctx.action === 'delete') await removeField(ctx, registry);
        else if (ctx.action === 'restore') await restoreField(ctx, registry);
      } catch (error) {
        throw ddlConflict(error) ?? error;
      }
    },
  });
}
