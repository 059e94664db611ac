/**
 * `npm run bench:contacts`: the benchmark of the contacts issue. Seeds the real `contacts` table with a million
 * people on a throwaway PostgreSQL 15, starts the CRM as bench/run.ts does, and measures, as a Sales
 * Representative (scope "own": a tenth of the table):
 *  - a filtered, sorted contact list over HTTP beside the same SQL sent straight through `pg`
 *    (target: at least half the raw throughput, p95 under 25 ms);
 *  - global search for a name fragment, with typos and phone fragments among the queries (target: p95 under 50 ms).
 */
import { randomInt } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import '../src/db/connect.js';
import { freePort, startPostgres } from '../test/pg-server.js';
import { startBenchServer } from './child.js';
import { SEED_LAST_NAMES, seedContacts } from './contacts-seed.js';
import { type CpuTimes, cpuAvailable, cpuNow, postmasterPid } from './cpu.js';
import { type Figures, runHttp, runSql } from './load.js';
import { type Run, measure as measureRuns } from './measure.js';
import { figuresTable, readableSql, verdict } from './report.js';
import { BENCH_ROLE, createBenchUsers } from './users.js';

const intEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const ROWS = intEnv('BENCH_ROWS', 1_000_000);
const SECONDS = intEnv('BENCH_SECONDS', 10);
const WARMUP = intEnv('BENCH_WARMUP', 3);
const WORKERS = intEnv('BENCH_WORKERS', os.availableParallelism());
/**
 * Requests in flight for the list, API and raw SQL alike: 4 per core. That keeps both cores busy (throughput
 * stops growing above it) without a queue: at 32 on 2 cores, a request spent most of its time waiting for a core,
 * and the p95 measured the queue, not the list (docs/performance.md, "Concurrency").
 */
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 4 * os.availableParallelism());
/**
 * Searches in flight, one measurement each: one person typing, and one per core. A search costs about ten times a
 * list page, so a few searchers without pause already use the machine; more only lengthen the queue.
 */
const SEARCH_CONNECTIONS = (process.env.BENCH_SEARCH_CONNECTIONS ?? `1,${os.availableParallelism()}`)
  .split(',')
  .map(Number);
if (!SEARCH_CONNECTIONS.every((n) => Number.isInteger(n) && n > 0)) {
  throw new Error('BENCH_SEARCH_CONNECTIONS must list positive integers');
}
const SEARCH_P95_MS = 50;
const OWNERS = 10;
const LIST = '/api/v1/contacts?filter[salutation]=ms&sort=fullName&limit=50';
const ADMIN = { email: 'admin@bench.example.com', password: 'bench-admin-password' };

/** Fragments, typos and phone fragments, as people type them into a search box. */
function searchQuery(): string {
  const name = SEED_LAST_NAMES[randomInt(SEED_LAST_NAMES.length)] as string;
  switch (randomInt(4)) {
    case 0:
      return name.slice(0, 5);
    case 1:
      return `${name.slice(0, 3)}${name.slice(4)}`; // a letter left out: "Schidt"
    case 2:
      return name.toLowerCase();
    default:
      return `030 ${String(10000000 + randomInt(ROWS)).slice(0, 6)}`;
  }
}

const cleanups: Array<() => unknown> = [];
async function cleanup() {
  for (let undo = cleanups.pop(); undo; undo = cleanups.pop())
    await Promise.resolve(undo()).catch(() => undefined);
}

/** CPU time of the server, PostgreSQL and this process: per request it moves far less than req/s with other load. */
let cpuTimes: (() => CpuTimes) | undefined;

const measure = (runs: Run[], rounds = 1): Promise<Figures[]> =>
  measureRuns(runs, { warmup: WARMUP, seconds: SECONDS, rounds, cpuTimes: () => cpuTimes?.() });

async function main(): Promise<boolean> {
  console.log(
    `bench contacts: ${ROWS.toLocaleString('en')} rows, ${WORKERS} server process(es), ${os.cpus().length} CPUs, ` +
      `load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
  const postgres = await startPostgres();
  cleanups.push(() => postgres.stop());
  const server = await startBenchServer(
    {
      DATABASE_URL: postgres.url,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      CRM_ADMIN_EMAIL: ADMIN.email,
      CRM_ADMIN_PASSWORD: ADMIN.password,
      CRM_RUN_JOBS: 'false',
      BENCH_WORKERS: String(WORKERS),
    },
    (how) => console.error(`the server exited during the run (${how})`),
  );
  cleanups.push(() => server.stop());
  if (cpuAvailable) {
    const postmaster = postmasterPid(path.join(postgres.dir, 'data'));
    cpuTimes = () => cpuNow(server.pids, postmaster);
  }
  const users = await createBenchUsers(server.url, ADMIN, OWNERS);
  const seed = await seedContacts(postgres.url, ROWS, users.ownerIds);
  console.log(
    `seed: ${seed.seconds.toFixed(1)} s; table ${seed.tableMb.toFixed(0)} MB, indexes ${seed.indexMb.toFixed(0)} MB; ` +
      `search vocabulary ${seed.words} words`,
  );
  const pool = new pg.Pool({ connectionString: postgres.url, max: CONNECTIONS, options: '-c TimeZone=UTC' });
  cleanups.push(() => pool.end());
  const auth = { authorization: `Bearer ${users.repKey}` };

  let page: { data: Array<{ id: string }> } = { data: [] };
  const captured = await server.capture(async () => {
    page = (await (await fetch(`${server.url}${LIST}`, { headers: auth })).json()) as typeof page;
  });
  const list = captured.find(
    (q) => q.sql.includes('from "contacts"') && / limit (?:\$\d+|\d+)\s*$/.test(q.sql),
  );
  if (!list) throw new Error('the list request sent no contacts query with a limit');
  const raw = await pool.query<{ id: string }>(list.sql, list.parameters);
  if (page.data.length === 0 || !page.data.every((r, i) => raw.rows[i]?.id === r.id)) {
    throw new Error('raw SQL returned other rows than the API');
  }
  console.log(`\nlist SQL:\n${readableSql(list.sql, list.parameters)}`);
  const plan = await pool.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${list.sql}`,
    list.parameters,
  );
  console.log(`plan:\n${plan.rows.map((row) => `  ${row['QUERY PLAN']}`).join('\n')}\n`);

  const http =
    (label: string, url: string, connections: number, next?: () => { path: string }) => (seconds: number) =>
      runHttp({ label, url, connections, seconds, headers: auth, ...(next ? { next } : {}) });
  const [apiList, rawList, preparedList] = await measure(
    [
      http(
        `API contact list (50, filtered, sorted; ${CONNECTIONS} connections)`,
        `${server.url}${LIST}`,
        CONNECTIONS,
      ),
      (seconds) =>
        runSql(`raw SQL list (same statement, pg Pool ${CONNECTIONS})`, pool, list, CONNECTIONS, seconds),
      // The server runs the page as a prepared statement and the raw path above plans it on every call, as
      // node-postgres does by default; this one prepares it too, so the two differ by the server's work alone.
      (seconds) =>
        runSql(`raw SQL list, prepared (pg Pool ${CONNECTIONS})`, pool, list, CONNECTIONS, seconds, 'list'),
    ],
    2,
  );
  const searchRun = (connections: number) =>
    http(
      `API search (${connections} connection${connections > 1 ? 's' : ''})`,
      `${server.url}/api/v1/search`,
      connections,
      () => ({ path: `/api/v1/search?q=${encodeURIComponent(searchQuery())}` }),
    );
  const searches = (await measure(SEARCH_CONNECTIONS.map(searchRun))).map((f) => ({
    ...f,
    workers: WORKERS,
  }));
  if (!apiList || !rawList || !preparedList || searches.length !== SEARCH_CONNECTIONS.length) {
    throw new Error('a measurement is missing');
  }
  const lists = [{ ...apiList, workers: WORKERS }, rawList, preparedList];
  console.log(`\n${figuresTable([...lists, ...searches])}\n`);
  console.log(
    `role: ${BENCH_ROLE}; load average now ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  for (const line of verdict(apiList, rawList).lines) console.log(line);
  const prepared = verdict(apiList, preparedList);
  console.log(
    `against the prepared raw statement: API/raw ${(prepared.ratio * 100).toFixed(1)} %; ` +
      prepared.lines[0]?.replace(/^CPU per list request/, 'CPU per request'),
  );
  for (const search of searches) {
    const ok = search.p95 < SEARCH_P95_MS;
    console.log(
      `${ok ? 'PASS' : 'FAIL'}  ${search.label}: p95 < ${SEARCH_P95_MS} ms (${search.p95.toFixed(2)} ms)`,
    );
  }
  return [...lists, ...searches].every((f) => f.failed === 0);
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
