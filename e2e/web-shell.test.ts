/**
 * The web app's foundation, driven in Chromium like a user: the login page (and its error from the API), the
 * shell with the user's name and the navigation, placeholders for capabilities still to come, Settings → Users
 * as a generic list (sorting, paging, total), switching to German, logging out.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CrmProcess,
  type IsolatedPage,
  artifactPath,
  launchBrowser,
  openPage,
  startCrm,
} from './helpers.js';
import { ensureWebBuild } from './web-build.js';

/** Colleagues of the administrator, so the users list has more than one page (the page size is 50). */
const COLLEAGUES = 54;

async function seedColleagues(crm: CrmProcess): Promise<void> {
  const origin = new URL(crm.url).origin;
  const login = await fetch(`${crm.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify(crm.admin),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const headers = { cookie, origin, 'content-type': 'application/json' };
  const roles = (await (
    await fetch(`${crm.url}/api/v1/roles?filter[name]=Sales%20Representative`, { headers })
  ).json()) as { data: { id: string }[] };
  const roleId = roles.data[0]?.id;
  const names = ['Greta Müller', 'Jonas Becker', 'Lea Schneider', 'Paul Fischer', 'Mia Weber', 'Ben Wagner'];
  const items = Array.from({ length: COLLEAGUES }, (_, i) => ({
    fullName: `${names[i % names.length]} ${i + 1}`,
    email: `rep${String(i + 1).padStart(2, '0')}@example.com`,
    roleId,
    language: i % 2 ? 'de' : 'en',
  }));
  const response = await fetch(`${crm.url}/api/v1/users/bulk`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ items }),
  });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`seeding users failed: ${response.status} ${await response.text()}`);
  }
}

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel(/^(E-mail|E-Mail)$/).fill(email);
  await page.getByLabel(/^(Password|Passwort)$/).fill(password);
  await page.getByRole('button', { name: /^(Log in|Anmelden)$/ }).click();
}

describe('web app: login, shell, settings lists, language, logout', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;

  beforeAll(async () => {
    ensureWebBuild();
    [crm, browser] = await Promise.all([startCrm({ name: 'web-shell' }), launchBrowser()]);
    await seedColleagues(crm);
    tab = await openPage(browser, crm.url);
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
  });

  it('sends a visitor to the login page and shows the API error for a wrong password', async () => {
    const { page } = tab;
    await page.goto('/settings/users');
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    await logIn(page, crm.admin.email, 'not the password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.innerText()).resolves.toContain('E-mail or password is wrong.');
    await page.screenshot({ path: artifactPath('web-login-error.png') });
  });

  it('logs in, returns to the page asked for and shows the shell with the user and the navigation', async () => {
    const { page } = tab;
    await logIn(page, crm.admin.email, crm.admin.password);
    await page.waitForURL('**/settings/users');
    await expect(page.getByTestId('current-user').innerText()).resolves.toContain('Administrator');
    const nav = page.getByRole('navigation');
    for (const entry of [
      'Dashboard',
      'Leads',
      'Opportunities',
      'Pipeline',
      'Forecast',
      'Customers',
      'Contacts',
    ]) {
      await expect(nav.getByRole('link', { name: entry }).isVisible(), entry).resolves.toBe(true);
    }
    for (const entry of ['Quotations', 'E-mail', 'Reports', 'Settings']) {
      await expect(nav.getByRole('link', { name: entry }).isVisible(), entry).resolves.toBe(true);
    }
  });

  it('lists the users with a total, loads more and sorts on the server by a header click', async () => {
    const { page } = tab;
    const list = page.getByTestId('list-users');
    await list.getByRole('cell', { name: crm.admin.email }).waitFor();
    const count = page.getByTestId('list-count');
    await expect(count.innerText()).resolves.toBe(`50 of ${COLLEAGUES + 1}`);
    // The first column holds the row checkboxes (select all in its header).
    await expect(list.getByRole('columnheader').allInnerTexts()).resolves.toEqual([
      '',
      'Full name',
      'E-mail',
      'Role',
      'Language',
      'Enabled',
      'Created at',
    ]);
    // Links show the linked record's title, not its id.
    await expect(list.getByRole('row', { name: /Administrator/ }).innerText()).resolves.toContain(
      'CRM Administrator',
    );
    await page.screenshot({ path: artifactPath('web-settings-users.png') });

    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => count.innerText()).toBe(`${COLLEAGUES + 1} of ${COLLEAGUES + 1}`);
    await expect(page.getByRole('button', { name: 'Load more' }).count()).resolves.toBe(0);

    await list.getByRole('button', { name: 'E-mail' }).click();
    await page.waitForURL(/sort=email/);
    const firstEmail = () => list.locator('tbody tr').first().locator('td').nth(2).innerText();
    await expect.poll(firstEmail).toBe(crm.admin.email);
    await list.getByRole('button', { name: 'E-mail' }).click();
    await page.waitForURL(/sort=-email/);
    await expect.poll(firstEmail).toBe(`rep${COLLEAGUES}@example.com`);
  });

  it('shows a placeholder for capabilities of a later release', async () => {
    const { page } = tab;
    await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL('**/reports');
    await expect(page.getByTestId('placeholder').innerText()).resolves.toContain(
      'This part of the CRM comes with a later release.',
    );
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Welcome, Administrator' }).waitFor();
    await page.screenshot({ path: artifactPath('web-dashboard.png') });
  });

  it('lists customers from their metadata', async () => {
    const { page } = tab;
    const created = await page.request.post('/api/v1/customers', {
      data: { name: 'Müller Maschinenbau GmbH', customerType: 'company' },
      headers: { origin: new URL(crm.url).origin },
    });
    expect(created.status()).toBe(201);
    await page.getByRole('navigation').getByRole('link', { name: 'Customers' }).click();
    await page.waitForURL('**/customers');
    const list = page.getByTestId('list-customers');
    await list.getByRole('cell', { name: 'Müller Maschinenbau GmbH', exact: true }).waitFor();
    await expect(list.getByRole('cell', { name: 'Company' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: artifactPath('web-customers.png') });
    // The next test starts where a user lands after login.
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Welcome, Administrator' }).waitFor();
  });

  it('switches to German, stores the choice on the user and formats dates the German way', async () => {
    const { page } = tab;
    await page.getByText('Deutsch', { exact: true }).click();
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Einstellungen' }).waitFor();
    await expect(nav.getByRole('link', { name: 'Kunden' }).isVisible()).resolves.toBe(true);
    await expect(nav.getByRole('link', { name: 'Verkaufschancen' }).isVisible()).resolves.toBe(true);
    // The dashboard's date, e.g. "Heute ist Montag, 20. Juli 2026."
    await expect(page.getByTestId('today').innerText()).resolves.toMatch(
      /^Heute ist \p{L}+, \d{1,2}\. \p{L}+ \d{4}\.$/u,
    );
    await expect
      .poll(async () => (await (await page.request.get('/api/v1/auth/me')).json()).data.language)
      .toBe('de');

    await nav.getByRole('link', { name: 'Einstellungen' }).click();
    const list = page.getByTestId('list-users');
    await list.getByRole('cell', { name: crm.admin.email }).waitFor();
    await expect(list.getByRole('columnheader').nth(1).innerText()).resolves.toBe('Vollständiger Name');
    await expect(page.getByRole('tab', { name: 'Vertriebsteams' }).isVisible()).resolves.toBe(true);
    // "Created at" as a German date and time (dd.mm.yyyy, hh:mm), the total with German words.
    const created = await list.locator('tbody tr').first().locator('td').last().innerText();
    expect(created).toMatch(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/);
    // The list comes from the cache with both pages loaded before; the words and digits are German now.
    await expect(page.getByTestId('list-count').innerText()).resolves.toBe(
      `${COLLEAGUES + 1} von ${COLLEAGUES + 1}`,
    );
    await page.screenshot({ path: artifactPath('web-settings-users-de.png') });

    // The master data sit beside the users, in German too, each listed from its metadata.
    await page.getByRole('tab', { name: 'Gebiete' }).click();
    await page.getByTestId('list-territories').waitFor();
    await expect(page.getByRole('tab', { name: 'Kundengruppen' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: artifactPath('web-settings-territories-de.png') });
    await page.getByRole('tab', { name: 'Benutzer', exact: true }).click();
    await page.getByTestId('list-users').waitFor();

    // A reload keeps German: it is the user's language now, not just this page's state.
    await page.reload();
    await nav.getByRole('link', { name: 'Kunden' }).waitFor();
  });

  it('logs out to the login page, which stays in the language last used', async () => {
    const { page } = tab;
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL('**/login');
    await page.getByRole('button', { name: 'Anmelden' }).waitFor();
    expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
    expect(tab.foreignRequests).toEqual([]);
  });

  it('shows the login page in German to a German browser, errors included', async () => {
    const context = await browser.newContext({
      baseURL: crm.url,
      locale: 'de-DE',
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await context.newPage();
      await page.goto('/');
      await page.waitForURL('**/login');
      await page.getByRole('heading', { name: 'Willkommen zurück' }).waitFor();
      await logIn(page, crm.admin.email, 'falsches Passwort');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      await expect(alert.innerText()).resolves.toContain('E-Mail oder Passwort ist falsch.');
      await page.screenshot({ path: artifactPath('web-login-de.png') });
    } finally {
      await context.close();
    }
  });
});
