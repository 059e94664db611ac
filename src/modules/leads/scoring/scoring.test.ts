import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../../test/harness.js';
import { RuleViolation } from '../../../core/errors.js';
import { recordLeadEvent } from './events.js';
import { RESCORE_JOB, rescoreBatch, rescoreDecayed } from './jobs.js';
import { scoringHelpers } from './test-helpers.js';

let crm: TestCrm;
let admin: Client;
let adminUser: TestUser;
let marketing: TestUser;
let h: ReturnType<typeof scoringHelpers>;

beforeAll(async () => {
  crm = await createTestCrm();
  adminUser = await crm.createUser('CRM Administrator');
  admin = crm.as(adminUser);
  marketing = await crm.createUser('Marketing User');
  h = scoringHelpers(crm, admin);
});
afterAll(() => crm?.close());
afterEach(() => h.clearRules());

const DAY = 86_400_000;

describe('scoring rules', () => {
  it('are checked against the lead’s fields: unknown field, operator or value answer 422 naming the field', async () => {
    const api = crm.as(marketing);
    const refuse = async (body: Record<string, unknown>) => {
      const response = await api.post('/api/v1/lead-scoring-rules', { name: 'Bad', points: 5, ...body });
      expect(response.statusCode, response.body).toBe(422);
      return h.errorsOf(response);
    };
    expect(await refuse({ field: 'shoeSize', operator: 'eq', value: 42 })).toEqual({
      field: 'the lead has no field "shoeSize"',
    });
    // Found by the schema-driven fuzzer: a name of Object's own must not be taken for a field.
    expect(await refuse({ field: '__proto__', operator: 'eq', value: 1 })).toEqual({
      field: 'the lead has no field "__proto__"',
    });
    expect(await refuse({ field: 'industryId', operator: 'gte', value: 'x' })).toHaveProperty('operator');
    expect(await refuse({ field: 'employees', operator: 'gte', value: 'many' })).toHaveProperty('value');
    expect(await refuse({ field: 'employees', operator: 'between', value: [50, 10] })).toEqual({
      value: 'from is after to',
    });
    expect(await refuse({ field: 'employees', operator: 'in', value: [] })).toHaveProperty('value');
    expect(await refuse({ field: 'score', operator: 'gte', value: 1 })).toHaveProperty('field');
    expect(await refuse({ field: 'status', operator: 'eq', value: 'open' })).toHaveProperty('field');
    expect(await refuse({ field: 'country', operator: 'in' })).toEqual({ value: 'is required for "in"' });
    expect(await refuse({ conditionKind: 'event' })).toEqual({
      eventKind: 'is required for an event condition',
    });
    const ok = await api.post('/api/v1/lead-scoring-rules', {
      name: 'Business',
      points: 5,
      conditionKind: 'businessEmail',
      field: 'leftover',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    // What a kind of condition does not use is cleared rather than kept as a misleading leftover.
    expect(ok.json().data).toMatchObject({ conditionKind: 'businessEmail', field: null });
  });

  it('are changed by administrators and marketing, read by sales', async () => {
    const rep = crm.as(await crm.createUser('Sales Representative'));
    const manager = crm.as(await crm.createUser('Sales Manager'));
    const body = { name: 'Hot', points: 10, field: 'rating', operator: 'eq', value: 'hot' };
    expect((await rep.post('/api/v1/lead-scoring-rules', body)).statusCode).toBe(403);
    expect((await manager.post('/api/v1/lead-scoring-rules', body)).statusCode).toBe(403);
    const created = await crm.as(marketing).post('/api/v1/lead-scoring-rules', body);
    expect(created.statusCode).toBe(201);
    expect((await rep.get('/api/v1/lead-scoring-rules')).json().data).toHaveLength(1);
    expect((await manager.get(`/api/v1/lead-scoring-rules/${created.json().data.id}`)).statusCode).toBe(200);
  });
});

describe('scores', () => {
  it('add the points of field and e-mail rules, negative ones too, and grade them', async () => {
    const software = await h.post('/api/v1/industries', { name: 'Software' });
    const retail = await h.post('/api/v1/industries', { name: 'Retail' });
    const fair = await h.post('/api/v1/lead-sources', { name: 'Fair 2030' });
    const campaign = await h.post('/api/v1/campaigns', { name: 'Spring push' });
    await h.rule({ field: 'industryId', operator: 'in', value: [software.id], points: 30 });
    await h.rule({ field: 'employees', operator: 'gte', value: 50, points: 20 });
    await h.rule({ field: 'employees', operator: 'between', value: [10, 49], points: 5 });
    await h.rule({ field: 'sourceId', operator: 'eq', value: fair.id, points: 10 });
    await h.rule({ field: 'country', operator: 'in', value: ['de', 'AT'], points: 7 });
    await h.rule({ field: 'campaignId', operator: 'isNull', value: false, points: 4 });
    await h.rule({ field: 'rating', operator: 'eq', value: 'cold', points: -25 });
    await h.rule({ conditionKind: 'businessEmail', points: 9 });
    await h.drainJobs();

    const best = await h.lead({
      industryId: software.id,
      employees: 120,
      sourceId: fair.id,
      country: 'DE',
      campaignId: campaign.id,
      email: 'anna@acme.example',
    });
    expect(best).toMatchObject({ score: 30 + 20 + 10 + 7 + 4 + 9, grade: 'A', probability: null });
    const cold = await h.lead({
      industryId: retail.id,
      employees: 12,
      rating: 'cold',
      email: 'x@yahoo.co.uk',
    });
    expect(cold).toMatchObject({ score: 5 - 25, grade: 'D' });
    const gmail = await h.lead({ country: 'at', email: 'y@gmail.com', employees: 50 });
    expect(gmail).toMatchObject({ score: 7 + 20, grade: 'C' });
    const explained = await h.explain(best.id);
    expect(
      explained.rules.map((r: { points: number }) => r.points).sort((a: number, b: number) => a - b),
    ).toEqual([4, 7, 9, 10, 20, 30]);
    const reasons = explained.rules.map((r: { reason: { en: string } }) => r.reason.en);
    expect(reasons).toContain('Industry is one of Software (Software)');
    expect(reasons).toContain('E-mail at acme.example, not a free-mail provider');
  });

  it('grade by thresholds an administrator sets, which must fall from A to C', async () => {
    const repUser = await crm.createUser('Sales Representative');
    const rep = crm.as(repUser);
    expect((await rep.get('/api/v1/lead-scoring/settings')).json().data).toMatchObject({
      gradeA: 80,
      gradeB: 50,
      gradeC: 20,
    });
    const settings = { gradeA: 80, gradeB: 50, gradeC: 20, minWon: 20, minLost: 20 };
    expect((await h.put(repUser, '/api/v1/lead-scoring/settings', settings)).statusCode).toBe(403);
    const put = (body: unknown) => h.put(adminUser, '/api/v1/lead-scoring/settings', body);
    const unordered = await put({ ...settings, gradeB: 80, gradeC: 90 });
    expect(unordered.statusCode).toBe(422);
    expect(h.errorsOf(unordered)).toEqual({
      gradeB: 'must be lower than the threshold of grade A',
      gradeC: 'must be lower than the threshold of grade B',
    });
    expect((await put({ ...settings, gradeA: 'high' })).statusCode).toBe(422);

    await h.rule({ field: 'rating', operator: 'eq', value: 'warm', points: 40 });
    await h.drainJobs();
    const lead = await h.lead({ rating: 'warm' });
    expect(lead).toMatchObject({ score: 40, grade: 'C' });
    const changed = await put({ ...settings, gradeA: 40, gradeB: 30, gradeC: 10 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await h.stored(lead.id)).grade).toBe('C');
    await h.drainJobs();
    expect((await h.stored(lead.id)).grade).toBe('A');
    expect((await put(settings)).statusCode).toBe(200);
    await h.drainJobs();
  });

  it('change in the transaction of the lead write: a write that fails leaves the score as it was', async () => {
    await h.rule({ field: 'rating', operator: 'eq', value: 'hot', points: 15 });
    await h.drainJobs();
    const lead = await h.lead({});
    expect(lead.score).toBe(0);
    // A rule that refuses the write after scoring has run, as any later rule or a database error could.
    crm.server.records.on('lead', {
      afterWrite({ after }) {
        if (after?.notes === 'refuse me') throw new RuleViolation('refused for the test');
      },
    });
    const refused = await admin.patch(`/api/v1/leads/${lead.id}`, { rating: 'hot', notes: 'refuse me' });
    expect(refused.statusCode).toBe(409);
    expect(await h.stored(lead.id)).toMatchObject({ score: 0, grade: 'D', rating: null });
    const patched = await admin.patch(`/api/v1/leads/${lead.id}`, { rating: 'hot' });
    expect(patched.json().data).toMatchObject({ score: 15, rating: 'hot' });
    const history = (await admin.get(`/api/v1/leads/${lead.id}/history`)).json().data;
    expect(JSON.stringify(history)).toContain('"score":{"from":0,"to":15}');
  });

  it('count events once or per occurrence, and only for the rule’s decay window', async () => {
    await h.rule({
      conditionKind: 'event',
      eventKind: 'form_submitted',
      counting: 'each',
      decayDays: 30,
      points: 5,
    });
    await h.rule({ conditionKind: 'event', eventKind: 'email_replied', points: 10 });
    await h.rule({ conditionKind: 'event', eventKind: 'meeting_held', decayDays: 7, points: -3 });
    await h.drainJobs();
    const lead = await h.lead({});
    const { records } = crm.server;
    const now = Date.now();
    const record = (kind: 'form_submitted' | 'email_replied' | 'meeting_held', daysAgo: number) =>
      records.db
        .transaction()
        .execute((trx) =>
          recordLeadEvent(
            trx,
            records,
            marketing.actor,
            lead.id,
            kind,
            new Date(now - daysAgo * DAY),
            'test',
          ),
        );
    await record('form_submitted', 40);
    expect((await h.stored(lead.id)).score).toBe(0);
    await record('form_submitted', 10);
    await record('form_submitted', 1);
    await record('email_replied', 100);
    await record('email_replied', 2);
    expect((await h.stored(lead.id)).score).toBe(5 + 5 + 10);
    const explained = await h.explain(lead.id);
    const forms = explained.rules.find(
      (r: { points: number; events?: unknown[] }) => r.points === 10 && r.events?.length === 2,
    );
    expect(forms.reason.en).toBe('Form submitted 2×, 5 points each in the last 30 days');

    // An event inside a transaction that rolls back leaves neither event nor score.
    await expect(
      records.db.transaction().execute(async (trx) => {
        await recordLeadEvent(trx, records, marketing.actor, lead.id, 'form_submitted');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await h.stored(lead.id)).score).toBe(20);

    // 25 days on, the event of 10 days ago has left its window; the daily job finds the lead and scores it.
    const later = new Date(now + 25 * DAY);
    const changed = await records.db.transaction().execute((trx) => rescoreDecayed(records, trx, later));
    expect(changed).toBe(1);
    expect((await h.stored(lead.id)).score).toBe(5 + 10);
    const unknown = records.db
      .transaction()
      .execute((trx) =>
        recordLeadEvent(
          trx,
          records,
          marketing.actor,
          '01900000-0000-7000-8000-00000000ffff',
          'meeting_held',
        ),
      );
    await expect(unknown).rejects.toThrow('The lead does not exist.');
  });
});

describe('changing rules', () => {
  it('scores every live lead again in a background job, batch by batch', async () => {
    const leads = [await h.lead({ rating: 'hot' }), await h.lead({ rating: 'hot' }), await h.lead({})];
    const rule = await h.rule({ field: 'rating', operator: 'eq', value: 'hot', points: 12 });
    expect((await h.stored(leads[0]!.id)).score).toBe(0);
    await h.drainJobs();
    const scores = async () => Promise.all(leads.map(async (lead) => (await h.stored(lead.id)).score));
    expect(await scores()).toEqual([12, 12, 0]);
    await admin.patch(`/api/v1/lead-scoring-rules/${rule.id}`, { points: -4 });
    await h.drainJobs();
    expect(await scores()).toEqual([-4, -4, 0]);
    await admin.patch(`/api/v1/lead-scoring-rules/${rule.id}`, { active: false });
    await h.drainJobs();
    expect(await scores()).toEqual([0, 0, 0]);
  });

  it('stops a pass that older rules started: the pass the change started covers every lead', async () => {
    const lead = await h.lead({ rating: 'warm' });
    const { rows } = await sql<{ revision: string }>`SELECT revision FROM lead_scoring_settings`.execute(
      crm.server.records.db,
    );
    await h.rule({ field: 'rating', operator: 'eq', value: 'warm', points: 3 });
    const stale = { id: 'x', name: RESCORE_JOB, attempts: 1, maxAttempts: 5 };
    const payload = { revision: rows[0]!.revision, after: null };
    await crm.server.records.db
      .transaction()
      .execute((trx) => rescoreBatch(crm.server.records, { ...stale, payload }, trx));
    expect((await h.stored(lead.id)).score).toBe(0);
    await h.drainJobs();
    expect((await h.stored(lead.id)).score).toBe(3);
  });
});
