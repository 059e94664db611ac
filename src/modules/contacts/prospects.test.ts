import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';

let crm: TestCrm;
let api: Client;
let rep: TestUser;

beforeAll(async () => {
  crm = await createTestCrm();
  api = crm.as(await crm.createUser('CRM Administrator'));
  rep = await crm.createUser('Sales Representative', 'Prospect Rep');
});
afterAll(() => crm?.close());

type Problem = { errors: Array<{ field: string; message: string }> };
const fieldsOf = (response: { json(): unknown }) =>
  (response.json() as Problem).errors.map((e) => e.field).sort();

describe('prospects', () => {
  it('becomes a customer that keeps its contacts and addresses', async () => {
    const sales = crm.as(rep);
    const industry = (await api.post('/api/v1/industries', { name: 'Brewing' })).json().data.id;
    const prospect = (
      await sales.post('/api/v1/prospects', {
        name: 'Hopfen & Malz AG',
        industryId: industry,
        companySize: '51-200',
        annualRevenue: '12500000.00',
        currency: 'EUR',
        website: 'https://hopfen.example',
      })
    ).json().data;
    expect(prospect).toMatchObject({ status: 'open', ownerId: rep.id, customerId: null });
    const contact = (
      await sales.post('/api/v1/contacts', {
        firstName: 'Hanna',
        lastName: 'Hopf',
        links: [{ entity: 'prospect', id: prospect.id, role: 'Brewmaster' }],
      })
    ).json().data;
    const address = (
      await sales.post('/api/v1/addresses', {
        line1: 'Brauhausgasse 3',
        city: 'Bamberg',
        postalCode: '96047',
        country: 'DE',
        links: [{ entity: 'prospect', id: prospect.id }],
      })
    ).json().data;
    await sales.patch(`/api/v1/prospects/${prospect.id}`, {
      primaryContactId: contact.id,
      primaryAddressId: address.id,
    });

    const converted = await sales.post(`/api/v1/prospects/${prospect.id}/convert`, {
      customer: { customerType: 'company', taxId: 'DE999999999' },
    });
    expect(converted.statusCode, converted.body).toBe(200);
    const { customer, prospect: after, relinked } = converted.json().data;
    expect(customer).toMatchObject({
      name: 'Hopfen & Malz AG',
      industryId: industry,
      website: 'https://hopfen.example',
      defaultCurrency: 'EUR',
      taxId: 'DE999999999',
      ownerId: rep.id,
      primaryContactId: contact.id,
      primaryAddressId: address.id,
    });
    expect(after).toMatchObject({ status: 'converted', customerId: customer.id });
    expect(after.convertedAt).toEqual(expect.any(String));
    expect(relinked).toBe(2);
    const linked = (await sales.get(`/api/v1/contacts/${contact.id}`)).json().data;
    expect(linked.links).toEqual([{ entity: 'customer', id: customer.id, role: 'Brewmaster' }]);
    const ofCustomer = (await sales.get(`/api/v1/customers/${customer.id}/addresses`)).json().data;
    expect(ofCustomer.map((a: { id: string }) => a.id)).toEqual([address.id]);
    expect((await sales.get(`/api/v1/prospects/${prospect.id}/contacts`)).json().data).toEqual([]);

    // Once only, and a converted prospect is history.
    const again = await sales.post(`/api/v1/prospects/${prospect.id}/convert`);
    expect(again.statusCode).toBe(409);
    const edit = await sales.patch(`/api/v1/prospects/${prospect.id}`, { name: 'Renamed' });
    expect(edit.statusCode).toBe(409);
  });

  it('rolls everything back when the customer is refused', async () => {
    const prospect = (await api.post('/api/v1/prospects', { name: 'Refused Ltd' })).json().data;
    const contact = (
      await api.post('/api/v1/contacts', {
        lastName: 'Kept',
        links: [{ entity: 'prospect', id: prospect.id }],
      })
    ).json().data;
    const bad = await api.post(`/api/v1/prospects/${prospect.id}/convert`, {
      customer: { customerGroupId: '01890000-0000-7000-8000-000000000009' },
    });
    expect(bad.statusCode).toBe(422);
    expect(fieldsOf(bad)).toEqual(['customer/customerGroupId']);
    const unknown = await api.post(`/api/v1/prospects/${prospect.id}/convert`, {
      customer: { colour: 'red' },
      extra: true,
    });
    expect(unknown.statusCode).toBe(422);
    expect(fieldsOf(unknown)).toEqual(['extra']);
    const badField = await api.post(`/api/v1/prospects/${prospect.id}/convert`, {
      customer: { colour: 'red' },
    });
    expect(fieldsOf(badField)).toEqual(['customer/colour']);
    const currency = await api.post(`/api/v1/prospects/${prospect.id}/convert`, {
      customer: { defaultCurrency: 'XYZ' },
    });
    expect(fieldsOf(currency)).toEqual(['customer/defaultCurrency']);
    expect((await api.get(`/api/v1/prospects/${prospect.id}`)).json().data.status).toBe('open');
    const links = (await api.get(`/api/v1/contacts/${contact.id}`)).json().data.links;
    expect(links).toEqual([{ entity: 'prospect', id: prospect.id, role: null }]);
    expect((await api.get('/api/v1/customers?filter[name]=Refused Ltd')).json().data).toEqual([]);
  });

  it('checks the duplicate rule of customers, and converts when confirmed', async () => {
    await api.post('/api/v1/customers', { name: 'Twin Brewery' });
    const prospect = (await api.post('/api/v1/prospects', { name: 'twin brewery' })).json().data;
    const refused = await api.post(`/api/v1/prospects/${prospect.id}/convert`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().candidates).toEqual([
      expect.objectContaining({ title: 'Twin Brewery', matches: ['name'] }),
    ]);
    const confirmed = await api.post(`/api/v1/prospects/${prospect.id}/convert?duplicates=allow`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
  });

  it('converts a prospect shared with a representative into a customer the representative owns', async () => {
    const other = await crm.createUser('Sales Representative', 'Prospect Owner');
    const prospect = (await crm.as(other).post('/api/v1/prospects', { name: 'Shared Brewery' })).json().data;
    const sales = crm.as(rep);
    expect(
      (await crm.as(other).post(`/api/v1/prospects/${prospect.id}/shares`, { userId: rep.id })).statusCode,
    ).toBe(204);
    // The owner of the prospect is outside the representative's scope: they may not hand the customer to them.
    const handed = await sales.post(`/api/v1/prospects/${prospect.id}/convert`, {
      customer: { ownerId: other.id },
    });
    expect(handed.statusCode).toBe(403);
    const converted = await sales.post(`/api/v1/prospects/${prospect.id}/convert`);
    expect(converted.statusCode, converted.body).toBe(200);
    expect(converted.json().data.customer).toMatchObject({ name: 'Shared Brewery', ownerId: rep.id });
    // An administrator's conversion keeps the prospect's owner.
    const kept = (await crm.as(other).post('/api/v1/prospects', { name: 'Kept Owner Brewery' })).json().data;
    const byAdmin = await api.post(`/api/v1/prospects/${kept.id}/convert`);
    expect(byAdmin.json().data.customer.ownerId).toBe(other.id);
  });

  it('carries a trashed tag over to the customer, but the client may not add one', async () => {
    const [old, live] = [
      (await api.post('/api/v1/tags', { name: 'Convert old' })).json().data.id,
      (await api.post('/api/v1/tags', { name: 'Convert live' })).json().data.id,
    ];
    const prospect = (await api.post('/api/v1/prospects', { name: 'Tagged Prospect', tagIds: [old] })).json()
      .data;
    const other = (await api.post('/api/v1/prospects', { name: 'Other Prospect' })).json().data;
    expect((await api.delete(`/api/v1/tags/${old}`)).statusCode).toBe(200);
    const added = await api.post(`/api/v1/prospects/${other.id}/convert`, { customer: { tagIds: [old] } });
    expect(added.statusCode).toBe(422);
    expect(fieldsOf(added)).toEqual(['customer/tagIds']);
    const converted = await api.post(`/api/v1/prospects/${prospect.id}/convert`, {
      customer: { tagIds: [old, live] },
    });
    expect(converted.statusCode, converted.body).toBe(200);
    expect(converted.json().data.customer.tagIds).toEqual([old, live]);
  });

  it('refuses a negative revenue and unknown currencies; is not the representative’s to convert', async () => {
    const bad = await api.post('/api/v1/prospects', {
      name: 'Bad money',
      annualRevenue: '-5.00',
      currency: 'ABC',
    });
    expect(fieldsOf(bad)).toEqual(['annualRevenue', 'currency']);
    const foreign = (await api.post('/api/v1/prospects', { name: 'Not yours' })).json().data;
    expect((await crm.as(rep).post(`/api/v1/prospects/${foreign.id}/convert`)).statusCode).toBe(404);
  });
});
