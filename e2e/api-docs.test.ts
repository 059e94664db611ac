import type { Browser, Locator, Page } from 'playwright-core';
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

/**
 * Swagger UI renders only the sections near the viewport (the document has over a hundred paths), so an element
 * is found by scrolling down from the top until it is rendered.
 */
async function reveal(page: Page, element: Locator): Promise<Locator> {
  await page.locator('.info .title').waitFor({ state: 'visible', timeout: 30_000 });
  await page.evaluate('window.scrollTo(0, 0)');
  for (let step = 0; step < 100 && (await element.count()) === 0; step++) {
    // Instant, unlike the mouse wheel's smooth scrolling, which runs on past the element once it is found.
    await page.evaluate('window.scrollBy(0, 300)');
    // Rendering follows the scroll a moment later; a longer step would scroll past a short section.
    await page.waitForTimeout(200);
  }
  await element.waitFor({ state: 'visible', timeout: 5_000 });
  return element;
}

const revealTag = (page: Page, tag: string) =>
  reveal(page, page.locator(`h3.opblock-tag[data-tag="${tag}"]`));

describe('API docs in the browser', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;

  beforeAll(async () => {
    // Both take seconds (the server compiles with tsx and initialises PGlite); they do not depend on each other.
    [crm, browser] = await Promise.all([startCrm({ name: 'api-docs' }), launchBrowser()]);
    tab = await openPage(browser, crm.url);
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
  });

  it('Swagger UI renders the operations and expands one', async () => {
    const { page } = tab;
    const response = await page.goto('/api/docs');
    expect(response?.status()).toBe(200);

    // The UI fetches the document and renders it client-side: wait for a tag section to appear.
    await expect(page.locator('.info .title').innerText()).resolves.toContain('Open CRM API');
    for (const tag of ['Authentication', 'Roles', 'Sales teams', 'API keys', 'Contacts', 'Custom fields']) {
      await expect((await revealTag(page, tag)).count(), tag).resolves.toBe(1);
    }
    // Tags start collapsed (there are over a hundred paths); a click on one shows its operations.
    await (await revealTag(page, 'Users')).click();

    const listUsers = page.locator('.opblock', {
      has: page.locator('.opblock-summary-description', { hasText: /^List users$/ }),
    });
    await expect(listUsers.count()).resolves.toBe(1);
    await expect(listUsers.locator('.opblock-summary-path').innerText()).resolves.toBe('/api/v1/users');

    // The overview as a reader first sees it: title, description, tag sections with their operations.
    await page.screenshot({ path: artifactPath('api-docs.png') });

    await listUsers.locator('.opblock-summary-control').click();
    const body = listUsers.locator('.opblock-body');
    await body.waitFor({ state: 'visible' });
    // The parameters come from the route's querystring schema: the list paging and sort options.
    for (const parameter of ['limit', 'cursor', 'sort']) {
      await expect(
        body.locator(`tr[data-param-name="${parameter}"]`).count(),
        `parameter ${parameter}`,
      ).resolves.toBe(1);
    }
    await listUsers.screenshot({ path: artifactPath('api-docs-list-users.png') });

    // The bundle, styles and document are all served by the CRM itself: the docs work offline.
    expect(tab.foreignRequests).toEqual([]);
  });

  it('a session started by logging in through the API works in the browser context', async () => {
    const { page } = tab;
    // Before logging in the context has no session.
    expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);

    // A login from another site is refused outright (the CSRF rule covers the login form too).
    const crossSite = await page.request.post('/api/v1/auth/login', {
      data: crm.admin,
      headers: { Origin: 'https://evil.example' },
    });
    expect(crossSite.status()).toBe(403);

    await loginInBrowser(page, crm.url, crm.admin);
    const cookies = await tab.context.cookies(crm.url);
    const session = cookies.find((cookie) => cookie.name === 'crm_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');

    const me = await page.request.get('/api/v1/auth/me');
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({
      data: { email: crm.admin.email, role: 'CRM Administrator', authenticatedBy: 'session' },
    });

    // The page's own fetch sends the same HttpOnly cookie: what the web UI will rely on.
    const fromPage = await page.evaluate(async () => {
      const response = await fetch('/api/v1/auth/me');
      return { status: response.status, body: (await response.json()) as { data?: { email?: string } } };
    });
    expect(fromPage.status).toBe(200);
    expect(fromPage.body.data?.email).toBe(crm.admin.email);
  });

  it('"Try it out" in Swagger UI calls the API with the session', async () => {
    const { page } = tab;
    // A deep link opens the operation and scrolls to it (Swagger UI's deepLinking, on by default).
    await page.goto('/api/docs#/Authentication/getMe');
    // The page may be the docs already, where a new hash alone would not be read: load it afresh.
    await page.reload();
    const me = page.locator('#operations-Authentication-getMe');
    await me.locator('button.try-out__btn').waitFor({ state: 'visible', timeout: 30_000 });
    await me.locator('button.try-out__btn').click();
    await me.locator('button.execute').click();
    // The call is asynchronous: poll until Swagger UI shows the live response.
    // The first row is the table's header ("Code", "Details"); the live response is the row after it.
    const live = me.locator('.live-responses-table tbody tr.response').first();
    await live.waitFor({ state: 'visible', timeout: 15_000 });
    await expect.poll(() => live.locator('.response-col_status').innerText()).toContain('200');
    await expect.poll(() => live.locator('.response-col_description').innerText()).toContain(crm.admin.email);
    await me.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('api-docs-try-it-out.png') });
    expect(tab.foreignRequests).toEqual([]);
  });
});
