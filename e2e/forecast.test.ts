/**
 * The forecast page in Chromium: opened from the navigation, it shows this month's closed and committed amounts
 * of the signed-in owner against their quota, switches grouping, and speaks German.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CrmProcess,
  type IsolatedPage,
  artifactPath,
  launchBrowser,
  loginInBrowser,
  openPage,
  pageApi,
  startCrm,
  until,
} from './helpers.js';
import { ensureWebBuild } from './web-build.js';

const now = new Date();
const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;

describe('the forecast page', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;
  const api = pageApi(
    () => tab.page,
    () => crm.url,
  );

  beforeAll(async () => {
    ensureWebBuild();
    [crm, browser] = await Promise.all([startCrm({ name: 'forecast' }), launchBrowser()]);
    tab = await openPage(browser, crm.url);
    await loginInBrowser(tab.page, crm.url, crm.admin);
    const me = (await api('GET', '/api/v1/auth/me')).body.data;
    const customer = (await api('POST', '/api/v1/customers', { name: 'Nordlicht AG' })).body.data;
    const stages = (await api('GET', '/api/v1/pipeline-stages?filter[kind]=won&limit=1')).body.data;
    const deal = (title: string, amount: string, extra: Record<string, unknown>) =>
      api('POST', '/api/v1/opportunities', { title, amount, customerId: customer.id, ...extra });
    const made = await Promise.all([
      deal('Signed roll-out', '1000.00', { stageId: stages[0].id, pipelineId: stages[0].pipelineId }),
      deal('Committed renewal', '2500.50', { forecastCategory: 'commit', expectedCloseDate: `${month}-28` }),
      deal('Early idea', '400.00', { expectedCloseDate: `${month}-15` }),
    ]);
    for (const response of made) expect(response.status, JSON.stringify(response.body)).toBe(201);
    const quota = await api('POST', '/api/v1/sales-quotas', { ownerId: me.id, month, amount: '4000.00' });
    expect(quota.status, JSON.stringify(quota.body)).toBe(201);
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
  });

  it('shows closed, commit and pipeline against the quota, by owner and by pipeline', async () => {
    const { page } = tab;
    await page.goto('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Forecast' }).click();
    await page.waitForURL('**/forecast');
    const table = page.getByTestId('forecast-table');
    const cell = table.getByRole('row').nth(1).getByRole('cell').first();
    await until(() => cell.innerText()).toContain('Closed: €1,000.00');
    const text = await cell.innerText();
    expect(text).toContain('Commit: €2,500.50');
    expect(text).toContain('Pipeline: €400.00');
    expect(text).toContain('Weighted: €1,');
    expect(text).toContain('Quota: €4,000.00');
    expect(text).toContain('25% of quota closed');
    await expect(table.getByRole('rowheader').first().innerText()).resolves.toContain('EUR');
    await page.getByText('No snapshots for these months yet', { exact: false }).waitFor();
    await page.screenshot({ path: artifactPath('forecast-en.png'), fullPage: true });

    await page.getByTestId('forecast-group').getByText('Pipeline').click();
    await page.waitForURL('**/forecast?groupBy=pipeline');
    await until(() => table.getByRole('rowheader').first().innerText()).toContain('Sales');
  });

  it('speaks German', async () => {
    const { page } = tab;
    await api('PATCH', '/api/v1/auth/me', { language: 'de' });
    try {
      await page.goto('/forecast');
      const cell = page.getByTestId('forecast-table').getByRole('row').nth(1).getByRole('cell').first();
      // German amounts put a no-break space before the sign.
      await until(() => cell.innerText()).toMatch(/Abgeschlossen: 1\.000,00\s€/);
      await expect(cell.innerText()).resolves.toMatch(/Zugesagt: 2\.500,50\s€/);
      await page.getByRole('heading', { name: 'Prognosegenauigkeit' }).waitFor();
      await page.screenshot({ path: artifactPath('forecast-de.png'), fullPage: true });
    } finally {
      await api('PATCH', '/api/v1/auth/me', { language: 'en' });
    }
  });
});
