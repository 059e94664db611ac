import net from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type ProcessDatabase,
  effects,
  enqueueEffects,
  http,
  killAllServers,
  listJobs,
  login,
  processDatabase,
  spawnJobServer,
} from './fixtures/server-process.js';

// Real server processes on the database of this project: a PGlite directory, or a fresh database on PostgreSQL.
let database: ProcessDatabase;
const jobEnv = { JOB_LEASE_SECONDS: '2', JOB_POLL_MS: '100' };

beforeAll(async () => {
  database = await processDatabase();
});
afterAll(async () => {
  await killAllServers();
  await database?.drop();
});

describe('a server process', () => {
  // Generous timeouts: a PGlite start is ~4 s alone and far more on a busy machine with two cores.
  it(
    'finishes every job exactly once although it was killed (SIGKILL) in the middle of one',
    { timeout: 90_000 },
    async () => {
      const env = { ...database.env, ...jobEnv };
      const first = await spawnJobServer(env);
      // Job 4 takes long on its first attempt, so the kill below surely lands inside its transaction.
      const ids = await enqueueEffects(first.url, 30, { 4: { firstAttemptMs: 20_000 } });
      await first.waitForLine(new RegExp(`^job-start ${ids[4]} 1$`));
      expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');
      const startedBeforeKill = first.lines.filter((line) => line.startsWith('job-start ')).length;
      expect(startedBeforeKill).toBe(5);

      const second = await spawnJobServer(env);
      const cookie = await login(second.url);
      const ours = async () => (await listJobs(second.url, cookie)).filter((job) => ids.includes(job.id));
      // The killed job waits out its 2 s lease; the rest run meanwhile, one at a time, 100-300 ms each.
      await vi.waitFor(
        async () => expect((await ours()).filter((job) => job.status === 'done')).toHaveLength(30),
        {
          timeout: 45_000,
          interval: 250,
        },
      );
      const jobs = await ours();
      expect(jobs).toHaveLength(30);
      const attempts = Object.fromEntries(jobs.map((job) => [job.id, job.attempts]));
      // The four finished before the kill stayed finished: their commits survived the kill.
      for (const id of ids.slice(0, 4)) expect(attempts[id]).toBe(1);
      // The one cut short was taken up again after its lease and its half-done work was rolled back.
      expect(attempts[ids[4] as string]).toBe(2);

      const counts = new Map<string, number>();
      for (const effect of await effects(second.url))
        counts.set(effect.jobId, (counts.get(effect.jobId) ?? 0) + 1);
      for (const id of ids) expect(counts.get(id), id).toBe(1);
      expect((await second.kill('SIGTERM')).code).toBe(0);
    },
  );

  it(
    'on SIGTERM finishes the request and the job in hand, refuses new connections and exits 0',
    { timeout: 60_000 },
    async () => {
      const env = { ...database.env, ...jobEnv, TEST_SLOW_ROUTE: '1' };
      const server = await spawnJobServer(env);
      // The job outlasts the slow request, so the exit has to wait for the runner too, not only for Fastify.
      const [jobId] = await enqueueEffects(server.url, 1, { 0: { firstAttemptMs: 2500 } });
      await server.waitForLine(new RegExp(`^job-start ${jobId} 1$`));
      const started = Date.now();
      let answered = false;
      const slow = http(server.url, '/api/test/slow').finally(() => (answered = true));
      await server.waitForLine(/^slow-start$/);
      process.kill(server.pid, 'SIGTERM');
      await server.waitForLine(/SIGTERM: draining/);
      await vi.waitFor(() => expect(connectError(server.url)).resolves.toBe('ECONNREFUSED'), {
        timeout: 1000,
        interval: 20,
      });
      // The listener closed while the slow request was still being served.
      expect(answered).toBe(false);
      const response = await slow;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ slow: 'done' });
      expect(await server.exited).toEqual({ code: 0, signal: null });
      // Well before the 25 s force exit (which exits 1): the keep-alive connection did not hold the drain open.
      expect(Date.now() - started).toBeLessThan(10_000);

      // The job in hand was finished and committed before the exit, not cut off to be run again.
      const db = await database.open();
      try {
        const job = await sql<{ status: string; attempts: number }>`
          SELECT status, attempts FROM jobs WHERE id = ${jobId}`.execute(db.db);
        expect(job.rows).toEqual([{ status: 'done', attempts: 1 }]);
        const done = await sql`SELECT 1 FROM job_effects WHERE job_id = ${jobId}`.execute(db.db);
        expect(done.rows).toHaveLength(1);
      } finally {
        await db.close();
      }
    },
  );
});

describe('a reminder', () => {
  it(
    'set before a server was killed fires once, from the server started after it',
    { timeout: 60_000 },
    async () => {
      const env = { ...database.env, ...jobEnv };
      const first = await spawnJobServer(env);
      const cookie = await login(first.url);
      // Due in a minute and four seconds, a minute's notice: the reminder falls due four seconds from now.
      const dueAt = new Date(Date.now() + 64_000).toISOString();
      const created = await http(first.url, '/api/v1/tasks', {
        cookie,
        body: { title: 'Call back after the restart', dueAt, reminderMinutes: 1 },
      });
      expect(created.status).toBe(201);
      const task = ((await created.json()) as { data: { id: string; remindAt: string } }).data;
      expect(Date.parse(task.remindAt)).toBeGreaterThan(Date.now());
      expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');

      const second = await spawnJobServer(env);
      const reminders = async () => {
        const response = await http(second.url, '/api/v1/notifications?limit=100', { cookie });
        const { data } = (await response.json()) as { data: Array<{ kind: string; recordId: string }> };
        return data.filter(
          (notification) => notification.kind === 'reminder' && notification.recordId === task.id,
        );
      };
      await vi.waitFor(async () => expect(await reminders()).toHaveLength(1), {
        timeout: 20_000,
        interval: 250,
      });
      // A few more polls of the runner later it is still the one reminder.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await reminders()).toHaveLength(1);
      expect((await second.kill('SIGTERM')).code).toBe(0);
    },
  );
});

/** The error code of a fresh TCP connection to the server, or 'connected'. */
function connectError(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}
