import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../../test/harness.js';
import { WEB_FORM_LIMITS } from './rate-limit.js';
import { CONTACT_FORM, ORIGIN, visitor } from './test-visitor.js';

/** Floods and people who send the form twice at once: limits and duplicates hold under concurrency too. */

let crm: TestCrm;
let admin: Client;
let submit: ReturnType<typeof visitor>;

beforeAll(async () => {
  crm = await createTestCrm();
  submit = visitor(crm);
  admin = crm.as(await crm.createUser('CRM Administrator'));
  expect((await admin.post('/api/v1/web-forms', CONTACT_FORM)).statusCode).toBe(201);
});
afterAll(() => crm?.close());

const leadsByEmail = async (email: string) =>
  (await admin.get(`/api/v1/leads?filter[email][eq]=${encodeURIComponent(email)}`)).json().data as unknown[];

describe('a flood', () => {
  it('is stopped per address with 429 and Retry-After, while other addresses go on', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < WEB_FORM_LIMITS.perMinute; i++) {
      const response = await submit({ lastName: `Flood ${i}`, email: `flood${i}@web.example` }, { ip });
      expect(response.statusCode, response.body).toBe(200);
    }
    const refused = await submit({ lastName: 'Flood', email: 'flood@web.example' }, { ip });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({
      type: 'https://open-crm.dev/problems/too-many-requests',
      detail: 'Too many submissions from your address; please wait a minute.',
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    // The snippet's script must be able to read the refusal.
    expect(refused.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(await leadsByEmail('flood@web.example')).toEqual([]);
    expect((await submit({ lastName: 'Other', email: 'other@web.example' })).statusCode).toBe(200);
  });

  it('lets no more through than the limit when the requests arrive all at once', async () => {
    const ip = '192.0.2.88';
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        submit({ lastName: `Burst ${i}`, email: `burst${i}@web.example` }, { ip }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(WEB_FORM_LIMITS.perMinute);
    expect(statuses.filter((status) => status === 429)).toHaveLength(12 - WEB_FORM_LIMITS.perMinute);
  });
});

describe('one person sending the form several times at once', () => {
  it('makes one lead; the other submissions are attached to it', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => submit({ lastName: 'Twice', email: 'twice@web.example' })),
    );
    for (const response of responses) expect(response.statusCode, response.body).toBe(200);
    const leads = (await leadsByEmail('twice@web.example')) as Array<{ id: string }>;
    expect(leads).toHaveLength(1);
    const { rows } = await sql<{ duplicate: boolean }>`SELECT duplicate FROM web_form_submissions
      WHERE lead_id = ${leads[0]?.id ?? null}::uuid ORDER BY duplicate`.execute(crm.database.db);
    expect(rows.map((row) => row.duplicate)).toEqual([false, true, true, true, true, true]);
  });
});
