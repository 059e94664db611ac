/**
 * The calendar in Chromium: a meeting dragged to another day of the month keeps its wall time across a change of
 * the clocks; a task dragged in the week view moves by day and by the hours dragged; German month names.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CrmProcess,
  type IsolatedPage,
  artifactPath,
  dragWithMouse,
  launchBrowser,
  loginInBrowser,
  openPage,
  pageApi,
  startCrm,
  until,
} from './helpers.js';
import { ensureWebBuild } from './web-build.js';

/** The pixels of an hour in the week view (web/src/modules/activities/calendar/week-view.tsx). */
const HOUR_PX = 44;

describe('the calendar', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;
  const api = pageApi(
    () => tab.page,
    () => crm.url,
  );

  beforeAll(async () => {
    ensureWebBuild();
    [crm, browser] = await Promise.all([startCrm({ name: 'calendar' }), launchBrowser()]);
    tab = await openPage(browser, crm.url);
    await loginInBrowser(tab.page, crm.url, crm.admin);
    await api('PATCH', '/api/v1/auth/me', { timeZone: 'Europe/Berlin' });
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
  });

  it('moves a meeting to another day of the month at the same time, after the clocks changed', async () => {
    const { page } = tab;
    // 09:00–10:00 in Berlin (UTC+1); Berlin's clocks go forward on 28 March 2027.
    const created = await api('POST', '/api/v1/meetings', {
      title: 'Pipeline review',
      at: '2027-03-10T08:00:00Z',
      endsAt: '2027-03-10T09:00:00Z',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await page.goto('/calendar?view=month&date=2027-03-01');
    await until(() => page.getByTestId('calendar-title').textContent()).toBe('March 2027');
    const entry = page.getByTestId('calendar-day-2027-03-10').getByText('Pipeline review');
    await entry.waitFor();
    await dragWithMouse(page, entry, page.getByTestId('calendar-day-2027-03-31'));
    await until(async () => (await api('GET', `/api/v1/meetings/${created.body.data.id}`)).body.data.at).toBe(
      '2027-03-31T07:00:00Z',
    );
    const moved = (await api('GET', `/api/v1/meetings/${created.body.data.id}`)).body.data;
    expect(moved.endsAt).toBe('2027-03-31T08:00:00Z');
    await page.getByTestId('calendar-day-2027-03-31').getByText('Pipeline review').waitFor();
    await page.screenshot({ path: artifactPath('calendar-month-en.png'), fullPage: true });
  });

  it('moves a task in the week by day and by the hours it is dragged', async () => {
    const { page } = tab;
    // Due Tuesday 30 March 2027, 14:00 in Berlin.
    const task = await api('POST', '/api/v1/tasks', {
      title: 'Send the offer',
      dueAt: '2027-03-30T12:00:00Z',
    });
    await page.goto('/calendar?view=week&date=2027-03-29');
    const entry = page.getByTestId('calendar-hours-2027-03-30').getByText('Send the offer');
    await entry.waitFor();
    const box = await entry.boundingBox();
    if (!box) throw new Error('the task is not on screen');
    await dragWithMouse(page, entry, page.getByTestId('calendar-hours-2027-04-01'), {
      grab: () => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 }),
      drop: (column) => ({ x: column.x + column.width / 2, y: box.y + box.height / 2 + 2 * HOUR_PX }),
    });
    // Thursday, two hours later: 16:00 in Berlin.
    await until(async () => (await api('GET', `/api/v1/tasks/${task.body.data.id}`)).body.data.dueAt).toBe(
      '2027-04-01T14:00:00Z',
    );
    await page.getByTestId('calendar-hours-2027-04-01').getByText('Send the offer').waitFor();
    await page.screenshot({ path: artifactPath('calendar-week-en.png'), fullPage: true });
  });

  it('speaks German', async () => {
    const { page } = tab;
    await api('PATCH', '/api/v1/auth/me', { language: 'de' });
    try {
      await page.goto('/calendar?view=month&date=2027-03-01');
      await until(() => page.getByTestId('calendar-title').textContent()).toBe('März 2027');
      await page.getByRole('heading', { name: 'Kalender' }).waitFor();
      await page.getByText('Mo', { exact: true }).waitFor();
      await page.screenshot({ path: artifactPath('calendar-month-de.png'), fullPage: true });
    } finally {
      await api('PATCH', '/api/v1/auth/me', { language: 'en' });
    }
  });
});
