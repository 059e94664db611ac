import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../test/harness.js';

let crm: TestCrm;
let api: Client;

beforeAll(async () => {
  crm = await createTestCrm();
  api = crm.as(await crm.createUser('CRM Administrator'));
});
afterAll(() => crm?.close());

const created = async (body: Record<string, unknown>, path = '/api/v1/leads') => {
  const response = await api.post(path, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
};
const errorsOf = (response: { json(): unknown }) =>
  Object.fromEntries(
    ((response.json() as { errors?: Array<{ field: string; message: string }> }).errors ?? []).map((e) => [
      e.field,
      e.message,
    ]),
  );

describe('the lead record', () => {
  it('is titled by the person, else the company, and needs one of them', async () => {
    const person = await created({ firstName: 'Jana', lastName: 'Novak', companyName: 'Novak GmbH' });
    expect(person).toMatchObject({ title: 'Jana Novak', status: 'lead', qualificationStatus: 'unqualified' });
    const company = await created({ companyName: 'Only Company AG' });
    expect(company.title).toBe('Only Company AG');
    const none = await api.post('/api/v1/leads', { jobTitle: 'CTO' });
    expect(none.statusCode).toBe(422);
    expect(errorsOf(none)).toEqual({ lastName: 'a lead needs a name or a company' });
    const patched = await api.patch(`/api/v1/leads/${company.id}`, { firstName: 'Ola' });
    expect(patched.json().data.title).toBe('Ola');
  });

  it('keeps e-mail in lower case and phones in E.164, read in the lead’s country', async () => {
    const lead = await created({
      lastName: 'Phone',
      email: 'Max.Phone@Example.COM',
      phone: '030 1234567',
      mobile: '+43 664 1234567',
      country: 'de',
    });
    expect(lead).toMatchObject({
      email: 'max.phone@example.com',
      phone: '+49301234567',
      mobile: '+436641234567',
      country: 'DE',
    });
    const bad = await api.post('/api/v1/leads', { lastName: 'Bad', phone: '12', country: 'XX' });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(errorsOf(bad)).sort()).toEqual(['country', 'phone']);
  });

  it('records who qualified a lead and when', async () => {
    const lead = await created({ lastName: 'Qualify', budget: '50k', need: 'CRM for 20 reps' });
    const qualified = await api.patch(`/api/v1/leads/${lead.id}`, { qualificationStatus: 'qualified' });
    expect(qualified.json().data).toMatchObject({
      qualificationStatus: 'qualified',
      qualifiedBy: expect.any(String),
      qualifiedOn: new Date().toISOString().slice(0, 10),
    });
    const back = await api.patch(`/api/v1/leads/${lead.id}`, { qualificationStatus: 'in_process' });
    expect(back.json().data).toMatchObject({ qualifiedBy: null, qualifiedOn: null });
  });
});

describe('lead statuses', () => {
  it('takes the statuses a user may set and refuses the derived ones with 409 and why', async () => {
    const lead = await created({ lastName: 'Status' });
    const open = await api.patch(`/api/v1/leads/${lead.id}`, { status: 'open' });
    expect(open.json().data.status).toBe('open');
    for (const status of ['opportunity', 'quotation', 'lost_quotation', 'converted']) {
      const refused = await api.patch(`/api/v1/leads/${lead.id}`, { status });
      expect(refused.statusCode, status).toBe(409);
      expect(refused.json().detail).toContain('set by the system');
      expect(errorsOf(refused)).toHaveProperty('status');
    }
    const onCreate = await api.post('/api/v1/leads', { lastName: 'X', status: 'converted' });
    expect(onCreate.statusCode).toBe(409);
  });

  it('sets the do-not-contact consent flag with the status, and the flag outlives later statuses', async () => {
    const lead = await created({ lastName: 'Consent' });
    const dnc = await api.patch(`/api/v1/leads/${lead.id}`, { status: 'do_not_contact' });
    expect(dnc.json().data).toMatchObject({ status: 'do_not_contact', doNotContact: true });
    const interested = await api.patch(`/api/v1/leads/${lead.id}`, { status: 'interested' });
    expect(interested.json().data).toMatchObject({ status: 'interested', doNotContact: true });
    const history = await api.get(`/api/v1/leads/${lead.id}/history`);
    expect(JSON.stringify(history.json())).toContain('do_not_contact');
  });

  it('refuses system-only fields: score, grade, customer', async () => {
    const response = await api.post('/api/v1/leads', { lastName: 'Sneaky', score: 100, grade: 'A' });
    expect(response.statusCode).toBe(422);
  });
});

describe('duplicate leads', () => {
  it('meets open leads, contacts and customers by e-mail, phone, company and name', async () => {
    const first = await created({
      firstName: 'Eva',
      lastName: 'Dup',
      companyName: 'Dup AG',
      email: 'eva@dup.example',
    });
    const byEmail = await api.post('/api/v1/leads', { lastName: 'Other', email: 'EVA@dup.example' });
    expect(byEmail.statusCode).toBe(409);
    expect(byEmail.json()).toMatchObject({
      candidates: [{ id: first.id, title: 'Eva Dup', matches: ['email'] }],
      errors: [{ field: 'email', code: 'duplicate' }],
    });
    const sameCompanyOtherPerson = await api.post('/api/v1/leads', {
      lastName: 'Colleague',
      companyName: 'Dup AG',
    });
    expect(sameCompanyOtherPerson.statusCode).toBe(201);
    const byPair = await api.post('/api/v1/leads', {
      firstName: 'eva',
      lastName: 'DUP',
      companyName: 'dup ag',
    });
    expect(byPair.json().candidates).toEqual([
      { id: first.id, title: 'Eva Dup', matches: ['companyAndName'] },
    ]);

    const phoneLead = await created({ lastName: 'Mobile', mobile: '+49 170 5550001' });
    const byPhone = await api.post('/api/v1/leads', { lastName: 'Other', phone: '+491705550001' });
    expect(byPhone.json().candidates).toEqual([{ id: phoneLead.id, title: 'Mobile', matches: ['phone'] }]);

    const contact = await created(
      { firstName: 'Karl', lastName: 'Kontakt', emails: [{ email: 'karl@kontakt.example' }] },
      '/api/v1/contacts',
    );
    const byContact = await api.post('/api/v1/leads', { lastName: 'K', email: 'karl@kontakt.example' });
    expect(byContact.json().candidates).toEqual([
      { entity: 'contact', id: contact.id, title: 'Karl Kontakt', matches: ['email'] },
    ]);
    const customer = await created({ name: 'Bestands GmbH' }, '/api/v1/customers');
    const byCustomer = await api.post('/api/v1/leads', { lastName: 'New', companyName: 'bestands gmbh' });
    expect(byCustomer.json().candidates).toEqual([
      { entity: 'customer', id: customer.id, title: 'Bestands GmbH', matches: ['company'] },
    ]);
    const confirmed = await api.post('/api/v1/leads?duplicates=allow', {
      lastName: 'New',
      companyName: 'Bestands GmbH',
    });
    expect(confirmed.statusCode).toBe(201);
  });

  it('lists duplicate groups of leads, phone meeting mobile', async () => {
    await created({ lastName: 'Group A', phone: '+49 89 5550002' });
    await api.post('/api/v1/leads?duplicates=allow', { lastName: 'Group B', mobile: '+49 89 5550002' });
    const groups = await api.get('/api/v1/leads/duplicates');
    expect(groups.statusCode).toBe(200);
    const titles = (groups.json().data as Array<{ records: Array<{ title: string }> }>).map((g) =>
      g.records.map((r) => r.title).sort(),
    );
    expect(titles).toContainEqual(['Group A', 'Group B']);
  });
});

describe('merging leads', () => {
  it('keeps tags, values and opportunities of the merged lead on the survivor, whose status follows', async () => {
    const tag = (await api.post('/api/v1/tags', { name: 'Merge me', colour: 'teal' })).json().data;
    const survivor = await created({ firstName: 'Mia', lastName: 'Merge', email: 'mia@merge.example' });
    const other = (
      await api.post('/api/v1/leads?duplicates=allow', {
        firstName: 'Mia',
        lastName: 'Merge',
        phone: '+49 30 5559999',
        jobTitle: 'CFO',
        tagIds: [tag.id],
      })
    ).json().data;
    const deal = await api.post(`/api/v1/leads/${other.id}/convert`, {
      opportunity: { title: 'Merge deal' },
    });
    expect(deal.statusCode, deal.body).toBe(200);
    await sql`INSERT INTO lead_events (id, lead_id, kind, occurred_at)
      VALUES (${uuidv7()}, ${other.id}, 'form_submitted', now())`.execute(crm.database.db);
    const merged = await api.post('/api/v1/leads/merge', { survivorId: survivor.id, mergedIds: [other.id] });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().data.survivor).toMatchObject({
      email: 'mia@merge.example',
      phone: '+49305559999',
      jobTitle: 'CFO',
      tagIds: [tag.id],
      status: 'opportunity',
    });
    const opportunity = await api.get(`/api/v1/opportunities/${deal.json().data.opportunity.id}`);
    expect(opportunity.json().data.leadId).toBe(survivor.id);
    expect((await api.get(`/api/v1/leads/${other.id}`)).statusCode).toBe(404);
    const events = await sql<{ lead_id: string }>`SELECT lead_id FROM lead_events
      WHERE lead_id IN (${survivor.id}, ${other.id})`.execute(crm.database.db);
    expect(events.rows).toEqual([{ lead_id: survivor.id }]);
  });
});
