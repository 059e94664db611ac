import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';
import { loadConfig } from '../../config.js';
import { extendEntity } from '../../core/run-time-fields.js';
import { type Server, startServer } from '../../server.js';
import { allModules } from '../index.js';

// A custom field's life: added, shown everywhere, removed (hidden, data kept), restored, purged; and a second
// server on the same database following every step without a restart.
let crm: TestCrm;
let admin: TestUser;
let api: Client;
let second: Server;

beforeAll(async () => {
  crm = await createTestCrm();
  admin = await crm.createUser('CRM Administrator', 'Life Admin');
  api = crm.as(admin);
  const config = { ...loadConfig({}), runJobs: false, adminEmail: undefined, adminPassword: undefined };
  second = await startServer({ config, modules: allModules, logger: false, database: crm.database });
});
afterAll(async () => {
  await second?.close();
  await crm?.close();
});

const FIELDS = '/api/v1/custom-fields';
const onSecond = (url: string) =>
  second.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${admin.key}` } });

interface MetaEntity {
  name: string;
  fields: Array<{ name: string }>;
}
async function customerFieldNames(client: (url: string) => Promise<{ json(): unknown }>): Promise<string[]> {
  const meta = (await client('/api/v1/meta')).json() as { data: MetaEntity[] };
  return (meta.data.find((e) => e.name === 'customer')?.fields ?? []).map((f) => f.name);
}

interface OpenApi {
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: { properties: object } }> } }>
  >;
}
async function documentOf(client: (url: string) => Promise<{ json(): unknown }>): Promise<OpenApi> {
  return (await client('/api/openapi.json')).json() as OpenApi;
}
const createBody = (doc: OpenApi) =>
  doc.paths['/api/v1/customers']?.post?.requestBody?.content['application/json']?.schema.properties ?? {};

async function columnsOfCustomers(): Promise<string[]> {
  const { rows } = await sql<{ column_name: string }>`SELECT column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name = 'customers'`.execute(crm.database.db);
  return rows.map((row) => row.column_name);
}

describe('a custom field from creation to purge', () => {
  it('shows a new field in records, meta, OpenAPI and the Swagger UI, here and on the other server at once', async () => {
    const created = await api.post(FIELDS, {
      entity: 'customer',
      name: 'contractEnd',
      type: 'date',
      labelEn: 'Contract end',
      labelDe: 'Vertragsende',
      required: false,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().data).toMatchObject({ column: 'cf_contract_end', version: 1 });
    expect(await customerFieldNames(api.get)).toContain('contractEnd');
    const doc = await documentOf(api.get);
    expect(doc.components.schemas.Customer?.properties.contractEnd).toMatchObject({ format: 'date' });
    expect(createBody(doc)).toHaveProperty('contractEnd');
    expect((await api.get('/api/docs/json')).json().components.schemas.Customer.properties).toHaveProperty(
      'contractEnd',
    );

    await vi.waitFor(async () => expect(await customerFieldNames(onSecond)).toContain('contractEnd'), {
      timeout: 2000,
      interval: 10,
    });
    expect((await documentOf(onSecond)).components.schemas.Customer?.properties).toHaveProperty(
      'contractEnd',
    );
    const written = await second.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { authorization: `Bearer ${admin.key}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'Written on B', contractEnd: '2027-06-30' }),
    });
    expect(written.statusCode, written.body).toBe(201);
    expect(written.json().data.contractEnd).toBe('2027-06-30');
  });

  it('hides a removed field everywhere but keeps its data; restoring brings the data back', async () => {
    const field = (await api.get(`${FIELDS}?filter[name]=contractEnd`)).json().data[0];
    const customer = (
      await api.post('/api/v1/customers', { name: 'Keeps data', contractEnd: '2028-01-31' })
    ).json().data;
    // A required field's NOT NULL goes with it, so records written while it is removed need no value.
    expect((await api.patch(`${FIELDS}/${field.id}`, { required: true })).statusCode).toBe(200);

    expect((await api.delete(`${FIELDS}/${field.id}`)).statusCode).toBe(200);
    const hidden = (await api.get(`/api/v1/customers/${customer.id}`)).json().data;
    expect(hidden).not.toHaveProperty('contractEnd');
    expect((await api.get('/api/v1/customers?filter[contractEnd]=2028-01-31')).statusCode).toBe(400);
    expect((await api.get('/api/v1/customers?sort=contractEnd')).statusCode).toBe(400);
    const write = await api.post('/api/v1/customers', { name: 'Too late', contractEnd: '2029-01-01' });
    expect(write.statusCode).toBe(422);
    expect(write.json().errors[0]).toMatchObject({
      field: 'contractEnd',
      message: 'is not a field of this record',
    });
    expect(await customerFieldNames(api.get)).not.toContain('contractEnd');
    expect((await documentOf(api.get)).components.schemas.Customer?.properties).not.toHaveProperty(
      'contractEnd',
    );
    expect(createBody(await documentOf(api.get))).not.toHaveProperty('contractEnd');
    await vi.waitFor(async () => expect(await customerFieldNames(onSecond)).not.toContain('contractEnd'), {
      timeout: 2000,
      interval: 10,
    });
    expect(await columnsOfCustomers()).toContain('cf_contract_end');
    const withoutValue = await api.post('/api/v1/customers', { name: 'Written while removed' });
    expect(withoutValue.statusCode).toBe(201);
    expect((await api.get(`${FIELDS}?trash=true`)).json().data.map((f: { id: string }) => f.id)).toContain(
      field.id,
    );

    const restored = await api.post(`${FIELDS}/${field.id}/restore`);
    expect(restored.statusCode).toBe(200);
    // One record now lacks a value, so it comes back optional.
    expect(restored.json().data).toMatchObject({ deletedAt: null, required: false });
    expect((await api.get(`/api/v1/customers/${customer.id}`)).json().data.contractEnd).toBe('2028-01-31');
    const filtered = await api.get('/api/v1/customers?filter[contractEnd][gte]=2028-01-01');
    expect(filtered.json().data.map((c: { id: string }) => c.id)).toEqual([customer.id]);
    await vi.waitFor(async () => expect(await customerFieldNames(onSecond)).toContain('contractEnd'), {
      timeout: 2000,
      interval: 10,
    });
  });

  it('purges only a removed field: its column and data go, and the name is free again', async () => {
    const field = (await api.get(`${FIELDS}?filter[name]=contractEnd`)).json().data[0];
    const live = await api.post(`${FIELDS}/${field.id}/purge`);
    expect(live.statusCode).toBe(409);
    expect(live.json().detail).toMatch(/remove it first/);
    expect(await columnsOfCustomers()).toContain('cf_contract_end');
    // Both servers prepare their list statement with the date column (on PostgreSQL).
    for (let i = 0; i < 3; i++) {
      expect((await api.get('/api/v1/customers')).statusCode).toBe(200);
      expect((await onSecond('/api/v1/customers')).statusCode).toBe(200);
    }

    await api.delete(`${FIELDS}/${field.id}`);
    expect((await api.post(`${FIELDS}/${field.id}/purge`)).statusCode).toBe(204);
    expect(await columnsOfCustomers()).not.toContain('cf_contract_end');
    expect((await api.get(`${FIELDS}/${field.id}?trash=true`)).statusCode).toBe(404);
    expect((await api.post(`${FIELDS}/${field.id}/purge`)).statusCode).toBe(404);

    // Same name, another type: the list statement reads as before but returns text, not a date.
    const again = await api.post(FIELDS, {
      entity: 'customer',
      name: 'contractEnd',
      type: 'text',
      labelEn: 'Contract end',
      labelDe: 'Vertragsende',
    });
    expect(again.statusCode).toBe(201);
    await api.post('/api/v1/customers', { name: 'Text end', contractEnd: 'when it ends' });
    for (let i = 0; i < 3; i++) expect((await api.get('/api/v1/customers')).statusCode).toBe(200);
    await vi.waitFor(
      async () => {
        const list = await onSecond('/api/v1/customers?filter[contractEnd][contains]=ends');
        expect(list.statusCode, list.body).toBe(200);
        expect(list.json().data).toHaveLength(1);
      },
      { timeout: 2000, interval: 10 },
    );
    const history = (await api.get(`${FIELDS}/${again.json().data.id}/history`)).json().data;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create']);
  });

  it('answers 409, not 500, on a server that has not yet heard of a change', async () => {
    const registry = crm.server.registry;
    const industry = registry.get('industry');
    // Purged elsewhere a moment ago: this server still lists the column.
    const label = { en: 'Ghost', de: 'Geist' };
    registry.replace([extendEntity(industry, { ghost: { type: 'text', label, column: 'cf_ghost' } })]);
    try {
      const stale = await api.get('/api/v1/industries');
      expect(stale.statusCode).toBe(409);
      expect(stale.json().detail).toMatch(/changed a moment ago/);
    } finally {
      registry.replace([industry]);
    }
    // Added elsewhere as required a moment ago: this server writes records without it.
    await sql`ALTER TABLE industries ADD COLUMN cf_ghost text NOT NULL`.execute(crm.database.db);
    try {
      const write = await api.post('/api/v1/industries', { name: 'Haunted' });
      expect(write.statusCode).toBe(409);
    } finally {
      await sql`ALTER TABLE industries DROP COLUMN cf_ghost`.execute(crm.database.db);
    }
  });

  it('changes a definition for a request only between requests: a version looked up stays as it was', async () => {
    const records = crm.server.records;
    const defined = crm.server.registry.defined('customer');
    if (!defined) throw new Error('no customer entity');
    const before = records.current(defined);
    const field = await api.post(FIELDS, {
      entity: 'customer',
      name: 'rating',
      type: 'integer',
      labelEn: 'Rating',
      labelDe: 'Bewertung',
    });
    expect(field.statusCode).toBe(201);
    const after = records.current(defined);
    expect(after).not.toBe(before);
    expect(after.allFields).toHaveProperty('rating');
    // A version in hand is kept by the engine, so one request works with one definition throughout.
    expect(records.current(before)).toBe(before);
    expect(before.allFields).not.toHaveProperty('rating');
  });
});
