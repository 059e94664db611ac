/**
 * Shared pieces of the browser tests: start the real CRM as `npm start` would (a child process on a free port
 * with its own embedded database), drive Debian's Chromium through playwright-core, keep screenshots and server
 * logs under artifacts/. Playwright's own browsers are never downloaded: the system Chromium is the one we test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import { expect, inject } from 'vitest';
import { type ServerDatabase, createServerDatabase, freePort } from '../test/pg-server.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ARTIFACTS_DIR = path.join(ROOT, 'artifacts');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface CrmProcess {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  dataDir: string;
  admin: { email: string; password: string };
  /** Everything the server wrote to stdout and stderr so far. */
  log(): string;
  /** SIGTERM (graceful drain), SIGKILL if that takes too long; keeps the log in artifacts/; removes the data. */
  stop(): Promise<void>;
}

export interface StartCrmOptions {
  /** Names the log file in artifacts/ (`<name>-server.log`). */
  name?: string;
  /** PostgreSQL instead of the embedded database (e.g. `inject('pgUrl')` with a database of its own). */
  databaseUrl?: string;
  /** Extra environment for the server (wins over the defaults here). */
  env?: Record<string, string>;
  /** How long to wait for /api/health; the first PGlite start (WASM + initdb) alone takes about 4 s. */
  startTimeoutMs?: number;
  /** Node's arguments; by default the sources through tsx (`--import tsx src/main.ts`). */
  command?: string[];
  /**
   * A data directory to start on, kept when the server stops; by default a fresh one (with a migrated embedded
   * database unless `databaseUrl` is given), removed at the end.
   */
  dataDir?: string;
}

/** Children still running, killed if the test process dies without its afterAll (so no server outlives it). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function artifactPath(file: string): string {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, file);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A new data directory; with the embedded database already migrated (e2e/global-setup.ts) when it will hold it. */
function freshDataDir(embedded: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-e2e-'));
  if (embedded) fs.cpSync(inject('migratedDataDir'), dir, { recursive: true });
  return dir;
}

/**
 * Starts `node --import tsx src/main.ts` (the sources as they are, no build needed) on a free loopback port with
 * a fresh data directory and a first administrator, and waits until /api/health answers 200.
 */
export async function startCrm(options: StartCrmOptions = {}): Promise<CrmProcess> {
  const name = options.name ?? 'crm';
  const port = await freePort();
  const dataDir = options.dataDir ?? freshDataDir(options.databaseUrl === undefined);
  const admin = { email: 'admin@example.com', password: 'e2e correct horse battery' };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    CRM_DATA_DIR: dataDir,
    CRM_ADMIN_EMAIL: admin.email,
    CRM_ADMIN_PASSWORD: admin.password,
    ...options.env,
  };
  // An inherited DATABASE_URL (a developer's shell) must not point the test server at a real database.
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;

  const child = spawn(process.execPath, options.command ?? ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const append = (chunk: Buffer) => (output += chunk.toString());
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  // The exit code, or the signal that ended the process.
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
    }),
  );
  let exitCode: number | NodeJS.Signals | null | undefined;
  void exited.then((code) => (exitCode = code));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exitCode === undefined) {
      child.kill('SIGTERM');
      // The server drains requests and closes the database on SIGTERM; it forces itself out after 25 s.
      const done = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    const code = await exited;
    fs.writeFileSync(artifactPath(`${name}-server.log`), `${output}[e2e] the server exited with ${code}\n`);
    if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`the CRM exited with ${exitCode} before it answered /api/health:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the CRM did not answer ${url}/api/health in time:\n${output}`);
    }
    await sleep(200);
  }
  return { url, port, dataDir, admin, log: () => output, stop };
}

/** Debian's Chromium, headless, with everything that would reach the network on its own turned off. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: run "apt-get install chromium" (as root).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // --no-sandbox: tests run as root in containers, where Chromium's sandbox cannot start.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface IsolatedPage {
  context: BrowserContext;
  page: Page;
  /** Requests the page tried to send anywhere but the CRM (refused: the UI must work offline). */
  foreignRequests: string[];
}

/**
 * A fresh context (own cookies) whose relative URLs resolve against the CRM; requests to any other origin are
 * aborted and recorded, so a test can assert the UI needs no CDN or third-party service.
 */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  /** A visitor elsewhere: `{ timezoneId: 'America/New_York' }`. */
  options: { timezoneId?: string; locale?: string } = {},
): Promise<IsolatedPage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  const origin = new URL(baseUrl).origin;
  const foreignRequests: string[] = [];
  await context.route('**/*', (route) => {
    const requestUrl = route.request().url();
    if (requestUrl.startsWith('data:') || requestUrl.startsWith('blob:')) return route.continue();
    if (new URL(requestUrl).origin === origin) return route.continue();
    foreignRequests.push(requestUrl);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  return { context, page, foreignRequests };
}

/**
 * Logs in through the API inside the browser context, so the session cookie lands in the context's jar.
 * The Origin header is what a same-origin page would send; the server refuses unsafe requests without it.
 */
export async function loginInBrowser(
  page: Page,
  baseUrl: string,
  credentials: { email: string; password: string },
): Promise<void> {
  const response = await page.request.post('/api/v1/auth/login', {
    data: credentials,
    headers: { Origin: new URL(baseUrl).origin },
  });
  if (response.status() !== 200) {
    throw new Error(`login failed with ${response.status()}: ${await response.text()}`);
  }
}

/** A database of its own on the test server (`inject('pgUrl')`), for a CRM on PostgreSQL; dropped by `drop`. */
export function createTestDatabase(prefix: string): Promise<ServerDatabase> {
  return createServerDatabase(inject('pgUrl'), `e2e_${prefix}`);
}

/**
 * JSON requests as the logged-in page sends them (its session cookie and its origin), for seeding and checking
 * what the screens did. Getters, since tests open the page in beforeAll.
 */
export function pageApi(page: () => Page, baseUrl: () => string) {
  return async (method: string, path: string, data?: unknown) => {
    const response = await page().request.fetch(path, {
      method,
      data,
      headers: { origin: new URL(baseUrl()).origin },
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers
    return { status: response.status(), body: (await response.json().catch(() => null)) as any };
  };
}

/** Polls long enough for a busy machine: pages load after the shell, and actions wait for the server. */
export const until = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 100 });

type Box = { x: number; y: number; width: number; height: number };
const centre = (box: Box) => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });

/**
 * Drags with the mouse in small steps, as dnd-kit's pointer sensor needs movement to start and to follow: from the
 * point `grab` picks on the source (its centre by default) to the point `drop` picks on the target.
 */
export async function dragWithMouse(
  page: Page,
  from: Locator,
  to: Locator,
  options: {
    grab?: (box: Box) => { x: number; y: number };
    drop?: (box: Box) => { x: number; y: number };
  } = {},
): Promise<void> {
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  if (!start || !end) throw new Error('nothing to drag from or to');
  const grab = (options.grab ?? centre)(start);
  const drop = (options.drop ?? centre)(end);
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  await page.mouse.move(grab.x + 10, grab.y, { steps: 5 });
  await page.mouse.move(drop.x, drop.y, { steps: 20 });
  await page.waitForTimeout(150);
  await page.mouse.up();
}
