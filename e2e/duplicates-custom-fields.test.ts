/**
 * Custom fields and duplicates, driven in Chromium like a user: an administrator adds a text and a choice field
 * to contacts in Settings, fills them in a contact's form and finds them as list columns and filters; a second
 * contact with the same e-mail meets the duplicate dialog and is saved anyway; the two are merged from the list
 * (in German) and the merge is undone by restoring the merged contact from the trash.
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

const list = (page: Page) => page.getByTestId('list-contacts');
const count = (page: Page) => page.getByTestId('list-count').innerText();

interface Contact {
  id: string;
  fullName: string;
  region?: string | null;
  tier?: string | null;
  emails: { email: string }[];
}

describe('custom fields and duplicates in the web app', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;
  const api = pageApi(
    () => tab.page,
    () => crm.url,
  );
  const contacts = async (trash = false) =>
    (await api('GET', `/api/v1/contacts?sort=fullName${trash ? '&trash=true' : ''}`)).body.data as Contact[];
  const language = (lang: 'en' | 'de') => api('PATCH', '/api/v1/auth/me', { language: lang });

  beforeAll(async () => {
    ensureWebBuild();
    [crm, browser] = await Promise.all([startCrm({ name: 'duplicates-custom-fields' }), launchBrowser()]);
    tab = await openPage(browser, crm.url);
    await loginInBrowser(tab.page, crm.url, crm.admin);
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
  });

  it('adds custom fields to contacts in Settings, fills them in the form and lists and filters by them', async () => {
    const { page } = tab;
    await page.goto('/settings/custom-fields');
    await page.getByRole('link', { name: 'New custom field' }).click();
    await choose(page, 'Record type', 'Contacts');
    await field(page, 'API name').fill('region');
    await choose(page, 'Type', 'Text');
    await field(page, 'Label (English)').fill('Region');
    await field(page, 'Label (German)').fill('Region');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/settings\/custom-fields\/[0-9a-f-]{36}$/);

    await page.goto('/settings/custom-fields/new');
    await choose(page, 'Record type', 'Contacts');
    await field(page, 'API name').fill('tier');
    await choose(page, 'Type', 'Choice');
    await field(page, 'Label (English)').fill('Tier');
    await field(page, 'Label (German)').fill('Stufe');
    for (const [value, en, de] of [
      ['gold', 'Gold', 'Gold'],
      ['silver', 'Silver', 'Silber'],
    ]) {
      await page.getByRole('button', { name: 'Add option' }).click();
      await page
        .getByLabel('Value', { exact: true })
        .last()
        .fill(value ?? '');
      await page
        .getByLabel('English label', { exact: true })
        .last()
        .fill(en ?? '');
      await page
        .getByLabel('German label', { exact: true })
        .last()
        .fill(de ?? '');
    }
    await snap(page, 'custom-field-form-en.png', { fullPage: false });
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/settings\/custom-fields\/[0-9a-f-]{36}$/);
    await page.goto('/settings/custom-fields');
    await page.getByTestId('list-custom-fields').getByRole('cell', { name: 'Tier', exact: true }).waitFor();

    // The new fields are in the contact form at once (the metadata is read again after the change).
    await page.goto('/contacts/new');
    await field(page, 'First name').fill('Anna');
    await field(page, 'Last name').fill('Schmidt');
    await page.getByRole('button', { name: 'E-mail addresses: Add' }).click();
    await field(page, 'E-mail').fill('anna.schmidt@example.com');
    await field(page, 'Region').fill('North');
    await choose(page, 'Tier', 'Gold');
    await snap(page, 'custom-field-contact-form-en.png', { fullPage: false });
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    const [anna] = await contacts();
    expect(anna).toMatchObject({ fullName: 'Anna Schmidt', region: 'North', tier: 'gold' });

    // Not default columns: chosen in the column chooser, then filtered by.
    await api('POST', '/api/v1/contacts', { firstName: 'Bernd', lastName: 'Berg', tier: 'silver' });
    await page.goto('/contacts');
    await expect.poll(() => count(page)).toBe('2 of 2');
    await page.getByRole('button', { name: 'Columns', exact: true }).click();
    const chooser = page.getByTestId('column-chooser');
    await chooser.getByLabel('Region', { exact: true }).click();
    await chooser.getByLabel('Tier', { exact: true }).click();
    // Next to the name, so the screenshot shows them without scrolling the table sideways.
    for (let step = 0; step < 5; step += 1) {
      await chooser.getByRole('button', { name: 'Move Region left' }).click();
      await chooser.getByRole('button', { name: 'Move Tier left' }).click();
    }
    await page.keyboard.press('Escape');
    await list(page).getByRole('columnheader', { name: 'Region' }).waitFor();
    await list(page).getByRole('cell', { name: 'North', exact: true }).waitFor();
    await list(page).getByRole('cell', { name: 'Silver', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    const builder = page.getByTestId('filter-builder');
    await builder.getByRole('combobox', { name: 'Field', exact: true }).click();
    await page.getByRole('option', { name: 'Tier', exact: true }).click();
    await builder.getByRole('combobox', { name: 'Value', exact: true }).click();
    await page.getByRole('option', { name: 'Gold', exact: true }).click();
    await page.getByRole('button', { name: 'Add filter' }).click();
    await expect.poll(() => count(page)).toBe('1 of 1');
    await expect(page.getByTestId('filter-chip').innerText()).resolves.toBe('Tier is Gold');
    await snap(page, 'custom-field-list-en.png', { fullPage: false });
    await api(
      'DELETE',
      `/api/v1/contacts/${(await contacts()).find((c) => c.fullName === 'Bernd Berg')?.id}`,
    );
  });

  it('warns of a duplicate when creating a contact with a known e-mail; "Save anyway" creates it', async () => {
    const { page } = tab;
    await page.goto('/contacts/new');
    await field(page, 'First name').fill('Anna');
    await field(page, 'Last name').fill('Schmitt');
    await page.getByRole('button', { name: 'E-mail addresses: Add' }).click();
    await field(page, 'E-mail').fill('Anna.Schmidt@example.com');
    await page.getByRole('button', { name: 'E-mail addresses: Add' }).click();
    await field(page, 'E-mail').last().fill('anna@private.example');
    await page.getByRole('button', { name: 'Create' }).click();
    const dialog = page.getByRole('dialog', { name: 'Possible duplicate' });
    await dialog.waitFor();
    const candidate = dialog.getByRole('link', { name: 'Anna Schmidt' });
    const anna = (await contacts()).find((c) => c.fullName === 'Anna Schmidt');
    await expect(candidate.getAttribute('href')).resolves.toBe(`/contacts/${anna?.id}`);
    await expect(dialog.innerText()).resolves.toContain('Same e-mail');
    await snap(page, 'duplicate-dialog-en.png', { fullPage: false });
    await dialog.getByRole('button', { name: 'Save anyway' }).click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    await page.getByText('Contact created.').waitFor();
    expect((await contacts()).map((c) => c.fullName)).toEqual(['Anna Schmidt', 'Anna Schmitt']);

    // In German, and "Cancel" goes back to the form with what was typed.
    await language('de');
    try {
      await page.goto('/contacts/new');
      await field(page, 'Nachname').fill('Schmidt');
      await page.getByRole('button', { name: 'E-Mail-Adressen: Hinzufügen' }).click();
      await field(page, 'E-Mail').fill('anna.schmidt@example.com');
      await page.getByRole('button', { name: 'Anlegen' }).click();
      const german = page.getByRole('dialog', { name: 'Mögliche Dublette' });
      await german.getByRole('link', { name: 'Anna Schmitt' }).waitFor();
      await snap(page, 'duplicate-dialog-de.png', { fullPage: false });
      await german.getByRole('button', { name: 'Abbrechen' }).click();
      await german.waitFor({ state: 'hidden' });
      await expect(field(page, 'Nachname').inputValue()).resolves.toBe('Schmidt');
    } finally {
      await language('en');
    }
    expect(await contacts()).toHaveLength(2);
  });

  it('merges the two from the list (in German) and undoes it by restoring the merged one', async () => {
    const { page } = tab;
    await language('de');
    try {
      await page.goto('/contacts');
      await expect.poll(() => count(page)).toBe('2 von 2');
      // The list's "Duplicates" finds the pair by their shared e-mail address without a selection.
      await page.getByRole('button', { name: 'Dubletten' }).click();
      const groups = page.getByTestId('duplicate-groups');
      await expect
        .poll(() => groups.innerText())
        .toMatch(/Anna Schmi[dt]t\s+Anna Schmi[dt]t\s+Gleich: E-Mail/);
      await snap(page, 'duplicate-groups-de.png', { fullPage: false });
      await page.keyboard.press('Escape');
      await groups.waitFor({ state: 'hidden' });
      await list(page).getByRole('checkbox', { name: 'Anna Schmitt auswählen' }).check();
      await list(page).getByRole('checkbox', { name: 'Anna Schmidt auswählen' }).check();
      await page.getByRole('button', { name: 'Zusammenführen', exact: true }).click();
      const dialog = page.getByTestId('merge-dialog');
      await dialog.getByRole('radio', { name: 'Anna Schmidt' }).click();
      await expect(dialog.getByRole('radio', { name: 'Anna Schmidt' }).isChecked()).resolves.toBe(true);
      await expect(dialog.innerText()).resolves.toContain('anna.schmidt@example.com');
      await snap(page, 'merge-dialog-de.png', { fullPage: false });
      await dialog.getByRole('button', { name: 'Zusammenführen' }).click();
      await page.getByText('1 Datensatz in „Anna Schmidt“ zusammengeführt.').waitFor();
      await expect.poll(() => count(page)).toBe('1 von 1');
      await page.getByTestId('selection-count').waitFor({ state: 'hidden' });
      await snap(page, 'merge-done-de.png', { fullPage: false });
    } finally {
      await language('en');
    }
    const [survivor] = await contacts();
    expect(survivor?.fullName).toBe('Anna Schmidt');
    expect(survivor?.emails.map((e) => e.email).sort()).toEqual([
      'anna.schmidt@example.com',
      'anna@private.example',
    ]);
    const trashed = await contacts(true);
    expect(trashed.map((c) => c.fullName)).toContain('Anna Schmitt');

    // Undo: restoring the merged contact puts its e-mail back with it.
    await page.goto('/contacts/trash');
    const row = page.getByTestId('trash-contacts').getByRole('row', { name: /Anna Schmitt/ });
    await row.getByRole('button', { name: 'Restore' }).click();
    await page.getByText('“Anna Schmitt” restored.').waitFor();
    const after = await contacts();
    expect(after.map((c) => c.fullName)).toEqual(['Anna Schmidt', 'Anna Schmitt']);
    expect(after[0]?.emails.map((e) => e.email)).toEqual(['anna.schmidt@example.com']);
  });
});
