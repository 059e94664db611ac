/**
 * Activities in Chromium, as the activities issue asks: log a call on a contact and see it on its customer's
 * timeline; add a note in place; complete a task from the timeline; attach a file; book an appointment on the
 * public booking page; the timeline in German.
 */
import fs from 'node:fs';
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

describe('activities on the timeline', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;
  let customerId: string;
  let contactId: string;
  const api = pageApi(
    () => tab.page,
    () => crm.url,
  );

  beforeAll(async () => {
    ensureWebBuild();
    [crm, browser] = await Promise.all([startCrm({ name: 'activities' }), launchBrowser()]);
    tab = await openPage(browser, crm.url);
    await loginInBrowser(tab.page, crm.url, crm.admin);
    customerId = (await api('POST', '/api/v1/customers', { name: 'Nordlicht Logistik GmbH' })).body.data.id;
    const contact = await api('POST', '/api/v1/contacts', {
      firstName: 'Jonas',
      lastName: 'Berg',
      links: [{ entity: 'customer', id: customerId }],
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    contactId = contact.body.data.id;
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
  });

  it('logs a call on the contact and shows it on the customer’s timeline', async () => {
    const { page } = tab;
    await page.goto(`/contacts/${contactId}?tab=activity`);
    await page.getByRole('button', { name: 'Log a call' }).click();
    const dialog = page.getByRole('dialog', { name: 'Log a call' });
    await dialog.getByLabel('Subject').fill('Rollout of the scanners');
    await dialog.getByRole('combobox', { name: 'Outcome' }).click();
    await page.getByRole('option', { name: 'Connected' }).click();
    await dialog.getByLabel('Notes').fill('Wants a demo in January.');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    const call = page.getByTestId('timeline-call');
    await until(() => call.first().textContent()).toContain('Rollout of the scanners');

    await page.goto(`/customers/${customerId}?tab=activity`);
    await until(() => page.getByTestId('timeline-call').first().textContent()).toContain('Connected');
    expect(await page.getByTestId('timeline-call').first().textContent()).toContain(
      'Wants a demo in January.',
    );
    await page.screenshot({ path: artifactPath('timeline-customer-en.png'), fullPage: true });
  });

  it('adds a rich-text note with a mention in place, and completes a task from the timeline', async () => {
    const { page } = tab;
    await page.goto(`/customers/${customerId}?tab=activity`);
    await page.getByRole('textbox', { name: 'Write a note…' }).click();
    await page.keyboard.type('Budget approved.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('<b>Order</b> expected in March, ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('firm');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('. Ask @Admin');
    await page.getByTestId('mention-menu').getByRole('option', { name: 'Administrator' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.getByTestId('timeline-note').first();
    // Typed angle brackets are text, not markup; the editor's bold and mention are markup the server keeps.
    await until(() => note.textContent()).toContain(
      '<b>Order</b> expected in March, firm. Ask @Administrator',
    );
    const body = await note.getByTestId('note-body').innerHTML();
    expect(body).toContain('&lt;b&gt;Order&lt;/b&gt;');
    expect(body).toContain('<strong>firm</strong>');
    const me = (await api('GET', '/api/v1/auth/me')).body.data;
    expect(body).toContain(`<span data-mention="${me.id}">@Administrator</span>`);
    await expect(page.getByRole('textbox', { name: 'Write a note…' }).textContent()).resolves.toBe('');
    await page.screenshot({ path: artifactPath('timeline-note-en.png'), fullPage: true });

    const task = await api('POST', '/api/v1/tasks', { customerId, title: 'Send the contract' });
    expect(task.status).toBe(201);
    await page.reload();
    await page.getByRole('checkbox', { name: 'Mark “Send the contract” done' }).click();
    await until(async () => (await api('GET', `/api/v1/tasks/${task.body.data.id}`)).body.data.status).toBe(
      'done',
    );
    await until(() => page.getByTestId('timeline-task').first().textContent()).toContain('Done');

    await page.getByTestId('timeline').getByText('Calls', { exact: true }).click();
    await until(() => page.getByTestId('timeline-call').count()).toBe(1);
    expect(await page.getByTestId('timeline-note').count()).toBe(0);
    expect(await page.getByTestId('timeline-task').count()).toBe(0);
  });

  it('attaches a file from the timeline, shows the picture and downloads its bytes', async () => {
    const { page } = tab;
    // A 1×1 PNG under a name that claims it is a page: the server goes by the bytes.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    );
    await page.goto(`/customers/${customerId}?tab=activity`);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach a file' }).click();
    await (await chooser).setFiles({ name: 'floor-plan.html', mimeType: 'text/html', buffer: png });
    const item = page.getByTestId('timeline-attachment').first();
    await until(() => item.textContent()).toContain('floor-plan.html');
    await until(() =>
      item
        .getByRole('img', { name: 'floor-plan.html' })
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBe(1);

    const download = page.waitForEvent('download');
    await item.getByRole('link', { name: 'floor-plan.html', exact: true }).click();
    const saved = await (await download).path();
    expect(fs.readFileSync(saved).equals(png)).toBe(true);
    const listed = await api('GET', `/api/v1/attachments?filter[customerId][eq]=${customerId}`);
    expect(listed.body.data[0]).toMatchObject({ fileName: 'floor-plan.html', contentType: 'image/png' });
  });

  it('completes a task from My day, after which its deal shows as without a next step', async () => {
    const { page } = tab;
    const deal = await api('POST', '/api/v1/opportunities', { title: 'Scanner rollout', customerId });
    expect(deal.status).toBe(201);
    const dueAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const task = await api('POST', '/api/v1/tasks', {
      title: 'Send the rollout plan',
      opportunityId: deal.body.data.id,
      dueAt,
    });
    expect(task.status).toBe(201);
    await page.goto('/');
    await page.getByRole('link', { name: 'My day' }).click();
    await page.getByRole('heading', { name: 'Overdue' }).waitFor();
    const row = page.getByTestId('my-day-task').filter({ hasText: 'Send the rollout plan' });
    await row.waitFor();
    await until(() => page.getByTestId('my-day-idle').allTextContents()).not.toContainEqual(
      expect.stringContaining('Scanner rollout'),
    );
    await page.screenshot({ path: artifactPath('my-day-en.png'), fullPage: true });

    await page.getByRole('checkbox', { name: 'Mark “Send the rollout plan” done' }).click();
    await until(async () => (await api('GET', `/api/v1/tasks/${task.body.data.id}`)).body.data.status).toBe(
      'done',
    );
    await row.waitFor({ state: 'detached' });
    // Its only task done, the deal has no next step left.
    await until(() => page.getByTestId('my-day-idle').allTextContents()).toContainEqual(
      expect.stringContaining('Scanner rollout'),
    );
    await page.screenshot({ path: artifactPath('my-day-after-en.png'), fullPage: true });
  });

  it('books an appointment on the public page in the visitor’s time zone, onto the rep’s calendar', async () => {
    const me = (await api('GET', '/api/v1/auth/me')).body.data;
    await api('PATCH', '/api/v1/auth/me', { timeZone: 'Europe/Berlin' });
    const mornings = ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, from: '09:00', to: '12:00' }));
    const rep = await api('POST', '/api/v1/sales-persons', {
      name: 'Ada Booking',
      userId: me.id,
      availability: mornings,
    });
    expect(rep.status, JSON.stringify(rep.body)).toBe(201);
    await api('POST', '/api/v1/booking-pages', {
      name: 'Product demo',
      slug: 'demo',
      salesPersonIds: [rep.body.data.id],
    });
    const visitor = await openPage(browser, crm.url, { timezoneId: 'America/New_York' });
    try {
      const { page } = visitor;
      await page.goto('/book/demo');
      await page.getByRole('heading', { name: 'Product demo' }).waitFor();
      await page.getByText('Times in America/New_York').waitFor();
      await page.getByRole('button', { name: 'Later' }).click();
      const slot = page.locator('[data-testid^=booking-day-] button').first();
      // 09:00 in Berlin is 03:00 in New York, or 02:00 or 04:00 in the weeks their clocks change apart.
      expect(await slot.textContent()).toMatch(/^[234]:00 AM$/);
      await slot.click();
      await page.getByLabel('Last name').fill('Visitor');
      await page.getByLabel('First name').fill('Vera');
      await page.getByLabel('E-mail').fill('vera.visitor@example.com');
      await page.getByRole('button', { name: 'Book' }).click();
      await until(() => page.getByTestId('booking-confirmed').textContent()).toContain('with Ada Booking');
      await page.screenshot({ path: artifactPath('booking-confirmed-en.png'), fullPage: true });
    } finally {
      await visitor.context.close();
    }
    const meetings = await api(
      'GET',
      `/api/v1/meetings?filter[ownerId][eq]=${me.id}&filter[title][eq]=${encodeURIComponent('Product demo: Vera Visitor')}`,
    );
    expect(meetings.body.data).toHaveLength(1);
    const [meeting] = meetings.body.data;
    const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', timeStyle: 'short' });
    expect(berlin.format(new Date(meeting.at))).toBe('09:00');
    const lead = await api('GET', `/api/v1/leads/${meeting.leadId}`);
    expect(lead.body.data).toMatchObject({ lastName: 'Visitor', ownerId: me.id });
  });

  it('speaks German', async () => {
    const { page } = tab;
    await api('PATCH', '/api/v1/auth/me', { language: 'de' });
    try {
      await page.goto(`/customers/${customerId}?tab=activity`);
      await page.getByRole('button', { name: 'Anruf erfassen' }).waitFor();
      await page.getByRole('tab', { name: 'Aktivitäten' }).waitFor();
      await until(() => page.getByTestId('timeline-call').first().textContent()).toContain('Erreicht');
      await page.screenshot({ path: artifactPath('timeline-customer-de.png'), fullPage: true });
      await page.getByRole('link', { name: 'Mein Tag' }).click();
      await page.getByRole('heading', { name: 'Ohne nächsten Schritt' }).waitFor();
      await until(() => page.getByTestId('my-day-idle').first().textContent()).toContain('Verkaufschance');
      await page.screenshot({ path: artifactPath('my-day-de.png'), fullPage: true });
    } finally {
      await api('PATCH', '/api/v1/auth/me', { language: 'en' });
    }
  });
});
