import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * CPU time per process group, read from /proc (Linux). On a shared 2-core machine throughput moves with whatever
 * else runs; CPU milliseconds spent per request by the server, by PostgreSQL and by the load generator move far
 * less, and they show which of the three bounds throughput.
 */
export interface CpuTimes {
  server: number;
  postgres: number;
  client: number;
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcStat {
  pid: number;
  ppid: number;
  /** User plus system time in ms. */
  cpuMs: number;
  /** The same for children that ended and were reaped (fields cutime, cstime). */
  reapedMs: number;
}

function readStat(pid: string): ProcStat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses; the fields after its last ')' are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ms = (a: number, b: number) => ((Number(fields[a]) + Number(fields[b])) * 1000) / TICKS_PER_SECOND;
    return { pid: Number(pid), ppid: Number(fields[1]), cpuMs: ms(11, 12), reapedMs: ms(13, 14) };
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

export const cpuAvailable = fs.existsSync('/proc/self/stat');

/** The postmaster's pid is the first line of postmaster.pid in its data directory. */
export function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/**
 * Current CPU totals. PostgreSQL is the postmaster plus its live children (backends, walwriter …) plus the
 * children it has reaped: a pool closes idle connections, and their backends' time must not vanish from the sum.
 * The server is the sum of its processes: one, or a cluster primary (which accepts the connections and hands
 * them over) and its workers. Workers are not replaced during a run, so live processes are the whole of it.
 */
export function cpuNow(serverPids: readonly number[], postmaster: number): CpuTimes {
  const servers = new Set(serverPids);
  let postgres = 0;
  let server = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (!stat) continue;
    if (stat.pid === postmaster) postgres += stat.cpuMs + stat.reapedMs;
    else if (stat.ppid === postmaster) postgres += stat.cpuMs;
    if (servers.has(stat.pid)) server += stat.cpuMs;
  }
  const own = process.cpuUsage();
  return { server, postgres, client: (own.user + own.system) / 1000 };
}

export function cpuSpent(before: CpuTimes, after: CpuTimes): CpuTimes {
  return {
    server: after.server - before.server,
    postgres: after.postgres - before.postgres,
    client: after.client - before.client,
  };
}
