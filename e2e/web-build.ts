/**
 * The browser tests of the web app need its build in dist/web (the server serves it). `npm test` builds it as a
 * counted step first; run on their own (`npx vitest run --project e2e`), the tests build it here when it is
 * missing or older than any file under web/, so they never test a stale app.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers.js';

const WEB_DIR = path.join(ROOT, 'web');
const MANIFEST = path.join(ROOT, 'dist/web/.vite/manifest.json');

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function ensureWebBuild(): void {
  const built = fs.existsSync(MANIFEST) ? fs.statSync(MANIFEST).mtimeMs : 0;
  if (built > newestChange(WEB_DIR)) return;
  console.log('e2e: building the web app (dist/web is missing or older than web/)');
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build: slow, and not what
      // users get.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}
