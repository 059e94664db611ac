import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCrm, createTestCrm, openTestDatabase } from '../../test/harness.js';
import { searchWordColumns } from '../../test/record-table.js';
import { sqlColumnType } from '../core/field-values.js';
import { rowToRecord } from '../core/row.js';
import { CUSTOM_FIELD_TYPES, customFieldEntity } from '../modules/customization/entities.js';
import { fieldInputOf, specFromRecord } from '../modules/customization/definition.js';
import { migrate, readMigrations } from './migrate.js';

let crm: TestCrm;
beforeAll(async () => {
  crm = await createTestCrm();
  // Custom fields of every type, a required one and a removed one: their columns must agree with metadata too.
  const api = crm.as(await crm.createUser('CRM Administrator'));
  const options = [{ value: 'a', label: { en: 'A', de: 'A' } }];
  for (const type of CUSTOM_FIELD_TYPES) {
    const extra = type.endsWith('select') ? { options } : type.endsWith('link') ? { target: 'user' } : {};
    const body = { entity: 'industry', name: `drift${type}`, type, labelEn: type, labelDe: type, ...extra };
    const response = await api.post('/api/v1/custom-fields', body);
    if (response.statusCode !== 201) throw new Error(response.body);
  }
  const required = { name: 'driftRequired', type: 'integer', required: true, labelEn: 'R', labelDe: 'R' };
  await api.post('/api/v1/custom-fields', { entity: 'customer', ...required });
  const removed = { name: 'driftRemoved', type: 'currency', labelEn: 'X', labelDe: 'X' };
  const { id } = (await api.post('/api/v1/custom-fields', { entity: 'customer', ...removed })).json().data;
  await api.delete(`/api/v1/custom-fields/${id}`);
});
afterAll(() => crm?.close());

interface Column {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  numeric_precision: number | null;
  numeric_scale: number | null;
}

/** The column type as information_schema spells it, so a definition and a migration can be compared. */
function spelled(column: Column): string {
  if (column.data_type === 'ARRAY') return `${column.udt_name.slice(1)}[]`;
  if (column.data_type === 'timestamp with time zone') return 'timestamptz';
  if (column.data_type === 'numeric' && column.numeric_precision !== null) {
    return `numeric(${column.numeric_precision},${column.numeric_scale})`;
  }
  return column.data_type;
}

describe('entity definitions and the live schema', () => {
  it('agree column by column: every field has its column of its type, every column a field', async () => {
    const { rows } = await sql<Column>`
      SELECT table_name, column_name, data_type, udt_name, is_nullable, numeric_precision, numeric_scale
      FROM information_schema.columns WHERE table_schema = 'public'`.execute(crm.database.db);
    // A removed custom field keeps its column (and data) until purged: described by its metadata row.
    const removed = await crm.database.db
      .selectFrom('custom_fields')
      .selectAll()
      .where('deleted_at', 'is not', null)
      .execute();
    const removedFields = removed.map((row) => specFromRecord(rowToRecord(customFieldEntity, row)));
    for (const entity of crm.server.registry.all()) {
      const columns = new Map(
        rows.filter((c) => c.table_name === entity.table).map((c) => [c.column_name, c]),
      );
      expect(columns.size, `table ${entity.table} of ${entity.name}`).toBeGreaterThan(0);
      for (const field of Object.values(entity.allFields)) {
        const column = columns.get(field.column);
        expect(column, `${entity.name}.${field.name} → ${entity.table}.${field.column}`).toBeDefined();
        if (!column) continue;
        expect(spelled(column), `${entity.name}.${field.name}`).toBe(sqlColumnType(field));
        // A required field is NOT NULL in the database too, so no path around the API can leave it empty.
        if (field.required) expect(column.is_nullable, `${entity.name}.${field.name} nullability`).toBe('NO');
      }
      for (const spec of removedFields.filter((f) => f.entity === entity.name)) {
        const column = columns.get(spec.column);
        expect(column && spelled(column), `removed ${entity.name}.${spec.name}`).toBe(
          sqlColumnType(fieldInputOf(spec)),
        );
      }
      const described = new Set(Object.values(entity.allFields).map((f) => f.column));
      for (const spec of removedFields.filter((f) => f.entity === entity.name)) described.add(spec.column);
      expect(
        [...columns.keys()].filter((name) => !described.has(name)),
        `undescribed columns of ${entity.table}`,
      ).toEqual([]);
    }
  });

  it('collects the words of every typo-tolerant search field: one trigger per table, on exactly those columns', async () => {
    // Global search corrects typos against this vocabulary only (core/search.ts, migration 0009): a missing column
    // would leave its misspelt words unfound, an extra one would fill the vocabulary with words search never uses.
    const { rows } = await sql<{ table: string; definition: string }>`
      SELECT c.relname AS table, pg_get_triggerdef(t.oid) AS definition
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND pg_get_triggerdef(t.oid) LIKE '%crm_collect_search_words%'`.execute(
      crm.database.db,
    );
    const unquote = (list: string) => list.split(',').map((c) => c.trim().replace(/^['"]|['"]$/g, ''));
    for (const entity of crm.server.registry.all()) {
      const expected = searchWordColumns(entity).sort();
      const triggers = rows.filter((row) => row.table === entity.table);
      if (expected.length === 0) {
        expect(triggers, `no vocabulary trigger on ${entity.table}`).toEqual([]);
        continue;
      }
      expect(triggers, `one vocabulary trigger on ${entity.table}`).toHaveLength(1);
      const definition = triggers[0]?.definition ?? '';
      const updated = /UPDATE OF (.+?) ON /.exec(definition)?.[1] ?? '';
      const collected = /crm_collect_search_words\((.*)\)/.exec(definition)?.[1] ?? '';
      expect(unquote(updated).sort(), `${entity.table}: AFTER INSERT OR UPDATE OF`).toEqual(expected);
      expect(unquote(collected).sort(), `${entity.table}: columns collected`).toEqual(expected);
      expect(definition, entity.table).toMatch(/AFTER INSERT OR UPDATE OF .* FOR EACH ROW/);
    }
  });

  it('migrates once: running the migrations again changes nothing', async () => {
    expect(await migrate(crm.database.db)).toEqual([]);
  });

  it('migrates once when two servers start at the same moment', async () => {
    const fresh = await openTestDatabase(undefined, { empty: true });
    try {
      const [first, second] = await Promise.all([migrate(fresh.database.db), migrate(fresh.database.db)]);
      const all = readMigrations().map((m) => m.version);
      // The advisory lock lets one apply everything; the other then finds nothing left.
      expect([first, second].sort((a, b) => a.length - b.length)).toEqual([[], all]);
    } finally {
      await fresh.database.close();
      await fresh.drop();
    }
  });
});
