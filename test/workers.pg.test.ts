import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAIN_READY,
  type ProcessDatabase,
  type ServerProcess,
  http,
  killAllServers,
  login,
  processDatabase,
  spawnJobServer,
} from './fixtures/server-process.js';

let database: ProcessDatabase;
let server: ServerProcess;

beforeAll(async () => {
  database = await processDatabase();
  server = await spawnJobServer(
    { ...database.env, CRM_WORKERS: '2' },
    { script: 'src/main.ts', ready: MAIN_READY },
  );
});
afterAll(async () => {
  await killAllServers();
  await database?.drop();
});

const listeningPids = () =>
  new Set(
    server.lines
      .filter((line) => MAIN_READY.test(line))
      .map((line) => (JSON.parse(line) as { pid: number }).pid),
  );

describe('CRM_WORKERS on PostgreSQL', () => {
  it('fires each reminder once although both processes run jobs', { timeout: 60_000 }, async () => {
    await expect.poll(() => listeningPids().size, { timeout: 30_000 }).toBe(2);
    const cookie = await login(server.url);
    // Due in a minute and three seconds, a minute's notice: all ten fall due three seconds from now, together.
    const dueAt = new Date(Date.now() + 63_000).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await http(server.url, '/api/v1/tasks', {
        cookie,
        body: { title: `Reminder ${i}`, dueAt, reminderMinutes: 1 },
      });
      expect(response.status).toBe(201);
      ids.push(((await response.json()) as { data: { id: string } }).data.id);
    }
    const reminded = async () => {
      const response = await http(server.url, '/api/v1/notifications?limit=100', { cookie });
      const { data } = (await response.json()) as { data: Array<{ kind: string; recordId: string }> };
      return data.filter((notification) => notification.kind === 'reminder').map((n) => n.recordId);
    };
    await expect.poll(async () => (await reminded()).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(10);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await reminded()).sort()).toEqual([...ids].sort());
  });

  it(
    'runs that many server processes on one port, and SIGTERM drains them all',
    { timeout: 60_000 },
    async () => {
      await server.waitForLine(/"pid":\d+.*Server listening/);
      await expect.poll(() => listeningPids().size, { timeout: 30_000 }).toBe(2);
      expect(listeningPids().has(server.pid)).toBe(false);
      const cookie = await login(server.url);
      for (let i = 0; i < 4; i++)
        expect((await http(server.url, '/api/v1/auth/me', { cookie })).status).toBe(200);
      const { code } = await server.kill('SIGTERM');
      expect(code).toBe(0);
      for (const pid of listeningPids()) expect(() => process.kill(pid, 0)).toThrow();
    },
  );
});
