import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';
import { bodyToColumns } from '../../core/row.js';
import { opportunityEntity } from './entities.js';
import { defaultPipeline } from './service.js';

let crm: TestCrm;
let admin: Client;
let repUser: TestUser;
let rep: Client;
let customerId: string;

const SALES = '01900000-0000-7000-8001-000000000001';
const STAGE = {
  prospecting: '01900000-0000-7000-8002-000000000001',
  qualification: '01900000-0000-7000-8002-000000000002',
  proposal: '01900000-0000-7000-8002-000000000003',
  negotiation: '01900000-0000-7000-8002-000000000004',
  won: '01900000-0000-7000-8002-000000000005',
  lost: '01900000-0000-7000-8002-000000000006',
};

beforeAll(async () => {
  crm = await createTestCrm();
  admin = crm.as(await crm.createUser('CRM Administrator'));
  repUser = await crm.createUser('Sales Representative', 'Deal Maker');
  rep = crm.as(repUser);
  customerId = (await rep.post('/api/v1/customers', { name: 'Deal Customer GmbH' })).json().data.id;
});
afterAll(() => crm?.close());

type Problem = { detail: string; errors: Array<{ field: string; message: string }> };
const problem = (response: { json(): unknown }) => response.json() as Problem;

async function opportunity(body: Record<string, unknown> = {}) {
  const response = await rep.post('/api/v1/opportunities', { title: 'Deal', customerId, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

async function patched(id: string, body: Record<string, unknown>) {
  const response = await rep.patch(`/api/v1/opportunities/${id}`, body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

describe('a new opportunity', () => {
  it('starts in the first open stage of the default pipeline, with its probability', async () => {
    const deal = await opportunity({ amount: '12000.50' });
    expect(deal).toMatchObject({
      pipelineId: SALES,
      stageId: STAGE.prospecting,
      status: 'open',
      probability: 10,
      probabilityManual: false,
      opportunityFrom: 'customer',
      currency: 'EUR',
      amount: '12000.50',
      priority: 0,
      ownerId: repUser.id,
      wonAt: null,
      lostReasonIds: [],
    });
    expect(deal.stageChangedAt).toEqual(expect.any(String));
  });

  it('is made inside a transaction from just a title and its party (lead conversion)', async () => {
    const lead = await admin.post('/api/v1/leads', { lastName: 'Convertible', companyName: 'Convert AG' });
    expect(lead.statusCode, lead.body).toBe(201);
    const leadId = lead.json().data.id as string;
    const { records } = crm.server;
    const made = await records.transaction(opportunityEntity, async (trx) => {
      expect(await defaultPipeline(trx)).toEqual({ pipelineId: SALES, stageId: STAGE.prospecting });
      const body = { title: 'From the lead', leadId, amount: '500.00' };
      return records.createIn(
        trx,
        repUser.actor,
        opportunityEntity,
        body,
        await bodyToColumns(opportunityEntity, body),
      );
    });
    expect(made).toMatchObject({
      pipelineId: SALES,
      stageId: STAGE.prospecting,
      probability: 10,
      opportunityFrom: 'lead',
      leadId,
      status: 'open',
    });
    // The lead became a customer: the opportunity keeps its lead and counts as the customer's.
    const both = await patched(made.id as string, { customerId });
    expect(both).toMatchObject({ leadId, customerId, opportunityFrom: 'customer' });
  });

  it('needs a customer, a prospect or a lead', async () => {
    const none = await rep.post('/api/v1/opportunities', { title: 'Nobody' });
    expect(none.statusCode).toBe(422);
    expect(problem(none).errors).toEqual([
      expect.objectContaining({
        field: 'customerId',
        message: 'an opportunity needs a customer, a prospect or a lead',
      }),
    ]);
    const prospect = (await rep.post('/api/v1/prospects', { name: 'Maybe Ltd' })).json().data;
    const deal = await opportunity({ customerId: undefined, prospectId: prospect.id });
    expect(deal.opportunityFrom).toBe('prospect');
    const orphaned = await rep.patch(`/api/v1/opportunities/${deal.id}`, { prospectId: null });
    expect(orphaned.statusCode).toBe(422);
    expect(problem(orphaned).errors.map((e) => e.field)).toEqual(['customerId']);
  });

  it('is priced in a real currency, never below zero', async () => {
    const bad = await rep.post('/api/v1/opportunities', {
      title: 'Odd money',
      customerId,
      currency: 'XYZ',
      amount: '-1.00',
    });
    expect(bad.statusCode).toBe(422);
    expect(
      problem(bad)
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['amount', 'currency']);
    expect((await opportunity({ currency: 'CHF' })).currency).toBe('CHF');
  });
});

describe('pipeline and stage', () => {
  it('must agree: a stage of another pipeline is refused, a new pipeline brings its first open stage', async () => {
    const other = (await admin.post('/api/v1/pipelines', { name: 'Service' })).json().data;
    const stage = (kind: string, name: string, probability: number, position?: number) =>
      admin.post('/api/v1/pipeline-stages', { pipelineId: other.id, kind, name, probability, position });
    const late = (await stage('open', 'Later', 60, 9)).json().data;
    const first = (await stage('open', 'Intake', 5, 2)).json().data;
    const wrong = await rep.post('/api/v1/opportunities', {
      title: 'Mixed',
      customerId,
      pipelineId: other.id,
      stageId: STAGE.proposal,
    });
    expect(wrong.statusCode).toBe(422);
    expect(problem(wrong).errors).toEqual([
      expect.objectContaining({ field: 'stageId', message: 'is a stage of another pipeline than "Service"' }),
    ]);
    const deal = await opportunity();
    const crossing = await rep.patch(`/api/v1/opportunities/${deal.id}`, { stageId: late.id });
    expect(crossing.statusCode).toBe(422);
    const halfMoved = await rep.patch(`/api/v1/opportunities/${deal.id}`, {
      pipelineId: other.id,
      stageId: deal.stageId,
    });
    expect(halfMoved.statusCode).toBe(422);
    const moved = await patched(deal.id, { pipelineId: other.id });
    expect(moved).toMatchObject({ pipelineId: other.id, stageId: first.id, probability: 5 });

    expect((await admin.patch(`/api/v1/pipelines/${other.id}`, { active: false })).statusCode).toBe(200);
    const inactive = await rep.post('/api/v1/opportunities', {
      title: 'X',
      customerId,
      pipelineId: other.id,
    });
    expect(inactive.statusCode).toBe(422);
    expect(problem(inactive).errors[0]?.message).toMatch(/inactive/);
  });

  it('sets the probability from each stage entered, unless the user set one by hand', async () => {
    const deal = await opportunity();
    expect((await patched(deal.id, { stageId: STAGE.proposal })).probability).toBe(50);
    const manual = await patched(deal.id, { probability: 65 });
    expect(manual).toMatchObject({ probability: 65, probabilityManual: true, stageId: STAGE.proposal });
    // The user's figure outlives stage changes, as Odoo keeps a probability set by hand.
    const next = await patched(deal.id, { stageId: STAGE.negotiation });
    expect(next).toMatchObject({ probability: 65, probabilityManual: true });
    const reset = await patched(deal.id, { probability: null });
    expect(reset).toMatchObject({ probability: 75, probabilityManual: false });
    const automatic = await patched(deal.id, { stageId: STAGE.proposal });
    expect(automatic).toMatchObject({ probability: 50, probabilityManual: false });
    const both = await patched(deal.id, { stageId: STAGE.qualification, probability: 33 });
    expect(both).toMatchObject({ probability: 33, probabilityManual: true });
    // Winning decides it: 100 %, and the hand-set figure is gone when it is reopened.
    const won = await rep.post(`/api/v1/opportunities/${deal.id}/mark-won`, {});
    expect(won.json().data).toMatchObject({ probability: 100, probabilityManual: false });
    const reopened = await rep.post(`/api/v1/opportunities/${deal.id}/reopen`, { stageId: STAGE.proposal });
    expect(reopened.json().data).toMatchObject({ probability: 50, probabilityManual: false });
    const created = await opportunity({ stageId: STAGE.proposal, probability: 42 });
    expect(created).toMatchObject({ probability: 42, probabilityManual: true });
  });
});

describe('statuses', () => {
  it('are set by users only as open, replied and closed; the others answer 409 with the reason', async () => {
    const refused = await rep.post('/api/v1/opportunities', {
      title: 'Won?',
      customerId,
      status: 'converted',
    });
    expect(refused.statusCode).toBe(409);
    expect(problem(refused).detail).toMatch(/The status "Converted" is set by the system: .*won stage/);
    const deal = await opportunity();
    for (const status of ['quotation', 'lost', 'converted']) {
      const response = await rep.patch(`/api/v1/opportunities/${deal.id}`, { status });
      expect(response.statusCode, status).toBe(409);
      expect(problem(response).errors).toEqual([expect.objectContaining({ field: 'status' })]);
    }
    expect((await patched(deal.id, { status: 'replied' })).status).toBe('replied');
    expect((await patched(deal.id, { status: 'closed' })).status).toBe('closed');
    expect((await patched(deal.id, { status: 'open', title: 'Reopened' })).status).toBe('open');
    // A form sending the record back unchanged is no status change.
    expect((await patched(deal.id, { status: 'open' })).version).toBe(5);
  });

  it('follow the won stage: converted, won at, 100 %, until moved back to an open stage', async () => {
    const deal = await opportunity({ probability: 20 });
    const won = await patched(deal.id, { stageId: STAGE.won });
    expect(won).toMatchObject({ status: 'converted', probability: 100, probabilityManual: false });
    expect(won.wonAt).toEqual(expect.any(String));
    const closing = await rep.patch(`/api/v1/opportunities/${deal.id}`, { status: 'closed' });
    expect(closing.statusCode).toBe(409);
    expect(problem(closing).detail).toMatch(/is converted \(stage "Won"\); move it to an open stage/);
    const lowered = await rep.patch(`/api/v1/opportunities/${deal.id}`, { probability: 80 });
    expect(lowered.statusCode).toBe(422);
    const back = await patched(deal.id, { stageId: STAGE.negotiation });
    expect(back).toMatchObject({ status: 'open', wonAt: null, probability: 75 });
    const wonAtOnce = await opportunity({ stageId: STAGE.won });
    expect(wonAtOnce).toMatchObject({ status: 'converted', probability: 100 });
    const mixed = await rep.patch(`/api/v1/opportunities/${deal.id}`, {
      stageId: STAGE.won,
      status: 'replied',
    });
    expect(mixed.statusCode).toBe(409);
  });

  it('leave the lost stage to declare-lost, which records the reasons', async () => {
    const deal = await opportunity();
    const lost = await rep.patch(`/api/v1/opportunities/${deal.id}`, { stageId: STAGE.lost });
    expect(lost.statusCode).toBe(422);
    expect(problem(lost).errors[0]).toMatchObject({ field: 'stageId' });
    expect(problem(lost).errors[0]?.message).toMatch(/declare-lost/);
    const born = await rep.post('/api/v1/opportunities', { title: 'L', customerId, stageId: STAGE.lost });
    expect(born.statusCode).toBe(422);
    const readOnly = await rep.patch(`/api/v1/opportunities/${deal.id}`, { lostReasonIds: [] });
    expect(readOnly.statusCode).toBe(422);
  });
});

describe('stage history', () => {
  it('records every stage entered, by whom, and how long the opportunity stayed in the one it left', async () => {
    const deal = await opportunity();
    const db = crm.database.db;
    // An hour in the first stage, without waiting for it.
    await sql`UPDATE opportunities SET stage_changed_at = now() - interval '1 hour' WHERE id = ${deal.id}`.execute(
      db,
    );
    await patched(deal.id, { stageId: STAGE.proposal });
    await patched(deal.id, { title: 'Renamed, same stage' });
    await patched(deal.id, { stageId: STAGE.won });
    const rows = await db
      .selectFrom('opportunity_stage_changes')
      .selectAll()
      .where('opportunity_id', '=', deal.id)
      .orderBy('changed_at')
      .execute();
    expect(rows.map((r) => [r.from_stage_id, r.to_stage_id, r.changed_by])).toEqual([
      [null, STAGE.prospecting, repUser.id],
      [STAGE.prospecting, STAGE.proposal, repUser.id],
      [STAGE.proposal, STAGE.won, repUser.id],
    ]);
    expect(rows[0]?.seconds_in_previous_stage).toBeNull();
    expect(rows[1]?.seconds_in_previous_stage).toBeGreaterThanOrEqual(3600);
    expect(rows[1]?.seconds_in_previous_stage).toBeLessThan(3700);
    expect(rows[2]?.seconds_in_previous_stage).toBeLessThan(60);
  });

  it('keeps a trashed opportunity out of a trashed stage', async () => {
    const pipeline = (await admin.post('/api/v1/pipelines', { name: 'Short' })).json().data;
    const stage = (name: string, probability: number) =>
      admin.post('/api/v1/pipeline-stages', { pipelineId: pipeline.id, name, probability });
    await stage('Keep', 10);
    const doomed = (await stage('Doomed', 20)).json().data;
    const deal = await opportunity({ pipelineId: pipeline.id, stageId: doomed.id });
    expect((await rep.delete(`/api/v1/opportunities/${deal.id}`)).statusCode).toBe(200);
    expect((await admin.delete(`/api/v1/pipeline-stages/${doomed.id}`)).statusCode).toBe(200);
    const restore = await rep.post(`/api/v1/opportunities/${deal.id}/restore`);
    expect(restore.statusCode).toBe(409);
    expect(problem(restore).detail).toMatch(/Its stage "Doomed" is in the trash/);
  });
});
