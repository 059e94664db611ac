import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';
import { RuleViolation } from '../../core/errors.js';
import { registerLossGuard } from './outcomes.js';

let crm: TestCrm;
let admin: Client;
let repUser: TestUser;
let rep: Client;
let otherRep: Client;
let customerId: string;

const STAGE = {
  prospecting: '01900000-0000-7000-8002-000000000001',
  proposal: '01900000-0000-7000-8002-000000000003',
  negotiation: '01900000-0000-7000-8002-000000000004',
  won: '01900000-0000-7000-8002-000000000005',
  lost: '01900000-0000-7000-8002-000000000006',
};
const REASON = {
  price: '01900000-0000-7000-8003-000000000001',
  competitor: '01900000-0000-7000-8003-000000000002',
};

beforeAll(async () => {
  crm = await createTestCrm();
  admin = crm.as(await crm.createUser('CRM Administrator'));
  repUser = await crm.createUser('Sales Representative', 'Outcome Rep');
  rep = crm.as(repUser);
  otherRep = crm.as(await crm.createUser('Sales Representative', 'Other Rep'));
  customerId = (await rep.post('/api/v1/customers', { name: 'Outcome Customer GmbH' })).json().data.id;
});
afterAll(() => crm?.close());

type Problem = { detail: string; errors: Array<{ field: string; message: string }> };
const problem = (response: { json(): unknown }) => response.json() as Problem;

async function opportunity(body: Record<string, unknown> = {}) {
  const response = await rep.post('/api/v1/opportunities', { title: 'Deal', customerId, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

async function ok(response: { statusCode: number; body: string; json(): unknown }) {
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { data: Record<string, unknown> }).data;
}

const act = (id: string, action: string, body?: unknown, client = rep) =>
  client.post(`/api/v1/opportunities/${id}/${action}`, body);

async function stageChanges(id: string) {
  return crm.database.db
    .selectFrom('opportunity_stage_changes')
    .select(['from_stage_id', 'to_stage_id', 'changed_by'])
    .where('opportunity_id', '=', id)
    .orderBy('changed_at')
    .execute();
}

describe('declare lost', () => {
  it('moves into the lost stage with reasons, detail and competitors, recorded in history and stage changes', async () => {
    const rival = (await admin.post('/api/v1/competitors', { name: 'Rival Corp' })).json().data;
    const deal = await opportunity({ stageId: STAGE.proposal, probability: 60 });
    const lost = await ok(
      await act(deal.id, 'declare-lost', {
        lostReasonIds: [REASON.price, REASON.competitor],
        lostDetail: '  Cheaper offer from Rival  ',
        competitorIds: [rival.id],
        version: deal.version,
      }),
    );
    expect(lost).toMatchObject({
      stageId: STAGE.lost,
      status: 'lost',
      probability: 0,
      probabilityManual: false,
      lostReasonIds: [REASON.price, REASON.competitor],
      lostDetail: 'Cheaper offer from Rival',
      competitorIds: [rival.id],
      wonAt: null,
      version: deal.version + 1,
    });
    expect(lost.lostAt).toEqual(expect.any(String));
    const read = await ok(await rep.get(`/api/v1/opportunities/${deal.id}`));
    expect(read).toEqual(lost);

    const history = (await rep.get(`/api/v1/opportunities/${deal.id}/history`)).json().data;
    expect(history[0]).toMatchObject({ action: 'update', actorId: repUser.id });
    expect(history[0].changes).toMatchObject({
      stageId: { from: STAGE.proposal, to: STAGE.lost },
      status: { from: 'open', to: 'lost' },
      probability: { from: 60, to: 0 },
      lostReasonIds: { from: [], to: [REASON.price, REASON.competitor] },
      lostDetail: { from: null, to: 'Cheaper offer from Rival' },
      competitorIds: { from: [], to: [rival.id] },
    });
    expect((await stageChanges(deal.id)).at(-1)).toEqual({
      from_stage_id: STAGE.proposal,
      to_stage_id: STAGE.lost,
      changed_by: repUser.id,
    });
  });

  it('needs at least one live lost reason (422 at lostReasonIds)', async () => {
    const deal = await opportunity();
    for (const body of [{}, { lostReasonIds: [] }]) {
      const response = await act(deal.id, 'declare-lost', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expect(problem(response).errors.map((e) => e.field)).toEqual(['lostReasonIds']);
    }
    const reason = (await admin.post('/api/v1/lost-reasons', { name: 'Gone away' })).json().data;
    expect((await admin.delete(`/api/v1/lost-reasons/${reason.id}`)).statusCode).toBe(200);
    const trashed = await act(deal.id, 'declare-lost', { lostReasonIds: [REASON.price, reason.id] });
    expect(trashed.statusCode).toBe(422);
    expect(problem(trashed).errors).toEqual([
      expect.objectContaining({ field: 'lostReasonIds', message: expect.stringContaining(reason.id) }),
    ]);
    const unknownCompetitor = await act(deal.id, 'declare-lost', {
      lostReasonIds: [REASON.price],
      competitorIds: [reason.id],
    });
    expect(unknownCompetitor.statusCode).toBe(422);
    expect(problem(unknownCompetitor).errors.map((e) => e.field)).toEqual(['competitorIds']);
    const unchanged = await ok(await rep.get(`/api/v1/opportunities/${deal.id}`));
    expect(unchanged).toMatchObject({ status: 'open', version: deal.version, stageId: STAGE.prospecting });
  });

  it('answers 409 when the opportunity is lost already, 412 on a stale version', async () => {
    const deal = await opportunity();
    const stale = await act(deal.id, 'declare-lost', { lostReasonIds: [REASON.price], version: 99 });
    expect(stale.statusCode).toBe(412);
    await ok(await act(deal.id, 'declare-lost', { lostReasonIds: [REASON.price] }));
    const again = await act(deal.id, 'declare-lost', { lostReasonIds: [REASON.competitor] });
    expect(again.statusCode).toBe(409);
    expect(problem(again).detail).toMatch(/lost already/);
  });

  it('lets one of two parallel declarations win; the other answers 409', async () => {
    const deal = await opportunity();
    const answers = await Promise.all(
      [REASON.price, REASON.competitor].map((reason) =>
        act(deal.id, 'declare-lost', { lostReasonIds: [reason] }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const lost = await ok(await rep.get(`/api/v1/opportunities/${deal.id}`));
    expect(lost).toMatchObject({ status: 'lost', version: deal.version + 1 });
    expect(await stageChanges(deal.id)).toHaveLength(2);
  });

  it('runs the loss guards of other modules in its transaction: a refusal leaves nothing changed', async () => {
    const deal = await opportunity({ stageId: STAGE.negotiation });
    const seen: unknown[] = [];
    const unregister = registerLossGuard(({ opportunity: current }) => {
      seen.push(current.id);
      if (current.id === deal.id) {
        throw new RuleViolation('Cannot declare as lost, because Quotation has been made.');
      }
    });
    try {
      const refused = await act(deal.id, 'declare-lost', { lostReasonIds: [REASON.price] });
      expect(refused.statusCode).toBe(409);
      expect(problem(refused).detail).toBe('Cannot declare as lost, because Quotation has been made.');
      expect(seen).toEqual([deal.id]);
      const after = await ok(await rep.get(`/api/v1/opportunities/${deal.id}`));
      expect(after).toEqual(deal);
      expect(await stageChanges(deal.id)).toHaveLength(1);
      const history = (await rep.get(`/api/v1/opportunities/${deal.id}/history`)).json().data;
      expect(history).toHaveLength(1);
      const other = await opportunity();
      await ok(await act(other.id, 'declare-lost', { lostReasonIds: [REASON.price] }));
    } finally {
      unregister();
    }
    await ok(await act(deal.id, 'declare-lost', { lostReasonIds: [REASON.price] }));
  });

  it('makes the lead of a lost opportunity no longer "opportunity"', async () => {
    const lead = (await rep.post('/api/v1/leads', { lastName: 'Loser', companyName: 'Loss AG' })).json().data;
    const deal = await opportunity({ customerId: undefined, leadId: lead.id });
    expect((await rep.get(`/api/v1/leads/${lead.id}`)).json().data.status).toBe('opportunity');
    await ok(await act(deal.id, 'declare-lost', { lostReasonIds: [REASON.price] }));
    expect((await rep.get(`/api/v1/leads/${lead.id}`)).json().data.status).not.toBe('opportunity');
  });
});

describe('mark won', () => {
  it('moves into the won stage: converted, 100 %, wonAt; 409 when won already', async () => {
    const deal = await opportunity({ probability: 30 });
    const won = await ok(await act(deal.id, 'mark-won'));
    expect(won).toMatchObject({
      stageId: STAGE.won,
      status: 'converted',
      probability: 100,
      probabilityManual: false,
      lostAt: null,
    });
    expect(won.wonAt).toEqual(expect.any(String));
    expect((await stageChanges(deal.id)).at(-1)).toMatchObject({
      from_stage_id: STAGE.prospecting,
      to_stage_id: STAGE.won,
    });
    const again = await act(deal.id, 'mark-won', {});
    expect(again.statusCode).toBe(409);
    expect(problem(again).detail).toMatch(/won already/);
  });

  it('wins a lost opportunity after all, forgetting why it was lost', async () => {
    const deal = await opportunity();
    await ok(await act(deal.id, 'declare-lost', { lostReasonIds: [REASON.price], lostDetail: 'Too dear' }));
    const won = await ok(await act(deal.id, 'mark-won'));
    expect(won).toMatchObject({ status: 'converted', lostAt: null, lostReasonIds: [], lostDetail: null });
  });
});

describe('reopen', () => {
  it('brings a lost opportunity back to the first open stage, clearing the loss', async () => {
    const deal = await opportunity({ stageId: STAGE.negotiation });
    const lost = await ok(
      await act(deal.id, 'declare-lost', { lostReasonIds: [REASON.price], lostDetail: 'No money' }),
    );
    const open = await ok(await act(deal.id, 'reopen', { version: lost.version }));
    expect(open).toMatchObject({
      stageId: STAGE.prospecting,
      status: 'open',
      probability: 10,
      lostAt: null,
      wonAt: null,
      lostReasonIds: [],
      lostDetail: null,
    });
    expect((await stageChanges(deal.id)).at(-1)).toMatchObject({
      from_stage_id: STAGE.lost,
      to_stage_id: STAGE.prospecting,
    });
  });

  it('brings a won opportunity back to the given open stage', async () => {
    const deal = await opportunity();
    await ok(await act(deal.id, 'mark-won'));
    const notOpen = await act(deal.id, 'reopen', { stageId: STAGE.lost });
    expect(notOpen.statusCode).toBe(422);
    expect(problem(notOpen).errors.map((e) => e.field)).toEqual(['stageId']);
    const open = await ok(await act(deal.id, 'reopen', { stageId: STAGE.proposal }));
    expect(open).toMatchObject({ stageId: STAGE.proposal, status: 'open', probability: 50, wonAt: null });
  });

  it('answers 409 for an opportunity neither won nor lost', async () => {
    const deal = await opportunity();
    const response = await act(deal.id, 'reopen');
    expect(response.statusCode).toBe(409);
    expect(problem(response).detail).toMatch(
      /Only a won or lost opportunity can be reopened; this one is open/,
    );
  });
});

describe('permissions', () => {
  it('hide another rep’s opportunity (404) and refuse a reader who may not update (403)', async () => {
    const deal = await opportunity();
    for (const [action, body] of [
      ['declare-lost', { lostReasonIds: [REASON.price] }],
      ['mark-won', {}],
      ['reopen', {}],
    ] as const) {
      const response = await act(deal.id, action, body, otherRep);
      expect(response.statusCode, action).toBe(404);
    }
    expect((await rep.get(`/api/v1/opportunities/${deal.id}`)).json().data.version).toBe(deal.version);
    const marketing = crm.as(await crm.createUser('Marketing User'));
    expect((await act(deal.id, 'mark-won', {}, marketing)).statusCode).toBe(403);
  });
});
