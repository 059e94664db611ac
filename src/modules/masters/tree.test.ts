import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../test/harness.js';

let crm: TestCrm;
let api: Client;

beforeAll(async () => {
  crm = await createTestCrm();
  api = crm.as(await crm.createUser('CRM Administrator'));
});
afterAll(() => crm?.close());

type Problem = { errors: Array<{ field: string; code: string }> };
const idOf = (response: { json(): { data: { id: string } } }) => response.json().data.id;

async function territory(name: string, parentId?: string): Promise<string> {
  const response = await api.post('/api/v1/territories', { name, ...(parentId ? { parentId } : {}) });
  expect(response.statusCode, response.body).toBe(201);
  return idOf(response);
}

const names = async (url: string) =>
  ((await api.get(url)).json().data as Array<{ name: string }>).map((r) => r.name).sort();

describe('trees refuse cycles', () => {
  it('refuses a record as its own parent or below its own descendant: 422 at parentId', async () => {
    const europe = await territory('Cycle Europe');
    const germany = await territory('Cycle Germany', europe);
    const bavaria = await territory('Cycle Bavaria', germany);
    for (const parentId of [europe, germany, bavaria]) {
      const response = await api.patch(`/api/v1/territories/${europe}`, { parentId });
      expect(response.statusCode).toBe(422);
      expect((response.json() as Problem).errors).toEqual([
        expect.objectContaining({ field: 'parentId', code: 'cycle' }),
      ]);
    }
    // Moving a node elsewhere, or to the top, is fine.
    const dach = await territory('Cycle DACH');
    expect((await api.patch(`/api/v1/territories/${bavaria}`, { parentId: dach })).statusCode).toBe(200);
    expect((await api.patch(`/api/v1/territories/${bavaria}`, { parentId: null })).statusCode).toBe(200);
  });

  it('refuses a cycle within a bulk change too, naming the item', async () => {
    const a = await territory('Bulk A');
    const b = await territory('Bulk B', a);
    const response = await api.patch('/api/v1/territories/bulk', {
      items: [
        { id: b, parentId: null },
        { id: a, parentId: b },
        { id: b, parentId: a },
      ],
    });
    expect(response.statusCode).toBe(422);
    expect((response.json() as Problem).errors[0]?.field).toBe('items/2/parentId');
    expect((await api.get(`/api/v1/territories/${b}`)).json().data.parentId).toBe(a);
  });

  it('refuses a parent that does not exist or lies in the trash', async () => {
    const missing = '01890000-0000-7000-8000-000000000000';
    const gone = await territory('Trashed parent');
    expect((await api.delete(`/api/v1/territories/${gone}`)).statusCode).toBe(200);
    for (const parentId of [missing, gone]) {
      const response = await api.post('/api/v1/territories', { name: `Child of ${parentId}`, parentId });
      expect(response.statusCode).toBe(422);
      expect((response.json() as Problem).errors[0]?.field).toBe('parentId');
    }
  });

  it('keeps customer groups and sales persons trees alike', async () => {
    const all = idOf(await api.post('/api/v1/customer-groups', { name: 'All groups' }));
    const retail = idOf(await api.post('/api/v1/customer-groups', { name: 'Retail', parentId: all }));
    expect((await api.patch(`/api/v1/customer-groups/${all}`, { parentId: retail })).statusCode).toBe(422);
    const head = idOf(await api.post('/api/v1/sales-persons', { name: 'Head of Sales' }));
    expect((await api.patch(`/api/v1/sales-persons/${head}`, { parentId: head })).statusCode).toBe(422);
  });
});

describe('filter `within` on links into a tree', () => {
  let germany: string;
  beforeAll(async () => {
    const europe = await territory('Europe');
    germany = await territory('Germany', europe);
    const bavaria = await territory('Bavaria', germany);
    const munich = await territory('Munich', bavaria);
    const france = await territory('France', europe);
    const customers = [
      ['Berliner Bau', germany],
      ['Bayern Holz', bavaria],
      ['Münchner Glas', munich],
      ['Paris Papier', france],
      ['Nowhere Ltd', undefined],
    ] as const;
    for (const [name, territoryId] of customers) {
      const response = await api.post('/api/v1/customers', { name, ...(territoryId ? { territoryId } : {}) });
      expect(response.statusCode, response.body).toBe(201);
    }
  });

  it('matches the node and every record below it', async () => {
    expect(await names(`/api/v1/customers?filter[territoryId][within]=${germany}`)).toEqual([
      'Bayern Holz',
      'Berliner Bau',
      'Münchner Glas',
    ]);
    const bavaria = (await api.get('/api/v1/territories?filter[name]=Bavaria')).json().data[0].id;
    expect(await names(`/api/v1/customers?filter[territoryId][within]=${bavaria}`)).toEqual([
      'Bayern Holz',
      'Münchner Glas',
    ]);
    // Combined with other filters like any operator, and counted alike.
    const counted = await api.get(
      `/api/v1/customers?filter[territoryId][within]=${germany}&filter[name][startsWith]=B&total=true`,
    );
    expect(counted.json().total).toBe(2);
  });

  it('works on the tree itself: its id (the subtree) and its parentId (strictly below)', async () => {
    expect(await names(`/api/v1/territories?filter[id][within]=${germany}`)).toEqual([
      'Bavaria',
      'Germany',
      'Munich',
    ]);
    expect(await names(`/api/v1/territories?filter[parentId][within]=${germany}`)).toEqual([
      'Bavaria',
      'Munich',
    ]);
  });

  it('matches nothing for an unknown id and answers 400 for a value that is no id', async () => {
    const unknown = '01890000-0000-7000-8000-000000000001';
    expect(await names(`/api/v1/customers?filter[territoryId][within]=${unknown}`)).toEqual([]);
    const bad = await api.get('/api/v1/customers?filter[territoryId][within]=Germany');
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as Problem).errors[0]?.field).toBe('filter[territoryId][within]');
    const list = await api.get(`/api/v1/customers?filter[territoryId][within]=${germany},${germany}`);
    expect(list.statusCode).toBe(400);
  });

  it('applies to links into trees only, and /meta says so', async () => {
    const industry = await api.get(`/api/v1/customers?filter[industryId][within]=${germany}`);
    expect(industry.statusCode).toBe(400);
    expect((industry.json() as Problem).errors[0]?.code).toBe('unknownOperator');
    expect((await api.get(`/api/v1/customers?filter[name][within]=x`)).statusCode).toBe(400);
    const meta = (await api.get('/api/v1/meta')).json().data as Array<{
      name: string;
      tree: boolean;
      fields: Array<{ name: string; operators: string[] }>;
    }>;
    const operators = (entity: string, field: string) =>
      meta.find((e) => e.name === entity)?.fields.find((f) => f.name === field)?.operators;
    expect(operators('customer', 'territoryId')).toContain('within');
    expect(operators('customer', 'customerGroupId')).toContain('within');
    expect(operators('customer', 'industryId')).not.toContain('within');
    expect(operators('territory', 'id')).toContain('within');
    expect(operators('customer', 'id')).not.toContain('within');
    expect(meta.find((e) => e.name === 'territory')?.tree).toBe(true);
    expect(meta.find((e) => e.name === 'customer')?.tree).toBe(false);
  });
});

describe('trashing nodes of a tree', () => {
  it('answers 409 while live children remain, and trashes a node once they are gone', async () => {
    const parent = await territory('Trash parent');
    const child = await territory('Trash child', parent);
    const refused = await api.delete(`/api/v1/territories/${parent}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toMatch(/rule-violation$/);
    expect((await api.delete(`/api/v1/territories/${child}`)).statusCode).toBe(200);
    expect((await api.delete(`/api/v1/territories/${parent}`)).statusCode).toBe(200);
    // A child cannot come back below a parent in the trash; the parent first, then the child.
    expect((await api.post(`/api/v1/territories/${child}/restore`)).statusCode).toBe(409);
    expect((await api.post(`/api/v1/territories/${parent}/restore`)).statusCode).toBe(200);
    expect((await api.post(`/api/v1/territories/${child}/restore`)).statusCode).toBe(200);
  });

  it('refuses a bulk trash that leaves live children behind, all or nothing', async () => {
    const parent = await territory('Bulk trash parent');
    const child = await territory('Bulk trash child', parent);
    const wrongOrder = await api.post('/api/v1/territories/bulk-delete', { items: [parent, child] });
    expect(wrongOrder.statusCode).toBe(409);
    const childrenFirst = await api.post('/api/v1/territories/bulk-delete', { items: [child, parent] });
    expect(childrenFirst.statusCode).toBe(200);
  });
});
