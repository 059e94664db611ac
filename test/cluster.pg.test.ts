import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOGIN_LIMITS } from '../src/modules/users/auth.js';
import {
  type ProcessDatabase,
  type ServerProcess,
  effects,
  enqueueEffects,
  http,
  killAllServers,
  listJobs,
  login,
  processDatabase,
  spawnJobServer,
} from './fixtures/server-process.js';

// Two app servers on one PostgreSQL database, as behind a load balancer: nothing may live in one process only.
let database: ProcessDatabase;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  database = await processDatabase();
  // Both start on the empty database at once: migrations, seeds and the first admin must not collide.
  const env = { ...database.env, JOB_LEASE_SECONDS: '5', JOB_POLL_MS: '100' };
  [a, b] = await Promise.all([spawnJobServer(env), spawnJobServer(env)]);
});
afterAll(async () => {
  await Promise.all([a, b].map((server) => server?.stop()));
  await killAllServers();
  await database?.drop();
});

const me = (server: ServerProcess, cookie: string) => http(server.url, '/api/v1/auth/me', { cookie });

describe('two servers on one database', () => {
  it('share sessions: a login on A works on B, and a logout on B ends it on A', async () => {
    const cookie = await login(a.url);
    const onB = await me(b, cookie);
    expect(onB.status).toBe(200);
    expect(((await onB.json()) as { data: { email: string } }).data.email).toBe('admin@example.com');
    // A now holds the session's actor in memory; B's logout must reach it through the database's notification.
    expect((await me(a, cookie)).status).toBe(200);
    expect((await http(b.url, '/api/v1/auth/logout', { cookie, method: 'POST' })).status).toBe(204);
    expect((await me(b, cookie)).status).toBe(401);
    await vi.waitFor(async () => expect((await me(a, cookie)).status).toBe(401), {
      timeout: 2000,
      interval: 20,
    });
  });

  it('count failed logins on both servers against one per-account limit', async () => {
    const cookie = await login(a.url);
    const roles = await http(a.url, '/api/v1/roles?filter[name]=Sales%20Representative', { cookie });
    const roleId = ((await roles.json()) as { data: Array<{ id: string }> }).data[0]?.id;
    const email = 'rita.rep@example.com';
    const password = 'rita password 1';
    const created = await http(a.url, '/api/v1/users', {
      cookie,
      body: { email, fullName: 'Rita Rep', roleId, password },
    });
    expect(created.status).toBe(201);

    const attempt = (server: ServerProcess, pw: string) =>
      http(server.url, '/api/v1/auth/login', { body: { email, password: pw } });
    // Alternate servers, so neither alone sees enough failures to block.
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      expect((await attempt(i % 2 === 0 ? a : b, `wrong ${i}`)).status).toBe(401);
    }
    for (const server of [a, b]) {
      // Blocked everywhere, even with the right password: the guesser cannot learn it was right.
      const blocked = await attempt(server, password);
      expect(blocked.status).toBe(429);
      const retryAfter = Number(blocked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(LOGIN_LIMITS.windowMinutes * 60);
    }
  });

  it('stop a revoked API key and apply a changed role on the other server within moments', async () => {
    const cookie = await login(a.url);
    const created = await http(a.url, '/api/v1/api-keys', { cookie, body: { name: 'integration' } });
    const { id, key } = ((await created.json()) as { data: { id: string; key: string } }).data;
    const bearer = { authorization: `Bearer ${key}` };
    // B caches the key's actor, then A revokes it.
    expect((await http(b.url, '/api/v1/auth/me', { headers: bearer })).status).toBe(200);
    const started = Date.now();
    expect((await http(a.url, `/api/v1/api-keys/${id}/revoke`, { cookie, method: 'POST' })).status).toBe(200);
    await vi.waitFor(
      async () => expect((await http(b.url, '/api/v1/auth/me', { headers: bearer })).status).toBe(401),
      {
        timeout: 2000,
        interval: 10,
      },
    );
    expect(Date.now() - started).toBeLessThan(2000);

    const roles = await http(a.url, '/api/v1/roles?filter[name]=CRM%20Administrator', { cookie });
    const admin = (
      (await roles.json()) as { data: Array<{ id: string; permissions: object; version: number }> }
    ).data[0];
    const second = (
      (await (await http(a.url, '/api/v1/api-keys', { cookie, body: { name: 'second' } })).json()) as {
        data: { key: string };
      }
    ).data.key;
    const asKey = { authorization: `Bearer ${second}` };
    expect((await http(b.url, '/api/v1/sales-teams', { headers: asKey })).status).toBe(200);
    // Take the administrators' right to read sales teams away on A; B must refuse within moments.
    const narrowed = { ...admin?.permissions, salesTeam: { create: 'all' } };
    const patched = await http(a.url, `/api/v1/roles/${admin?.id}`, {
      cookie,
      method: 'PATCH',
      body: { permissions: narrowed },
    });
    expect(patched.status).toBe(200);
    await vi.waitFor(
      async () => expect((await http(b.url, '/api/v1/sales-teams', { headers: asKey })).status).toBe(403),
      {
        timeout: 2000,
        interval: 10,
      },
    );
    const restore = { permissions: admin?.permissions };
    expect(
      (await http(a.url, `/api/v1/roles/${admin?.id}`, { cookie, method: 'PATCH', body: restore })).status,
    ).toBe(200);
  });

  it(
    'run every one of 40 jobs exactly once, and both servers do some of them',
    { timeout: 60_000 },
    async () => {
      const ids = await enqueueEffects(a.url, 40);
      const cookie = await login(b.url);
      await vi.waitFor(
        async () => {
          const ours = (await listJobs(b.url, cookie)).filter((job) => ids.includes(job.id));
          expect(ours.filter((job) => job.status === 'done')).toHaveLength(40);
        },
        { timeout: 45_000, interval: 250 },
      );
      const done = await effects(a.url);
      const counts = new Map<string, number>();
      for (const effect of done) counts.set(effect.jobId, (counts.get(effect.jobId) ?? 0) + 1);
      for (const id of ids) expect(counts.get(id), id).toBe(1);
      const byServer = new Set(done.map((effect) => effect.pid));
      expect(byServer).toEqual(new Set([a.pid, b.pid]));
    },
  );
});
