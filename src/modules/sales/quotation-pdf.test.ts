import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../test/harness.js';

/**
 * The quotation PDF, read back as text with pdftotext (poppler-utils, installed by the test script): letterhead,
 * recipient, lines, taxes and totals as stored, in German and English, the draft mark, and the footer. A PNG of
 * each page goes to artifacts/ (pdftoppm) for a person to look at.
 */

let crm: TestCrm;
let admin: Client;
let rep: Client;
let quotationId: string;
const LOGO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABgAAAAICAIAAABsw6g0AAAAFElEQVR4nGOQizpBFcQwatBINggAUsfwAQL3zbcAAAAASUVORK5CYII=';
const artifacts = path.resolve('artifacts');

async function created(client: Client, url: string, body: Record<string, unknown>) {
  const response = await client.post(`/api/v1/${url}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

/** The PDF's text, laid out as on the page; its first page as a PNG under artifacts/ when `png` names one. */
function pdfText(pdf: Buffer, png?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-pdf-'));
  const file = path.join(dir, 'quotation.pdf');
  fs.writeFileSync(file, pdf);
  if (png) {
    fs.mkdirSync(artifacts, { recursive: true });
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '70',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      file,
      path.join(artifacts, png),
    ]);
  }
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return text;
}

beforeAll(async () => {
  crm = await createTestCrm();
  admin = crm.as(await crm.createUser('CRM Administrator'));
  rep = crm.as(await crm.createUser('Sales Representative', 'Pdf Rep'));
  const settings = (await admin.get('/api/v1/company-settings')).json().data[0];
  const changed = await admin.patch(`/api/v1/company-settings/${settings.id}`, {
    name: 'Nordwind Vertrieb GmbH',
    street: 'Hafenstraße 12',
    postcode: '20457',
    city: 'Hamburg',
    country: 'DE',
    email: 'vertrieb@nordwind.example',
    taxId: 'DE123456789',
    bankName: 'Hamburger Sparkasse',
    iban: 'DE89370400440532013000',
    bic: 'HASPDEHHXXX',
    logo: LOGO,
    termsDe: 'Zahlbar innerhalb von 14 Tagen ohne Abzug.',
  });
  expect(changed.statusCode, changed.body).toBe(200);
  const customer = await created(rep, 'customers', { name: 'Großhandel Süd AG' });
  const address = await created(rep, 'addresses', {
    line1: 'Marienplatz 1',
    city: 'München',
    postalCode: '80331',
    country: 'DE',
    links: [{ entity: 'customer', id: customer.id }],
  });
  const quotation = await created(rep, 'quotations', {
    customerId: customer.id,
    addressId: address.id,
    language: 'de',
    transactionDate: '2026-12-07',
    validTill: '2026-12-31',
    lines: [
      { description: 'Barcodescanner Typ 4', qty: '12', rate: '1234.56', discountPercent: '5' },
      { description: 'Einweisung vor Ort', qty: '2', rate: '640', unit: 'day' },
    ],
  });
  quotationId = quotation.id;
});
afterAll(() => crm?.close());

describe('the quotation PDF', () => {
  it('prints a German draft with letterhead, recipient, lines, taxes, totals, words and footer', async () => {
    const response = await rep.get(`/api/v1/quotations/${quotationId}/pdf`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(/^inline; filename="QTN-2026-\d{5}\.pdf"$/);
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf, 'quotation-de');
    for (const expected of [
      'Nordwind Vertrieb GmbH',
      'Großhandel Süd AG',
      'Marienplatz 1',
      '80331 München',
      'Angebot QTN-2026-',
      'Gültig bis: 31.12.2026',
      'Barcodescanner Typ 4',
      '12 Stück',
      '1.234,56 €',
      // 12 × 1,234.56 = 14,814.72 less 5 % = 14,073.98; 2 days × 640 = 1,280.00.
      '14.073,98 €',
      '2 Tage',
      'Nettosumme',
      '15.353,98 €',
      'USt. 19 % auf 15.353,98 €',
      '2.917,26 €',
      '18.271,24 €',
      'Gesamt',
      '18.271,00 €',
      'In Worten: achtzehntausendzweihunderteinundsiebzig EUR',
      'Zahlbar innerhalb von 14 Tagen ohne Abzug.',
      'IBAN DE89370400440532013000',
      'USt-IdNr. DE123456789',
      'Seite 1 von 1',
      'ENTWURF',
    ]) {
      expect(text, expected).toContain(expected);
    }
  });

  it('prints in English on request, as a download, and without the draft mark once submitted', async () => {
    expect((await rep.post(`/api/v1/quotations/${quotationId}/submit`, {})).statusCode).toBe(200);
    const response = await rep.get(`/api/v1/quotations/${quotationId}/pdf?language=en&download=true`);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="QTN-2026-\d{5}\.pdf"$/);
    const text = pdfText(response.rawPayload, 'quotation-en');
    for (const expected of [
      'Quotation QTN-2026-',
      'Valid till: Dec 31, 2026',
      '€14,073.98',
      // Units read as plurals in either language ("2 Tage" above).
      '12 Units',
      '2 Days',
      'Net total',
      'Page 1 of 1',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain('DRAFT');
  });

  it('answers 404 for a quotation the reader may not see and 400 for an unknown language', async () => {
    const other = crm.as(await crm.createUser('Sales Representative', 'Other Pdf Rep'));
    expect((await other.get(`/api/v1/quotations/${quotationId}/pdf`)).statusCode).toBe(404);
    expect((await rep.get(`/api/v1/quotations/${quotationId}/pdf?language=fr`)).statusCode).toBe(400);
  });
});
