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
