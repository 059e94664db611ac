/**
 * `npm run bench`: every benchmark in turn — the platform's (bench/run.ts: the record API on bench items), then
 * contacts, leads, the opportunity board, quotations, the activity timeline and the booking page's slots — each in a process of its own with its own throwaway PostgreSQL, so
 * one's data, caches and leftover load do not favour or burden the next. Arguments pick some, in the order given:
 * `npm run bench -- leads`, `npm run bench -- platform contacts`. The BENCH_* variables reach every one of them.
 * All run even if one fails; the exit code is 1 if any did. docs/performance.md says how long each takes.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BENCHES: Record<string, string> = {
  platform: 'run.ts',
  contacts: 'contacts.ts',
  leads: 'leads.ts',
  board: 'board.ts',
  quotations: 'quotations.ts',
  timeline: 'timeline.ts',
  booking: 'booking.ts',
};

const names = process.argv.slice(2);
const unknown = names.filter((name) => !(name in BENCHES));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}

/** Runs one benchmark with our terminal; Ctrl-C reaches it too (same process group), and it cleans up itself. */
function run(file: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, file)], { stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1))));
}

// The benchmark being run gets Ctrl-C itself and stops its servers; this process only waits for it, then stops.
let interrupted = false;
process.on('SIGINT', () => (interrupted = true));

const results: Array<{ name: string; code: number; seconds: number }> = [];
for (const name of names.length ? names : Object.keys(BENCHES)) {
  console.log(`\n=== npm run bench: ${name} (bench/${BENCHES[name]}) ===\n`);
  const started = performance.now();
  const code = await run(BENCHES[name] as string);
  results.push({ name, code, seconds: (performance.now() - started) / 1000 });
  if (interrupted) break;
}
console.log('\n=== npm run bench: summary ===');
for (const { name, code, seconds } of results) {
  console.log(
    `${name.padEnd(9)} ${code === 0 ? 'done' : `exit ${code}`} in ${(seconds / 60).toFixed(1)} min`,
  );
}
process.exitCode = interrupted ? 130 : results.some((r) => r.code !== 0) ? 1 : 0;
