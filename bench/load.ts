import autocannon from 'autocannon';
import type pg from 'pg';
import type { CpuTimes } from './cpu.js';

/** What one run of a load produced. */
export interface Sample {
  label: string;
  /** Latency in ms of every successful (expected status, or error-free SQL) completion. */
  latencies: number[];
  /** Failed requests: unexpected statuses (non-2xx by default), socket errors, timeouts, SQL errors. */
  failed: number;
  seconds: number;
  /** CPU ms spent during the run, when the platform lets us read it. */
  cpu?: CpuTimes;
}

export interface Figures {
  label: string;
  ok: number;
  failed: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  cpu?: CpuTimes;
  /** Server processes that answered (API loads only; raw SQL has no server). */
  workers?: number;
}

/** Nearest-rank percentile of latencies in ms; both paths use it, so their figures compare like with like. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/** One set of figures from several runs of the same load (rounds interleaved with another load). */
export function summarise(samples: Sample[]): Figures {
  const sorted = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const seconds = samples.reduce((sum, s) => sum + s.seconds, 0);
  const cpus = samples.map((s) => s.cpu);
  const cpu = cpus.every((c) => c !== undefined)
    ? cpus.reduce((sum, c) => ({
        server: sum.server + c.server,
        postgres: sum.postgres + c.postgres,
        client: sum.client + c.client,
      }))
    : undefined;
  return {
    label: samples[0]?.label ?? '?',
    ok: sorted.length,
    failed: samples.reduce((sum, s) => sum + s.failed, 0),
    seconds,
    rps: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    ...(cpu ? { cpu } : {}),
  };
}

export interface HttpLoad {
  label: string;
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  method?: 'GET' | 'POST';
  /** Called before every request: a fresh path or body, so the load is not one cached row sent again. */
  next?: () => { path?: string; body?: string };
  /**
   * The answers that count as served, 2xx unless given: a load measuring the duplicate check's 409 counts those,
   * and then a 201 (a body that was no duplicate) is a failure.
   */
  expect?: (status: number) => boolean;
}

const success = (status: number) => status >= 200 && status < 300;

/**
 * Drives the server with autocannon. autocannon reports p97.5 but not p95, so latencies of expected answers
 * are taken from its per-response event and summarised here, the same way as for raw SQL.
 */
export function runHttp(load: HttpLoad): Promise<Sample> {
  const latencies: number[] = [];
  const expected = load.expect ?? success;
  let unexpected = 0;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.url,
        connections: load.connections,
        duration: load.seconds,
        headers: load.headers,
        requests: [
          {
            method: load.method ?? 'GET',
            setupRequest: (request) => ({ ...request, ...(load.next ? load.next() : {}) }),
          },
        ],
      },
      (error: unknown, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const failed = unexpected + result.errors + result.timeouts;
        resolve({ label: load.label, latencies, failed, seconds: (Date.now() - started) / 1000 });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (expected(statusCode)) latencies.push(responseTime);
      else unexpected++;
    });
  });
}

/**
 * Sends one statement through a pool at a fixed concurrency: `concurrency` loops, each with one query in flight,
 * which is what autocannon's connections are to the server. Unnamed, as node-postgres sends a query by default
 * (planned on every call), unless `name` makes it a prepared statement (planned once per connection, as the
 * server runs list pages).
 */
export async function runSql(
  label: string,
  pool: pg.Pool,
  statement: { sql: string; parameters: unknown[] },
  concurrency: number,
  seconds: number,
  name?: string,
): Promise<Sample> {
  const latencies: number[] = [];
  let failed = 0;
  let firstError: unknown;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await pool.query(
          name
            ? { name, text: statement.sql, values: statement.parameters }
            : { text: statement.sql, values: statement.parameters },
        );
        latencies.push(performance.now() - t0);
      } catch (error) {
        failed++;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (firstError && latencies.length === 0) throw firstError;
  return { label, latencies, failed, seconds: (performance.now() - started) / 1000 };
}
