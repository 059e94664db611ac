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
const lead = (id: string) => api.get(`/api/v1/leads/${id}`).then((r) => r.json().data);
const convert = (id: string, body: unknown, query = '') =>
  api.post(`/api/v1/leads/${id}/convert${query}`, body);

const fullLead = {
  salutation: 'ms',
  firstName: 'Clara',
  lastName: 'Convert',
  jobTitle: 'Head of Sales',
  companyName: 'Convert Systems GmbH',
  email: 'clara@convert.example',
  phone: '+49 30 5551000',
  mobile: '+49 171 5551000',
  website: 'https://convert.example',
  addressLine1: 'Hauptstraße 1',
  postalCode: '10115',
  city: 'Berlin',
  country: 'DE',
};

describe('converting a lead', () => {
  it('makes customer, contact, address and opportunity in one go and marks the lead converted', async () => {
    const source = await created(fullLead);
    const preview = await api.get(`/api/v1/leads/${source.id}/conversion`);
    expect(preview.json().data).toMatchObject({
      customer: { name: 'Convert Systems GmbH', customerType: 'company' },
      contact: { firstName: 'Clara', emails: [{ email: 'clara@convert.example' }] },
      address: { line1: 'Hauptstraße 1', country: 'DE' },
      candidates: [],
    });
    const response = await convert(source.id, {
      customer: { create: { defaultCurrency: 'EUR' } },
      opportunity: { amount: '12000.00', currency: 'EUR' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const { customer, contact, address, opportunity } = response.json().data;
    expect(customer).toMatchObject({
      name: 'Convert Systems GmbH',
      leadId: source.id,
      defaultCurrency: 'EUR',
      primaryContactId: contact.id,
      primaryAddressId: address.id,
    });
    expect(contact).toMatchObject({
      fullName: 'Clara Convert',
      jobTitle: 'Head of Sales',
      primaryEmail: 'clara@convert.example',
      links: [{ entity: 'customer', id: customer.id }],
    });
    expect(contact.phones).toHaveLength(2);
    expect(address).toMatchObject({ city: 'Berlin', links: [{ entity: 'customer', id: customer.id }] });
    expect(opportunity).toMatchObject({
      leadId: source.id,
      customerId: customer.id,
      contactId: contact.id,
      opportunityFrom: 'customer',
      amount: '12000.00',
    });
    expect(opportunity.pipelineId).toEqual(expect.any(String));
    expect(await lead(source.id)).toMatchObject({
      status: 'converted',
      customerId: customer.id,
      qualificationStatus: 'qualified',
      convertedAt: expect.any(String),
    });
    const again = await convert(source.id, { opportunity: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('already converted');
  });

  it('follows the spec: opportunity first, customer later; trashing the customer makes the lead interested', async () => {
    const source = await created({ lastName: 'Stepwise', companyName: 'Stepwise AG' });
    const first = await convert(source.id, { opportunity: { title: 'Stepwise pilot' } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().data.opportunity).toMatchObject({ opportunityFrom: 'lead', leadId: source.id });
    expect((await lead(source.id)).status).toBe('opportunity');
    const refused = await api.patch(`/api/v1/leads/${source.id}`, { status: 'open' });
    expect(refused.statusCode).toBe(409);
    const second = await convert(source.id, { customer: { create: {} } });
    expect(second.statusCode, second.body).toBe(200);
    const customerId = second.json().data.customer.id;
    expect((await lead(source.id)).status).toBe('converted');
    await api.delete(`/api/v1/customers/${customerId}`);
    expect((await lead(source.id)).status).toBe('opportunity');
    await api.delete(`/api/v1/opportunities/${first.json().data.opportunity.id}`);
    expect((await lead(source.id)).status).toBe('interested');
    await api.post(`/api/v1/customers/${customerId}/restore`, {});
    expect((await lead(source.id)).status).toBe('converted');
    const history = await api.get(`/api/v1/leads/${source.id}/history`);
    const statusChanges = (history.json().data as Array<{ changes: Record<string, { to: unknown }> }>)
      .map((entry) => entry.changes.status?.to)
      .filter(Boolean);
    expect(statusChanges).toEqual(expect.arrayContaining(['opportunity', 'converted', 'interested']));
  });

  it('takes an existing customer and contact picked from the duplicates', async () => {
    const customer = await created({ name: 'Existing Buyer GmbH' }, '/api/v1/customers');
    const contact = await created(
      { firstName: 'Ed', lastName: 'Existing', emails: [{ email: 'ed@buyer.example' }] },
      '/api/v1/contacts',
    );
    const source = await created(
      {
        firstName: 'Ed',
        lastName: 'Existing',
        companyName: 'Existing Buyer GmbH',
        email: 'ed@buyer.example',
      },
      '/api/v1/leads?duplicates=allow',
    );
    const preview = await api.get(`/api/v1/leads/${source.id}/conversion`);
    const found = (preview.json().data.candidates as Array<{ entity?: string; id: string }>).map((c) => c.id);
    expect(found).toEqual(expect.arrayContaining([customer.id, contact.id]));
    const response = await convert(source.id, { customer: { id: customer.id }, contact: { id: contact.id } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data.customer.leadId).toBeNull();
    expect(await lead(source.id)).toMatchObject({ status: 'converted', customerId: customer.id });
  });

  it('refuses bad input as a whole: nothing is half made', async () => {
    const source = await created({ lastName: 'Careful', companyName: 'Careful KG' });
    expect((await convert(source.id, {})).statusCode).toBe(422);
    const unknown = await convert(source.id, { customer: { create: { colour: 'red' } } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].field).toBe('customer/colour');
    const badAmount = await convert(source.id, {
      customer: { create: {} },
      opportunity: { amount: 'lots' },
    });
    expect(badAmount.statusCode).toBe(422);
    expect(badAmount.json().errors[0].field).toBe('opportunity/amount');
    const customers = await api.get('/api/v1/customers?filter[name]=Careful KG');
    expect(customers.json().data).toEqual([]);
    expect((await lead(source.id)).status).toBe('lead');
    const missing = await convert('01900000-0000-7000-8000-00000000ffff', { opportunity: {} });
    expect(missing.statusCode).toBe(404);
  });

  it('answers 409 with candidates when the new customer looks like an existing one, until confirmed', async () => {
    await created({ name: 'Twin Corp' }, '/api/v1/customers');
    const source = await created(
      { lastName: 'Twin', companyName: 'Twin Corp' },
      '/api/v1/leads?duplicates=allow',
    );
    const refused = await convert(source.id, { customer: { create: {} } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors[0].field).toBe('customer/name');
    const confirmed = await convert(source.id, { customer: { create: {} } }, '?duplicates=allow');
    expect(confirmed.statusCode, confirmed.body).toBe(200);
  });
});
