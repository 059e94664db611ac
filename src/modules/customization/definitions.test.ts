import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../test/harness.js';

// Creating and changing custom field definitions: what an administrator may do, and the message for each mistake.
let crm: TestCrm;
let api: Client;
let manager: Client;
let rep: Client;

beforeAll(async () => {
  crm = await createTestCrm();
  api = crm.as(await crm.createUser('CRM Administrator', 'Def Admin'));
  manager = crm.as(await crm.createUser('Sales Manager'));
  rep = crm.as(await crm.createUser('Sales Representative'));
});
afterAll(() => crm?.close());

const FIELDS = '/api/v1/custom-fields';
const labels = { labelEn: 'Label', labelDe: 'Bezeichnung' };
const options = ['north', 'south', 'east'].map((value) => ({ value, label: { en: value, de: value } }));
const define = (body: Record<string, unknown>) =>
  api.post(FIELDS, { entity: 'customer', ...labels, ...body });

/** The field-level errors of a problem answer, as `field: message`. */
function errorsOf(response: { json(): unknown }): Record<string, string> {
  const { errors = [] } = response.json() as { errors?: Array<{ field: string; message: string }> };
  return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}

/** The definitions of the indexes covering a column of customers. */
async function indexesOn(column: string): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`SELECT pg_get_indexdef(x.indexrelid) AS def
    FROM pg_index x JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = ANY(x.indkey)
    WHERE x.indrelid = 'customers'::regclass AND a.attname = ${column} ORDER BY 1`.execute(crm.database.db);
  return rows.map((row) => row.def);
}

describe('defining a custom field', () => {
  it.each([
    ['name', /pattern/, { name: 'Bad-Name', type: 'text' }],
    ['name', /built-in field of customer/, { name: 'name', type: 'text' }],
    ['name', /built-in/, { name: 'tagIds', type: 'text' }],
    ['name', /built-in/, { name: 'createdAt', type: 'date' }],
    ['name', /reserved/, { name: 'constructor', type: 'text' }],
    ['type', /must be one of/, { name: 'x', type: 'json' }],
    ['options', /needs options/, { name: 'x', type: 'select' }],
    ['options', /has no options/, { name: 'x', type: 'text', options }],
    ['options/3/value', /twice/, { name: 'x', type: 'select', options: [...options, options[0]] }],
    [
      'options/0/label/de',
      /required/,
      { name: 'x', type: 'select', options: [{ value: 'a', label: { en: 'A' } }] },
    ],
    ['target', /needs the record type/, { name: 'x', type: 'link' }],
    ['target', /not a record type/, { name: 'x', type: 'link', target: 'nothing' }],
    ['target', /links to nothing/, { name: 'x', type: 'text', target: 'user' }],
    ['unique', /cannot be unique/, { name: 'x', type: 'multiselect', options, unique: true }],
    ['required', /cannot be required/, { name: 'x', type: 'multiselect', options, required: true }],
    ['defaultValue', /integer/, { name: 'x', type: 'integer', defaultValue: 'seven' }],
    ['defaultValue', /one of/, { name: 'x', type: 'select', options, defaultValue: 'west' }],
    ['defaultValue', /unique/, { name: 'x', type: 'text', unique: true, defaultValue: 'a' }],
    ['entity', /not a record type/, { name: 'x', type: 'text', entity: 'apiKey' }],
    ['entity', /not a record type/, { name: 'x', type: 'text', entity: 'nothing' }],
    ['labelDe', /required/, { name: 'x', type: 'text', labelDe: undefined }],
    ['column', /set by the system/, { name: 'x', type: 'text', column: 'id' }],
  ] as const)('refuses a bad definition with 422 at %s: %s', async (field, message, body) => {
    const response = await define(body);
    expect(response.statusCode, response.body).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(errorsOf(response)[field]).toMatch(message);
  });

  it('refuses a second field of the same name with 409, and a required one without a value for existing records', async () => {
    expect((await define({ name: 'code', type: 'text' })).statusCode).toBe(201);
    const twice = await define({ name: 'code', type: 'integer' });
    expect(twice.statusCode).toBe(409);
    expect(errorsOf(twice).name).toMatch(/already used/);

    expect((await api.post('/api/v1/customers', { name: 'Existing' })).statusCode).toBe(201);
    const required = await define({ name: 'mandatory', type: 'text', required: true });
    expect(required.statusCode).toBe(422);
    expect(errorsOf(required).required).toMatch(/there are 1 customer .* give a default value/);
    // With a default, the records that exist get it.
    const filled = await define({
      name: 'tier',
      type: 'select',
      options,
      required: true,
      defaultValue: 'north',
    });
    expect(filled.statusCode, filled.body).toBe(201);
    const customers = (await api.get('/api/v1/customers?filter[name]=Existing')).json().data;
    expect(customers[0].tier).toBe('north');
    const fresh = await api.post('/api/v1/customers', { name: 'Fresh' });
    expect(fresh.json().data.tier).toBe('north');
    const cleared = await api.patch(`/api/v1/customers/${fresh.json().data.id}`, { tier: null });
    expect(cleared.statusCode).toBe(422);
    expect(errorsOf(cleared).tier).toBeDefined();
  });

  it('lets only administrators change definitions; everyone may read them', async () => {
    for (const client of [manager, rep]) {
      expect((await client.get(FIELDS)).statusCode).toBe(200);
      const created = await client.post(FIELDS, {
        entity: 'customer',
        name: 'mine',
        type: 'text',
        ...labels,
      });
      expect(created.statusCode).toBe(403);
    }
    const field = (await define({ name: 'adminOnly', type: 'text' })).json().data;
    for (const client of [manager, rep]) {
      expect((await client.patch(`${FIELDS}/${field.id}`, { labelEn: 'Mine' })).statusCode).toBe(403);
      expect((await client.delete(`${FIELDS}/${field.id}`)).statusCode).toBe(403);
      expect((await client.post(`${FIELDS}/${field.id}/purge`)).statusCode).toBe(403);
    }
  });
});

describe('changing a custom field', () => {
  it('changes labels and position, and refuses a change of type, name or entity', async () => {
    const field = (await define({ name: 'size', type: 'integer' })).json().data;
    const renamed = await api.patch(`${FIELDS}/${field.id}`, { labelDe: 'Größe', position: 3 });
    expect(renamed.statusCode).toBe(200);
    const meta = (await api.get('/api/v1/meta'))
      .json()
      .data.find((e: { name: string }) => e.name === 'customer');
    expect(meta.fields.find((f: { name: string }) => f.name === 'size')).toMatchObject({
      label: { en: 'Label', de: 'Größe' },
      custom: true,
      system: false,
    });
    for (const change of [{ type: 'text' }, { name: 'other' }, { entity: 'user' }]) {
      const refused = await api.patch(`${FIELDS}/${field.id}`, change);
      expect(refused.statusCode).toBe(422);
      expect(Object.values(errorsOf(refused))[0]).toMatch(/only be set when the record is created/);
    }
  });

  it('makes a field required only once every record has a value', async () => {
    const field = (await define({ name: 'segment', type: 'text' })).json().data;
    const lacking = (await api.post('/api/v1/customers', { name: 'Lacking' })).json().data;
    const refused = await api.patch(`${FIELDS}/${field.id}`, { required: true });
    expect(refused.statusCode).toBe(422);
    expect(errorsOf(refused).required).toMatch(/no value yet in \d+ customers? \(the trash included\)/);

    const all = (await api.get('/api/v1/customers?limit=500&fields=id,version')).json().data;
    for (const customer of all) {
      expect((await api.patch(`/api/v1/customers/${customer.id}`, { segment: 'SMB' })).statusCode).toBe(200);
    }
    expect((await api.patch(`${FIELDS}/${field.id}`, { required: true })).statusCode).toBe(200);
    const missing = await api.post('/api/v1/customers', { name: 'No segment' });
    expect(missing.statusCode).toBe(422);
    expect(errorsOf(missing).segment).toBe('is required');
    expect((await api.get(`/api/v1/customers/${lacking.id}`)).json().data.segment).toBe('SMB');
    expect((await api.patch(`${FIELDS}/${field.id}`, { required: false })).statusCode).toBe(200);
    expect((await api.post('/api/v1/customers', { name: 'No segment' })).statusCode).toBe(201);
  });

  it('keeps options that records hold, and makes a field unique only without duplicates', async () => {
    const field = (await define({ name: 'zone', type: 'select', options })).json().data;
    const first = (await api.post('/api/v1/customers', { name: 'Zoned 1', zone: 'south' })).json().data;
    await api.post('/api/v1/customers', { name: 'Zoned 2', zone: 'south' });
    const dropped = await api.patch(`${FIELDS}/${field.id}`, { options: options.slice(0, 1) });
    expect(dropped.statusCode).toBe(422);
    expect(errorsOf(dropped).options).toMatch(/"south" still held by 2 customers/);
    expect((await api.patch(`${FIELDS}/${field.id}`, { options: options.slice(0, 2) })).statusCode).toBe(200);
    const many = (await define({ name: 'zones', type: 'multiselect', options })).json().data;
    await api.post('/api/v1/customers', { name: 'Zoned 4', zones: ['north', 'east'] });
    const droppedMany = await api.patch(`${FIELDS}/${many.id}`, { options: options.slice(1, 2) });
    expect(errorsOf(droppedMany).options).toMatch(/^"east", "north" still held by 1 customer \(/);
    expect((await api.patch(`${FIELDS}/${many.id}`, { options: [options[0], options[2]] })).statusCode).toBe(
      200,
    );
    const invalid = await api.post('/api/v1/customers', { name: 'Zoned 3', zone: 'east' });
    expect(errorsOf(invalid).zone).toMatch(/must be one of: north, south/);

    const code = (await define({ name: 'customerCode', type: 'text' })).json().data;
    await api.patch(`/api/v1/customers/${first.id}`, { customerCode: 'C-1' });
    const other = (await api.post('/api/v1/customers', { name: 'Coded', customerCode: 'C-1' })).json().data;
    const notUnique = await api.patch(`${FIELDS}/${code.id}`, { unique: true });
    expect(notUnique.statusCode).toBe(422);
    expect(errorsOf(notUnique).unique).toMatch(/share a value: "C-1"/);
    await api.patch(`/api/v1/customers/${other.id}`, { customerCode: 'C-2' });
    expect((await api.patch(`${FIELDS}/${code.id}`, { unique: true })).statusCode).toBe(200);
    const clash = await api.post('/api/v1/customers', { name: 'Clash', customerCode: 'C-2' });
    expect(clash.statusCode).toBe(409);
    expect(errorsOf(clash).customerCode).toMatch(/already used/);
  });

  it('gives each field indexes of its own, whatever the names of the others', async () => {
    // Unique `account` and plain `accountKey` once both wanted the index name customers_cf_account_key.
    expect((await define({ name: 'accountKey', type: 'text' })).statusCode).toBe(201);
    const account = await define({ name: 'account', type: 'text', unique: true });
    expect(account.statusCode, account.body).toBe(201);
    expect(await indexesOn('cf_account')).toEqual([expect.stringMatching(/^CREATE UNIQUE INDEX/)]);
    expect(await indexesOn('cf_account_key')).toEqual([expect.stringMatching(/^CREATE INDEX/)]);
    // Making a field unique (and back) replaces its own index only.
    const ledger = (await define({ name: 'ledger', type: 'text' })).json().data;
    expect((await define({ name: 'ledgerKey', type: 'text' })).statusCode).toBe(201);
    expect((await api.patch(`${FIELDS}/${ledger.id}`, { unique: true })).statusCode).toBe(200);
    expect(await indexesOn('cf_ledger')).toEqual([expect.stringMatching(/^CREATE UNIQUE INDEX/)]);
    expect(await indexesOn('cf_ledger_key')).toHaveLength(1);
    expect((await api.patch(`${FIELDS}/${ledger.id}`, { unique: false, version: 2 })).statusCode).toBe(200);
    expect(await indexesOn('cf_ledger')).toEqual([expect.stringMatching(/^CREATE INDEX/)]);
    expect(await indexesOn('cf_ledger_key')).toHaveLength(1);
  });

  it('answers 409, not 500, when the column exists already outside the CRM', async () => {
    await sql`ALTER TABLE customers ADD COLUMN cf_stray text`.execute(crm.database.db);
    const response = await define({ name: 'stray', type: 'text' });
    expect(response.statusCode, response.body).toBe(409);
    expect(errorsOf(response).name).toMatch(/column already exists/);
  });

  it('checks values like built-in fields: types, links and filters', async () => {
    await define({ name: 'region', type: 'link', target: 'territory' });
    await define({ name: 'employees', type: 'integer' });
    const bad = await api.post('/api/v1/customers', { name: 'Bad', employees: 'many', region: 'nowhere' });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(errorsOf(bad)).sort()).toEqual(['employees', 'region']);
    const unknown = await api.post('/api/v1/customers', {
      name: 'Nowhere',
      region: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(422);
    expect(errorsOf(unknown).region).toMatch(/does not exist/);
    await define({ name: 'partners', type: 'multilink', target: 'user' });
    const ghost = await api.post('/api/v1/customers', {
      name: 'Ghosts',
      partners: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(ghost.statusCode).toBe(422);
    expect(errorsOf(ghost).partners).toMatch(/do not exist/);
    expect((await api.get('/api/v1/customers?filter[employees][contains]=1')).statusCode).toBe(400);
    expect((await api.get('/api/v1/customers?filter[employees][gt]=many')).statusCode).toBe(400);

    const territory = (await api.post('/api/v1/territories', { name: 'Bavaria' })).json().data;
    const good = await api.post('/api/v1/customers', { name: 'Good', employees: 12, region: territory.id });
    expect(good.statusCode).toBe(201);
    const within = await api.get(`/api/v1/customers?filter[region][within]=${territory.id}`);
    expect(within.json().data.map((c: { id: string }) => c.id)).toEqual([good.json().data.id]);
    const changed = await api.patch(`/api/v1/customers/${good.json().data.id}`, { employees: 13 });
    const history = (await api.get(`/api/v1/customers/${changed.json().data.id}/history`)).json().data;
    expect(history[0].changes).toEqual({ employees: { from: 12, to: 13 } });
  });
});
