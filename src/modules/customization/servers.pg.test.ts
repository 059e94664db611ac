import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type ProcessDatabase,
  type ServerProcess,
  http,
  killAllServers,
  login,
  processDatabase,
  spawnJobServer,
} from '../../../test/fixtures/server-process.js';

// Two server processes on one PostgreSQL database: a custom field added, removed or restored on one is there on
// the other within moments, without a restart.
let database: ProcessDatabase;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  database = await processDatabase();
  [a, b] = await Promise.all([spawnJobServer(database.env), spawnJobServer(database.env)]);
});
afterAll(async () => {
  await Promise.all([a, b].map((server) => server?.stop()));
  await killAllServers();
  await database?.drop();
});

async function customerFields(server: ServerProcess, cookie: string): Promise<string[]> {
  const meta = (await (await http(server.url, '/api/v1/meta', { cookie })).json()) as {
    data: Array<{ name: string; fields: Array<{ name: string }> }>;
  };
  return (meta.data.find((e) => e.name === 'customer')?.fields ?? []).map((f) => f.name);
}

async function documented(server: ServerProcess): Promise<string[]> {
  const doc = (await (await http(server.url, '/api/openapi.json')).json()) as {
    components: { schemas: Record<string, { properties: object }> };
  };
  return Object.keys(doc.components.schemas.Customer?.properties ?? {});
}

const soon = { timeout: 2000, interval: 10 };

describe('custom fields on two servers', () => {
  it('reach the other server without a restart: added, written, removed and restored', async () => {
    const [cookieA, cookieB] = [await login(a.url), await login(b.url)];
    // B has its definitions (and its list statements) in hand before A changes them.
    expect(await customerFields(b, cookieB)).not.toContain('licence');
    expect((await http(b.url, '/api/v1/customers', { cookie: cookieB })).status).toBe(200);

    const created = await http(a.url, '/api/v1/custom-fields', {
      cookie: cookieA,
      body: { entity: 'customer', name: 'licence', type: 'text', labelEn: 'Licence', labelDe: 'Lizenz' },
    });
    expect(created.status).toBe(201);
    const field = ((await created.json()) as { data: { id: string } }).data;
    const started = Date.now();
    await vi.waitFor(async () => expect(await customerFields(b, cookieB)).toContain('licence'), soon);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await documented(b)).toContain('licence');

    const written = await http(b.url, '/api/v1/customers', {
      cookie: cookieB,
      body: { name: 'Licensed', licence: 'L-42' },
    });
    expect(written.status).toBe(201);
    const listed = await http(a.url, '/api/v1/customers?filter[licence]=L-42', { cookie: cookieA });
    expect(((await listed.json()) as { data: Array<{ licence: string }> }).data).toMatchObject([
      { licence: 'L-42' },
    ]);

    expect(
      (await http(a.url, `/api/v1/custom-fields/${field.id}`, { cookie: cookieA, method: 'DELETE' })).status,
    ).toBe(200);
    await vi.waitFor(async () => expect(await customerFields(b, cookieB)).not.toContain('licence'), soon);
    expect(await documented(b)).not.toContain('licence');
    const refused = await http(b.url, '/api/v1/customers', {
      cookie: cookieB,
      body: { name: 'X', licence: 'L' },
    });
    expect(refused.status).toBe(422);

    const restored = await http(a.url, `/api/v1/custom-fields/${field.id}/restore`, {
      cookie: cookieA,
      method: 'POST',
    });
    expect(restored.status).toBe(200);
    await vi.waitFor(async () => {
      const list = await http(b.url, '/api/v1/customers?filter[licence]=L-42', { cookie: cookieB });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { data: unknown[] }).data).toHaveLength(1);
    }, soon);
  });
});
