import cluster, { type Worker } from 'node:cluster';

/**
 * Runs `workers` server processes sharing one port (Node's cluster module hands connections round-robin), so
 * one machine's cores all serve requests. Every worker is a full server — the same as several machines behind a
 * load balancer — coordinating through PostgreSQL. A worker that dies is replaced; SIGTERM drains them all.
 */
export function runPrimary(workers: number, log: (message: string) => void): void {
  let stopping = false;
  const fork = (): Worker => cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log(`worker ${worker.process.pid} ended (${signal ?? code}); starting another`);
    // A worker that cannot start at all (bad configuration) would otherwise be restarted in a tight loop.
    setTimeout(fork, 1000);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: draining ${workers} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  for (let i = 0; i < workers; i++) fork();
}
