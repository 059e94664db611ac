import { cpuSpent, type CpuTimes } from './cpu.js';
import { type Figures, type Sample, summarise } from './load.js';

export type Run = (seconds: number) => Promise<Sample>;

/**
 * Warms every run up, then measures them in turn for `rounds` rounds (interleaved, so a change in the machine's
 * load falls on all of them alike), with the CPU each spent where `cpuTimes` can tell.
 */
export async function measure(
  runs: Run[],
  options: { warmup: number; seconds: number; rounds?: number; cpuTimes: () => CpuTimes | undefined },
): Promise<Figures[]> {
  const rounds = options.rounds ?? 1;
  for (const run of runs) await run(options.warmup);
  const samples: Sample[][] = runs.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, run] of runs.entries()) {
      const before = options.cpuTimes();
      const sample = await run(options.seconds / rounds);
      const after = options.cpuTimes();
      if (before && after) sample.cpu = cpuSpent(before, after);
      samples[i]?.push(sample);
    }
  }
  const figures = samples.map(summarise);
  for (const f of figures) {
    const failed = f.failed ? `, ${f.failed} FAILED` : '';
    console.log(`  ${f.label}: ${f.rps.toFixed(0)} req/s, p95 ${f.p95.toFixed(2)} ms${failed}`);
  }
  return figures;
}
