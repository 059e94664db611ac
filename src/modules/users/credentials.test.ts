import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';

let crm: TestCrm;
let rep: TestUser;

beforeAll(async () => {
  crm = await createTestCrm();
  rep = await crm.createUser('Sales Representative');
});
afterAll(() => crm?.close());

const lookups = () =>
  crm.queries.filter((q) => q.includes('team_user_ids') && q.includes('FROM api_keys k')).length;

describe('cached credentials', () => {
  it('look a key up once, then answer from memory', async () => {
    await crm.as(rep).get('/api/v1/auth/me');
    crm.queries.length = 0;
    for (let i = 0; i < 5; i++) expect((await crm.as(rep).get('/api/v1/auth/me')).statusCode).toBe(200);
    expect(lookups()).toBe(0);
  });

  it('forget every actor when the database announces a change, even one made around the API', async () => {
    const key = (await crm.as(rep).post('/api/v1/api-keys', { name: 'raw revoke' })).json().data;
    const bearer = { authorization: `Bearer ${key.key}` };
    expect((await crm.anonymous.get('/api/v1/auth/me', bearer)).statusCode).toBe(200);
    await sql`UPDATE api_keys SET revoked_at = now() WHERE id = ${key.id}`.execute(crm.database.db);
    await vi.waitFor(
      async () => expect((await crm.anonymous.get('/api/v1/auth/me', bearer)).statusCode).toBe(401),
      {
        timeout: 2000,
        interval: 10,
      },
    );
  });

  it('see a role change made through the API on the very next request', async () => {
    const admin = await crm.createUser('CRM Administrator');
    expect((await crm.as(rep).get('/api/v1/sales-teams')).statusCode).toBe(200);
    const role = (await crm.as(admin).get('/api/v1/roles?filter[name]=Sales%20Representative')).json()
      .data[0];
    const permissions = { ...role.permissions, salesTeam: {} };
    expect((await crm.as(admin).patch(`/api/v1/roles/${role.id}`, { permissions })).statusCode).toBe(200);
    expect((await crm.as(rep).get('/api/v1/sales-teams')).statusCode).toBe(403);
    await crm.as(admin).patch(`/api/v1/roles/${role.id}`, { permissions: role.permissions });
  });

  it('cache nothing while notifications could be missed', async () => {
    crm.server.credentials.setLive(false);
    try {
      crm.queries.length = 0;
      for (let i = 0; i < 3; i++) await crm.as(rep).get('/api/v1/auth/me');
      expect(lookups()).toBe(3);
    } finally {
      crm.server.credentials.setLive(true);
    }
  });
});
