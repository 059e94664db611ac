/**
 * What every benchmark does alike around its measurements: read its knobs from the environment, start a throwaway
 * PostgreSQL 15 and the CRM on it (bench/child.ts: a cluster of BENCH_WORKERS processes, as `CRM_WORKERS` runs
 * production), read CPU time per process group, and stop everything again on success, failure and Ctrl-C alike.
 * bench/run.ts, bench/contacts.ts and bench/leads.ts differ only in what they seed and measure.
 */
import path from 'node:path';
import pg from 'pg';
// The type parsers the server installs (int8, date), so raw SQL decodes its rows exactly as the server does.
import '../src/db/connect.js';
import { freePort, type PgServer, startPostgres } from '../test/pg-server.js';
import { type BenchServer, startBenchServer } from './child.js';
import { cpuAvailable, cpuNow, postmasterPid } from './cpu.js';
import type { Figures } from './load.js';
import { type Run, measure } from './measure.js';

export function intEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** The first administrator, made by the server from CRM_ADMIN_EMAIL/PASSWORD; bench/users.ts acts through it. */
export const ADMIN = { email: 'admin@bench.example.com', password: 'bench-admin-password' };

/** Undone in reverse order, on success, failure and Ctrl-C alike. */
const cleanups: Array<() => unknown> = [];
/** Set once cleaning up starts: the server ending after that (Ctrl-C reaches it too) is no crash. */
let cleaning = false;

export function onCleanup(undo: () => unknown): void {
  cleanups.push(undo);
}

async function cleanup(): Promise<void> {
  cleaning = true;
  for (let undo = cleanups.pop(); undo; undo = cleanups.pop()) {
    try {
      await undo();
    } catch (error) {
      console.error('cleanup:', error instanceof Error ? error.message : error);
    }
  }
}

export interface Stack {
  postgres: PgServer;
  server: BenchServer;
  /** A pool straight to PostgreSQL, closed at the end. */
  pool(max: number): pg.Pool;
  /**
   * Warms every run up, then measures them in turn, `rounds` times for `seconds` in all each (bench/measure.ts):
   * loads that are compared (API and raw SQL) then meet the same background load.
   */
  measure(runs: Run[], rounds?: number): Promise<Figures[]>;
}

export async function startStack(options: {
  workers: number;
  warmup: number;
  seconds: number;
}): Promise<Stack> {
  const postgres = await startPostgres();
  onCleanup(() => postgres.stop());
  const server = await startBenchServer(
    {
      DATABASE_URL: postgres.url,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      CRM_ADMIN_EMAIL: ADMIN.email,
      CRM_ADMIN_PASSWORD: ADMIN.password,
      // A web-only node: the job runner's poll (a transaction a second) is not what is measured, and its
      // statements would mix with the ones captured for a request.
      CRM_RUN_JOBS: 'false',
      BENCH_WORKERS: String(options.workers),
    },
    // Load against a dead server only counts refused connections: stop at once instead (exit code 1).
    (how) => {
      if (cleaning) return;
      console.error(`bench failed: the server exited during the run (${how})`);
      void cleanup().finally(() => process.exit(1));
    },
  );
  onCleanup(() => server.stop());
  // Registered after the graceful stop, so it runs first only when the process exits without cleaning up.
  process.once('exit', () => {
    server.kill();
    postgres.stop();
  });
  const postmaster = cpuAvailable ? postmasterPid(path.join(postgres.dir, 'data')) : undefined;
  // CPU time of the server, PostgreSQL and this process: per request it moves far less than req/s with other load.
  const cpuTimes = () => (postmaster === undefined ? undefined : cpuNow(server.pids, postmaster));
  return {
    postgres,
    server,
    pool(max) {
      const pool = new pg.Pool({
        connectionString: postgres.url,
        max,
        // As connect() sets it for the server: the timestamptz parser reads UTC text, and any other zone (initdb
        // takes the machine's) would send the raw path through its slower fallback.
        options: '-c TimeZone=UTC',
      });
      onCleanup(() => pool.end());
      return pool;
    },
    measure: (runs, rounds = 1) =>
      measure(runs, { warmup: options.warmup, seconds: options.seconds, rounds, cpuTimes }),
  };
}

/**
 * Runs a benchmark's main and sets the exit code: 0 when every request succeeded — a missed target is a finding,
 * not a crash — and 1 on an error or a failed request, since the figures cannot be trusted then.
 */
export async function runBench(main: () => Promise<boolean>): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  try {
    const clean = await main();
    await cleanup();
    process.exitCode = clean ? 0 : 1;
  } catch (error) {
    console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanup();
    process.exitCode = 1;
  }
}
