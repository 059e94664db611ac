/**
 * The CRM server as the benchmark runs it: a child process of bench/run.ts (forked with an IPC channel), so the
 * server's event loop is not shared with the load generator. With BENCH_WORKERS > 1 this process is a cluster
 * primary (bench/primary.ts) whose workers share the port, as `CRM_WORKERS` runs production (src/cluster.ts);
 * with 1 it is the server itself (bench/serve.ts). Either way bench/run.ts speaks the protocol below to it.
 */
import cluster from 'node:cluster';

export interface CapturedQuery {
  sql: string;
  parameters: unknown[];
  ms: number;
}

/** Messages from bench/run.ts (and from the primary to its workers). */
export type ToServer = { type: 'capture'; on: boolean };
/** Messages to bench/run.ts (and from a worker to the primary). */
export type FromServer =
  /** `pids`: every process of the server, whose CPU time bench/cpu.ts adds up. */
  | { type: 'listening'; url: string; pids: number[] }
  /** Capture is on in every process: a request sent from now on is recorded wherever it lands. */
  | { type: 'capturing' }
  | { type: 'captured'; queries: CapturedQuery[] };

if (!process.send) throw new Error('bench/server.ts is started by bench/run.ts (fork with an IPC channel)');
// bench/run.ts always sets it (its default is the number of cores); 1 is the server as it ran before workers.
const workers = Number(process.env.BENCH_WORKERS ?? 1);
if (!Number.isInteger(workers) || workers < 1) throw new Error('BENCH_WORKERS must be a positive integer');
// Imported on demand: the primary only relays messages and need not load the CRM.
if (cluster.isPrimary && workers > 1) (await import('./primary.js')).runPrimary(workers);
else await (await import('./serve.js')).serve();
