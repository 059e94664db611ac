/**
 * The generic record view and the Settings screens, driven in Chromium like a user: create a customer through
 * the form (and see the API's validation error at its field first), edit it and read the history, meet a
 * change by someone else (412), trash and restore it, add a contact and an address from the customer's page,
 * create a master and a user in Settings, an API key whose secret shows once, and the same screens in German.
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
import { field, snap } from './record-form.js';
import { ensureWebBuild } from './web-build.js';

/** The record's id from a record page's URL. */
function idFrom(page: Page): string {
  return new URL(page.url()).pathname.split('/').at(-1) ?? '';
}

/** Waits until a created record's own page shows (its tabs), not the create form it came from. */
async function createdRecord(page: Page, section: string): Promise<string> {
  await page.waitForURL(new RegExp(`/${section}/[0-9a-f-]{36}$`));
  await page.getByRole('tab', { name: /^(History|Verlauf)$/ }).waitFor();
  return idFrom(page);
}

/** The error Mantine shows under an input (inside the input's wrapper, below it). */
async function errorOf(page: Page, inputLabel: string): Promise<string> {
  const wrapper = field(page, inputLabel)
    .first()
    .locator('xpath=ancestor::div[contains(@class, "mantine-InputWrapper-root")][1]');
  const error = wrapper.locator('.mantine-InputWrapper-error');
  await error.waitFor();
  return error.innerText();
}

async function pick(page: Page, inputLabel: string, search: string, option: string): Promise<void> {
  // The label also names the picker's option list once it is open: the input comes first.
  const input = field(page, inputLabel).first();
  await input.click();
  await input.fill(search);
  await page.getByRole('option', { name: option }).click();
  // A multi-select stays open for more: close it as a user would.
  await page.keyboard.press('Escape');
}

describe('record view and settings screens', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;
  let customerId = '';
  let hasContacts = false;
  const api = pageApi(
    () => tab.page,
    () => crm.url,
  );

  beforeAll(async () => {
    ensureWebBuild();
    [crm, browser] = await Promise.all([startCrm({ name: 'record-view' }), launchBrowser()]);
    tab = await openPage(browser, crm.url);
    await loginInBrowser(tab.page, crm.url, crm.admin);
    const meta = await api('GET', '/api/v1/meta');
    hasContacts = meta.body.data.some((entity: { path: string }) => entity.path === 'contacts');
    await api('POST', '/api/v1/tags', { name: 'Key account', colour: 'grape' });
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
  });

  it('creates a customer through the form, showing the API’s validation error at its field', async () => {
    const { page } = tab;
    await page.goto('/customers');
    await page.getByRole('link', { name: 'New customer' }).click();
    await page.waitForURL('**/customers/new');
    await page.getByRole('heading', { name: 'New customer' }).waitFor();
    await field(page, 'Name').fill('Schmidt Logistik GmbH');
    await field(page, 'Website').fill('not a web address');
    await field(page, 'Tax ID').fill('DE811907980');
    await pick(page, 'Tags', 'Key', 'Key account');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(errorOf(page, 'Website')).resolves.toBe('Enter a web address such as https://example.com');
    expect(page.url()).toMatch(/\/customers\/new$/);
    await snap(page, 'record-customer-error.png');

    await field(page, 'Website').fill('https://schmidt-logistik.example');
    await expect(field(page, 'Website').getAttribute('aria-invalid')).resolves.not.toBe('true');
    await page.getByRole('button', { name: 'Create' }).click();
    customerId = await createdRecord(page, 'customers');
    await page.getByTestId('record-title').getByText('Schmidt Logistik GmbH').waitFor();
    const stored = await api('GET', `/api/v1/customers/${customerId}`);
    expect(stored.body.data).toMatchObject({
      name: 'Schmidt Logistik GmbH',
      website: 'https://schmidt-logistik.example',
      taxId: 'DE811907980',
      customerType: 'company',
    });
    expect(stored.body.data.tagIds).toHaveLength(1);
    await snap(page, 'record-customer.png');
  });

  it('edits the customer and shows the change in its history', async () => {
    const { page } = tab;
    await field(page, 'Name').fill('Schmidt Logistik AG');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Changes saved.').waitFor();
    await page.getByRole('tab', { name: 'History' }).click();
    const change = page.getByTestId('history').getByTestId('change-name').first();
    await expect(change.innerText()).resolves.toMatch(/Schmidt Logistik GmbH\s*Schmidt Logistik AG/);
    await expect(page.getByTestId('history').innerText()).resolves.toContain('Administrator');
    await snap(page, 'record-customer-history.png');
    await page.getByRole('tab', { name: 'Details' }).click();
  });

  it('says so when someone else changed the record since it was opened (412) and reloads it', async () => {
    const { page } = tab;
    const current = await api('GET', `/api/v1/customers/${customerId}`);
    await api('PATCH', `/api/v1/customers/${customerId}`, {
      taxId: 'DE999999999',
      version: current.body.data.version,
    });
    await field(page, 'Name').fill('Schmidt Logistik SE');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Changed by someone else').waitFor();
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => field(page, 'Tax ID').inputValue()).toBe('DE999999999');
    await expect(field(page, 'Name').inputValue()).resolves.toBe('Schmidt Logistik AG');
  });

  it('moves the customer to the trash and restores it from the trash list', async () => {
    const { page } = tab;
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await page.getByText('This customer is in the trash').waitFor();
    await expect(api('GET', `/api/v1/customers/${customerId}`)).resolves.toMatchObject({ status: 404 });
    await page.goto('/customers');
    await page.getByRole('link', { name: 'Trash' }).click();
    await page.waitForURL('**/customers/trash');
    const trash = page.getByTestId('trash-customers');
    const row = trash.getByRole('row', { name: /Schmidt Logistik AG/ });
    await row.waitFor();
    await snap(page, 'record-trash.png');
    await row.getByRole('button', { name: 'Restore' }).click();
    await page.getByText('“Schmidt Logistik AG” restored.').waitFor();
    await expect.poll(() => trash.getByRole('row', { name: /Schmidt Logistik AG/ }).count()).toBe(0);
    await expect(api('GET', `/api/v1/customers/${customerId}`)).resolves.toMatchObject({ status: 200 });
  });

  it('adds a contact and an address from the customer’s page, linked to it', async (context) => {
    if (!hasContacts) context.skip();
    const { page } = tab;
    await page.goto(`/customers/${customerId}`);
    const contacts = page.getByTestId('related-contacts');
    await contacts.getByRole('link', { name: 'New contact' }).click();
    await page.waitForURL(/\/contacts\/new\?/);
    await field(page, 'First name').fill('Erika');
    await field(page, 'Last name').fill('Mustermann');
    // E-mail addresses and phone numbers are lists of small objects: rows of inputs, errors at their row.
    await page.getByRole('button', { name: 'E-mail addresses: Add' }).click();
    await field(page, 'E-mail').fill('erika@');
    await page.getByRole('button', { name: 'Phone numbers: Add' }).click();
    await field(page, 'Phone number').fill('+49 89 1234567');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(errorOf(page, 'E-mail')).resolves.toBe('Enter an e-mail address such as name@example.com');
    await snap(page, 'record-contact-error.png');
    await field(page, 'E-mail').fill('erika@schmidt-logistik.example');
    await page.getByRole('button', { name: 'Create' }).click();
    const contactId = await createdRecord(page, 'contacts');
    const contact = await api('GET', `/api/v1/contacts/${contactId}`);
    expect(contact.body.data.emails).toMatchObject([{ email: 'erika@schmidt-logistik.example' }]);
    expect(contact.body.data.phones).toHaveLength(1);
    expect(contact.body.data.links).toEqual([{ entity: 'customer', id: customerId, role: null }]);
    await snap(page, 'record-contact.png');

    await page.goto(`/customers/${customerId}`);
    await contacts.getByRole('link', { name: /Erika|Mustermann/ }).waitFor();
    await page.getByTestId('related-addresses').getByRole('link', { name: 'New address' }).click();
    await page.waitForURL(/\/addresses\/new\?/);
    await field(page, 'Address line 1').fill('Hauptstraße 1');
    await field(page, 'Postal code').fill('80331');
    await field(page, 'City').fill('München');
    await field(page, 'Country').fill('DE');
    await page.getByRole('button', { name: 'Create' }).click();
    await createdRecord(page, 'addresses');
    await page.goto(`/customers/${customerId}`);
    await page
      .getByTestId('related-addresses')
      .getByRole('link', { name: /München/ })
      .waitFor();
    await snap(page, 'record-customer-related.png');
  });

  it('creates and edits a master in Settings', async () => {
    const { page } = tab;
    await page.goto('/settings/campaigns');
    await page.getByRole('link', { name: 'New campaign' }).click();
    await field(page, 'Name').fill('Hannover Messe');
    await field(page, 'Budget').fill('12,345.5');
    await field(page, 'Start date').fill('04/20/2026');
    await field(page, 'End date').fill('04/24/2026');
    await page.getByRole('button', { name: 'Create' }).click();
    const campaignId = await createdRecord(page, 'settings/campaigns');
    const stored = await api('GET', `/api/v1/campaigns/${campaignId}`);
    expect(stored.body.data).toMatchObject({
      budget: '12345.50',
      startDate: '2026-04-20',
      endDate: '2026-04-24',
      status: 'planned',
    });
    await expect(field(page, 'Budget').inputValue()).resolves.toBe('12,345.50');
    // A rule of the server (end before start) arrives at its field too.
    await field(page, 'End date').fill('04/01/2026');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(errorOf(page, 'End date')).resolves.toBe('Must be on or after the start date.');
    await snap(page, 'settings-campaign.png');
    await page.getByRole('button', { name: 'Discard changes' }).click();

    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByTestId('list-campaigns').getByText('Hannover Messe').waitFor();
  });

  it('creates a user with role, language, time zone and password in Settings', async () => {
    const { page } = tab;
    await page.goto('/settings/users');
    await page.getByRole('link', { name: 'New user' }).click();
    await field(page, 'E-mail').fill('greta.mueller@example.com');
    await field(page, 'Full name').fill('Greta Müller');
    await pick(page, 'Role', 'Sales Rep', 'Sales Representative');
    await field(page, 'Language').first().click();
    await page.getByRole('option', { name: 'German' }).click();
    await pick(page, 'Time zone', 'Berlin', 'Europe/Berlin');
    await field(page, 'Password').fill('short');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(errorOf(page, 'Password')).resolves.toBe('At least 10 characters');
    await snap(page, 'settings-user-new.png');
    await field(page, 'Password').fill('a long enough secret');
    await page.getByRole('button', { name: 'Create' }).click();
    const user = await api('GET', `/api/v1/users/${await createdRecord(page, 'settings/users')}`);
    expect(user.body.data).toMatchObject({
      email: 'greta.mueller@example.com',
      language: 'de',
      timeZone: 'Europe/Berlin',
      enabled: true,
    });
    // The password works: she can log in with it.
    const login = await fetch(`${crm.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(crm.url).origin },
      body: JSON.stringify({ email: 'greta.mueller@example.com', password: 'a long enough secret' }),
    });
    expect(login.status).toBe(200);
    await snap(page, 'settings-user.png');
  });

  it('creates an API key whose secret shows once, and revokes it', async () => {
    const { page } = tab;
    await page.goto('/settings/api-keys/new');
    await field(page, 'Name').fill('ERP sync');
    await page.getByRole('button', { name: 'Create' }).click();
    const secret = page.getByTestId('api-key-secret');
    await secret.waitFor();
    const key = await secret.innerText();
    expect(key).toMatch(/^crm_/);
    await snap(page, 'settings-api-key-secret.png');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.waitForURL(/\/settings\/api-keys\/[0-9a-f-]{36}$/);
    const me = await fetch(`${crm.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('The API key was revoked.').waitFor();
    const after = await fetch(`${crm.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(after.status).toBe(401);
  });

  it('changes a role’s grants in the matrix', async () => {
    const { page } = tab;
    const roles = await api('GET', '/api/v1/roles?filter[name]=Sales%20Representative');
    const role = roles.body.data[0];
    await page.goto(`/settings/roles/${role.id}`);
    await page.getByTestId('grants-matrix').getByLabel('Customers: Export').selectOption('own');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Changes saved.').waitFor();
    const stored = await api('GET', `/api/v1/roles/${role.id}`);
    // The first own setting copies what "every other type" grants, then changes the one cell.
    expect(stored.body.data.permissions.customer).toMatchObject({
      ...role.permissions['*'],
      export: 'own',
    });
    await snap(page, 'settings-role.png');
  });

  it('shows the record view in German, with German dates, numbers and messages', async () => {
    const { page } = tab;
    await page.goto(`/customers/${customerId}`);
    await page.getByText('Deutsch', { exact: true }).click();
    await page.getByRole('tab', { name: 'Verlauf' }).waitFor();
    await expect(page.getByTestId('record-info').innerText()).resolves.toMatch(
      /\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/,
    );
    await field(page, 'Website').fill('keine Adresse');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await expect(errorOf(page, 'Website')).resolves.toBe(
      'Geben Sie eine Webadresse wie https://example.com ein',
    );
    await snap(page, 'record-customer-de.png');
    await page.getByRole('tab', { name: 'Verlauf' }).click();
    await page.getByTestId('history').getByText('Geändert').first().waitFor();
    await snap(page, 'record-customer-history-de.png');

    await page.goto('/settings/campaigns');
    await page.getByRole('link', { name: 'Kampagne anlegen' }).click();
    await field(page, 'Name').fill('Messe Essen');
    await field(page, 'Budget').fill('1.234,56');
    await field(page, 'Startdatum').fill('1.9.2026');
    await page.getByRole('button', { name: 'Anlegen' }).click();
    const essen = await createdRecord(page, 'settings/campaigns');
    await expect(field(page, 'Budget').inputValue()).resolves.toBe('1.234,56');
    await expect(field(page, 'Startdatum').inputValue()).resolves.toBe('01.09.2026');
    const stored = await api('GET', `/api/v1/campaigns/${essen}`);
    expect(stored.body.data).toMatchObject({ budget: '1234.56', startDate: '2026-09-01' });
    await page.getByRole('tab', { name: 'Verlauf' }).click();
    await page.getByTestId('history').getByText('1.234,56 €').waitFor();
    await snap(page, 'settings-campaign-history-de.png');
    await page.goto('/settings/users/new');
    await page.getByRole('heading', { name: 'Benutzer anlegen' }).waitFor();
    await snap(page, 'settings-user-new-de.png');
    expect(tab.foreignRequests).toEqual([]);
  });
});
