import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';

let crm: TestCrm;
let api: Client;
let rep: TestUser;

beforeAll(async () => {
  crm = await createTestCrm();
  api = crm.as(await crm.createUser('CRM Administrator'));
  rep = await crm.createUser('Sales Representative', 'Contact Rep');
});
afterAll(() => crm?.close());

type Problem = { errors: Array<{ field: string; code: string; message: string }> };
const errorsOf = (response: { json(): unknown }) =>
  Object.fromEntries((response.json() as Problem).errors.map((e) => [e.field, e.message]));

const contact = async (body: Record<string, unknown>) => {
  const response = await api.post('/api/v1/contacts?duplicates=allow', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
};

describe('contacts: names, e-mail addresses and phone numbers', () => {
  it('derives the full name and keeps e-mails in lower case and phones in E.164, one of each primary', async () => {
    const created = await contact({
      salutation: 'ms',
      firstName: ' Anna ',
      middleName: 'Maria',
      lastName: 'Schmidt',
      jobTitle: 'Head of Purchasing',
      emails: [{ email: 'Anna.Schmidt@Example.COM' }, { email: 'anna@private.example' }],
      phones: [
        { phone: '+49 30 1234567', kind: 'work' },
        { phone: '+49 (0)176 1234 5678', kind: 'mobile', primary: true },
      ],
    });
    expect(created).toMatchObject({
      fullName: 'Anna Maria Schmidt',
      emails: [
        { email: 'anna.schmidt@example.com', primary: true },
        { email: 'anna@private.example', primary: false },
      ],
      phones: [
        { phone: '+49301234567', kind: 'work', primary: false },
        { phone: '+4917612345678', kind: 'mobile', primary: true },
      ],
      primaryEmail: 'anna.schmidt@example.com',
      primaryPhone: '+4917612345678',
      links: [],
    });
    // The search column stays internal.
    expect(created).not.toHaveProperty('searchKeys');
    const patched = await api.patch(`/api/v1/contacts/${created.id}`, {
      emails: [{ email: 'anna.schmidt@example.com' }, { email: 'NEW@example.com', primary: true }],
      lastName: 'Schmidt-Weber',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().data).toMatchObject({
      fullName: 'Anna Maria Schmidt-Weber',
      primaryEmail: 'new@example.com',
      primaryPhone: '+4917612345678',
    });
    const listed = await api.get('/api/v1/contacts?filter[primaryEmail]=new@example.com');
    expect(listed.json().data.map((c: { id: string }) => c.id)).toEqual([created.id]);
  });

  it('refuses invalid phone numbers, two primaries and repeated items at the item', async () => {
    const invalid = await api.post('/api/v1/contacts', {
      lastName: 'Broken',
      emails: [
        { email: 'a@example.com', primary: true },
        { email: 'A@example.com' },
        { email: 'b@example.com', primary: true },
      ],
      phones: [{ phone: '+49 12' }, { phone: 'call me' }],
    });
    expect(invalid.statusCode).toBe(422);
    expect(errorsOf(invalid)).toEqual({
      'emails/1/email': 'appears twice in the list',
      'emails/2/primary': 'only one item can be primary',
      'phones/0/phone': 'is not a valid phone number',
      // Without a country to read it in, the message says how to write a number.
      'phones/1/phone': 'is not a valid phone number; write it with its country code, e.g. +49 30 1234567',
    });
    const noName = await api.post('/api/v1/contacts', { jobTitle: 'Nobody' });
    expect(noName.statusCode).toBe(422);
    expect(errorsOf(noName)).toEqual({ lastName: 'a contact needs a first or a last name' });
    const badEmail = await api.post('/api/v1/contacts', { lastName: 'X', emails: [{ email: 'nope' }] });
    expect(Object.keys(errorsOf(badEmail))).toEqual(['emails/0/email']);
  });

  it('reads national numbers in the country of an address linked to the contact or to its customer', async () => {
    const national = await api.post('/api/v1/contacts', {
      lastName: 'National',
      phones: [{ phone: '030 1234567' }],
    });
    expect(national.statusCode).toBe(422);
    expect(errorsOf(national)['phones/0/phone']).toMatch(/with its country code/);
    const customer = (await api.post('/api/v1/customers', { name: 'Wiener Werkstätten' })).json().data;
    await api.post('/api/v1/addresses', {
      line1: 'Ringstraße 1',
      city: 'Wien',
      postalCode: '1010',
      country: 'at',
      links: [{ entity: 'customer', id: customer.id }],
    });
    const viaCustomer = await contact({
      lastName: 'Huber',
      links: [{ entity: 'customer', id: customer.id, role: 'Buyer' }],
      phones: [{ phone: '01 5123456' }],
    });
    expect(viaCustomer.phones[0].phone).toBe('+4315123456');
  });
});

describe('links', () => {
  it('links a contact to customers and prospects with a role, and lists them from the other side', async () => {
    const customer = (await api.post('/api/v1/customers', { name: 'Linked Customer' })).json().data;
    const prospect = (await api.post('/api/v1/prospects', { name: 'Linked Prospect' })).json().data;
    const linked = await contact({
      firstName: 'Lina',
      links: [
        { entity: 'customer', id: customer.id, role: ' Decision maker ' },
        { entity: 'prospect', id: prospect.id },
      ],
    });
    expect(linked.links).toEqual([
      { entity: 'customer', id: customer.id, role: 'Decision maker' },
      { entity: 'prospect', id: prospect.id, role: null },
    ]);
    await contact({ firstName: 'Other' });
    const ofCustomer = await api.get(`/api/v1/customers/${customer.id}/contacts?fields=id,fullName`);
    expect(ofCustomer.statusCode, ofCustomer.body).toBe(200);
    expect(ofCustomer.json().data).toEqual([{ id: linked.id, fullName: 'Lina' }]);
    const ofProspect = await api.get(`/api/v1/prospects/${prospect.id}/contacts`);
    expect(ofProspect.json().data.map((c: { id: string }) => c.id)).toEqual([linked.id]);
    const address = (
      await api.post('/api/v1/addresses', {
        line1: 'Hauptstraße 5',
        city: 'Köln',
        postalCode: '50667',
        country: 'DE',
        links: [{ entity: 'contact', id: linked.id, role: 'home' }],
      })
    ).json().data;
    const addresses = await api.get(`/api/v1/contacts/${linked.id}/addresses`);
    expect(addresses.json().data.map((a: { id: string }) => a.id)).toEqual([address.id]);
  });

  it('refuses links to missing, trashed, unreadable or repeated records, at the link', async () => {
    const customer = (await api.post('/api/v1/customers', { name: 'Trashed Customer' })).json().data;
    await api.delete(`/api/v1/customers/${customer.id}`);
    const foreign = (await api.post('/api/v1/customers', { name: 'Admin Only Customer' })).json().data;
    const missing = '01890000-0000-7000-8000-000000000001';
    const bad = await api.post('/api/v1/contacts', {
      lastName: 'Badlinks',
      links: [
        { entity: 'customer', id: missing },
        { entity: 'customer', id: customer.id },
        { entity: 'lead', id: missing },
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(errorsOf(bad))).toEqual(['links/2/entity']);
    const refused = await api.post('/api/v1/contacts', {
      lastName: 'Badlinks',
      links: [
        { entity: 'customer', id: missing },
        { entity: 'customer', id: customer.id },
        { entity: 'customer', id: foreign.id },
        { entity: 'customer', id: foreign.id },
      ],
    });
    expect(refused.statusCode).toBe(422);
    expect(errorsOf(refused)).toEqual({
      'links/0/id': 'refers to a record that does not exist',
      'links/1/id': 'refers to a record that does not exist',
      'links/3': 'links the same record twice',
    });
    // A representative cannot link to a customer they cannot see, and learns nothing about it.
    const asRep = await crm.as(rep).post('/api/v1/contacts', {
      lastName: 'Replink',
      links: [{ entity: 'customer', id: foreign.id }],
    });
    expect(asRep.statusCode).toBe(422);
    expect(errorsOf(asRep)).toEqual({ 'links/0/id': 'refers to a record that does not exist' });
    // Nor list the contacts of such a customer.
    expect((await crm.as(rep).get(`/api/v1/customers/${foreign.id}/contacts`)).statusCode).toBe(404);
  });

  it('keeps links whose target went to the trash when the contact changes otherwise', async () => {
    const customer = (await api.post('/api/v1/customers', { name: 'Soon Trashed' })).json().data;
    const linked = await contact({ lastName: 'Loyal', links: [{ entity: 'customer', id: customer.id }] });
    await api.delete(`/api/v1/customers/${customer.id}`);
    const patched = await api.patch(`/api/v1/contacts/${linked.id}`, { jobTitle: 'Still here' });
    expect(patched.statusCode, patched.body).toBe(200);
  });
});

describe('search', () => {
  it('finds a contact by a misspelt name, by e-mail, by phone fragment and by company', async () => {
    const created = await contact({
      firstName: 'Johanna',
      lastName: 'Schweinsteiger',
      companyName: 'Brauerei Zwickl',
      emails: [{ email: 'j.schweinsteiger@zwickl.example' }],
      phones: [{ phone: '+49 89 2345 6789' }, { phone: '+1 212 555 0147', kind: 'mobile' }],
    });
    const queries = [
      'Schweinstaiger',
      'johana schweinsteiger',
      'j.schweinsteiger@zwickl',
      'zwickl.example',
      '089 2345 6789',
      '2345 6789',
      '+1 212 555',
      'Brauerei Zwickel',
    ];
    for (const q of queries) {
      const hits = (await api.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).json().data as Array<{
        entity: string;
        id: string;
        title: string;
      }>;
      expect(
        hits.some(
          (h) => h.entity === 'contact' && h.id === created.id && h.title === 'Johanna Schweinsteiger',
        ),
        q,
      ).toBe(true);
    }
    // Not the representative's contact: not in their search.
    const repHits = (await crm.as(rep).get('/api/v1/search?q=Schweinsteiger')).json().data;
    expect(repHits).toEqual([]);
  });
});
