/**
 * `npm run bench:board`: the benchmark of the opportunity board issue — "a pipeline with 200k opportunities (10k
 * open in one stage): board first load p95 < 50 ms, move p95 < 20 ms". Seeds the real `opportunities` table on a
 * throwaway PostgreSQL 15 (bench/board-seed.ts), starts the CRM as bench/run.ts does, and measures as a Sales
 * Manager (scope "team": half the representatives) and a Sales Representative (scope "own") with API keys:
 *  - the board's first load, GET /api/v1/opportunities/board (default pipeline, default page size), at one
 *    connection and at 4 per core, after printing EXPLAIN ANALYZE of the statements one load sends;
 *  - moves, POST /api/v1/opportunities/{id}/move of a random card of the actor's between two neighbours of a
 *    random open stage (the card's own stage or another; never Lost), a new body every request.
 * See docs/performance.md, "Opportunity board".
 */
import os from 'node:os';
import type pg from 'pg';
import { checkRanks, LOST_STAGE, type MovePlan, movePlan, OPEN_STAGES, seedBoard } from './board-seed.js';
import { explain } from './list-statement.js';
import { type Figures, runHttp } from './load.js';
import { figuresTable, readableSql } from './report.js';
import { ADMIN, intEnv, runBench, type Stack, startStack } from './stack.js';
import { BENCH_ROLE, createBenchManager, createBenchUsers, MANAGER_ROLE } from './users.js';

const ROWS = intEnv('BENCH_ROWS', 200_000);
/** Open cards in the first stage, the column the issue names. */
const BIG_OPEN = intEnv('BENCH_OPEN', 10_000);
const CUSTOMERS = intEnv('BENCH_CUSTOMERS', 3_000);
const SECONDS = intEnv('BENCH_SECONDS', 10);
const WARMUP = intEnv('BENCH_WARMUP', 3);
const WORKERS = intEnv('BENCH_WORKERS', os.availableParallelism());
/** 4 per core, as the other benchmarks load the server; 1 is a user alone. */
const CONNECTIONS = [...new Set([1, intEnv('BENCH_CONNECTIONS', 4 * os.availableParallelism())])];
const OWNERS = 10;
const TEAM = OWNERS / 2;
const LOAD_P95_MS = 50;
const MOVE_P95_MS = 20;
const BASE = '/api/v1/opportunities';

interface Actor {
  name: string;
  headers: Record<string, string>;
  /** Owners of the cards this actor moves: a set no other actor moves, so one's anchors stay where read. */
  movers: string[];
}

const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** A random move: a mover into a random open stage, after, before or between a pair of neighbours there. */
function moveRequest(plan: MovePlan): { path: string; body: string } {
  const stageId = pick([...plan.anchors.keys()]);
  const [after, before] = pick(plan.anchors.get(stageId) ?? []);
  const how = Math.floor(Math.random() * 3);
  const body = {
    stageId,
    ...(how !== 1 ? { afterId: after } : {}),
    ...(how !== 0 ? { beforeId: before } : {}),
  };
  const card = plan.movers[plan.next++ % plan.movers.length] as string;
  return { path: `${BASE}/${card}/move`, body: JSON.stringify(body) };
}

/** The statements of one board load, each with its EXPLAIN ANALYZE: where a slow load spends its time. */
async function explainBoard(stack: Stack, pool: pg.Pool, actor: Actor): Promise<void> {
  const statements = await stack.server.capture(async () => {
    const response = await fetch(`${stack.server.url}${BASE}/board`, { headers: actor.headers });
    const body = (await response.json()) as { data?: { columns: Array<{ name: string; count: number }> } };
    if (!response.ok) throw new Error(`GET ${BASE}/board answered ${response.status}`);
    const counts = body.data?.columns.map((c) => `${c.name} ${c.count}`).join(', ');
    console.log(`\n${actor.name}, board: ${counts}`);
  });
  const reads = statements.filter((q) => /from "?opportunities"?/i.test(q.sql));
  console.log(`${statements.length} statement(s), ${reads.length} on opportunities (server-side ms):`);
  const timed: Array<{ ms: number; text: string }> = [];
  for (const statement of reads) {
    const plan = await explain(pool, statement);
    const ms = Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? Number.NaN);
    const sums = /group by/i.test(statement.sql);
    timed.push({ ms, text: `${readableSql(statement.sql, statement.parameters)}\nplan:\n${plan}` });
    console.log(`  ${sums ? 'sums   ' : 'column '} logged ${statement.ms.toFixed(2)} ms, EXPLAIN ${ms} ms`);
  }
  // The sums, and the slowest column, in full.
  const sums = reads.findIndex((q) => /group by/i.test(q.sql));
  const sumsStatement = reads[sums];
  if (sumsStatement) {
    console.log(`\nsums statement:\n${timed[sums]?.text}`);
    // What the sums would cost over the open columns alone (won and lost are most of a pipeline's rows).
    const openOnly = {
      ...sumsStatement,
      parameters: sumsStatement.parameters.map((p) =>
        Array.isArray(p) && p.includes(LOST_STAGE) ? OPEN_STAGES : p,
      ),
    };
    const plan = await explain(pool, openOnly);
    console.log(
      `the same sums over the open stages only: EXPLAIN ${/Execution Time: ([\d.]+)/.exec(plan)?.[1]} ms`,
    );
  }
  const slowest = timed
    .map((t, i) => ({ ...t, i }))
    .filter((t) => t.i !== sums)
    .sort((a, b) => b.ms - a.ms)[0];
  if (slowest) console.log(`\nslowest column statement:\n${slowest.text}`);
}

/** The statements of one move, with the time the server logged for each: what a move costs in round trips. */
async function explainMove(stack: Stack, actor: Actor, plan: MovePlan): Promise<void> {
  const { path, body } = moveRequest(plan);
  const statements = await stack.server.capture(async () => {
    const response = await fetch(`${stack.server.url}${path}`, {
      method: 'POST',
      headers: { ...actor.headers, 'content-type': 'application/json' },
      body,
    });
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  });
  const total = statements.reduce((sum, q) => sum + q.ms, 0);
  console.log(`\n${actor.name}, one move: ${statements.length} statement(s), ${total.toFixed(2)} ms logged:`);
  for (const q of statements) {
    console.log(`  ${q.ms.toFixed(2)} ms  ${q.sql.replace(/\s+/g, ' ').slice(0, 110)}`);
  }
}

async function main(): Promise<boolean> {
  const started = performance.now();
  console.log(
    `bench board: ${ROWS.toLocaleString('en')} opportunities (${BIG_OPEN.toLocaleString('en')} open in one ` +
      `stage), ${CUSTOMERS.toLocaleString('en')} customers, ${WORKERS} server process(es), connections ` +
      `${CONNECTIONS.join(' and ')}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
  const stack = await startStack({ workers: WORKERS, warmup: WARMUP, seconds: SECONDS });
  const { postgres, server } = stack;
  const users = await createBenchUsers(server.url, ADMIN, OWNERS);
  const team = users.ownerIds.slice(0, TEAM);
  const manager = await createBenchManager(server.url, ADMIN, team);
  const seed = await seedBoard(postgres.url, ROWS, BIG_OPEN, CUSTOMERS, users.ownerIds);
  console.log(
    `seed: ${seed.seconds.toFixed(1)} s (insert ${seed.insert.toFixed(1)} s, indexes and vacuum ` +
      `${seed.indexes.toFixed(1)} s), table ${seed.tableMb.toFixed(0)} MB, indexes ${seed.indexMb.toFixed(0)} MB; ` +
      `per stage ${seed.sizes.map((n) => n.toLocaleString('en')).join(' / ')}`,
  );
  const pool = stack.pool(2);
  console.log(`ranks: fractional-indexing accepts the seeded keys: ${await checkRanks(pool)}`);

  const boss: Actor = {
    name: `${MANAGER_ROLE}, team of ${TEAM}`,
    headers: { authorization: `Bearer ${manager.managerKey}` },
    movers: team.filter((id) => id !== users.repId),
  };
  const rep: Actor = {
    name: BENCH_ROLE,
    headers: { authorization: `Bearer ${users.repKey}` },
    movers: [users.repId],
  };
  const actors = [boss, rep];
  for (const actor of actors) await explainBoard(stack, pool, actor);

  const loads = await stack.measure(
    actors.flatMap((actor) =>
      CONNECTIONS.map(
        (connections) => (seconds: number) =>
          runHttp({
            label: `API board first load (${actor.name}; ${connections} conn.)`,
            url: `${server.url}${BASE}/board`,
            connections,
            seconds,
            headers: actor.headers,
          }),
      ),
    ),
  );
  const plans = new Map<Actor, MovePlan>();
  for (const actor of actors) plans.set(actor, await movePlan(pool, actor.movers));
  for (const actor of actors) {
    const plan = plans.get(actor) as MovePlan;
    await explainMove(stack, actor, plan);
    const pairs = [...plan.anchors.values()].reduce((n, p) => n + p.length, 0);
    console.log(`${actor.name}: ${plan.movers.length} cards move between ${pairs} pairs of neighbours`);
  }
  const unexpected = new Map<number, number>();
  const moves = await stack.measure(
    actors.flatMap((actor) =>
      CONNECTIONS.map(
        (connections) => (seconds: number) =>
          runHttp({
            label: `API move (${actor.name}; ${connections} conn.)`,
            url: `${server.url}${BASE}`,
            method: 'POST',
            connections,
            seconds,
            headers: { ...actor.headers, 'content-type': 'application/json' },
            next: () => moveRequest(plans.get(actor) as MovePlan),
            expect: (status) => {
              if (status >= 200 && status < 300) return true;
              unexpected.set(status, (unexpected.get(status) ?? 0) + 1);
              return false;
            },
          }),
      ),
    ),
  );
  if (unexpected.size)
    console.log(`moves answered otherwise: ${[...unexpected].map(([s, n]) => `${n} × ${s}`).join(', ')}`);
  const lost = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM opportunities WHERE stage_id = $1 AND status <> 'lost'`,
    [LOST_STAGE],
  );
  if (lost.rows[0]?.n) throw new Error('a card entered the lost stage without being lost');

  const all: Figures[] = [...loads, ...moves].map((f) => ({ ...f, workers: WORKERS }));
  console.log(`\n${figuresTable(all)}\n`);
  const load = os.loadavg().map((n) => n.toFixed(1));
  console.log(
    `seed ${seed.seconds.toFixed(0)} s; total ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
      `load average now ${load.join(' ')} (other work on the machine skews the figures)\n`,
  );
  // Both targets are a user's wait: judged at one connection; at 4 per core the figures include queueing for the
  // cores that the server, PostgreSQL and the load generator share, and are reported.
  const verdicts = [
    ...loads.map((f) => ({ f, ms: LOAD_P95_MS })),
    ...moves.map((f) => ({ f, ms: MOVE_P95_MS })),
  ];
  for (const { f, ms } of verdicts) {
    const alone = f.label.includes('; 1 conn.');
    const target = alone ? `p95 < ${ms} ms` : `p95 (reported; target is at 1)`;
    console.log(`${alone ? mark(f.p95 < ms) : 'INFO'}  ${f.label}: ${target} (${f.p95.toFixed(2)} ms)`);
  }
  return all.every((f) => f.failed === 0);
}

await runBench(main);
