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
import { SEED_LAST_NAMES, seedContacts } from './contacts-seed.js';
import { captureList, explain } from './list-statement.js';
import { runHttp, runSql } from './load.js';
import { figuresTable, readableSql, verdict } from './report.js';
import { ADMIN, intEnv, runBench, startStack } from './stack.js';
import { BENCH_ROLE, createBenchUsers } from './users.js';

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

async function main(): Promise<boolean> {
  console.log(
    `bench contacts: ${ROWS.toLocaleString('en')} rows, ${WORKERS} server process(es), ${os.cpus().length} CPUs, ` +
      `load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
  const stack = await startStack({ workers: WORKERS, warmup: WARMUP, seconds: SECONDS });
  const { postgres, server, measure } = stack;
  const users = await createBenchUsers(server.url, ADMIN, OWNERS);
  const seed = await seedContacts(postgres.url, ROWS, users.ownerIds);
  console.log(
    `seed: ${seed.seconds.toFixed(1)} s; table ${seed.tableMb.toFixed(0)} MB, indexes ${seed.indexMb.toFixed(0)} MB; ` +
      `search vocabulary ${seed.words} words`,
  );
  const pool = stack.pool(CONNECTIONS);
  const auth = { authorization: `Bearer ${users.repKey}` };

  const { list } = await captureList(server, pool, LIST, auth, 'contacts');
  console.log(`\nlist SQL:\n${readableSql(list.sql, list.parameters)}`);
  console.log(`plan:\n${await explain(pool, list)}\n`);

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

await runBench(main);
