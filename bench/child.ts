import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CapturedQuery, FromServer, ToServer } from './server.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface BenchServer {
  url: string;
  pid: number;
  /** The statements the server sent to PostgreSQL while `work` ran. */
  capture(work: () => Promise<unknown>): Promise<CapturedQuery[]>;
  stop(): Promise<void>;
  /** Last resort from a process 'exit' handler, where nothing can be awaited. */
  kill(): void;
}

/** Forks bench/server.ts and waits until it listens; its output goes to ours, so a crash is visible. */
export async function startBenchServer(env: Record<string, string>): Promise<BenchServer> {
  const child: ChildProcess = fork(path.join(here, 'server.ts'), [], {
    // BENCH_NODE_FLAGS adds Node flags to the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`the bench server exited (${code}) before listening`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.on('message', (message: FromServer) => {
      if (message.type !== 'listening') return;
      child.off('exit', onExit);
      resolve(message.url);
    });
  });
  const send = (message: ToServer) => child.send(message);

  return {
    url,
    pid: child.pid ?? 0,
    async capture(work) {
      send({ type: 'capture', on: true });
      await work();
      const captured = new Promise<CapturedQuery[]>((resolve) => {
        const onMessage = (message: FromServer) => {
          if (message.type !== 'captured') return;
          child.off('message', onMessage);
          resolve(message.queries);
        };
        child.on('message', onMessage);
      });
      send({ type: 'capture', on: false });
      return captured;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
