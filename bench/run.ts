/**
 * `npm run bench`: seeds bench_items on a throwaway PostgreSQL 15, starts the CRM in a child process (a cluster of
 * BENCH_WORKERS server processes, one per core by default, as `CRM_WORKERS` runs production), and measures
 * get, create and a filtered sorted list over HTTP, beside the same list SQL sent straight through `pg`.
 * See docs/performance.md for what the figures mean.
 */
import { randomInt } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
// The type parsers the server installs (int8, date), so raw SQL decodes its rows exactly as the server does.
import '../src/db/connect.js';
import { freePort, startPostgres } from '../test/pg-server.js';
import { type BenchServer, startBenchServer } from './child.js';
import { type CpuTimes, cpuAvailable, cpuNow, postmasterPid } from './cpu.js';
import { benchItemEntity } from './entity.js';
import { type Figures, type HttpLoad, runHttp, runSql } from './load.js';
import { type Run, measure as measureRuns } from './measure.js';
import { figuresTable, readableSql, verdict } from './report.js';
import { checkTable, seedBenchItems } from './seed.js';
import { BENCH_ROLE, createBenchUsers } from './users.js';

function intEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const ROWS = intEnv('BENCH_ROWS', 1_000_000);
const SECONDS = intEnv('BENCH_SECONDS', 10);
const WARMUP_SECONDS = intEnv('BENCH_WARMUP', 3);
/** Server processes sharing the port; more than one makes bench/server.ts a cluster primary. */
const WORKERS = intEnv('BENCH_WORKERS', os.availableParallelism());
const CONNECTIONS = 32;
/** API list and raw SQL alternate in this many rounds (SECONDS in all each), so both meet the same noise. */
const LIST_ROUNDS = 2;
/** Sales representatives owning the rows; the benchmark's one sees a tenth of the table through its scope. */
const OWNERS = 10;
const LIST_QUERY = 'filter[status]=open&sort=-createdAt&limit=50';
const ADMIN = { email: 'admin@bench.example.com', password: 'bench-admin-password' };
const BASE = `/api/v1/${benchItemEntity.path}`;

/** Undone in reverse order, on success, failure and Ctrl-C alike. */
const cleanups: Array<() => unknown> = [];
/** Set once cleaning up starts: the server ending after that (Ctrl-C reaches it too) is no crash. */
let cleaning = false;
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
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}

function workersText(): string {
  return WORKERS === 1 ? '1 server process' : `${WORKERS} server workers (cluster)`;
}

const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function fetchJson<T>(url: string, init: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

let cpuTimes: (() => CpuTimes) | undefined;

/**
 * Warms every run up (figures dropped: JIT, caches, pool connections), then measures them in turn, `rounds`
 * times for SECONDS in all each: loads that are compared (API list and raw SQL) then see the same background load.
 */
const measure = (runs: Run[], rounds = 1): Promise<Figures[]> =>
  measureRuns(runs, { warmup: WARMUP_SECONDS, seconds: SECONDS, rounds, cpuTimes: () => cpuTimes?.() });

async function main(): Promise<boolean> {
  const started = performance.now();
  console.log(
    `bench: ${ROWS.toLocaleString('en')} rows, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ` +
      `${SECONDS} s per measurement; ${workersText()}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ` +
      `load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
  const postgres = await startPostgres();
  cleanups.push(() => postgres.stop());

  const server: BenchServer = await startBenchServer(
    {
      DATABASE_URL: postgres.url,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      CRM_ADMIN_EMAIL: ADMIN.email,
      CRM_ADMIN_PASSWORD: ADMIN.password,
      // A web-only node: the job runner's poll (a transaction a second) is not what is measured, and its
      // statements would mix with the ones captured for a request.
      CRM_RUN_JOBS: 'false',
      BENCH_WORKERS: String(WORKERS),
    },
    // Load against a dead server only counts refused connections: stop at once instead (exit code 1).
    (how) => {
      if (cleaning) return;
      console.error(`bench failed: the server exited during the run (${how})`);
      void cleanup().finally(() => process.exit(1));
    },
  );
  cleanups.push(() => server.stop());
  // Registered after the graceful stop, so it runs first only when the process exits without cleaning up.
  process.once('exit', () => {
    server.kill();
    postgres.stop();
  });
  const processes =
    WORKERS === 1
      ? `one child process, pid ${server.pids[0]}`
      : `cluster primary ${server.pids[0]} + ${WORKERS} workers ${server.pids.slice(1).join(', ')}`;
  console.log(`server ${server.url} (${processes}), PostgreSQL ${postgres.url}`);
  if (cpuAvailable) {
    const postmaster = postmasterPid(path.join(postgres.dir, 'data'));
    cpuTimes = () => cpuNow(server.pids, postmaster);
  }

  const users = await createBenchUsers(server.url, ADMIN, OWNERS);
  console.log(`authenticating as a ${BENCH_ROLE} (scope "own") with an API key; ${OWNERS} owners`);

  const seedStart = performance.now();
  const seed = await seedBenchItems(postgres.url, ROWS, users.ownerIds);
  console.log(
    `seed: ${ROWS.toLocaleString('en')} rows in ${elapsed(seedStart)} (insert ${seed.insert.toFixed(1)} s, ` +
      `constraints + indexes ${seed.indexes.toFixed(1)} s, vacuum + analyze ${seed.analyze.toFixed(1)} s); ` +
      `table ${seed.tableMb.toFixed(0)} MB, indexes ${seed.indexMb.toFixed(0)} MB`,
  );

  await checkTable(postgres.url, benchItemEntity);

  const pool = new pg.Pool({
    connectionString: postgres.url,
    max: CONNECTIONS,
    // As connect() sets it for the server: the timestamptz parser reads UTC text, and any other zone (initdb takes
    // the machine's) would send the raw path through its slower fallback.
    options: '-c TimeZone=UTC',
  });
  cleanups.push(() => pool.end());
  const visible = await pool.query<{ id: string }>(
    'SELECT id FROM bench_items WHERE owner_id = $1 AND deleted_at IS NULL ORDER BY random() LIMIT 10000',
    [users.repId],
  );
  const ids = visible.rows.map((row) => row.id);
  const auth = { authorization: `Bearer ${users.repKey}` };

  // The statements the API really sends for one list page, captured from the server's Kysely log.
  let apiPage: { data: Array<{ id: string }> } = { data: [] };
  const listStatements = await server.capture(async () => {
    apiPage = await fetchJson(`${server.url}${BASE}?${LIST_QUERY}`, { headers: auth });
  });
  const list = listStatements.find(
    (q) => q.sql.includes('from "bench_items"') && / limit (?:\$\d+|\d+)\s*$/.test(q.sql),
  );
  if (!list) throw new Error('the list request sent no bench_items query with a limit');
  // Same SQL, same rows: the raw path answers the page the API answered (before the create probe adds one).
  const raw = await pool.query<{ id: string }>(list.sql, list.parameters);
  const same = apiPage.data.every((record, i) => raw.rows[i]?.id === record.id);
  if (!same || raw.rows.length < apiPage.data.length)
    throw new Error('raw SQL returned other rows than the API');
  const getStatements = await server.capture(() =>
    fetchJson(`${server.url}${BASE}/${ids[0]}`, { headers: auth }),
  );
  const createStatements = await server.capture(() =>
    fetchJson(`${server.url}${BASE}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Probe GmbH', status: 'open' }),
    }),
  );
  const statements = (qs: Array<{ sql: string }>) => qs.map((q) => q.sql.trim().split(/\s+/)[0]).join(', ');
  // The list goes first, so it shows the key lookup (a prepared statement) and the once-a-minute last_used_at update.
  console.log(`\nstatements per request (a server process looks an API key up once, then caches it):`);
  console.log(`  list   ${listStatements.length}: ${statements(listStatements)}`);
  console.log(`  get    ${getStatements.length}: ${statements(getStatements)}`);
  console.log(`  create ${createStatements.length}: ${statements(createStatements)}`);
  console.log(
    `\nmeasured list SQL (parameters inlined here for reading; sent bound):\n${readableSql(list.sql, list.parameters)}`,
  );

  const plan = await pool.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${list.sql}`,
    list.parameters,
  );
  console.log(`\nplan:\n${plan.rows.map((row) => `  ${row['QUERY PLAN']}`).join('\n')}\n`);

  const httpRun =
    (
      load: Omit<HttpLoad, 'seconds' | 'connections' | 'headers'>,
      headers: Record<string, string> = auth,
    ): Run =>
    (seconds) =>
      runHttp({ ...load, seconds, connections: CONNECTIONS, headers });
  let serial = 0;
  const [getById] = await measure([
    httpRun({
      label: 'API get by id',
      url: `${server.url}${BASE}`,
      next: () => ({ path: `${BASE}/${ids[randomInt(ids.length)]}` }),
    }),
  ]);
  const [apiList, rawList] = await measure(
    [
      httpRun({ label: 'API list (50, filtered, sorted)', url: `${server.url}${BASE}?${LIST_QUERY}` }),
      (seconds) => runSql('raw SQL list (same statement, pg Pool 32)', pool, list, CONNECTIONS, seconds),
    ],
    LIST_ROUNDS,
  );
  const [create] = await measure([
    httpRun(
      {
        label: 'API create',
        url: `${server.url}${BASE}`,
        method: 'POST',
        next: () => {
          const n = ++serial;
          const body = {
            name: `Load ${n} GmbH`,
            email: `load.${n}@example.com`,
            status: 'open',
            amount: `${(n % 50000) + 0.5}`,
            score: n % 101,
            region: 'emea',
          };
          return { path: BASE, body: JSON.stringify(body) };
        },
      },
      { ...auth, 'content-type': 'application/json' },
    ),
  ]);
  if (!getById || !apiList || !rawList || !create) throw new Error('a measurement is missing');
  // The worker count goes into the table, so a pasted table says which server it measured; raw SQL has none.
  const api = (f: Figures): Figures => ({ ...f, workers: WORKERS });
  const results: Figures[] = [api(getById), api(apiList), rawList, api(create)];

  const result = verdict(apiList, rawList);
  console.log(`\n${figuresTable(results)}\n`);
  console.log(
    `seed: ${ROWS.toLocaleString('en')} rows in ${seed.total.toFixed(1)} s; role: ${BENCH_ROLE}; ${workersText()}`,
  );
  for (const line of result.lines) console.log(line);
  const load = os.loadavg().map((n) => n.toFixed(1));
  console.log(
    `total time ${elapsed(started)}; load average now ${load.join(' ')} (other work skews figures)`,
  );
  return results.every((f) => f.failed === 0);
}

try {
  const clean = await main();
  await cleanup();
  // Missed targets are a finding, not a crash; failed requests mean the figures cannot be trusted.
  process.exitCode = clean ? 0 : 1;
} catch (error) {
  console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  await cleanup();
  process.exitCode = 1;
}
