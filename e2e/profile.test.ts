/**
 * "My profile" from the header, as a Sales Representative would use it: the time zone changes how times are
 * shown, and a new password is refused without the current one, in German.
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

describe('my profile', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;
  const rep = { email: 'rep.profile@example.com', password: 'rep-secret-123' };

  beforeAll(async () => {
    ensureWebBuild();
    [crm, browser] = await Promise.all([startCrm({ name: 'profile' }), launchBrowser()]);
    tab = await openPage(browser, crm.url);
    const headers = { origin: new URL(crm.url).origin };
    await loginInBrowser(tab.page, crm.url, crm.admin);
    const roles = await (
      await tab.page.request.get('/api/v1/roles?filter[name][eq]=Sales%20Representative')
    ).json();
    const created = await tab.page.request.post('/api/v1/users', {
      data: {
        ...rep,
        fullName: 'Rita Rep',
        roleId: roles.data[0].id,
        language: 'de',
        timeZone: 'Europe/Berlin',
      },
      headers,
    });
    expect(created.status(), await created.text()).toBe(201);
    await tab.page.request.post('/api/v1/auth/logout', { headers });
    await loginInBrowser(tab.page, crm.url, rep);
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
  });

  it('changes the time zone and refuses a new password without the current one', async () => {
    const { page } = tab;
    await page.goto('/');
    await page.getByRole('button', { name: 'Mein Profil' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mein Profil' });
    await dialog.getByLabel('Zeitzone').fill('Asia/Tok');
    await page.getByRole('option', { name: 'Asia/Tokyo' }).click();
    await dialog.getByLabel('Neues Passwort').fill('brand-new-secret');
    await dialog.getByLabel('Aktuelles Passwort').fill('not-my-password');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.getByText('Das ist nicht Ihr aktuelles Passwort.').waitFor();
    await page.screenshot({ path: artifactPath('profile-de.png') });

    await dialog.getByLabel('Aktuelles Passwort').fill(rep.password);
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const me = await (await page.request.get('/api/v1/auth/me')).json();
    expect(me.data.timeZone).toBe('Asia/Tokyo');
    const relogin = await page.request.post('/api/v1/auth/login', {
      data: { email: rep.email, password: 'brand-new-secret' },
      headers: { origin: new URL(crm.url).origin },
    });
    expect(relogin.status()).toBe(200);
  });

  it('makes a calendar feed address that serves the user’s meetings, and turns it off', async () => {
    const { page } = tab;
    const headers = { origin: new URL(crm.url).origin };
    const meeting = await page.request.post('/api/v1/meetings', {
      data: { title: 'Messe Hannover', at: '2027-04-12T07:00:00Z', endsAt: '2027-04-12T15:00:00Z' },
      headers,
    });
    expect(meeting.status(), await meeting.text()).toBe(201);
    await page.goto('/');
    await page.getByRole('button', { name: 'Mein Profil' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mein Profil' });
    await dialog.getByRole('button', { name: 'Adresse erstellen' }).click();
    const url = (await dialog.getByTestId('calendar-feed-url').textContent()) ?? '';
    expect(url).toMatch(/\/api\/v1\/calendar-feeds\/crmcal_[\w-]+\/meetings\.ics$/);
    await dialog.getByRole('button', { name: 'Adresse kopieren' }).waitFor();
    await page.screenshot({ path: artifactPath('profile-calendar-feed-de.png') });

    // A calendar program has no session: a plain request with no cookies.
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await feed.text()).toContain('SUMMARY:Messe Hannover');

    await dialog.getByRole('button', { name: 'Ausschalten' }).click();
    await dialog.getByRole('button', { name: 'Adresse erstellen' }).waitFor();
    expect((await fetch(url)).status).toBe(404);
  });
});
