/**
 * The bell in the header, as a Sales Representative meets it: the unread count, a click that opens the record a
 * notification is about and marks it read, a new one noticed when the window regains focus, and "Mark all read".
 * Notifications come from `notify` itself, as another module would write them; the server runs on PostgreSQL so
 * that the test can write into the database the server reads.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, connect } from '../src/db/connect.js';
import { type NotificationInput, notify } from '../src/modules/notifications/index.js';
import {
  type CrmProcess,
  type IsolatedPage,
  artifactPath,
  createTestDatabase,
  launchBrowser,
  loginInBrowser,
  openPage,
  startCrm,
} from './helpers.js';
import { ensureWebBuild } from './web-build.js';

describe('notifications', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;
  let database: Database;
  let dropDatabase: () => Promise<void> = async () => undefined;
  const rep = { email: 'rep.notifications@example.com', password: 'rep-secret-123' };
  let repId = '';
  let adminId = '';
  let customerId = '';

  const send = (input: Omit<NotificationInput, 'userIds' | 'actorId'>) =>
    database.db.transaction().execute((trx) => notify(trx, { userIds: [repId], actorId: adminId, ...input }));
  const bell = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

  beforeAll(async () => {
    ensureWebBuild();
    const created = await createTestDatabase('notifications');
    dropDatabase = created.drop;
    [crm, browser] = await Promise.all([
      startCrm({ name: 'notifications', databaseUrl: created.url }),
      launchBrowser(),
    ]);
    database = await connect({ databaseUrl: created.url, poolSize: 2 });
    tab = await openPage(browser, crm.url);
    const request = tab.page.request;
    const headers = { origin: new URL(crm.url).origin };
    const post = async (path: string, data: unknown) => {
      const response = await request.post(path, { data, headers });
      expect(response.status(), await response.text()).toBe(201);
      return ((await response.json()) as { data: { id: string } }).data.id;
    };
    await loginInBrowser(tab.page, crm.url, crm.admin);
    adminId = ((await (await request.get('/api/v1/auth/me')).json()) as { data: { id: string } }).data.id;
    const roles = await (await request.get('/api/v1/roles?filter[name][eq]=Sales%20Representative')).json();
    repId = await post('/api/v1/users', { ...rep, fullName: 'Rita Rep', roleId: roles.data[0].id });
    customerId = await post('/api/v1/customers', { name: 'Acme Maschinenbau GmbH', ownerId: repId });
    await request.post('/api/v1/auth/logout', { headers });
    await loginInBrowser(tab.page, crm.url, rep);

    await send({ kind: 'reminder', title: 'Call back Weber Logistik', body: 'They asked for a new offer.' });
    await send({
      kind: 'customer_assigned',
      title: 'Administrator assigned you Acme Maschinenbau GmbH',
      entity: 'customer',
      recordId: customerId,
    });
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
    await database?.close();
    await dropDatabase();
  });

  it('shows the unread count, opens the record of a notification and marks all read', async () => {
    const { page } = tab;
    await page.goto('/');
    await bell(page, 'Notifications: 2 unread').waitFor();
    expect(await page.getByTestId('notification-count').innerText()).toBe('2');

    await bell(page, 'Notifications: 2 unread').click();
    const panel = page.getByTestId('notification-panel');
    await panel.getByText('They asked for a new offer.').waitFor();
    await panel.getByText('now', { exact: true }).first().waitFor();
    await page.screenshot({ path: artifactPath('notifications-open.png') });
    await panel.getByText('Administrator assigned you Acme Maschinenbau GmbH').click();
    await page.waitForURL(`**/customers/${customerId}`);
    await page.getByRole('heading', { name: 'Acme Maschinenbau GmbH' }).waitFor();
    await bell(page, 'Notifications: 1 unread').waitFor();
    const count = await page.request.get('/api/v1/notifications/unread-count');
    expect(await count.json()).toEqual({ data: { count: 1 } });

    // A notification written meanwhile shows when the window regains focus, without waiting for the next poll.
    await send({ kind: 'reminder', title: 'Quotation for Acme expires tomorrow' });
    await expect
      .poll(
        async () => {
          // What a browser sends when the tab comes back to the front (it bubbles up to window).
          await page.evaluate('document.dispatchEvent(new Event("visibilitychange", { bubbles: true }))');
          return bell(page, 'Notifications: 2 unread').count();
        },
        { timeout: 15_000, interval: 1_000 },
      )
      .toBe(1);

    await bell(page, 'Notifications: 2 unread').click();
    await panel.getByText('Quotation for Acme expires tomorrow').waitFor();
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await bell(page, 'Notifications').waitFor();
    expect(await page.getByTestId('notification-count').count()).toBe(0);
    expect(await panel.locator('[data-unread]').count()).toBe(0);
    await page.screenshot({ path: artifactPath('notifications-read.png') });
    const inbox = await (await page.request.get('/api/v1/notifications?unread=true')).json();
    expect(inbox).toEqual({ data: [], nextCursor: null });
  });
});
