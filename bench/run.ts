/**
 * `npm run bench`: seeds bench_items on a throwaway PostgreSQL 15, starts the CRM in a child process (a cluster of
 * BENCH_WORKERS server processes, one per core by default, as `CRM_WORKERS` runs production), and measures
 * get, create and a filtered sorted list over HTTP, beside the same list SQL sent straight through `pg`.
 * See docs/performance.md for what the figures mean.
 */
import { randomInt } from 'node:crypto';
import os from 'node:os';
import { benchItemEntity } from './entity.js';
import { captureList, explain } from './list-statement.js';
import { type Figures, type HttpLoad, runHttp, runSql } from './load.js';
import type { Run } from './measure.js';
import { figuresTable, readableSql, verdict } from './report.js';
import { checkTable, seedBenchItems } from './seed.js';
import { ADMIN, intEnv, runBench, startStack } from './stack.js';
import { BENCH_ROLE, createBenchUsers } from './users.js';

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
const BASE = `/api/v1/${benchItemEntity.path}`;

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

async function main(): Promise<boolean> {
  const started = performance.now();
  console.log(
    `bench: ${ROWS.toLocaleString('en')} rows, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ` +
      `${SECONDS} s per measurement; ${workersText()}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ` +
      `load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
  // Warm-up figures are dropped (JIT, caches, pool connections); the API list and raw SQL alternate in rounds.
  const stack = await startStack({ workers: WORKERS, warmup: WARMUP_SECONDS, seconds: SECONDS });
  const { postgres, server, measure } = stack;
  const processes =
    WORKERS === 1
      ? `one child process, pid ${server.pids[0]}`
      : `cluster primary ${server.pids[0]} + ${WORKERS} workers ${server.pids.slice(1).join(', ')}`;
  console.log(`server ${server.url} (${processes}), PostgreSQL ${postgres.url}`);

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

  const pool = stack.pool(CONNECTIONS);
  const visible = await pool.query<{ id: string }>(
    'SELECT id FROM bench_items WHERE owner_id = $1 AND deleted_at IS NULL ORDER BY random() LIMIT 10000',
    [users.repId],
  );
  const ids = visible.rows.map((row) => row.id);
  const auth = { authorization: `Bearer ${users.repKey}` };

  // The statements the API really sends for one list page; same SQL, same rows (before the create probe adds one).
  const { list, statements: listStatements } = await captureList(
    server,
    pool,
    `${BASE}?${LIST_QUERY}`,
    auth,
    'bench_items',
  );
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

  console.log(`\nplan:\n${await explain(pool, list)}\n`);

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

await runBench(main);
