import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCrm, type TestUser, createTestCrm } from '../../test/harness.js';
import type { Db } from '../db/connect.js';
import { type Job, JobRunner, backoffSeconds, enqueueJob } from './runner.js';

let crm: TestCrm;
let db: Db;
let admin: TestUser;
let rep: TestUser;

beforeAll(async () => {
  crm = await createTestCrm();
  db = crm.server.database.db;
  admin = await crm.createUser('CRM Administrator');
  rep = await crm.createUser('Sales Representative');
  await sql`CREATE TABLE runner_effects (job_id uuid NOT NULL, worker text NOT NULL)`.execute(db);
});
afterAll(() => crm?.close());

interface JobState {
  status: string;
  attempts: number;
  last_error: string | null;
  finished_at: Date | null;
  dedupe_key: string | null;
  /** Seconds from now until the job is due again. */
  due_in: number;
}

async function state(id: string): Promise<JobState> {
  const result = await sql<JobState>`SELECT status, attempts, last_error, finished_at, dedupe_key,
      extract(epoch FROM run_at - now())::float8 AS due_in FROM jobs WHERE id = ${id}`.execute(db);
  return result.rows[0] as JobState;
}

/** Skips the back-off wait without sleeping through it. */
const makeDue = (id: string) => sql`UPDATE jobs SET run_at = now() WHERE id = ${id}`.execute(db);

const effectsOf = async (id: string) =>
  (await sql<{ worker: string }>`SELECT worker FROM runner_effects WHERE job_id = ${id}`.execute(db)).rows;

describe('backoffSeconds', () => {
  it('doubles from 5 s, jitters by ±20 % and stops at an hour', () => {
    expect([1, 2, 3, 4].map((n) => backoffSeconds(n, () => 0.5))).toEqual([5, 10, 20, 40]);
    expect(backoffSeconds(1, () => 0)).toBe(4);
    expect(backoffSeconds(1, () => 1)).toBe(6);
    expect(backoffSeconds(30, () => 0.5)).toBe(3600);
  });
});

describe('the job runner', () => {
  it('runs a due job with its payload and marks it done', async () => {
    const seen: Job[] = [];
    crm.server.jobs.register('test.ok', async (job) => void seen.push(job));
    const id = (await enqueueJob(db, 'test.ok', { lead: 'L-1' })) as string;
    expect(await crm.server.jobs.runOne()).toBe(true);
    expect(seen).toEqual([{ id, name: 'test.ok', payload: { lead: 'L-1' }, attempts: 1, maxAttempts: 5 }]);
    expect(await state(id)).toMatchObject({ status: 'done', attempts: 1, last_error: null });
    expect((await state(id)).finished_at).not.toBeNull();
    expect(await crm.server.jobs.runOne()).toBe(false);
    // A job for later waits for its time.
    const later = (await enqueueJob(db, 'test.ok', {}, { runAt: new Date(Date.now() + 60_000) })) as string;
    expect(await crm.server.jobs.runOne()).toBe(false);
    expect((await state(later)).status).toBe('pending');
  });

  it('retries a failing job with back-off, fails it for good, shows it to admins and sends it round again', async () => {
    let fail = true;
    crm.server.jobs.register('test.flaky', async (job) => {
      if (fail) throw new Error(`mail server down (attempt ${job.attempts})`);
    });
    const id = (await enqueueJob(db, 'test.flaky', {}, { maxAttempts: 3 })) as string;
    for (const attempt of [1, 2]) {
      expect(await crm.server.jobs.runOne()).toBe(true);
      const after = await state(id);
      expect(after).toMatchObject({ status: 'pending', attempts: attempt });
      expect(after.last_error).toBe(`Error: mail server down (attempt ${attempt})`);
      // backoffSeconds(attempt) with its ±20 % jitter, less the time the checks took.
      const base = 5 * 2 ** (attempt - 1);
      expect(after.due_in).toBeGreaterThan(base * 0.8 - 2);
      expect(after.due_in).toBeLessThanOrEqual(base * 1.2 + 0.5);
      expect(await crm.server.jobs.runOne()).toBe(false);
      await makeDue(id);
    }
    expect(await crm.server.jobs.runOne()).toBe(true);
    expect(await state(id)).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await state(id)).finished_at).not.toBeNull();

    const failed = await crm.as(admin).get('/api/v1/jobs?status=failed');
    expect(failed.statusCode).toBe(200);
    expect(failed.json().data).toContainEqual(
      expect.objectContaining({
        id,
        name: 'test.flaky',
        status: 'failed',
        attempts: 3,
        maxAttempts: 3,
        lastError: 'Error: mail server down (attempt 3)',
      }),
    );
    expect((await crm.as(rep).get('/api/v1/jobs?status=failed')).statusCode).toBe(403);
    expect((await crm.as(rep).post(`/api/v1/jobs/${id}/retry`)).statusCode).toBe(403);
    expect((await crm.anonymous.get('/api/v1/jobs')).statusCode).toBe(401);

    expect((await crm.as(admin).post(`/api/v1/jobs/${id}/retry`)).statusCode).toBe(204);
    expect(await state(id)).toMatchObject({ status: 'pending', attempts: 0 });
    // Only a failed job can be sent round again.
    expect((await crm.as(admin).post(`/api/v1/jobs/${id}/retry`)).statusCode).toBe(404);
    fail = false;
    expect(await crm.server.jobs.runOne()).toBe(true);
    expect(await state(id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('adds a job only once per dedupe key while it is pending or retrying, and again once it is finished', async () => {
    const runner = new JobRunner(db, { workerId: 'dedupe' });
    let fail = true;
    runner.register('test.dedupe', async () => {
      if (fail) throw new Error('not yet');
    });
    const id = (await enqueueJob(db, 'test.dedupe', {}, { dedupeKey: 'lead:42', maxAttempts: 2 })) as string;
    expect(await enqueueJob(db, 'test.dedupe', {}, { dedupeKey: 'lead:42' })).toBeUndefined();
    expect(await runner.runOne()).toBe(true);
    expect(await state(id)).toMatchObject({ status: 'pending', dedupe_key: 'lead:42' });
    expect(await enqueueJob(db, 'test.dedupe', {}, { dedupeKey: 'lead:42' })).toBeUndefined();
    await makeDue(id);
    expect(await runner.runOne()).toBe(true);
    // Failed for good: the key is free again, so the trigger can add a fresh job.
    expect(await state(id)).toMatchObject({ status: 'failed', dedupe_key: null });
    const second = (await enqueueJob(db, 'test.dedupe', {}, { dedupeKey: 'lead:42' })) as string;
    expect(second).toBeDefined();
    fail = false;
    expect(await runner.runOne()).toBe(true);
    expect(await state(second)).toMatchObject({ status: 'done', dedupe_key: null });
    expect(await enqueueJob(db, 'test.dedupe', {}, { dedupeKey: 'lead:42' })).toBeDefined();
    const count = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM jobs WHERE name = 'test.dedupe'`.execute(db);
    expect(count.rows[0]?.n).toBe(3);
  });

  it('keeps no write of a handler that fails: its transaction rolls back', async () => {
    const runner = new JobRunner(db, { workerId: 'rollback' });
    runner.register('test.half', async (job, trx) => {
      await sql`INSERT INTO runner_effects (job_id, worker) VALUES (${job.id}, 'half')`.execute(trx);
      throw new Error('crashed after writing');
    });
    const id = (await enqueueJob(db, 'test.half')) as string;
    expect(await runner.runOne()).toBe(true);
    expect(await effectsOf(id)).toEqual([]);
    expect(await state(id)).toMatchObject({ status: 'pending', last_error: 'Error: crashed after writing' });
  });

  it('rolls back a worker whose lease ran out, so the job that another worker took over is done once', async () => {
    const slow = new JobRunner(db, { workerId: 'slow', leaseSeconds: 0.3 });
    const fast = new JobRunner(db, { workerId: 'fast', leaseSeconds: 30 });
    for (const runner of [slow, fast]) {
      runner.register('test.lease', async (job, trx) => {
        await sql`INSERT INTO runner_effects (job_id, worker) VALUES (${job.id}, ${runner.workerId})`.execute(
          trx,
        );
        if (runner === slow) await sleep(800);
      });
    }
    const id = (await enqueueJob(db, 'test.lease')) as string;
    const slowRun = slow.runOne();
    await sleep(450);
    // PostgreSQL: the fast worker takes the expired job over. PGlite has one connection, so the fast worker
    // waits until the slow one has finished and finds nothing left to do.
    await fast.runOne();
    expect(await slowRun).toBe(true);
    const workers = (await effectsOf(id)).map((row) => row.worker);
    expect(workers).toEqual([crm.database.kind === 'postgres' ? 'fast' : 'slow']);
    expect(await state(id)).toMatchObject({ status: 'done' });
  });

  it('takes up a job whose worker vanished once its lease is over, until its attempts are used up', async () => {
    const runner = new JobRunner(db, { workerId: 'survivor' });
    let ran = 0;
    runner.register('test.orphan', async () => void ran++);
    // As a worker that was killed mid-job leaves it: running, its lease over.
    const orphan = (attempts: number) =>
      sql`UPDATE jobs SET status = 'running', locked_by = 'ghost', attempts = ${attempts},
        locked_until = now() - interval '1 second' WHERE name = 'test.orphan'`.execute(db);
    const id = (await enqueueJob(db, 'test.orphan', {}, { maxAttempts: 2 })) as string;
    await sql`UPDATE jobs SET locked_until = now() + interval '1 minute', status = 'running'
      WHERE id = ${id}`.execute(db);
    expect(await runner.runOne()).toBe(false);
    await orphan(1);
    expect(await runner.runOne()).toBe(true);
    expect(await state(id)).toMatchObject({ status: 'done', attempts: 2 });
    // A job that kills its worker on the last attempt is not taken up for ever: it fails for good.
    await orphan(2);
    expect(await runner.runOne()).toBe(false);
    expect(ran).toBe(1);
    expect(await state(id)).toMatchObject({ status: 'failed', attempts: 2 });
    expect((await state(id)).last_error).toMatch(/stopped before finishing/);
  });

  it('runs each of many jobs exactly once when several runners drain the queue together', async () => {
    const runners = [1, 2, 3, 4].map((n) => new JobRunner(db, { workerId: `drain-${n}` }));
    for (const runner of runners) {
      runner.register('test.drain', async (job, trx) => {
        await sql`INSERT INTO runner_effects (job_id, worker) VALUES (${job.id}, ${runner.workerId})`.execute(
          trx,
        );
      });
    }
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push((await enqueueJob(db, 'test.drain', { i })) as string);
    const drain = async (runner: JobRunner) => {
      while (await runner.runOne());
    };
    await Promise.all(runners.map(drain));
    for (const id of ids) expect(await effectsOf(id), id).toHaveLength(1);
  });

  it('enqueues a scheduled job once per period although two runners poll the same database', async () => {
    let ran = 0;
    const make = (workerId: string) => {
      const runner = new JobRunner(db, { workerId, pollMs: 60_000 });
      runner.every('test.tick', 3600, async () => void ran++);
      return runner;
    };
    const [a, b] = [make('tick-a'), make('tick-b')];
    // Each runner's first poll runs at once: both offer the due schedule, only one may enqueue it.
    await Promise.all([a.start(), b.start()]);
    const ticks = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE name = 'test.tick'`.execute(db))
        .rows[0]?.n;
    for (let i = 0; i < 100 && ran === 0; i++) await sleep(20);
    await Promise.all([a.stop(), b.stop()]);
    expect(ran).toBe(1);
    expect(await ticks()).toBe(1);

    // Within the period nothing more is added, however often the runners ask.
    await Promise.all([a, b, a, b].map((runner) => runner.enqueueDueSchedules()));
    expect(await ticks()).toBe(1);

    // The period has passed (moved in SQL rather than waited for): exactly one more.
    const elapse = () =>
      sql`UPDATE job_schedules SET next_run_at = now() WHERE name = 'test.tick'`.execute(db);
    await elapse();
    await Promise.all([a, b, a, b].map((runner) => runner.enqueueDueSchedules()));
    expect(await ticks()).toBe(2);
    // If that run has not happened yet when the next period comes, the dedupe key keeps a second copy out.
    await elapse();
    await Promise.all([a.enqueueDueSchedules(), b.enqueueDueSchedules()]);
    expect(await ticks()).toBe(2);
    await Promise.all([a.runOne(), b.runOne()]);
    expect(ran).toBe(2);
  });
});
