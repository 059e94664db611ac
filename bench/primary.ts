/**
 * The bench server as several processes (BENCH_WORKERS > 1): a cluster primary forking workers that each run
 * bench/serve.ts and share one port, as `CRM_WORKERS` runs production (src/cluster.ts). Towards bench/run.ts it
 * behaves like one server: it says `listening` once every worker listens, and relays statement capture to all
 * workers, because the benchmark cannot know which worker its request will land on.
 */
import cluster, { type Worker } from 'node:cluster';
import type { FromServer, ToServer } from './server.js';

type Reply<T extends FromServer['type']> = Extract<FromServer, { type: T }>;

/** The next message of one type from a worker. */
function reply<T extends FromServer['type']>(worker: Worker, type: T): Promise<Reply<T>> {
  return new Promise((resolve) => {
    const onMessage = (message: FromServer) => {
      if (message.type !== type) return;
      worker.off('message', onMessage);
      resolve(message as Reply<T>);
    };
    worker.on('message', onMessage);
  });
}

/**
 * Unlike src/cluster.ts, a worker that dies is not replaced: the benchmark would silently measure fewer
 * processes. The whole server stops instead, so the run fails visibly.
 */
export function runPrimary(count: number): void {
  const send = (message: FromServer) => process.send?.(message);
  const workers: Worker[] = [];
  let stopping = false;
  let exitCode = 0;

  function stop(code: number): void {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    // Never hang the benchmark: the workers' own guard ends them after 10 s; this one catches a worker that
    // ignores SIGTERM altogether.
    setTimeout(() => {
      for (const worker of workers) if (!worker.isDead()) worker.process.kill('SIGKILL');
      process.exit(code || 1);
    }, 12_000).unref();
    const alive = workers.filter((worker) => !worker.isDead());
    if (alive.length === 0) process.exit(code);
    for (const worker of alive) worker.process.kill('SIGTERM');
  }

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (workers.every((w) => w.isDead())) process.exit(exitCode);
      return;
    }
    console.error(
      `bench server: worker ${worker.process.pid} ended (${signal ?? code}); stopping every worker`,
    );
    stop(1);
  });

  // Workers run bench/server.ts again (cluster's default exec) with the primary's Node flags (tsx, and
  // BENCH_NODE_FLAGS such as --cpu-prof, which then profiles every worker).
  for (let i = 0; i < count; i++) workers.push(cluster.fork());
  void Promise.all(workers.map((worker) => reply(worker, 'listening'))).then((answers) => {
    if (stopping) return;
    const pids = [process.pid, ...answers.flatMap((answer) => answer.pids)];
    send({ type: 'listening', url: answers[0]?.url ?? '', pids });
  });

  // Capture requests are handled one after the other, so an `on` and the `off` after it never interleave.
  let relaying = Promise.resolve();
  process.on('message', (message: ToServer) => {
    if (message.type !== 'capture') return;
    relaying = relaying.then(async () => {
      const live = workers.filter((worker) => !worker.isDead());
      if (message.on) {
        const acks = live.map((worker) => reply(worker, 'capturing'));
        for (const worker of live) worker.send(message);
        await Promise.all(acks);
        send({ type: 'capturing' });
      } else {
        const answers = live.map((worker) => reply(worker, 'captured'));
        for (const worker of live) worker.send(message);
        // One request runs on one worker, so its statements stay in order; the others answer an empty list.
        const queries = (await Promise.all(answers)).flatMap((answer) => answer.queries);
        send({ type: 'captured', queries });
      }
    });
  });

  // The parent gone (even killed) closes the channel: no worker may outlive the benchmark.
  process.on('disconnect', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
}
