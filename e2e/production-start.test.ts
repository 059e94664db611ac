/**
 * `npm start` as a user runs it: the server compiled by `tsc -p tsconfig.build.json` with the migrations copied
 * beside it (scripts/copy-assets.mjs), serving the built web app and the API on the embedded database. The other
 * tests run the sources through tsx, so only this one would notice a build that compiles but does not start.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { login } from '../test/fixtures/server-process.js';
import { type CrmProcess, ROOT, startCrm } from './helpers.js';
import { ensureWebBuild } from './web-build.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-start-'));
let server: CrmProcess | undefined;

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** What `npm run build` does besides the web app, which ensureWebBuild() builds when it is stale. */
function buildServer(): void {
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  execFileSync(process.execPath, ['scripts/copy-assets.mjs'], { cwd: ROOT, stdio: 'inherit' });
  ensureWebBuild();
}

const start = () =>
  startCrm({ name: 'production-start', command: ['dist/src/main.js'], dataDir, startTimeoutMs: 90_000 });

describe('the production build (npm start)', () => {
  it('serves the web app and the API on the embedded database, and keeps its data across a restart', async () => {
    buildServer();
    server = await start();
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);
    const cookie = await login(server.url, server.admin.email, server.admin.password);
    const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie } });
    const profile = (await me.json()) as { data: { email: string } };
    expect(profile.data.email).toBe(server.admin.email);
    await server.stop();

    // The same data directory again: migrations are already applied and the administrator exists.
    server = await start();
    expect(server.log()).not.toMatch(/"level":(50|60)/); // pino: error, fatal
    await login(server.url, server.admin.email, server.admin.password);
    expect(fs.readdirSync(dataDir).length).toBeGreaterThan(0);
  });
});
