import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../test/harness.js';
import { closeRepliedOpportunities } from './auto-close.js';
import { expireQuotations } from './quotation-actions.js';
import { quotationEntity } from './quotation-entity.js';

/**
 * The status chain of ../shared/spec/status-rules.md through a quotation's actions: submit, declare lost, cancel,
 * amend, expire, each with its effect on the opportunity and the lead, and every refusal. Sales orders add theirs.
 */

let crm: TestCrm;
let rep: Client;
let german: Client;
let reasonId: string;

async function created(client: Client, path: string, body: Record<string, unknown>) {
  const response = await client.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}
const read = async (path: string, id: string) => (await rep.get(`/api/v1/${path}/${id}`)).json().data;
async function action(path: string, body: Record<string, unknown> = {}, client = rep) {
  const response = await client.post(`/api/v1/quotations/${path}`, body);
  return { status: response.statusCode, data: response.json().data, problem: response.json() };
}

beforeAll(async () => {
  crm = await createTestCrm();
  const repUser = await crm.createUser('Sales Representative', 'Chain Rep');
  rep = crm.as(repUser);
  german = rep;
  reasonId = (await rep.get('/api/v1/lost-reasons?limit=1')).json().data[0].id;
});
afterAll(() => crm?.close());

/** A lead with an opportunity from it, and a draft quotation made from that opportunity. */
const PEOPLE = [
  ['Jana', 'Novak'],
  ['Karl', 'Berger'],
  ['Lena', 'Wolff'],
  ['Mira', 'Krause'],
  ['Otto', 'Engel'],
];
let deals = 0;
async function dealWithQuotation() {
  const [firstName, lastName] = PEOPLE[deals++] ?? ['Paul', 'Vogel'];
  const lead = await created(rep, 'leads', { firstName, lastName, companyName: `${lastName} Logistik` });
  const opportunity = await created(rep, 'opportunities', { title: `${lastName} scanners`, leadId: lead.id });
  const quotation = await created(rep, 'quotations', {
    opportunityId: opportunity.id,
    lines: [{ description: 'Scanner', qty: '2', rate: '100' }],
  });
  return { lead, opportunity, quotation };
}

describe('the status chain through quotations', () => {
  it('walks submit, lost, cancel and amend with the opportunity and the lead following', async () => {
    const { lead, opportunity, quotation } = await dealWithQuotation();
    expect(quotation).toMatchObject({ quotationTo: 'lead', leadId: lead.id, status: 'draft' });
    expect((await read('leads', lead.id)).status).toBe('opportunity');

    const submitted = await action(`${quotation.id}/submit`);
    expect(submitted.status, JSON.stringify(submitted.problem)).toBe(200);
    expect(submitted.data).toMatchObject({ status: 'open', submittedAt: expect.any(String) });
    expect(await read('opportunities', opportunity.id)).toMatchObject({ status: 'quotation' });
    expect(await read('leads', lead.id)).toMatchObject({ status: 'quotation' });

    // An active quotation keeps the opportunity from being lost, and a status set meanwhile waits.
    const refused = await rep.post(`/api/v1/opportunities/${opportunity.id}/declare-lost`, {
      lostReasonIds: [reasonId],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe('Cannot declare as lost, because Quotation has been made.');
    const replied = await rep.patch(`/api/v1/opportunities/${opportunity.id}`, { status: 'replied' });
    expect(replied.json().data).toMatchObject({ status: 'quotation', userStatus: 'replied' });

    const lost = await action(`${quotation.id}/declare-lost`, {
      lostReasonIds: [reasonId],
      lostDetail: 'Too dear',
    });
    expect(lost.status).toBe(200);
    expect(lost.data).toMatchObject({ status: 'lost', lostReasonIds: [reasonId], lostDetail: 'Too dear' });
    const lostDeal = await read('opportunities', opportunity.id);
    expect(lostDeal).toMatchObject({
      status: 'lost',
      lostByQuotation: true,
      lostReasonIds: [reasonId],
      probability: 0,
    });
    expect(await read('leads', lead.id)).toMatchObject({ status: 'lost_quotation' });

    const cancelled = await action(`${quotation.id}/cancel`);
    expect(cancelled.data).toMatchObject({ status: 'cancelled' });
    const reopened = await read('opportunities', opportunity.id);
    expect(reopened).toMatchObject({ status: 'replied', lostByQuotation: false, lostReasonIds: [] });
    expect(reopened.stageId).not.toBe(lostDeal.stageId);
    expect(await read('leads', lead.id)).toMatchObject({ status: 'opportunity' });

    const amended = await action(`${quotation.id}/amend`);
    expect(amended.status, JSON.stringify(amended.problem)).toBe(201);
    expect(amended.data).toMatchObject({
      number: `${quotation.number}-1`,
      amendedFrom: quotation.id,
      amendment: 1,
      status: 'draft',
      opportunityId: opportunity.id,
      grandTotal: quotation.grandTotal,
    });
    expect(amended.data.lines[0].id).not.toBe(quotation.lines[0].id);
    expect((await action(`${quotation.id}/amend`)).status).toBe(409);
    expect((await action(`${amended.data.id}/submit`)).status).toBe(200);
    expect(await read('opportunities', opportunity.id)).toMatchObject({ status: 'quotation' });
    expect((await action(`${amended.data.id}/cancel`)).status).toBe(200);
    const again = await action(`${amended.data.id}/amend`);
    expect(again.data.number).toBe(`${quotation.number}-2`);
    expect(await read('opportunities', opportunity.id)).toMatchObject({ status: 'replied' });
  });

  it('refuses what the lifecycle does not allow, with the reason', async () => {
    const { quotation } = await dealWithQuotation();
    const empty = await created(rep, 'quotations', { customerId: null, leadId: quotation.leadId, lines: [] });
    expect((await action(`${empty.id}/submit`)).status).toBe(422);
    expect((await action(`${quotation.id}/cancel`)).problem.detail).toMatch(/draft; move it to the trash/);
    expect((await action(`${quotation.id}/declare-lost`, { lostReasonIds: [reasonId] })).status).toBe(409);
    expect((await action(`${quotation.id}/amend`)).status).toBe(409);
    expect((await action(`${quotation.id}/submit`, { version: 99 })).status).toBe(412);
    expect((await action(`${quotation.id}/submit`)).status).toBe(200);
    expect((await action(`${quotation.id}/submit`)).status).toBe(409);
    expect((await action(`${quotation.id}/declare-lost`, { lostReasonIds: [] })).status).toBe(422);
    const edit = await rep.patch(`/api/v1/quotations/${quotation.id}`, {
      notes: 'late',
      validTill: '2030-01-01',
    });
    expect(edit.statusCode).toBe(409);
    expect(
      edit
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['notes', 'validTill']);
    expect((await rep.delete(`/api/v1/quotations/${quotation.id}`)).statusCode).toBe(409);
    expect((await rep.delete(`/api/v1/quotations/${empty.id}`)).statusCode).toBe(200);
  });

  it('says it in German to a German user', async () => {
    const { opportunity, quotation } = await dealWithQuotation();
    await action(`${quotation.id}/submit`);
    expect((await german.patch('/api/v1/auth/me', { language: 'de' })).statusCode).toBe(200);
    try {
      const refused = await german.post(`/api/v1/opportunities/${opportunity.id}/declare-lost`, {
        lostReasonIds: [reasonId],
      });
      expect(refused.json().detail).toBe(
        'Kann nicht als verloren gemeldet werden, da ein Angebot erstellt wurde.',
      );
    } finally {
      await german.patch('/api/v1/auth/me', { language: 'en' });
    }
  });

  it('expires submitted quotations past their validity, and the opportunity no longer waits on them', async () => {
    const { lead, opportunity, quotation } = await dealWithQuotation();
    await rep.patch(`/api/v1/quotations/${quotation.id}`, {
      transactionDate: '2026-01-05',
      validTill: '2026-01-31',
    });
    expect((await action(`${quotation.id}/submit`)).status).toBe(200);
    const records = crm.server.records;
    const expired = await records.transaction(quotationEntity, (trx) =>
      expireQuotations(trx, records, '2026-02-01'),
    );
    expect(expired).toBeGreaterThanOrEqual(1);
    expect(await read('quotations', quotation.id)).toMatchObject({
      status: 'expired',
      expiredAt: expect.any(String),
    });
    expect(await read('opportunities', opportunity.id)).toMatchObject({ status: 'open' });
    expect(await read('leads', lead.id)).toMatchObject({ status: 'opportunity' });
    const declared = await rep.post(`/api/v1/opportunities/${opportunity.id}/declare-lost`, {
      lostReasonIds: [reasonId],
    });
    expect(declared.statusCode).toBe(200);
  });

  it('closes opportunities replied to and left alone for the company’s days (15 by default)', async () => {
    const replied = await created(rep, 'opportunities', { title: 'Quiet one', customerId: await customer() });
    expect((await rep.patch(`/api/v1/opportunities/${replied.id}`, { status: 'replied' })).statusCode).toBe(
      200,
    );
    const records = crm.server.records;
    const later = (days: number) => new Date(Date.now() + days * 86_400_000);
    const close = (days: number) =>
      records.transaction(quotationEntity, (trx) => closeRepliedOpportunities(trx, records, later(days)));
    await close(14);
    expect((await read('opportunities', replied.id)).status).toBe('replied');
    await close(16);
    expect(await read('opportunities', replied.id)).toMatchObject({ status: 'closed', userStatus: 'closed' });
  });
});

let customerId: string | undefined;
async function customer(): Promise<string> {
  customerId ??= (await created(rep, 'customers', { name: 'Stille Wasser AG' })).id as string;
  return customerId;
}
