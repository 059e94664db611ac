/**
 * A board column of 10,000 open opportunities in Chromium: it opens with its first cards and its count, scrolls to
 * its end loading pages as it goes while only the cards in view are in the page, and frames keep coming while it
 * scrolls back. On PostgreSQL, so the cards are written in one statement; the totals' triggers count them.
 */
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_STAGES, PIPELINE, rankSql } from '../bench/board-seed.js';
import { uuidv7Sql } from '../bench/seed-table.js';
import {
  type CrmProcess,
  type IsolatedPage,
  artifactPath,
  createTestDatabase,
  launchBrowser,
  loginInBrowser,
  openPage,
  pageApi,
  startCrm,
  until,
} from './helpers.js';
import { ensureWebBuild } from './web-build.js';

const CARDS = 10_000;
const column = (page: Page) => page.locator('[data-testid="board-column"][data-stage="Prospecting"]');

describe('a board column of 10,000 cards', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const api = pageApi(
    () => tab.page,
    () => crm.url,
  );

  beforeAll(async () => {
    ensureWebBuild();
    database = await createTestDatabase('board_scale');
    [crm, browser] = await Promise.all([
      startCrm({ name: 'board-scale', databaseUrl: database.url }),
      launchBrowser(),
    ]);
    tab = await openPage(browser, crm.url);
    await loginInBrowser(tab.page, crm.url, crm.admin);
    const customer = await api('POST', '/api/v1/customers', { name: 'Großhandel Nord' });
    expect(customer.status).toBe(201);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(
      `INSERT INTO opportunities (id, title, opportunity_from, customer_id, amount, pipeline_id, stage_id,
         probability, owner_id, created_by, rank)
       SELECT ${uuidv7Sql('now()')}, 'Deal ' || lpad(i::text, 5, '0'), 'customer', $3::uuid, 100 + i % 900,
         '${PIPELINE}'::uuid, '${OPEN_STAGES[0]}'::uuid, 10, u.id, u.id, ${rankSql('(i - 1)')}
       FROM generate_series(1, $1::int) AS i, (SELECT id FROM users WHERE email = $2) AS u`,
      [CARDS, crm.admin.email, customer.body.data.id],
    );
    await client.end();
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
    await database?.drop();
  });

  it('opens, scrolls to its end with only the cards in view in the page, and scrolls back smoothly', async () => {
    const { page } = tab;
    const opened = Date.now();
    await page.goto('/pipeline');
    await column(page).getByTestId('board-card').first().waitFor();
    const openMs = Date.now() - opened;
    await expect(column(page).getByTestId('board-column-count').innerText()).resolves.toBe('10,000');
    const cards = () => column(page).getByTestId('board-card').count();
    const scroller = column(page).getByTestId('board-column-scroll');
    let most = 0;
    const scrolled = Date.now();
    const last = column(page).getByTestId('board-card').filter({ hasText: 'Deal 10000' });
    for (let round = 0; round < 400 && (await last.count()) === 0; round++) {
      await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      await page.waitForTimeout(50);
      most = Math.max(most, await cards());
    }
    await last.waitFor();
    const scrollMs = Date.now() - scrolled;
    expect(most).toBeLessThan(40);
    await page.screenshot({ path: artifactPath('board-10k-end.png') });

    const frames = await scroller.evaluate(async (element) => {
      // Runs in the page; the test's own TypeScript setup has no DOM library.
      const win = globalThis as unknown as { requestAnimationFrame(done: () => void): number };
      const gaps: number[] = [];
      let previous = performance.now();
      for (let top = element.scrollHeight; top > 0; top -= 3000) {
        element.scrollTop = top;
        await new Promise<void>((resolve) => win.requestAnimationFrame(() => resolve()));
        const now = performance.now();
        gaps.push(now - previous);
        previous = now;
      }
      element.scrollTop = 0;
      gaps.sort((a, b) => a - b);
      return { count: gaps.length, median: gaps[Math.floor(gaps.length / 2)] ?? 0, worst: gaps.at(-1) ?? 0 };
    });
    console.log(
      `e2e: board of ${CARDS} cards opened in ${openMs} ms, scrolled to the end in ${scrollMs} ms with at most ` +
        `${most} cards in the page; back to the top in ${frames.count} frames, median ${frames.median.toFixed(1)} ms, ` +
        `worst ${frames.worst.toFixed(1)} ms`,
    );
    // A frame that rendered thousands of cards would take hundreds of milliseconds.
    expect(frames.median).toBeLessThan(100);
    await until(() => column(page).getByTestId('board-card').first().innerText()).toContain('Deal 00001');
  });

  it('folds a column to a strip and unfolds it', async () => {
    const { page } = tab;
    await page.getByRole('button', { name: 'Fold “Won”' }).click();
    await until(() => page.locator('[data-stage="Won"]').getAttribute('data-folded')).toBe('true');
    await page.getByRole('button', { name: 'Unfold “Won”' }).click();
    await until(() => page.locator('[data-stage="Won"]').getAttribute('data-folded')).toBe(null);
  });
});
