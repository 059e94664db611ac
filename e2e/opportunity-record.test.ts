/**
 * An opportunity's record page, driven in Chromium like a user: the pipeline's stages as a bar to click (a click
 * moves it, with the stage's probability), mark won, reopen, the lost stage asking for the reasons, a refusal with
 * the server's words, and the page in German (linked settings by their German names too).
 */
import type { Browser, Page } from 'playwright-core';
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

const bar = (page: Page) => page.getByTestId('stage-bar');
const step = (page: Page, name: string) => bar(page).getByRole('button', { name, exact: true });
/** The bar's steps as `name:state` (current, passed, ahead), in order. */
const steps = (page: Page) =>
  bar(page)
    .getByRole('button')
    .evaluateAll((buttons) => buttons.map((button) => `${button.textContent}:${button.dataset.state}`));

describe('the opportunity record page', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;
  let id: string;
  const api = pageApi(
    () => tab.page,
    () => crm.url,
  );
  const stored = async () => (await api('GET', `/api/v1/opportunities/${id}`)).body.data;

  beforeAll(async () => {
    ensureWebBuild();
    [crm, browser] = await Promise.all([startCrm({ name: 'opportunity-record' }), launchBrowser()]);
    tab = await openPage(browser, crm.url);
    await loginInBrowser(tab.page, crm.url, crm.admin);
    const customer = await api('POST', '/api/v1/customers', { name: 'Hafenwerk GmbH' });
    expect(customer.status).toBe(201);
    const made = await api('POST', '/api/v1/opportunities', {
      title: 'Warehouse scanners',
      amount: '24000.00',
      currency: 'EUR',
      customerId: customer.body.data.id,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    id = made.body.data.id;
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
  });

  it('moves the opportunity to the stage clicked in the bar', async () => {
    const { page } = tab;
    // From the navigation's list, whose rows open the record page.
    await page.goto('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Opportunities' }).click();
    await page.waitForURL('**/opportunities');
    await page.getByTestId('list-opportunities').getByRole('link', { name: 'Warehouse scanners' }).click();
    await page.waitForURL(`**/opportunities/${id}`);
    await page.getByTestId('record-title').getByText('Warehouse scanners').waitFor();
    await until(() => steps(page)).toEqual([
      'Prospecting:current',
      'Qualification:ahead',
      'Proposal:ahead',
      'Negotiation:ahead',
      'Won:ahead',
      'Lost:ahead',
    ]);
    await expect(step(page, 'Prospecting').getAttribute('aria-current')).resolves.toBe('step');

    await step(page, 'Proposal').click();
    await until(async () => Number((await stored()).probability)).toBe(50);
    await until(() => steps(page)).toEqual([
      'Prospecting:passed',
      'Qualification:passed',
      'Proposal:current',
      'Negotiation:ahead',
      'Won:ahead',
      'Lost:ahead',
    ]);
    await expect(step(page, 'Proposal').getAttribute('aria-pressed')).resolves.toBe('true');
    // The form shows the record as stored now, with the stage's probability.
    await until(() =>
      page.locator('input[data-field="probability"], [data-field="probability"] input').first().inputValue(),
    ).toMatch(/^50/);
    await page.screenshot({ path: artifactPath('opportunity-record-en.png') });
  });

  it('marks it won and reopens it', async () => {
    const { page } = tab;
    await page.getByRole('button', { name: 'Mark won' }).click();
    await until(async () => (await stored()).status).toBe('converted');
    await until(() => step(page, 'Won').getAttribute('data-state')).toBe('current');
    await page.getByRole('button', { name: 'Reopen' }).click();
    await until(async () => (await stored()).status).toBe('open');
    await until(() => step(page, 'Prospecting').getAttribute('data-state')).toBe('current');
    await page.getByRole('button', { name: 'Mark won' }).waitFor();
  });

  it('asks for the reasons when the lost stage is clicked', async () => {
    const { page } = tab;
    await step(page, 'Lost').click();
    const dialog = page.getByTestId('declare-lost-dialog');
    await dialog.waitFor();
    await dialog.getByLabel(/^Lost reasons/).click();
    await page.getByRole('option', { name: 'Price', exact: true }).click();
    await dialog.getByLabel('Detail').fill('Went with the cheaper offer.');
    await dialog.getByRole('button', { name: 'Declare lost' }).click();
    await until(async () => (await stored()).status).toBe('lost');
    expect(await stored()).toMatchObject({ lostDetail: 'Went with the cheaper offer.' });
    await until(() => step(page, 'Lost').getAttribute('data-state')).toBe('current');
    await page.getByRole('button', { name: 'Reopen' }).waitFor();
    await page.screenshot({ path: artifactPath('opportunity-record-lost-en.png') });
  });

  it('says why when the server refuses, and shows the record as stored', async () => {
    const { page } = tab;
    // Someone else reopens it while it is on this screen: the page's version is stale.
    const before = await stored();
    const reopened = await api('POST', `/api/v1/opportunities/${id}/reopen`, { version: before.version });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    await step(page, 'Negotiation').click();
    await page.getByText('Not changed').waitFor();
    await until(() => step(page, 'Prospecting').getAttribute('data-state')).toBe('current');
    expect((await stored()).status).toBe('open');
  });

  it('speaks German: stage names and actions', async () => {
    const { page } = tab;
    await api('PATCH', '/api/v1/auth/me', { language: 'de' });
    try {
      await page.reload();
      await until(() => step(page, 'Angebot').getAttribute('data-state')).toBe('ahead');
      await page.getByRole('button', { name: 'Als gewonnen markieren' }).waitFor();
      await page.getByRole('button', { name: 'Als verloren markieren' }).waitFor();
      await page.screenshot({ path: artifactPath('opportunity-record-de.png') });
      // Links to settings named in both languages show the German name: the stages' pipeline "Sales".
      await page.goto('/settings/pipeline-stages');
      await page.getByRole('cell', { name: 'Vertrieb', exact: true }).first().waitFor();
    } finally {
      await api('PATCH', '/api/v1/auth/me', { language: 'en' });
    }
  });
});
