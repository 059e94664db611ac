/**
 * `npm run bench:booking`: the public booking page's free slots, the query a visitor's every page view runs. On a
 * throwaway PostgreSQL 15, five representatives in Berlin are bookable on weekdays 08:00–18:00 through one page
 * (30-minute slots); SQL gives them 2,000 meetings over the next 60 days (about seven a day each, a third of them
 * as attendees of a colleague's meeting) and other users 200,000 meetings over two years, so the owner and attendee
 * indexes hold far more than the reps. Measured: GET /api/v1/booking-pages/{slug}/slots for a week and for six
 * weeks, in a New York visitor's zone, each request another week of the coming two months. Target: a week's slots
 * p95 < 50 ms at one connection; six weeks and 4 connections per core are reported. See docs/performance.md.
 */
import os from 'node:os';
import { type Figures, runHttp } from './load.js';
import { printFigures } from './report.js';
import { uuidv7Sql } from './seed-table.js';
import { ADMIN, intEnv, runBench, startStack } from './stack.js';
import { adminSession, createBenchUsers } from './users.js';

const SECONDS = intEnv('BENCH_SECONDS', 10);
const WARMUP = intEnv('BENCH_WARMUP', 3);
const WORKERS = intEnv('BENCH_WORKERS', os.availableParallelism());
const CONNECTIONS = [...new Set([1, intEnv('BENCH_CONNECTIONS', 4 * os.availableParallelism())])];
const REP_MEETINGS = intEnv('BENCH_REP_MEETINGS', 2_000);
const OTHER_MEETINGS = intEnv('BENCH_OTHER_MEETINGS', 200_000);
const WEEK_P95_MS = 50;
const REPS = 5;

const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function main(): Promise<boolean> {
  const started = performance.now();
  console.log(
    `bench booking: ${REPS} reps with ${REP_MEETINGS.toLocaleString('en')} meetings, ` +
      `${OTHER_MEETINGS.toLocaleString('en')} of others, ${WORKERS} server process(es), connections ` +
      `${CONNECTIONS.join(' and ')}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
  const stack = await startStack({ workers: WORKERS, warmup: WARMUP, seconds: SECONDS });
  const { server } = stack;
  const users = await createBenchUsers(server.url, ADMIN, REPS + 1);
  const reps = users.ownerIds.slice(0, REPS);
  const other = users.ownerIds[REPS] as string;
  const pool = stack.pool(2);
  await pool.query(`UPDATE users SET time_zone = 'Europe/Berlin' WHERE id = ANY($1::uuid[])`, [reps]);

  const admin = await adminSession(server.url, ADMIN);
  const hours = ['mon', 'tue', 'wed', 'thu', 'fri'].map((weekday) => ({
    day: weekday,
    from: '08:00',
    to: '18:00',
  }));
  const salesPersonIds: string[] = [];
  for (const [i, userId] of reps.entries()) {
    const person = await admin.call<{ data: { id: string } }>('POST', '/api/v1/sales-persons', {
      name: `Bench Rep ${i + 1}`,
      userId,
      availability: hours,
    });
    salesPersonIds.push(person.data.id);
  }
  await admin.call('POST', '/api/v1/booking-pages', {
    name: 'Bench demo',
    slug: 'bench-demo',
    durationMinutes: 30,
    minNoticeHours: 0,
    horizonDays: 90,
    salesPersonIds,
  });

  const seeded = performance.now();
  // Rep meetings on the half hour within working hours of the next 60 days; every third one organised by another
  // rep with this one attending.
  await pool.query(
    `INSERT INTO meetings (id, created_by, owner_id, at, ends_at, created_at, title, attendee_user_ids)
     SELECT ${uuidv7Sql('now()')}, o.owner, o.owner, m.at, m.at + interval '30 minutes', now(), 'Rep meeting ' || g,
       CASE WHEN g % 3 = 0 THEN ARRAY[($1::uuid[])[1 + g % 5]] ELSE '{}' END
     FROM generate_series(1, $2::int) AS g,
       LATERAL (SELECT ($1::uuid[])[1 + (g * 7) % 5] AS owner) o,
       LATERAL (SELECT date_trunc('day', now()) + ((g * 37) % 60) * interval '1 day'
         + interval '6 hours' + ((g * 13) % 20) * interval '30 minutes' AS at) m`,
    [reps, REP_MEETINGS],
  );
  await pool.query(
    `INSERT INTO meetings (id, created_by, owner_id, at, ends_at, created_at, title, attendee_user_ids)
     SELECT ${uuidv7Sql('now()')}, $1, $1, m.at, m.at + interval '1 hour', now(), 'Other meeting ' || g, '{}'
     FROM generate_series(1, $2::int) AS g,
       LATERAL (SELECT now() - interval '1 year' + (g::float8 / $2) * interval '2 years' AS at) m`,
    [other, OTHER_MEETINGS],
  );
  await pool.query('VACUUM (ANALYZE) meetings');
  console.log(
    `seed: ${(REP_MEETINGS + OTHER_MEETINGS).toLocaleString('en')} meetings in ` +
      `${((performance.now() - seeded) / 1000).toFixed(1)} s`,
  );

  const base = `/api/v1/booking-pages/bench-demo/slots?timeZone=America/New_York`;
  let request = 0;
  const week = (days: number) => () => ({ path: `${base}&days=${days}&from=${day((request++ * 7) % 56)}` });
  const check = await admin.call<{ data: { days: Array<{ slots: unknown[] }> } }>(
    'GET',
    `${base}&days=7&from=${day(7)}`,
  );
  console.log(
    `a week from ${day(7)}: ${check.data.days.reduce((n, d) => n + d.slots.length, 0)} free start times`,
  );

  const runs = [7, 42].flatMap((days) =>
    CONNECTIONS.map(
      (connections) => (seconds: number) =>
        runHttp({
          label: `API booking slots, ${days === 7 ? 'a week' : 'six weeks'} (${connections} conn.)`,
          url: `${server.url}${base}`,
          connections,
          seconds,
          headers: {},
          next: week(days),
        }),
    ),
  );
  const all: Figures[] = (await stack.measure(runs)).map((f) => ({ ...f, workers: WORKERS }));
  printFigures(all, started);
  for (const f of all) {
    const judged = f.label.includes('a week (1 conn.)');
    const target = judged ? `p95 < ${WEEK_P95_MS} ms` : 'p95 (reported)';
    console.log(
      `${judged ? mark(f.p95 < WEEK_P95_MS) : 'INFO'}  ${f.label}: ${target} (${f.p95.toFixed(2)} ms)`,
    );
  }
  return (
    all.every((f) => f.failed === 0) &&
    all.filter((f) => f.label.includes('a week (1 conn.)')).every((f) => f.p95 < WEEK_P95_MS)
  );
}

await runBench(main);
