import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../test/harness.js';
import { expireQuotations } from './quotation-actions.js';
import { quotationEntity } from './quotation-entity.js';

/**
 * Sales orders and the rest of the status chain (status-rules.md, actions 6–9): orders from some or all of a
 * quotation, the quotation partially ordered and ordered, the opportunity converted and back, the refusals, a
 * lead becoming a customer when its quotation is ordered, and parallel orders never over-ordering.
 */

let crm: TestCrm;
let rep: Client;
let customerId: string;
const year = new Date().getUTCFullYear();

async function created(client: Client, path: string, body: Record<string, unknown>) {
  const response = await client.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}
const read = async (path: string, id: string) => (await rep.get(`/api/v1/${path}/${id}`)).json().data;
async function post(path: string, body: Record<string, unknown> = {}) {
  const response = await rep.post(`/api/v1/${path}`, body);
  return { status: response.statusCode, data: response.json().data, problem: response.json() };
}

beforeAll(async () => {
  crm = await createTestCrm();
  rep = crm.as(await crm.createUser('Sales Representative', 'Order Rep'));
  customerId = (await created(rep, 'customers', { name: 'Werft Nord GmbH' })).id;
});
afterAll(() => crm?.close());

/** A submitted quotation of two lines (10 scanners, 5 days of training) from an opportunity of the customer. */
async function submittedQuotation(extra: Record<string, unknown> = {}) {
  const opportunity = await created(rep, 'opportunities', { title: 'Werft scanners', customerId });
  const quotation = await created(rep, 'quotations', {
    opportunityId: opportunity.id,
    lines: [
      { description: 'Scanner', qty: '10', rate: '100' },
      { description: 'Training', qty: '5', rate: '800', unit: 'day' },
    ],
    ...extra,
  });
  expect((await post(`quotations/${quotation.id}/submit`)).status).toBe(200);
  return { opportunity, quotation: await read('quotations', quotation.id) };
}

describe('sales orders from quotations', () => {
  it('orders part, then the rest; the quotation and the opportunity follow, and back on cancel', async () => {
    const { opportunity, quotation } = await submittedQuotation();
    const [scanners, training] = quotation.lines;
    const first = await post(`quotations/${quotation.id}/make-sales-order`, {
      lines: [{ quotationLineId: scanners.id, qty: '4' }],
      deliveryDate: '2027-01-15',
    });
    expect(first.status, JSON.stringify(first.problem)).toBe(201);
    expect(first.data).toMatchObject({
      number: expect.stringMatching(new RegExp(`^SO-${year}-\\d{5}$`)),
      status: 'draft',
      customerId,
      quotationId: quotation.id,
      opportunityId: opportunity.id,
      deliveryDate: '2027-01-15',
      netTotal: '400.00',
      lines: [expect.objectContaining({ quotationLineId: scanners.id, qty: '4', amount: '400.00' })],
    });
    expect((await post(`sales-orders/${first.data.id}/submit`)).data.status).toBe('to_deliver_and_bill');
    expect(await read('quotations', quotation.id)).toMatchObject({ status: 'partially_ordered' });
    const won = await read('opportunities', opportunity.id);
    expect(won).toMatchObject({ status: 'converted', wonByQuotation: true, probability: 100 });

    const rest = await post(`quotations/${quotation.id}/make-sales-order`);
    expect(rest.data.lines).toEqual([
      expect.objectContaining({ quotationLineId: scanners.id, qty: '6' }),
      expect.objectContaining({ quotationLineId: training.id, qty: '5' }),
    ]);
    expect((await post(`sales-orders/${rest.data.id}/submit`)).status).toBe(200);
    expect(await read('quotations', quotation.id)).toMatchObject({ status: 'ordered' });
    const nothingLeft = await post(`quotations/${quotation.id}/make-sales-order`);
    expect(nothingLeft.status).toBe(409);

    const lost = await post(`quotations/${quotation.id}/declare-lost`, { lostReasonIds: [await reason()] });
    expect(lost.status).toBe(409);
    expect(lost.problem.detail).toBe('Cannot set as Lost as Sales Order is made.');
    const cancelQuotation = await post(`quotations/${quotation.id}/cancel`);
    expect(cancelQuotation.status).toBe(409);
    expect(cancelQuotation.problem.detail).toMatch(/has submitted sales orders .*cancel them first/);

    expect((await post(`sales-orders/${rest.data.id}/cancel`)).data.status).toBe('cancelled');
    expect(await read('quotations', quotation.id)).toMatchObject({ status: 'partially_ordered' });
    expect(await read('opportunities', opportunity.id)).toMatchObject({ status: 'converted' });
    expect((await post(`sales-orders/${first.data.id}/cancel`)).status).toBe(200);
    expect(await read('quotations', quotation.id)).toMatchObject({ status: 'open' });
    const back = await read('opportunities', opportunity.id);
    expect(back).toMatchObject({ status: 'quotation', wonByQuotation: false, wonAt: null });
    expect(back.stageId).not.toBe(won.stageId);
  });

  it('refuses more than is left, per line, and orders of quotations not in play', async () => {
    const { quotation } = await submittedQuotation();
    const [scanners] = quotation.lines;
    const tooMany = await post(`quotations/${quotation.id}/make-sales-order`, {
      lines: [{ quotationLineId: scanners.id, qty: '11' }],
    });
    expect(tooMany.status).toBe(409);
    expect(tooMany.problem.errors).toEqual([
      expect.objectContaining({
        field: 'lines/0/qty',
        message: 'exceeds what is left to order of "Scanner": 10',
      }),
    ]);
    const draft = await created(rep, 'quotations', {
      customerId,
      lines: [{ description: 'X', qty: '1', rate: '1' }],
    });
    expect((await post(`quotations/${draft.id}/make-sales-order`)).problem.detail).toMatch(
      /draft; submit it/,
    );

    const { quotation: old } = await submittedQuotation({
      transactionDate: '2026-01-05',
      validTill: '2026-01-31',
    });
    const records = crm.server.records;
    await records.transaction(quotationEntity, (trx) => expireQuotations(trx, records, '2026-02-01'));
    const expired = await post(`quotations/${old.id}/make-sales-order`);
    expect(expired.status).toBe(409);
    expect(expired.problem.detail).toBe('Validity period of this quotation has ended.');
  });

  it('never orders more than the quotation offers when two orders are submitted at once', async () => {
    const { quotation } = await submittedQuotation();
    const [scanners] = quotation.lines;
    const a = await post(`quotations/${quotation.id}/make-sales-order`, {
      lines: [{ quotationLineId: scanners.id, qty: '6' }],
    });
    const b = await post(`quotations/${quotation.id}/make-sales-order`, {
      lines: [{ quotationLineId: scanners.id, qty: '4' }],
    });
    // The second draft is raised to 6 by hand: together the drafts now ask for 12 of 10.
    const raised = await rep.patch(`/api/v1/sales-orders/${b.data.id}`, {
      lines: [{ ...b.data.lines[0], qty: '6' }],
    });
    expect(raised.statusCode, raised.body).toBe(200);
    const results = await Promise.all([
      post(`sales-orders/${a.data.id}/submit`),
      post(`sales-orders/${b.data.id}/submit`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = results.find((r) => r.status === 409);
    expect(refused?.problem.errors[0]).toMatchObject({
      field: 'lines/0/qty',
      message: 'exceeds what is left to order: 4',
    });
    expect(await read('quotations', quotation.id)).toMatchObject({ status: 'partially_ordered' });
  });

  it('makes the customer from the lead a quotation is addressed to, and converts the lead', async () => {
    const lead = await created(rep, 'leads', {
      firstName: 'Ida',
      lastName: 'Sommer',
      companyName: 'Sommer Kühltechnik',
    });
    const quotation = await created(rep, 'quotations', {
      leadId: lead.id,
      lines: [{ description: 'Cooling unit', qty: '1', rate: '5000' }],
    });
    expect((await post(`quotations/${quotation.id}/submit`)).status).toBe(200);
    expect((await read('leads', lead.id)).status).toBe('quotation');
    const order = await post(`quotations/${quotation.id}/make-sales-order`);
    expect(order.status, JSON.stringify(order.problem)).toBe(201);
    const converted = await read('leads', lead.id);
    expect(converted).toMatchObject({ status: 'converted', customerId: order.data.customerId });
    expect((await read('customers', order.data.customerId)).name).toBe('Sommer Kühltechnik');
    // The lead's page lists the order it led to: the order keeps the lead.
    expect(order.data.leadId).toBe(lead.id);
    const leadsOrders = await rep.get(`/api/v1/sales-orders?filter[leadId][eq]=${lead.id}&fields=id`);
    expect(leadsOrders.json().data).toEqual([{ id: order.data.id }]);
  });

  it('lets a user hold, complete or close a submitted order, and nothing else', async () => {
    const order = await created(rep, 'sales-orders', {
      customerId,
      lines: [{ description: 'Spare parts', qty: '3', rate: '19.99' }],
    });
    expect(order).toMatchObject({
      number: expect.stringMatching(/^SO-/),
      status: 'draft',
      grandTotal: '71.36',
    });
    expect((await rep.patch(`/api/v1/sales-orders/${order.id}`, { status: 'on_hold' })).statusCode).toBe(409);
    expect((await post(`sales-orders/${order.id}/submit`)).status).toBe(200);
    const held = await rep.patch(`/api/v1/sales-orders/${order.id}`, { status: 'on_hold' });
    expect(held.json().data.status).toBe('on_hold');
    const edit = await rep.patch(`/api/v1/sales-orders/${order.id}`, { notes: 'late' });
    expect(edit.statusCode).toBe(409);
    expect((await rep.patch(`/api/v1/sales-orders/${order.id}`, { status: 'cancelled' })).statusCode).toBe(
      409,
    );
    expect((await rep.patch(`/api/v1/sales-orders/${order.id}`, { status: 'completed' })).statusCode).toBe(
      200,
    );
  });
});

let reasonId: string | undefined;
async function reason(): Promise<string> {
  reasonId ??= (await rep.get('/api/v1/lost-reasons?limit=1')).json().data[0].id as string;
  return reasonId;
}
