/**
 * From opportunity to order in Chromium, as the quotations issue asks: make a quotation from an opportunity (its
 * products of interest become the lines), edit its lines with the totals following as one types (and the server
 * storing the same), submit it, preview and download its PDF, make a sales order and submit it, and see the lead
 * and the opportunity follow (quotation, then converted) and list their quotation and order; the page in German.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
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

/** The seeded reduced German VAT rate (migration 0019). */
const VAT_7 = '01900000-0000-7000-8004-000000000002';

const idIn = (page: Page, section: string) => new URL(page.url()).pathname.split(`/${section}/`)[1] ?? '';

describe('from opportunity to sales order', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;
  let leadId: string;
  let opportunityId: string;
  let quotationId: string;
  let orderId: string;
  const api = pageApi(
    () => tab.page,
    () => crm.url,
  );
  const status = async (path: string, id: string) =>
    (await api('GET', `/api/v1/${path}/${id}`)).body.data.status;

  beforeAll(async () => {
    ensureWebBuild();
    [crm, browser] = await Promise.all([startCrm({ name: 'quotation-flow' }), launchBrowser()]);
    tab = await openPage(browser, crm.url);
    await loginInBrowser(tab.page, crm.url, crm.admin);
    const lead = await api('POST', '/api/v1/leads', {
      firstName: 'Ida',
      lastName: 'Sommer',
      companyName: 'Sommer Kühltechnik',
    });
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
    leadId = lead.body.data.id;
    const deal = await api('POST', '/api/v1/opportunities', {
      title: 'Cooling units',
      leadId,
      items: [{ description: 'Cooling unit KX-4', qty: '2', rate: '4800' }],
    });
    expect(deal.status, JSON.stringify(deal.body)).toBe(201);
    opportunityId = deal.body.data.id;
    const item = await api('POST', '/api/v1/items', {
      code: 'SRV-HOUR',
      name: 'Service hour',
      nameDe: 'Servicestunde',
      unit: 'hour',
      taxTemplateId: VAT_7,
      prices: [{ currency: 'EUR', rate: '95' }],
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
  });

  it('edits the lines of a quotation made from an opportunity, with the totals the server then stores', async () => {
    const { page } = tab;
    await page.goto(`/opportunities/${opportunityId}`);
    await page.getByRole('button', { name: 'Make quotation' }).click();
    await page.waitForURL('**/quotations/*');
    quotationId = idIn(page, 'quotations');
    // The address changes before the page: the opportunity's products (a lines table too) show until it comes.
    await page.getByRole('button', { name: 'Submit' }).waitFor();
    const totals = page.getByTestId('document-totals');
    const total = (name: string) => totals.locator(`[data-total="${name}"] td`).last();
    // The opportunity's product of interest is the first line: 2 × 4,800.00, 19 % VAT.
    await expect.poll(() => page.getByTestId('line-0-amount').textContent()).toBe('€9,600.00');
    await page.getByRole('textbox', { name: 'Qty 1' }).fill('3');
    await expect.poll(() => page.getByTestId('line-0-amount').textContent()).toBe('€14,400.00');

    await page.getByRole('button', { name: 'Add line' }).click();
    await page.getByRole('combobox', { name: 'Item 2' }).click();
    await page.getByRole('combobox', { name: 'Item 2' }).fill('Service');
    await page.getByRole('option', { name: 'Service hour' }).click();
    // Picking the item fills what the server would: its name, unit, price in euros and its 7 % VAT.
    await expect.poll(() => page.getByRole('textbox', { name: 'Rate 2' }).inputValue()).toBe('95.00');
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Description 2' }).inputValue())
      .toBe('Service hour');
    await page.getByRole('textbox', { name: 'Qty 2' }).fill('2.5');
    await page.getByRole('textbox', { name: 'Disc. % 2' }).fill('10');
    // 2.5 × 95 less 10 % = 213.75; VAT 19 % of 14,400 = 2,736.00 and 7 % of 213.75 = 14.96 (half up).
    await expect.poll(() => page.getByTestId('line-1-amount').textContent()).toBe('€213.75');
    await expect.poll(() => total('netTotal').textContent()).toBe('€14,613.75');
    await expect.poll(() => total('grandTotal').textContent()).toBe('€17,364.71');
    await expect.poll(() => total('roundedTotal').textContent()).toBe('€17,365.00');
    await page.screenshot({ path: artifactPath('quotation-lines-en.png'), fullPage: true });

    await page.getByRole('button', { name: 'Save' }).click();
    await until(
      async () => (await api('GET', `/api/v1/quotations/${quotationId}`)).body.data.grandTotal,
    ).toBe('17364.71');
    const stored = (await api('GET', `/api/v1/quotations/${quotationId}`)).body.data;
    expect(stored).toMatchObject({ netTotal: '14613.75', taxTotal: '2750.96', roundedTotal: '17365.00' });
    expect(stored.lines[1]).toMatchObject({ unit: 'hour', taxTemplateId: VAT_7, amount: '213.75' });
  });

  it('submits the quotation, previews and downloads its PDF, orders it, and the lead and opportunity follow', async () => {
    const { page } = tab;
    await page.goto(`/quotations/${quotationId}`);
    await page.getByRole('button', { name: 'Submit' }).waitFor();
    await page.screenshot({ path: artifactPath('quotation-draft-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Submit' }).click();
    await until(() => status('quotations', quotationId)).toBe('open');
    await until(() => status('opportunities', opportunityId)).toBe('quotation');
    await until(() => status('leads', leadId)).toBe('quotation');
    // Submitted, the lines are text: the item links to its record.
    await page.getByTestId('lines-editor').getByRole('link', { name: 'Service hour' }).waitFor();
    await page.screenshot({ path: artifactPath('quotation-en.png') });

    await page.getByRole('button', { name: 'PDF', exact: true }).click();
    const preview = page.getByTestId('pdf-preview');
    const source = await preview.getAttribute('src');
    expect(source).toContain(`/api/v1/quotations/${quotationId}/pdf`);
    const served = await page.evaluate(async (url) => {
      const response = await fetch(url);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { type: response.headers.get('content-type'), head: String.fromCharCode(...bytes.slice(0, 5)) };
    }, source as string);
    expect(served).toEqual({ type: 'application/pdf', head: '%PDF-' });
    await page.screenshot({ path: artifactPath('quotation-pdf-preview-en.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('dialog').getByRole('link', { name: 'Download PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^QTN-\d{4}-\d{5}\.pdf$/);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Make sales order' }).click();
    await page.waitForURL('**/sales-orders/*');
    orderId = idIn(page, 'sales-orders');
    await page.getByRole('button', { name: 'Submit' }).click();
    await until(() => status('sales-orders', orderId)).toBe('to_deliver_and_bill');
    expect(await status('quotations', quotationId)).toBe('ordered');
    expect(await status('opportunities', opportunityId)).toBe('converted');
    // The quotation was to the lead: ordering it made the lead's customer, so the lead is converted.
    expect(await status('leads', leadId)).toBe('converted');
    await page.getByRole('button', { name: 'Put on hold' }).click();
    await until(() => status('sales-orders', orderId)).toBe('on_hold');
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await page.screenshot({ path: artifactPath('sales-order-en.png') });
  });

  it('shows the chain on the lead and the opportunity: their quotation and order with statuses', async () => {
    const { page } = tab;
    const row = (list: string, link: string) =>
      page
        .getByTestId(`related-${list}`)
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: link }) });
    const number = (await api('GET', `/api/v1/quotations/${quotationId}`)).body.data.number as string;
    const orderNumber = (await api('GET', `/api/v1/sales-orders/${orderId}`)).body.data.number as string;
    await page.goto(`/leads/${leadId}`);
    await expect.poll(() => row('opportunities', 'Cooling units').textContent()).toContain('Converted');
    await expect.poll(() => row('quotations', number).textContent()).toContain('Ordered');
    await expect.poll(() => row('sales-orders', orderNumber).textContent()).toContain('On Hold');
    await page.screenshot({ path: artifactPath('lead-chain-en.png'), fullPage: true });
    await row('quotations', number).getByRole('link', { name: number }).click();
    await page.waitForURL(`**/quotations/${quotationId}`);
    await until(() => page.getByTestId('record-title').textContent()).toBe(number);
    await expect.poll(() => row('sales-orders', orderNumber).textContent()).toContain('€17,364.71');

    await page.goto(`/opportunities/${opportunityId}`);
    await expect.poll(() => row('quotations', number).textContent()).toContain('€17,364.71');
    await row('sales-orders', orderNumber).getByRole('link', { name: orderNumber }).click();
    await page.waitForURL(`**/sales-orders/${orderId}`);
    await until(() => page.getByTestId('record-title').textContent()).toBe(orderNumber);

    await api('PATCH', '/api/v1/auth/me', { language: 'de' });
    try {
      await page.goto(`/quotations/${quotationId}`);
      await page.getByRole('link', { name: 'PDF herunterladen' }).waitFor();
      await page.getByRole('columnheader', { name: 'Einzelpreis' }).waitFor();
      await page.getByTestId('document-totals').getByText('Gesamtbetrag', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Stornieren' }).waitFor();
      await page.screenshot({ path: artifactPath('quotation-ordered-de.png') });
    } finally {
      await api('PATCH', '/api/v1/auth/me', { language: 'en' });
    }
  });
});
