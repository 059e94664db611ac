/**
 * The search box in the header, driven in Chromium: a misspelt name finds the customer, a fragment of an e-mail
 * address finds the contact, the entity is named in the user's language, and choosing a hit opens its record.
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
  startCrm,
} from './helpers.js';
import { ensureWebBuild } from './web-build.js';

describe('global search', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;
  let customerId = '';

  const post = async (path: string, data: unknown) => {
    const response = await tab.page.request.post(path, {
      data,
      headers: { origin: new URL(crm.url).origin },
    });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()).data as { id: string };
  };

  beforeAll(async () => {
    ensureWebBuild();
    [crm, browser] = await Promise.all([startCrm({ name: 'global-search' }), launchBrowser()]);
    tab = await openPage(browser, crm.url);
    await loginInBrowser(tab.page, crm.url, crm.admin);
    customerId = (await post('/api/v1/customers', { name: 'Schröder Landmaschinen KG' })).id;
    await post('/api/v1/customers', { name: 'Weber Logistik' });
    await post('/api/v1/contacts', {
      firstName: 'Katrin',
      lastName: 'Vogel',
      emails: [{ email: 'k.vogel@landtechnik.example', primary: true }],
    });
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
  });

  it('finds a customer by a misspelt name and opens it', async () => {
    const { page } = tab;
    await page.goto('/');
    const box = page.getByTestId('global-search');
    await box.click();
    await box.fill('schroeder landmaschin');
    const hit = page.getByRole('option', { name: /Schröder Landmaschinen KG/ });
    await hit.waitFor();
    await expect(hit.textContent()).resolves.toContain('Customer');
    await expect(page.getByRole('option', { name: /Weber Logistik/ }).count()).resolves.toBe(0);
    await page.screenshot({ path: artifactPath('global-search.png') });
    await hit.click();
    await page.waitForURL(`**/customers/${customerId}`);
    await expect(box.inputValue()).resolves.toBe('');
  });

  it('finds a contact by part of an e-mail address, naming the entity in German', async () => {
    const { page } = tab;
    await page.request.patch('/api/v1/auth/me', {
      data: { language: 'de' },
      headers: { origin: new URL(crm.url).origin },
    });
    await page.goto('/');
    const box = page.getByPlaceholder('Kunden, Kontakte … suchen');
    await box.fill('landtechnik');
    const hit = page.getByRole('option', { name: /Katrin Vogel/ });
    await hit.waitFor();
    await expect(hit.textContent()).resolves.toContain('Kontakt');
    await page.screenshot({ path: artifactPath('global-search-de.png') });
    // Keyboard only: arrow down to the hit, Enter opens it.
    await box.press('ArrowDown');
    await box.press('Enter');
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
  });
});
