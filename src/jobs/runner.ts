import { hostname } from 'node:os';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/connect.js';

export interface Job {
  id: string;
  name: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

/**
 * A handler gets the transaction the job completes in: what it writes there lands together with the job's
 * "done", so a crash midway leaves neither and the retry does the work once.
 */
export type JobHandler = (job: Job, trx: Db) => Promise<void>;

export interface EnqueueOptions {
  runAt?: Date;
  /** A second job with the same key is not added while the first exists (scheduled runs, idempotent triggers). */
  dedupeKey?: string;
  maxAttempts?: number;
}

export async function enqueueJob(
  db: Db,
  name: string,
  payload: Record<string, unknown> = {},
  options: EnqueueOptions = {},
) {
  const id = uuidv7();
  const inserted = await sql<{ id: string }>`
    INSERT INTO jobs (id, name, payload, run_at, max_attempts, dedupe_key)
    VALUES (${id}, ${name}, ${JSON.stringify(payload)}, ${options.runAt ?? new Date()}, ${options.maxAttempts ?? 5}, ${options.dedupeKey ?? null})
    ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING id`.execute(db);
  return inserted.rows[0]?.id;
}

/** Retry delay after the n-th failed attempt: 5 s, 10 s, 20 s … at most an hour, with jitter against herds. */
export function backoffSeconds(attempt: number, random = Math.random): number {
  const base = Math.min(3600, 5 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface RunnerOptions {
  pollMs?: number;
  /** A job whose worker vanished (crash, kill) is taken up again after its lease ends. */
  leaseSeconds?: number;
  workerId?: string;
  log?: { info(msg: string): void; error(obj: unknown, msg: string): void };
}

interface JobRow {
  id: string;
  name: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

export class JobRunner {
  readonly #handlers = new Map<string, JobHandler>();
  readonly #schedules = new Map<string, number>();
  readonly workerId: string;
  readonly #pollMs: number;
  readonly #leaseSeconds: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(
    readonly db: Db,
    readonly options: RunnerOptions = {},
  ) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${uuidv7().slice(-8)}`;
    this.#pollMs = options.pollMs ?? 1000;
    this.#leaseSeconds = options.leaseSeconds ?? 300;
  }

  register(name: string, handler: JobHandler): void {
    this.#handlers.set(name, handler);
  }

  /** A recurring job: every server may offer to enqueue it, the schedule row lets exactly one succeed per period. */
  every(name: string, seconds: number, handler: JobHandler): void {
    this.register(name, handler);
    this.#schedules.set(name, seconds);
  }

  async start(): Promise<void> {
    if (!this.#stopped) return;
    for (const [name, seconds] of this.#schedules) {
      // A shortened period takes effect now, not after the old, longer period has run out.
      await sql`INSERT INTO job_schedules (name, every_seconds, next_run_at) VALUES (${name}, ${seconds}, now())
        ON CONFLICT (name) DO UPDATE SET every_seconds = EXCLUDED.every_seconds,
          next_run_at = LEAST(job_schedules.next_run_at, now() + make_interval(secs => EXCLUDED.every_seconds))`.execute(
        this.db,
      );
    }
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stops polling and waits for the job in hand, so a SIGTERM never cuts one in half. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.#loop().finally(() => (this.#running = undefined));
    }, delay);
  }

  async #loop(): Promise<void> {
    let worked = false;
    try {
      await this.enqueueDueSchedules();
      worked = await this.runOne();
    } catch (error) {
      this.options.log?.error({ err: error }, 'job runner failed to poll');
    }
    this.#schedule(worked ? 0 : this.#pollMs);
  }

  async enqueueDueSchedules(): Promise<void> {
    if (this.#schedules.size === 0) return;
    await this.db.transaction().execute(async (trx) => {
      const due = await sql<{ name: string }>`
        UPDATE job_schedules SET next_run_at = now() + make_interval(secs => every_seconds)
        WHERE name = ANY(${[...this.#schedules.keys()]}) AND next_run_at <= now()
        RETURNING name`.execute(trx);
      for (const { name } of due.rows) await enqueueJob(trx, name, {}, { dedupeKey: `schedule:${name}` });
    });
  }

  /** Claims and runs one due job; returns whether there was one. */
  async runOne(): Promise<boolean> {
    const names = [...this.#handlers.keys()];
    if (names.length === 0) return false;
    // A job whose worker died on its last allowed attempt (a crash, an OOM kill, a lease outrun) used to be taken
    // up again for ever, as reclaiming ignored max_attempts: a job that kills its worker would kill every server in
    // turn. It fails for good instead, visible to administrators like any other failed job.
    await sql`UPDATE jobs SET status = 'failed', updated_at = now(), finished_at = now(), locked_by = NULL,
        locked_until = NULL, dedupe_key = NULL,
        last_error = 'The worker running the last attempt stopped before finishing it (crash, kill or lease outrun).'
      WHERE name = ANY(${names}) AND status = 'running' AND locked_until < now() AND attempts >= max_attempts`.execute(
      this.db,
    );
    const claimed = await sql<JobRow>`
      UPDATE jobs SET status = 'running', locked_by = ${this.workerId}, attempts = attempts + 1, updated_at = now(),
        locked_until = now() + make_interval(secs => ${this.#leaseSeconds})
      WHERE id = (
        SELECT id FROM jobs
        WHERE name = ANY(${names}) AND ((status = 'pending' AND run_at <= now()) OR (status = 'running' AND locked_until < now() AND attempts < max_attempts))
        ORDER BY run_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
      RETURNING id, name, payload, attempts, max_attempts`.execute(this.db);
    const row = claimed.rows[0];
    if (!row) return false;
    const job: Job = {
      id: row.id,
      name: row.name,
      payload: row.payload,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
    };
    try {
      await this.db.transaction().execute(async (trx) => {
        await (this.#handlers.get(job.name) as JobHandler)(job, trx);
        const done =
          await sql`UPDATE jobs SET status = 'done', finished_at = now(), updated_at = now(), locked_by = NULL,
            locked_until = NULL, dedupe_key = NULL
          WHERE id = ${job.id} AND status = 'running' AND locked_by = ${this.workerId}`.execute(trx);
        // Our lease ran out and another worker took the job: roll back so its work is not done twice.
        if (Number(done.numAffectedRows ?? 0) !== 1) throw new LeaseLost(job.id);
      });
    } catch (error) {
      if (error instanceof LeaseLost) return true;
      await this.#recordFailure(job, error);
    }
    return true;
  }

  async #recordFailure(job: Job, error: unknown): Promise<void> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const final = job.attempts >= job.maxAttempts;
    this.options.log?.error(
      { err: error, job: job.id, name: job.name, attempt: job.attempts },
      final ? 'job failed for good' : 'job failed; will retry',
    );
    await sql`UPDATE jobs SET status = ${final ? 'failed' : 'pending'}, last_error = ${message.slice(0, 4000)},
        run_at = now() + make_interval(secs => ${backoffSeconds(job.attempts)}), updated_at = now(),
        locked_by = NULL, locked_until = NULL, finished_at = ${final ? new Date() : null},
        dedupe_key = ${final ? null : sql`dedupe_key`}
      WHERE id = ${job.id} AND locked_by = ${this.workerId}`.execute(this.db);
  }
}

class LeaseLost extends Error {
  constructor(id: string) {
    super(`lease of job ${id} was lost`);
  }
}
