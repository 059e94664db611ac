/**
 * From opportunity to order in Chromium, as the quotations issue asks: make a quotation from an opportunity (its
 * products of interest become the lines), submit it, download its PDF, make a sales order and submit it, and see
 * the lead and the opportunity follow (quotation, then converted); the page in German.
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

const idIn = (page: Page, section: string) => new URL(page.url()).pathname.split(`/${section}/`)[1] ?? '';

describe('from opportunity to sales order', () => {
  let crm: CrmProcess;
  let browser: Browser;
  let tab: IsolatedPage;
  let leadId: string;
  let opportunityId: string;
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
  });

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await crm?.stop();
  });

  it('makes and submits a quotation, downloads its PDF, orders it, and the lead and opportunity follow', async () => {
    const { page } = tab;
    await page.goto(`/opportunities/${opportunityId}`);
    await page.getByRole('button', { name: 'Make quotation' }).click();
    await page.waitForURL('**/quotations/*');
    const quotationId = idIn(page, 'quotations');
    await page.getByRole('button', { name: 'Submit' }).waitFor();
    await page.screenshot({ path: artifactPath('quotation-draft-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Submit' }).click();
    await until(() => status('quotations', quotationId)).toBe('open');
    await until(() => status('opportunities', opportunityId)).toBe('quotation');
    await until(() => status('leads', leadId)).toBe('quotation');
    await page.screenshot({ path: artifactPath('quotation-en.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^QTN-\d{4}-\d{5}\.pdf$/);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');

    await page.getByRole('button', { name: 'Make sales order' }).click();
    await page.waitForURL('**/sales-orders/*');
    const orderId = idIn(page, 'sales-orders');
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

    await api('PATCH', '/api/v1/auth/me', { language: 'de' });
    try {
      await page.goto(`/quotations/${quotationId}`);
      await page.getByRole('link', { name: 'PDF herunterladen' }).waitFor();
      await page.getByRole('button', { name: 'Stornieren' }).waitFor();
      await page.screenshot({ path: artifactPath('quotation-ordered-de.png') });
    } finally {
      await api('PATCH', '/api/v1/auth/me', { language: 'en' });
    }
  });
});
