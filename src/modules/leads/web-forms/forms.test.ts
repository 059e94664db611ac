import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../../test/harness.js';
import { WEBSITE_SOURCE_ID } from './entities.js';
import { publicUrlFrom } from '../../../http/origins.js';

let crm: TestCrm;
let marketing: Client;
let sales: Client;

beforeAll(async () => {
  crm = await createTestCrm();
  marketing = crm.as(await crm.createUser('Marketing User'));
  sales = crm.as(await crm.createUser('Sales Representative'));
});
afterAll(() => crm?.close());

const errorsOf = (response: { json(): unknown }) =>
  Object.fromEntries(
    ((response.json() as { errors?: Array<{ field: string; message: string }> }).errors ?? []).map((e) => [
      e.field,
      e.message,
    ]),
  );

let slugs = 0;
const form = (extra: Record<string, unknown> = {}) => ({
  name: 'Contact us',
  slug: `contact-${++slugs}`,
  fields: [{ name: 'lastName', required: true }, { name: 'email' }],
  allowedOrigins: [{ origin: 'https://www.example.com' }],
  ...extra,
});

describe('building a web form', () => {
  it('files leads under "Website" by default and keeps origins in the spelling browsers send', async () => {
    const response = await marketing.post('/api/v1/web-forms', {
      ...form(),
      allowedOrigins: [
        { origin: 'HTTPS://WWW.Example.com:443/' },
        { origin: 'https://www.example.com' },
        { origin: 'http://127.0.0.1:8080' },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().data).toMatchObject({
      active: true,
      language: 'en',
      honeypotField: 'website_url',
      sourceId: WEBSITE_SOURCE_ID,
      thankYouEn: 'Thank you! We will be in touch soon.',
      allowedOrigins: [{ origin: 'https://www.example.com' }, { origin: 'http://127.0.0.1:8080' }],
      createdBy: expect.any(String),
    });
  });

  it('refuses what would never work, naming the field', async () => {
    const bad = await marketing.post(
      '/api/v1/web-forms',
      form({
        slug: 'Contact Us',
        fields: [{ name: 'email' }, { name: 'email' }, { name: 'status' }],
        allowedOrigins: [{ origin: 'https://www.example.com/contact' }, { origin: 'ftp://example.com' }],
        redirectUrl: 'javascript:alert(1)',
      }),
    );
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(errorsOf(bad)).sort()).toEqual(['fields/2/name', 'slug']);

    const rules = await marketing.post(
      '/api/v1/web-forms',
      form({
        fields: [{ name: 'email' }, { name: 'email' }],
        honeypotField: 'email',
        allowedOrigins: [{ origin: 'https://www.example.com/contact' }, { origin: 'ftp://example.com' }],
        redirectUrl: 'javascript:alert(1)',
      }),
    );
    expect(rules.statusCode).toBe(422);
    expect(errorsOf(rules)).toEqual({
      'fields/1/name': 'is on the form twice',
      fields: 'needs one of firstName, lastName, companyName: a lead needs a name or a company',
      honeypotField:
        'must differ from the lead fields and from utm_source, utm_medium, utm_campaign, page_url, referrer',
      'allowedOrigins/0/origin': 'must be an origin such as https://www.example.com (http or https, no path)',
      'allowedOrigins/1/origin': 'must be an origin such as https://www.example.com (http or https, no path)',
      redirectUrl: 'must be an http or https address',
    });
  });

  it('keeps slugs unique among live forms', async () => {
    const first = await marketing.post('/api/v1/web-forms', form({ slug: 'newsletter' }));
    expect(first.statusCode).toBe(201);
    const second = await marketing.post('/api/v1/web-forms', form({ slug: 'newsletter' }));
    expect(second.statusCode).toBe(409);
    expect(errorsOf(second)).toEqual({ slug: 'is already used by another record' });
    await marketing.delete(`/api/v1/web-forms/${first.json().data.id}`);
    expect((await marketing.post('/api/v1/web-forms', form({ slug: 'newsletter' }))).statusCode).toBe(201);
  });

  it('is built by marketing and administrators; sales reads it', async () => {
    const created = (await marketing.post('/api/v1/web-forms', form())).json().data;
    expect((await sales.get(`/api/v1/web-forms/${created.id}`)).statusCode).toBe(200);
    expect((await sales.post('/api/v1/web-forms', form())).statusCode).toBe(403);
    const patched = await sales.patch(`/api/v1/web-forms/${created.id}`, { active: false });
    expect(patched.statusCode).toBe(403);
  });
});

describe('the snippet', () => {
  it('is a form posting to the CRM with labels in the form’s language, the honeypot and the page fields', async () => {
    const created = (
      await marketing.post(
        '/api/v1/web-forms',
        form({
          slug: 'kontakt',
          language: 'de',
          fields: [
            { name: 'salutation' },
            { name: 'lastName', required: true },
            { name: 'email', labelDe: 'Ihre <E-Mail>', required: true },
            { name: 'notes', labelEn: 'Message' },
          ],
        }),
      )
    ).json().data;
    const response = await sales.get(`/api/v1/web-forms/${created.id}/snippet`, { host: 'crm.example.com' });
    expect(response.statusCode, response.body).toBe(200);
    const { html, submitUrl } = response.json().data;
    expect(submitUrl).toBe('http://crm.example.com/api/v1/web-forms/kontakt/submissions');
    expect(html).toContain(`<form class="crm-web-form" action="${submitUrl}" method="post"`);
    expect(html).toContain('<label for="crm-kontakt-lastName">Nachname *</label>');
    expect(html).toContain('Ihre &#60;E-Mail&#62; *');
    expect(html).toMatch(
      /<input type="email" id="crm-kontakt-email" name="email" required autocomplete="email"/,
    );
    expect(html).toContain('<option value="ms">Frau</option>');
    expect(html).toMatch(/<textarea id="crm-kontakt-notes" name="notes" maxlength="5000" rows="4">/);
    expect(html).toContain('name="website_url" tabindex="-1" autocomplete="off"');
    for (const name of ['utm_source', 'utm_medium', 'utm_campaign', 'page_url', 'referrer']) {
      expect(html).toContain(`<input type="hidden" name="${name}">`);
    }
    expect(html).toContain('<button type="submit">Senden</button>');
    expect(html).toContain('<script>');
  });

  it('takes the CRM’s address from CRM_PUBLIC_URL when it is set', () => {
    expect(publicUrlFrom(undefined)).toBeUndefined();
    expect(publicUrlFrom('https://crm.example.com/')).toBe('https://crm.example.com');
    expect(() => publicUrlFrom('crm.example.com')).toThrow(/CRM_PUBLIC_URL/);
  });
});
