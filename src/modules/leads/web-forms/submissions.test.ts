import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../../test/harness.js';
import { WEBSITE_SOURCE_ID } from './entities.js';
import { CONTACT_FORM, ORIGIN, visitor } from './test-visitor.js';

/** Web form abuse and capture: the public endpoint as a site's visitors, and bots, reach it. */

let crm: TestCrm;
let admin: Client;
let formId: string;
let submit: ReturnType<typeof visitor>;

const leadsByEmail = async (email: string) =>
  (await admin.get(`/api/v1/leads?filter[email][eq]=${encodeURIComponent(email)}`)).json().data as Array<
    Record<string, unknown>
  >;
const submissionsOf = async (leadId: string) =>
  (
    await sql<Record<string, unknown>>`SELECT * FROM web_form_submissions WHERE lead_id = ${leadId}
      ORDER BY created_at`.execute(crm.database.db)
  ).rows;
const count = async (table: string) =>
  Number(
    (await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(crm.database.db)).rows[0]
      ?.n,
  );

beforeAll(async () => {
  crm = await createTestCrm();
  submit = visitor(crm);
  admin = crm.as(await crm.createUser('CRM Administrator'));
  await admin.post('/api/v1/campaigns', {
    name: 'Spring sale',
    status: 'active',
    utmCampaign: 'Spring-Sale',
  });
  const response = await admin.post('/api/v1/web-forms', CONTACT_FORM);
  expect(response.statusCode, response.body).toBe(201);
  formId = response.json().data.id;
});
afterAll(() => crm?.close());

describe('a submission', () => {
  it('makes a lead from the Website source with the page’s UTM parameters, and keeps what came', async () => {
    const response = await submit({
      firstName: 'Wanda',
      lastName: 'Web',
      email: 'Wanda@Web.example',
      employees: '12',
      favouriteColour: 'blue',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'spring-sale',
      page_url: `${ORIGIN}/contact?utm_source=newsletter`,
      referrer: 'https://search.example/?q=crm',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(response.json()).toEqual({
      data: { message: 'Thank you! We will be in touch soon.', redirectUrl: null },
    });
    const [lead] = await leadsByEmail('wanda@web.example');
    const campaign = (await admin.get('/api/v1/campaigns')).json().data[0];
    expect(lead).toMatchObject({
      title: 'Wanda Web',
      employees: 12,
      sourceId: WEBSITE_SOURCE_ID,
      campaignId: campaign.id,
      utmSource: 'newsletter',
      utmMedium: 'email',
      utmCampaign: 'spring-sale',
      createdBy: null,
    });
    const [row] = await submissionsOf(lead?.id as string);
    expect(row).toMatchObject({
      form_id: formId,
      duplicate: false,
      data: { firstName: 'Wanda', lastName: 'Web', email: 'Wanda@Web.example', employees: 12 },
      page_url: `${ORIGIN}/contact?utm_source=newsletter`,
      referrer: 'https://search.example/?q=crm',
      utm_campaign: 'spring-sale',
    });
    // The address is kept only as a keyed hash.
    expect(row?.ip_hash).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify(row)).not.toContain('198.51.');
    const events =
      await sql`SELECT kind, source FROM lead_events WHERE lead_id = ${lead?.id as string}`.execute(
        crm.database.db,
      );
    expect(events.rows).toEqual([{ kind: 'form_submitted', source: `webForm:${formId}` }]);
  });

  it('takes a plain HTML form post and answers with the thank-you page, or the redirect', async () => {
    const response = await submit(
      { lastName: 'Plain', email: 'plain@web.example', page_url: `${ORIGIN}/contact` },
      { encoded: true },
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.body).toContain('Thank you! We will be in touch soon.');
    expect(response.body).toContain(`<a href="${ORIGIN}/contact">Back to the page</a>`);
    expect(await leadsByEmail('plain@web.example')).toHaveLength(1);

    await admin.patch(`/api/v1/web-forms/${formId}`, { redirectUrl: `${ORIGIN}/thanks` });
    try {
      const redirected = await submit({ lastName: 'Away', email: 'away@web.example' }, { encoded: true });
      expect(redirected.statusCode).toBe(303);
      expect(redirected.headers.location).toBe(`${ORIGIN}/thanks`);
      const json = await submit({ lastName: 'Script', email: 'script@web.example' });
      expect(json.json().data.redirectUrl).toBe(`${ORIGIN}/thanks`);
    } finally {
      await admin.patch(`/api/v1/web-forms/${formId}`, { redirectUrl: null });
    }
  });

  it('is attached to the open lead the person already is instead of making a second one', async () => {
    const existing = (
      await admin.post('/api/v1/leads', { lastName: 'Known', email: 'known@web.example' })
    ).json().data;
    const response = await submit({ lastName: 'Known Again', email: 'KNOWN@web.example' });
    expect(response.statusCode, response.body).toBe(200);
    expect(await leadsByEmail('known@web.example')).toEqual([expect.objectContaining({ id: existing.id })]);
    expect(await submissionsOf(existing.id)).toEqual([
      expect.objectContaining({
        duplicate: true,
        data: { lastName: 'Known Again', email: 'KNOWN@web.example' },
      }),
    ]);
  });

  it('makes a lead even when the person is a contact already', async () => {
    await admin.post('/api/v1/contacts', { lastName: 'Contact', emails: [{ email: 'contact@web.example' }] });
    expect((await submit({ lastName: 'Contact', email: 'contact@web.example' })).statusCode).toBe(200);
    expect(await leadsByEmail('contact@web.example')).toHaveLength(1);
  });
});

describe('web form abuse', () => {
  it('refuses an oversized body with 413 before reading it', async () => {
    const before = await count('leads');
    const response = await submit({ lastName: 'Big', email: 'big@web.example', notes: 'x'.repeat(17_000) });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().type).toBe('https://open-crm.dev/problems/payload-too-large');
    expect(await count('leads')).toBe(before);
  });

  it('answers 422 naming the missing required fields, and the invalid ones', async () => {
    const missing = await submit({ firstName: 'Only', email: '  ' });
    expect(missing.statusCode).toBe(422);
    expect(missing.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(missing.json().errors).toEqual([
      { field: 'lastName', message: 'is required', code: 'required' },
      { field: 'email', message: 'is required', code: 'required' },
    ]);
    const invalid = await submit({ lastName: 'Bad', email: 'not-an-address', employees: 'many' });
    expect(invalid.statusCode).toBe(422);
    expect(
      invalid
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['email', 'employees']);
    const nested = await crm.server.app.inject({
      method: 'POST',
      url: '/api/v1/web-forms/contact/submissions',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      payload: { lastName: { $gt: '' } },
    });
    expect(nested.statusCode).toBe(422);
  });

  it('refuses pages of other sites, and requests that say no site, with 403', async () => {
    const foreign = await submit(
      { lastName: 'Foreign', email: 'f@web.example' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const none = await submit({ lastName: 'None', email: 'n@web.example' }, { origin: null });
    expect(none.statusCode).toBe(403);
    const opaque = await submit({ lastName: 'Opaque', email: 'o@web.example' }, { origin: 'null' });
    expect(opaque.statusCode).toBe(403);
    // A browser that sends no Origin still names the page in Referer.
    const referred = await submit(
      { lastName: 'Referred', email: 'referred@web.example' },
      { origin: null, headers: { referer: `${ORIGIN}/contact` } },
    );
    expect(referred.statusCode).toBe(200);
    expect(await leadsByEmail('f@web.example')).toEqual([]);
  });

  it('answers a filled honeypot like any submission and keeps nothing', async () => {
    const [leads, submissions] = [await count('leads'), await count('web_form_submissions')];
    const response = await submit({ lastName: 'Bot', email: 'bot@web.example', website_url: 'http://spam' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      data: { message: 'Thank you! We will be in touch soon.', redirectUrl: null },
    });
    expect([await count('leads'), await count('web_form_submissions')]).toEqual([leads, submissions]);
  });

  it('answers 404 for an inactive, trashed or unknown form', async () => {
    const person = { lastName: 'Late', email: 'late@web.example' };
    await admin.patch(`/api/v1/web-forms/${formId}`, { active: false });
    expect((await submit(person)).statusCode).toBe(404);
    await admin.patch(`/api/v1/web-forms/${formId}`, { active: true });
    const trashed = (await admin.post('/api/v1/web-forms', { ...CONTACT_FORM, slug: 'gone' })).json().data;
    await admin.delete(`/api/v1/web-forms/${trashed.id}`);
    for (const slug of ['gone', 'nothing-here', '%00', 'x'.repeat(90)]) {
      const response = await submit(person, { slug });
      expect(response.statusCode, slug).toBe(404);
      expect(response.json().detail).toBe('There is no active web form at this address.');
    }
    expect(await leadsByEmail('late@web.example')).toEqual([]);
  });

  it('answers the CORS preflight for its sites only, and never acts as a logged-in user', async () => {
    const preflight = (origin: string) =>
      crm.server.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/web-forms/contact/submissions',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight(ORIGIN);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type, accept',
    });
    expect((await preflight('https://evil.example')).statusCode).toBe(403);
    // An API key (or session) on the request changes nothing: the lead is still the system's.
    const response = await submit(
      { lastName: 'Keyed', email: 'keyed@web.example' },
      { headers: { authorization: 'Bearer not-a-key' } },
    );
    expect(response.statusCode).toBe(200);
    expect((await leadsByEmail('keyed@web.example'))[0]?.createdBy).toBeNull();
  });
});

describe('the owner of a captured lead', () => {
  it('is the one the assignment rules pick, since the form names none', async () => {
    const rep = await crm.createUser('Sales Representative');
    const rule = await admin.post('/api/v1/assignment-rules', {
      name: 'Website leads',
      memberIds: [rep.id],
      sourceIds: [WEBSITE_SOURCE_ID],
    });
    expect(rule.statusCode, rule.body).toBe(201);
    expect((await submit({ lastName: 'Owned', email: 'owned@web.example' })).statusCode).toBe(200);
    const [lead] = await leadsByEmail('owned@web.example');
    expect(lead).toMatchObject({ ownerId: rep.id, createdBy: null });
  });
});
