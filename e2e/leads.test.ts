/**
 * The leads screens, driven in Chromium like a user: create a lead in the form (its status offers only what a
 * user may set), see a status the server refuses come back with the server's reason, qualify the lead, convert it
 * with the dialog into customer, contact and opportunity — meeting a look-alike customer on the way — and find
 * the lead "Converted" from the customer's page, then "Umgewandelt" after switching to German.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CrmProcess,
  type IsolatedPage,
  launchBrowser,
  loginInBrowser,
  openPage,
  pageApi,
  startCrm,
} from './helpers.js';
import { choose, field, snap } from './record-form.js';
import { ensureWebBuild } from './web-build.js';

const status = (page: Page) => page.getByTestId('lead-status').innerText();
const USER_STATUSES = ['Lead', 'Open', 'Replied', 'Interested', 'Do Not Contact'];

describe('leads in the web app', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;
  let leadId = '';
  let twinId = '';
  let customerId = '';
  const api = pageApi(
    () => tab.page,
    () => crm.url,
  );

  beforeAll(async () => {
    ensureWebBuild();
    [crm, browser] = await Promise.all([startCrm({ name: 'leads' }), launchBrowser()]);
    tab = await openPage(browser, crm.url);
    await loginInBrowser(tab.page, crm.url, crm.admin);
    // A customer the new lead's company resembles, so the conversion meets a look-alike.
    const customer = await api('POST', '/api/v1/customers', { name: 'Nordwind Handel GmbH' });
    expect(customer.status).toBe(201);
    customerId = customer.body.data.id;
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
  });

  it('creates a lead in the form, offering only the statuses a user may set', async () => {
    const { page } = tab;
    await page.goto('/leads');
    await page.getByRole('heading', { name: 'Leads' }).waitFor();
    await page.getByRole('link', { name: 'New lead' }).click();
    await page.waitForURL('**/leads/new');
    await field(page, 'First name').fill('Jana');
    await field(page, 'Last name').fill('Berger');
    await field(page, 'Job title').fill('Head of Purchasing');
    await field(page, 'Company').fill('Nordwind Handel GmbH');
    await field(page, 'E-mail').fill('jana.berger@nordwind.example');
    await field(page, 'Street').fill('Hafenstraße 12');
    await field(page, 'Postal code').fill('20457');
    await field(page, 'City').fill('Hamburg');
    await field(page, 'Country').fill('DE');
    await field(page, 'Status').first().click();
    const offered = await page.getByRole('listbox').getByRole('option').allInnerTexts();
    expect(offered.map((text) => text.trim())).toEqual(USER_STATUSES);
    await page.getByRole('option', { name: 'Open', exact: true }).click();
    await snap(page, 'lead-new-en.png');
    await page.getByRole('button', { name: 'Create' }).click();
    // The company is a customer already: the lead may be a known account, which the user confirms.
    const duplicate = page.getByRole('dialog', { name: 'Possible duplicate' });
    const candidate = duplicate.getByRole('link', { name: 'Nordwind Handel GmbH' });
    await expect(candidate.getAttribute('href')).resolves.toBe(`/customers/${customerId}`);
    await expect(duplicate.innerText()).resolves.toMatch(/\(Customer\)\s*Same company/);
    await snap(page, 'lead-duplicate-en.png');
    await duplicate.getByRole('button', { name: 'Save anyway' }).click();
    await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
    await page.getByRole('tab', { name: 'History' }).waitFor();
    leadId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    await expect(status(page)).resolves.toBe('Open');
    await expect(page.getByTestId('record-title').innerText()).resolves.toBe('Jana Berger');
    // The scoring and assignment screens of the lead have their places on its page.
    await page.getByTestId('lead-score-panel').waitFor();
    await page.getByRole('button', { name: 'Assign', exact: true }).waitFor();

    // A second lead with the same e-mail, kept on purpose: the dialog suggests merging it first.
    const twin = await api('POST', '/api/v1/leads?duplicates=allow', {
      firstName: 'Jana',
      lastName: 'Berger',
      email: 'jana.berger@nordwind.example',
    });
    expect(twin.status).toBe(201);
    twinId = twin.body.data.id;

    await page.goto('/leads');
    const list = page.getByTestId('list-leads');
    await list.getByRole('cell', { name: 'Nordwind Handel GmbH' }).waitFor();
    await expect(list.getByRole('row').filter({ hasText: 'Nordwind' }).innerText()).resolves.toContain(
      'Open',
    );
    await snap(page, 'leads-list-en.png');
  });

  it('shows the server’s reason when it refuses a status, and returns to the stored one', async () => {
    const { page } = tab;
    await page.goto(`/leads/${leadId}`);
    await choose(page, 'Status', 'Replied');
    // The form offers no system status, so the request is made to ask for one on its way to the real server.
    await page.route('**/api/v1/leads/*', async (route) => {
      const request = route.request();
      if (request.method() !== 'PATCH') return route.fallback();
      const body = JSON.parse(request.postData() ?? '{}') as Record<string, unknown>;
      await route.continue({ postData: JSON.stringify({ ...body, status: 'converted' }) });
    });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The status "Converted" is set by the system', { exact: false }).waitFor();
    await expect.poll(() => field(page, 'Status').first().inputValue()).toBe('Open');
    await snap(page, 'lead-status-refused-en.png');
    await page.unroute('**/api/v1/leads/*');

    await choose(page, 'Status', 'Replied');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Changes saved.').waitFor();
    await expect.poll(() => status(page)).toBe('Replied');
  });

  it('qualifies the lead', async () => {
    const { page } = tab;
    await choose(page, 'Qualification', 'Qualified');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('lead-qualification').innerText()).toBe('Qualified');
    const stored = await api('GET', `/api/v1/leads/${leadId}`);
    expect(stored.body.data).toMatchObject({ qualificationStatus: 'qualified', status: 'replied' });
    expect(stored.body.data.qualifiedBy).toEqual(expect.any(String));
    await snap(page, 'lead-qualified-en.png');
  });

  it('converts the lead into customer, contact and opportunity with the dialog', async () => {
    const { page } = tab;
    await page.getByRole('button', { name: 'Convert' }).click();
    const dialog = page.getByRole('dialog', { name: 'Convert lead' });
    await dialog.getByTestId('convert-dialog').waitFor();
    await dialog.getByTestId('similar-leads').getByRole('link', { name: 'Jana Berger' }).waitFor();
    await dialog.getByRole('radio', { name: 'Nordwind Handel GmbH' }).waitFor();
    await expect(dialog.getByRole('radio', { name: 'New customer' }).isChecked()).resolves.toBe(true);
    await expect(dialog.getByLabel(/^Name/).inputValue()).resolves.toBe('Nordwind Handel GmbH');
    await dialog.getByRole('radio', { name: 'New contact: Jana Berger' }).waitFor();
    await expect(dialog.getByTestId('convert-address').innerText()).resolves.toContain('20457 Hamburg');

    // A title left empty is named at its input before anything is sent.
    const title = dialog.getByLabel(/^Title/);
    await title.fill('');
    await dialog.getByRole('button', { name: 'Convert' }).click();
    await dialog.getByText('Required').waitFor();
    await title.fill('Nordwind: warehouse scanners');
    await dialog.getByLabel(/^Expected amount/).fill('12,500');
    await dialog.getByLabel(/^Expected closing/).fill('03/31/2026');
    await snap(page, 'lead-convert-en.png');

    // The new customer resembles the one that exists: the dialog asks, and "Create anyway" goes on.
    await dialog.getByRole('button', { name: 'Convert' }).click();
    const duplicates = dialog.getByTestId('convert-duplicates');
    await duplicates.getByRole('button', { name: 'Use this one' }).waitFor();
    await expect(duplicates.innerText()).resolves.toContain('A similar customer exists already');
    await snap(page, 'lead-convert-duplicates-en.png');
    await duplicates.getByRole('button', { name: 'Create anyway' }).click();

    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await page.getByText('Lead converted.').waitFor();
    const madeId = new URL(page.url()).pathname.split('/').at(-1);
    expect(madeId).not.toBe(customerId);
    const lead = (await api('GET', `/api/v1/leads/${leadId}`)).body.data;
    expect(lead).toMatchObject({ status: 'converted', customerId: madeId });
    const customer = (await api('GET', `/api/v1/customers/${madeId}`)).body.data;
    expect(customer).toMatchObject({ name: 'Nordwind Handel GmbH', leadId });
    const contact = (await api('GET', `/api/v1/contacts/${customer.primaryContactId}`)).body.data;
    expect(contact).toMatchObject({ fullName: 'Jana Berger', jobTitle: 'Head of Purchasing' });
    const opportunities = (await api('GET', `/api/v1/opportunities?filter[leadId][eq]=${leadId}`)).body.data;
    expect(opportunities).toHaveLength(1);
    expect(opportunities[0]).toMatchObject({ title: 'Nordwind: warehouse scanners', customerId: madeId });
    expect(opportunities[0].amount).toMatch(/^12500(\.0+)?$/);
    expect(opportunities[0].expectedCloseDate).toBe('2026-03-31');
    await snap(page, 'lead-converted-customer-en.png');

    // From the customer back to its lead, which the system now holds as "Converted".
    await page.locator('[data-field="leadId"]').getByRole('link', { name: 'Jana Berger' }).click();
    await page.waitForURL(`**/leads/${leadId}`);
    await expect.poll(() => status(page)).toBe('Converted');
    await expect(page.getByRole('button', { name: 'Convert' }).count()).resolves.toBe(0);
    await page.getByText('Set by the system', { exact: false }).waitFor();
    await snap(page, 'lead-converted-en.png');
  });

  it('shows the leads screens in German', async () => {
    const { page } = tab;
    await page.getByText('Deutsch', { exact: true }).click();
    await expect.poll(() => status(page)).toBe('Umgewandelt');
    await page.getByText('Vom System gesetzt', { exact: false }).waitFor();
    await snap(page, 'lead-converted-de.png');

    await page.goto(`/leads/${twinId}`);
    await page.getByRole('button', { name: 'Umwandeln' }).click();
    const dialog = page.getByRole('dialog', { name: 'Lead umwandeln' });
    await dialog.getByTestId('convert-dialog').waitFor();
    // The first lead's person is a contact now: the twin resembles it and may take it instead of a new one.
    await dialog.getByRole('radio', { name: 'Jana Berger', exact: true }).waitFor();
    await snap(page, 'lead-convert-de.png');
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();

    await page.goto('/leads');
    await page.getByTestId('list-leads').getByText('Umgewandelt').waitFor();
    await snap(page, 'leads-list-de.png');
    await page.getByText('English', { exact: true }).click();
  });
});
