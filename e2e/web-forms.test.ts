/**
 * Capture through web forms, end to end: an administrator builds a form and finds its snippet on the form's page in
 * Settings; the snippet is pasted into a page of another site (a small HTTP server on another port, so another
 * origin); a visitor arriving through a campaign link fills it in Chromium and sees the thank-you text; the lead
 * is there with the source "Website", the UTM parameters of the page's address and the owner an assignment rule
 * gave it; the team qualifies it and converts it into a customer with an opportunity. The same form also works in
 * a browser without JavaScript.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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
} from './helpers.js';
import { choose, field } from './record-form.js';
import { ensureWebBuild } from './web-build.js';

const WEBSITE_SOURCE_ID = '01900000-0000-7000-8000-000000000001';
const SLUG = 'spring-offer';

interface Lead {
  id: string;
  title: string;
  sourceId: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  ownerId: string | null;
}

/** The other site: serves one landing page with whatever HTML the test puts into it. */
async function startSite(): Promise<{ url: string; setBody(html: string): void; stop(): Promise<void> }> {
  let body = '';
  const server = http.createServer((request, response) => {
    if (!request.url?.startsWith('/landing')) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Spring offer</title></head>
<body><h1>Our spring offer</h1>
${body}
</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setBody: (html) => (body = html),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('capturing a lead through a web form embedded in another site', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;
  let site: Awaited<ReturnType<typeof startSite>>;
  let formId: string;
  let capturedId = '';
  const api = pageApi(
    () => tab.page,
    () => crm.url,
  );
  const leadByEmail = async (email: string) =>
    (await api('GET', `/api/v1/leads?filter[email][eq]=${encodeURIComponent(email)}`)).body.data[0] as
      Lead | undefined;

  beforeAll(async () => {
    ensureWebBuild();
    [crm, browser, site] = await Promise.all([startCrm({ name: 'web-forms' }), launchBrowser(), startSite()]);
    tab = await openPage(browser, crm.url);
    await loginInBrowser(tab.page, crm.url, crm.admin);
  }, 180_000); // Run on its own, the web app may need building first (about 40 s).

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await site?.stop();
    await crm?.stop();
  });

  it('shows the form’s snippet to copy, with a preview, on its page in Settings', async () => {
    const created = await api('POST', '/api/v1/web-forms', {
      name: 'Spring offer',
      slug: SLUG,
      fields: [
        { name: 'firstName' },
        { name: 'lastName', required: true },
        { name: 'email', required: true },
        { name: 'notes', labelEn: 'Your question' },
      ],
      thankYouEn: 'Thanks! Our team will call you within a day.',
      allowedOrigins: [{ origin: site.url }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    formId = created.body.data.id;
    expect(created.body.data.sourceId).toBe(WEBSITE_SOURCE_ID);

    const { page } = tab;
    await page.goto(`/settings/web-forms/${formId}`);
    const panel = page.getByTestId('web-form-snippet');
    await expect
      .poll(() => panel.getByTestId('web-form-snippet-html').innerText())
      .toContain(`/api/v1/web-forms/${SLUG}/submissions`);
    await panel.getByRole('button', { name: 'Copy snippet' }).waitFor();
    // The preview shows the form itself (in a sandbox: no script runs, nothing can be sent).
    await panel.frameLocator('iframe[title="Preview"]').getByLabel('Your question').waitFor();
    // The viewport grows to the page instead of a full-page capture, which leaves the sandboxed frame blank.
    const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
    await page.setViewportSize({ width: 1280, height });
    await page.waitForTimeout(300);
    await page.screenshot({ path: artifactPath('web-forms-settings.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('makes a lead with the source Website and the page’s UTM parameters, assigned by the rules', async () => {
    // A rule that gives the website's leads to Rita: the form names no owner, so the rules decide.
    const roles = (await api('GET', '/api/v1/roles')).body.data as Array<{ id: string; name: string }>;
    const rep = await api('POST', '/api/v1/users', {
      email: 'rita.rep@example.com',
      fullName: 'Rita Rep',
      roleId: roles.find((role) => role.name === 'Sales Representative')?.id,
      password: 'e2e correct horse battery',
    });
    expect(rep.status).toBe(201);
    const rule = await api('POST', '/api/v1/assignment-rules', {
      name: 'Website leads to Rita',
      memberIds: [rep.body.data.id],
      sourceIds: [WEBSITE_SOURCE_ID],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);

    const snippet = await api('GET', `/api/v1/web-forms/${formId}/snippet`);
    expect(snippet.status).toBe(200);
    site.setBody(snippet.body.data.html);

    // A visitor of the other site: a context of its own, no CRM cookie.
    const visitor = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    try {
      const page = await visitor.newPage();
      await page.goto(`${site.url}/landing?utm_source=newsletter&utm_medium=email&utm_campaign=spring-2025`);
      await page.getByLabel('First name').fill('Vera');
      await page.getByLabel('Last name *').fill('Visitor');
      await page.getByLabel('E-mail *').fill('vera.visitor@example.org');
      await page.getByLabel('Your question').fill('Do you support German invoices?');
      await page.getByRole('button', { name: 'Send' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Thanks! Our team will call you within a day.' })
        .waitFor();
      await page.screenshot({ path: artifactPath('web-forms-thank-you.png') });
    } finally {
      await visitor.close();
    }

    const lead = await leadByEmail('vera.visitor@example.org');
    expect(lead).toMatchObject({
      title: 'Vera Visitor',
      sourceId: WEBSITE_SOURCE_ID,
      utmSource: 'newsletter',
      utmMedium: 'email',
      utmCampaign: 'spring-2025',
    });
    expect(lead?.ownerId).toBe(rep.body.data.id);
    capturedId = lead?.id ?? '';
  });

  it('lets the team qualify the captured lead and convert it into a customer with an opportunity', async () => {
    const { page } = tab;
    await page.goto(`/leads/${capturedId}`);
    await expect
      .poll(() => field(page, 'Lead owner').first().inputValue(), { timeout: 10_000 })
      .toBe('Rita Rep');
    await choose(page, 'Qualification', 'Qualified');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('lead-qualification').innerText()).toBe('Qualified');

    await page.getByRole('button', { name: 'Convert' }).click();
    const dialog = page.getByRole('dialog', { name: 'Convert lead' });
    await dialog.getByTestId('convert-dialog').waitFor();
    await expect(dialog.getByLabel(/^Name/).inputValue()).resolves.toBe('Vera Visitor');
    await dialog.getByLabel(/^Expected amount/).fill('4,800');
    await dialog.getByRole('button', { name: 'Convert' }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await page.getByText('Lead converted.').waitFor();

    const customerId = new URL(page.url()).pathname.split('/').at(-1);
    const converted = (await api('GET', `/api/v1/leads/${capturedId}`)).body.data;
    expect(converted).toMatchObject({ status: 'converted', qualificationStatus: 'qualified', customerId });
    const opportunities = (await api('GET', `/api/v1/opportunities?filter[leadId][eq]=${capturedId}`)).body
      .data;
    expect(opportunities).toHaveLength(1);
    expect(opportunities[0]).toMatchObject({ customerId, leadId: capturedId });
    expect(Number(opportunities[0].amount)).toBe(4800);
  });

  it('works in a browser without JavaScript: the form posts and the CRM shows the thank-you page', async () => {
    const visitor = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await visitor.newPage();
      await page.goto(`${site.url}/landing`);
      await page.getByLabel('Last name *').fill('Plain');
      await page.getByLabel('E-mail *').fill('plain.visitor@example.org');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForURL(`${crm.url}/api/v1/web-forms/${SLUG}/submissions`);
      await page.getByText('Thanks! Our team will call you within a day.').waitFor();
    } finally {
      await visitor.close();
    }
    expect(await leadByEmail('plain.visitor@example.org')).toMatchObject({ sourceId: WEBSITE_SOURCE_ID });
  });
});
