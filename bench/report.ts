import os from 'node:os';
import type { Figures } from './load.js';

/** Targets of the issue: the API list keeps at least half of raw SQL throughput, and its p95 stays under 25 ms. */
export const TARGETS = { minListRatio: 0.5, maxListP95Ms: 25 };

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '–');
const perRequest = (f: Figures, spent: number | undefined) =>
  spent === undefined || f.ok === 0 ? '–' : (spent / f.ok).toFixed(2);

/** A Markdown table, so a run's output can be pasted into docs/performance.md as it is. */
export function figuresTable(rows: Figures[]): string {
  const lines = [
    '| measurement | workers | req/s | p50 ms | p95 ms | p99 ms | failed | CPU ms/req: server | PostgreSQL | client |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (f) =>
        `| ${f.label} | ${f.workers ?? '–'} | ${f.rps.toFixed(0)} | ${ms(f.p50)} | ${ms(f.p95)} | ${ms(f.p99)} | ${f.failed} | ` +
        `${perRequest(f, f.cpu?.server)} | ${perRequest(f, f.cpu?.postgres)} | ${perRequest(f, f.cpu?.client)} |`,
    ),
  ];
  return lines.join('\n');
}

export interface Verdict {
  ratio: number;
  lines: string[];
  pass: boolean;
}

export function verdict(apiList: Figures, rawList: Figures): Verdict {
  const ratio = apiList.rps / rawList.rps;
  const ratioOk = ratio >= TARGETS.minListRatio;
  const p95Ok = apiList.p95 < TARGETS.maxListP95Ms;
  const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const cost = (f: Figures) => (f.cpu ? (f.cpu.server + f.cpu.postgres + f.cpu.client) / f.ok : undefined);
  const busy = (f: Figures, perRequest: number) => ((f.rps * perRequest) / 1000).toFixed(2);
  const apiCost = cost(apiList);
  const rawCost = cost(rawList);
  // Throughput moves with whatever else runs on the machine; CPU spent per request much less so.
  const costLine =
    apiCost && rawCost
      ? [
          `CPU per list request (server + PostgreSQL + load generator): API ${apiCost.toFixed(2)} ms, ` +
            `raw ${rawCost.toFixed(2)} ms; cost ratio raw/API ${((rawCost / apiCost) * 100).toFixed(1)} % ` +
            '(a load-independent estimate of the throughput ratio on a saturated machine)',
          // req/s × CPU per request: how much of the machine a load used. Near every core means the machine,
          // not one process, bounds throughput; fewer with one server process means that process does.
          `cores busy during the list loads: API ${busy(apiList, apiCost)}, raw ${busy(rawList, rawCost)} ` +
            `of ${os.availableParallelism()}`,
        ]
      : [];
  return {
    ratio,
    pass: ratioOk && p95Ok,
    lines: [
      ...costLine,
      `list API/raw throughput: ${apiList.rps.toFixed(0)} / ${rawList.rps.toFixed(0)} req/s = ${(ratio * 100).toFixed(1)} %`,
      `${mark(ratioOk)}  API list ≥ ${TARGETS.minListRatio * 100} % of raw SQL throughput (${(ratio * 100).toFixed(1)} %)`,
      `${mark(p95Ok)}  API list p95 < ${TARGETS.maxListP95Ms} ms (${ms(apiList.p95)} ms)`,
    ],
  };
}

/** Parameters inlined for reading only (the benchmark itself sends them bound, as the server does). */
export function readableSql(sql: string, parameters: unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = parameters[Number(n) - 1];
    if (typeof value === 'number') return String(value);
    if (Array.isArray(value)) return `'{${value.join(',')}}'`;
    return `'${String(value).replace(/'/g, "''")}'`;
  });
}

/** The figures as a table, then how long the run took and the load it left (other work skews the figures). */
export function printFigures(all: Figures[], startedAt: number): void {
  console.log(`\n${figuresTable(all)}\n`);
  const load = os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
  console.log(`total ${((performance.now() - startedAt) / 1000).toFixed(0)} s; load average now ${load}\n`);
}
