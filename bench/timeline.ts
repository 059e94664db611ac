/**
 * `npm run bench:timeline`: the benchmark of the activities issue — "timeline of a customer with 50k activities,
 * first page p95 < 30 ms". Starts the CRM on a throwaway PostgreSQL 15 as the other benchmarks do; through the API a
 * representative makes the customer, a contact of it and an opportunity, and 20 other customers; then SQL adds
 * 50,000 activities about the customer (20,000 notes, half on the contact; 15,000 calls, half on the opportunity;
 * 10,000 tasks; 5,000 meetings) and 200,000 notes about the other customers, so the indexes hold more than the one
 * customer. Measured: GET /api/v1/customers/{id}/timeline (20 entries, every kind) as
 *  - the representative who owns it all (each row in their own scope), and
 *  - a second representative the customer is shared with, who reads the activities through the customer (the
 *    activities about the contact and the deal, which they may not see, are left out row by row).
 * At one connection (judged) and 4 per core (reported). See docs/performance.md, "Timeline".
 */
import os from 'node:os';
import { type Figures, runHttp } from './load.js';
import { printFigures } from './report.js';
import { uuidv7Sql } from './seed-table.js';
import { ADMIN, intEnv, runBench, startStack } from './stack.js';
import { adminSession, callWithKey, createBenchUsers } from './users.js';

const SECONDS = intEnv('BENCH_SECONDS', 10);
const WARMUP = intEnv('BENCH_WARMUP', 3);
const WORKERS = intEnv('BENCH_WORKERS', os.availableParallelism());
const CONNECTIONS = [...new Set([1, intEnv('BENCH_CONNECTIONS', 4 * os.availableParallelism())])];
const ACTIVITIES = intEnv('BENCH_ACTIVITIES', 50_000);
const OTHER_NOTES = intEnv('BENCH_OTHER_NOTES', 200_000);
const FIRST_PAGE_P95_MS = 30;

const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

type One = { data: { id: string } };

async function main(): Promise<boolean> {
  const started = performance.now();
  console.log(
    `bench timeline: ${ACTIVITIES.toLocaleString('en')} activities of one customer, ` +
      `${OTHER_NOTES.toLocaleString('en')} of others, ${WORKERS} server process(es), connections ` +
      `${CONNECTIONS.join(' and ')}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
  const stack = await startStack({ workers: WORKERS, warmup: WARMUP, seconds: SECONDS });
  const { server } = stack;
  const users = await createBenchUsers(server.url, ADMIN, 2);
  const key = users.repKey;
  const reader = users.ownerIds[1] as string;
  const admin = await adminSession(server.url, ADMIN);
  const readerKey = (
    await admin.call<{ data: { key: string } }>('POST', '/api/v1/api-keys', {
      name: 'reader',
      ownerId: reader,
    })
  ).data.key;

  const customer = (
    await callWithKey<One>(server.url, key, 'POST', '/api/v1/customers', { name: 'Bench Timeline AG' })
  ).data.id;
  const contact = (
    await callWithKey<One>(server.url, key, 'POST', '/api/v1/contacts', {
      firstName: 'Bench',
      lastName: 'Contact',
      links: [{ entity: 'customer', id: customer }],
    })
  ).data.id;
  const deal = (
    await callWithKey<One>(server.url, key, 'POST', '/api/v1/opportunities', {
      title: 'Bench deal',
      customerId: customer,
    })
  ).data.id;
  const others: string[] = [];
  for (let i = 1; i <= 20; i++) {
    others.push(
      (await callWithKey<One>(server.url, key, 'POST', '/api/v1/customers', { name: `Bench other ${i}` }))
        .data.id,
    );
  }
  await callWithKey(server.url, key, 'POST', `/api/v1/customers/${customer}/shares`, { userId: reader });

  const pool = stack.pool(2);
  const seeded = performance.now();
  const notes = Math.round(ACTIVITIES * 0.4);
  const calls = Math.round(ACTIVITIES * 0.3);
  const tasks = Math.round(ACTIVITIES * 0.2);
  const meetings = ACTIVITIES - notes - calls - tasks;
  // Spread over the last year, newest first in id order as the application makes them.
  const at = (n: string, count: number) => `now() - (${n}::float8 / ${count}) * interval '365 days'`;
  await pool.query(
    `INSERT INTO notes (id, created_by, owner_id, at, created_at, body, summary, customer_id, contact_id)
     SELECT ${uuidv7Sql(at('g', notes))}, $1, $1, ${at('g', notes)}, ${at('g', notes)},
       '<p>Bench note ' || g || '</p>', 'Bench note ' || g, $2, CASE WHEN g % 2 = 0 THEN $3::uuid END
     FROM generate_series(1, $4::int) AS g`,
    [users.repId, customer, contact, notes],
  );
  await pool.query(
    `INSERT INTO calls (id, created_by, owner_id, at, created_at, subject, direction, outcome, duration_seconds,
       customer_id, opportunity_id)
     SELECT ${uuidv7Sql(at('g', calls))}, $1, $1, ${at('g', calls)}, ${at('g', calls)}, 'Bench call ' || g,
       'outbound', 'connected', 60 + g % 600, $2, CASE WHEN g % 2 = 0 THEN $3::uuid END
     FROM generate_series(1, $4::int) AS g`,
    [users.repId, customer, deal, calls],
  );
  await pool.query(
    `INSERT INTO tasks (id, created_by, owner_id, at, created_at, title, customer_id)
     SELECT ${uuidv7Sql(at('g', tasks))}, $1, $1, ${at('g', tasks)}, ${at('g', tasks)}, 'Bench task ' || g, $2
     FROM generate_series(1, $3::int) AS g`,
    [users.repId, customer, tasks],
  );
  await pool.query(
    `INSERT INTO meetings (id, created_by, owner_id, at, ends_at, created_at, title, customer_id)
     SELECT ${uuidv7Sql(at('g', meetings))}, $1, $1, ${at('g', meetings)}, ${at('g', meetings)} + interval '1 hour',
       ${at('g', meetings)}, 'Bench meeting ' || g, $2
     FROM generate_series(1, $3::int) AS g`,
    [users.repId, customer, meetings],
  );
  await pool.query(
    `INSERT INTO notes (id, created_by, owner_id, at, created_at, body, summary, customer_id)
     SELECT ${uuidv7Sql(at('g', OTHER_NOTES))}, $1, $1, ${at('g', OTHER_NOTES)}, ${at('g', OTHER_NOTES)},
       '<p>Other note</p>', 'Other note', ($2::uuid[])[1 + g % 20]
     FROM generate_series(1, $3::int) AS g`,
    [users.repId, others, OTHER_NOTES],
  );
  for (const table of ['notes', 'calls', 'tasks', 'meetings', 'audit_log'])
    await pool.query(`VACUUM (ANALYZE) ${table}`);
  console.log(
    `seed: ${(ACTIVITIES + OTHER_NOTES).toLocaleString('en')} activities in ` +
      `${((performance.now() - seeded) / 1000).toFixed(1)} s`,
  );

  const path = `/api/v1/customers/${customer}/timeline?limit=20`;
  const owner = await callWithKey<{ data: unknown[] }>(server.url, key, 'GET', path);
  const shared = await callWithKey<{ data: Array<{ type: string; record?: { contactId?: string } }> }>(
    server.url,
    readerKey,
    'GET',
    path,
  );
  console.log(`first page: ${owner.data.length} entries for the owner, ${shared.data.length} for the reader`);

  const readers = [
    { who: 'owner', key },
    { who: 'shared reader', key: readerKey },
  ];
  const figures = await stack.measure(
    readers.flatMap(({ who, key: readerKeyOf }) =>
      CONNECTIONS.map(
        (connections) => (seconds: number) =>
          runHttp({
            label: `API customer timeline, first page, ${who} (${connections} conn.)`,
            url: `${server.url}${path}`,
            connections,
            seconds,
            headers: { authorization: `Bearer ${readerKeyOf}` },
          }),
      ),
    ),
  );
  const all: Figures[] = figures.map((f) => ({ ...f, workers: WORKERS }));
  printFigures(all, started);
  for (const f of all) {
    const alone = f.label.includes('(1 conn.)');
    const target = alone ? `p95 < ${FIRST_PAGE_P95_MS} ms` : 'p95 (reported; target is at 1)';
    console.log(
      `${alone ? mark(f.p95 < FIRST_PAGE_P95_MS) : 'INFO'}  ${f.label}: ${target} (${f.p95.toFixed(2)} ms)`,
    );
  }
  return all.every((f) => f.failed === 0);
}

await runBench(main);
