import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CapturedQuery, FromServer, ToServer } from './server.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface BenchServer {
  url: string;
  /** Every process of the server: the one forked here, then its cluster workers if BENCH_WORKERS > 1. */
  pids: number[];
  /** The statements the server sent to PostgreSQL while `work` ran. */
  capture(work: () => Promise<unknown>): Promise<CapturedQuery[]>;
  stop(): Promise<void>;
  /** Last resort from a process 'exit' handler, where nothing can be awaited. */
  kill(): void;
}

/**
 * Forks bench/server.ts and waits until it listens (every worker, when it is a cluster); its output goes to ours,
 * so a crash is visible.
 */
export async function startBenchServer(
  env: Record<string, string>,
  /** Called when the server ends after listening without being stopped: what is measured then is errors. */
  onCrash: (how: string) => void,
): Promise<BenchServer> {
  const child: ChildProcess = fork(path.join(here, 'server.ts'), [], {
    // BENCH_NODE_FLAGS adds Node flags to the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = await new Promise<{ url: string; pids: number[] }>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`the bench server exited (${code}) before listening`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.on('message', (message: FromServer) => {
      if (message.type !== 'listening') return;
      child.off('exit', onExit);
      resolve(message);
    });
  });
  const { url, pids } = listening;
  let stopped = false;
  child.once('exit', (code, signal) => {
    if (!stopped) onCrash(signal ?? `code ${code}`);
  });

  /** Sends a message and waits for the answer of one type; a server that dies meanwhile fails the wait. */
  const ask = <T extends FromServer['type']>(message: ToServer, type: T) =>
    new Promise<Extract<FromServer, { type: T }>>((resolve, reject) => {
      const onExit = () => {
        child.off('message', onMessage);
        reject(new Error(`the bench server exited while waiting for "${type}"`));
      };
      const onMessage = (answer: FromServer) => {
        if (answer.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(answer as Extract<FromServer, { type: T }>);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(message);
    });

  return {
    url,
    pids,
    async capture(work) {
      // Acknowledged by every server process before the request goes out, wherever it lands.
      await ask({ type: 'capture', on: true }, 'capturing');
      await work();
      return (await ask({ type: 'capture', on: false }, 'captured')).queries;
    },
    async stop() {
      stopped = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      // A cluster primary passes SIGTERM on to its workers and exits after them.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    kill() {
      stopped = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      // The workers too: they would end on their own once the primary's channel closes, but nothing here can
      // wait for that, and PostgreSQL is stopped right after.
      for (const pid of pids.slice(1)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      child.kill('SIGKILL');
    },
  };
}
