import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../../test/harness.js';
import { leadEntity } from '../entities.js';
import type { Condition, ScoringRule } from './conditions.js';
import { type LeadEvent, gradeOf, scoreLead } from './evaluate.js';
import { LEAD_EVENT_KINDS, recordLeadEvent } from './events.js';
import { scoringHelpers } from './test-helpers.js';

const NOW = new Date('2030-06-15T12:00:00.000Z');
const DAY = 86_400_000;
const INDUSTRIES = ['01900000-0000-7000-8000-0000000000a1', '01900000-0000-7000-8000-0000000000a2'];

const rating = fc.constantFrom('hot', 'warm', 'cold');
const country = fc.constantFrom('DE', 'AT', 'CH', 'FR');
const employees = fc.integer({ min: 0, max: 5000 });
const fieldCondition: fc.Arbitrary<Condition> = fc.oneof(
  fc
    .record({
      kind: fc.constant('field' as const),
      field: fc.constant('employees'),
      operator: fc.constantFrom('eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'isNull' as const),
      value: employees,
    })
    .map((c) => (c.operator === 'isNull' ? { ...c, value: c.value % 2 === 0 } : c)),
  fc.record({
    kind: fc.constant('field' as const),
    field: fc.constant('employees'),
    operator: fc.constant('between' as const),
    value: fc.tuple(employees, employees).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]),
  }),
  fc.record({
    kind: fc.constant('field' as const),
    field: fc.constant('rating'),
    operator: fc.constantFrom('in' as const, 'nin' as const),
    value: fc.uniqueArray(rating, { minLength: 1 }),
  }),
  fc.record({
    kind: fc.constant('field' as const),
    field: fc.constant('country'),
    operator: fc.constantFrom('eq' as const, 'ne' as const),
    value: country,
  }),
  fc.record({
    kind: fc.constant('field' as const),
    field: fc.constant('industryId'),
    operator: fc.constant('in' as const),
    value: fc.uniqueArray(fc.constantFrom(...INDUSTRIES), { minLength: 1 }),
  }),
);
const condition: fc.Arbitrary<Condition> = fc.oneof(
  fieldCondition,
  fc.constant({ kind: 'businessEmail' as const }),
  fc.record({
    kind: fc.constant('event' as const),
    eventKind: fc.constantFrom(...LEAD_EVENT_KINDS),
    counting: fc.constantFrom('once' as const, 'each' as const),
    decayDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
  }),
);
const rules = fc.array(
  fc.record({ id: fc.uuid(), name: fc.string(), points: fc.integer({ min: -1000, max: 1000 }), condition }),
  { maxLength: 12 },
);
const lead = fc.record({
  employees: fc.option(employees, { nil: null }),
  rating: fc.option(rating, { nil: null }),
  country: fc.option(country, { nil: null }),
  industryId: fc.option(fc.constantFrom(...INDUSTRIES), { nil: null }),
  email: fc.option(fc.constantFrom('a@gmail.com', 'b@acme.example', 'c@yahoo.de', 'd@firm.de'), {
    nil: null,
  }),
});
const events = fc.array(
  fc.record({
    kind: fc.constantFrom(...LEAD_EVENT_KINDS),
    daysAgo: fc.integer({ min: 0, max: 120 }),
  }),
  { maxLength: 15 },
);
const asEvents = (list: Array<{ kind: LeadEvent['kind']; daysAgo: number }>): LeadEvent[] =>
  list.map((e) => ({ kind: e.kind, occurredAt: new Date(NOW.getTime() - e.daysAgo * DAY).toISOString() }));

describe('the explanation of a score', () => {
  it('lists points that add up to the score exactly, and the grade the thresholds give (any rules, any lead)', () => {
    const thresholds = { a: 80, b: 50, c: 20 };
    fc.assert(
      fc.property(rules, lead, events, (ruleList, values, happened) => {
        const scored = scoreLead(
          ruleList as ScoringRule[],
          leadEntity.allFields,
          values,
          asEvents(happened),
          thresholds,
          NOW,
        );
        expect(scored.hits.reduce((sum, hit) => sum + hit.points, 0)).toBe(scored.score);
        expect(scored.grade).toBe(gradeOf(scored.score, thresholds));
        for (const hit of scored.hits) {
          const { condition: c } = hit.rule;
          if (c.kind !== 'event') expect(hit.points).toBe(hit.rule.points);
          else expect(hit.points).toBe(hit.rule.points * (c.counting === 'each' ? hit.events!.length : 1));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('GET /leads/{id}/score', () => {
  let crm: TestCrm;
  let admin: Client;
  let adminUser: TestUser;
  let h: ReturnType<typeof scoringHelpers>;
  beforeAll(async () => {
    crm = await createTestCrm();
    adminUser = await crm.createUser('CRM Administrator');
    admin = crm.as(adminUser);
    h = scoringHelpers(crm, admin);
  });
  afterAll(() => crm?.close());

  it('sums to the stored score for rules and leads made through the API', async () => {
    const industries: string[] = [];
    for (const name of ['Software', 'Retail'])
      industries.push((await h.post('/api/v1/industries', { name })).id);
    const { records } = crm.server;
    await fc.assert(
      fc.asyncProperty(rules, lead, events, async (ruleList, values, happened) => {
        await h.clearRules();
        for (const rule of ruleList) {
          const c = rule.condition;
          const value =
            c.kind === 'field' && c.field === 'industryId'
              ? (c.value as string[]).map((id) => industries[INDUSTRIES.indexOf(id)])
              : c.kind === 'field'
                ? c.value
                : undefined;
          await h.rule({ points: rule.points, conditionKind: c.kind, ...c, kind: undefined, value });
        }
        await h.drainJobs();
        const industryId = values.industryId && industries[INDUSTRIES.indexOf(values.industryId)];
        const created = await h.lead({ ...values, industryId });
        const now = Date.now();
        for (const e of happened) {
          await records.db
            .transaction()
            .execute((trx) =>
              recordLeadEvent(
                trx,
                records,
                adminUser.actor,
                created.id,
                e.kind,
                new Date(now - e.daysAgo * DAY),
              ),
            );
        }
        const explained = await h.explain(created.id);
        const sum = explained.rules.reduce((total: number, r: { points: number }) => total + r.points, 0);
        expect(sum).toBe(explained.score);
        expect((await h.stored(created.id)).score).toBe(explained.score);
      }),
      { numRuns: 8 },
    );
  });

  it('is readable by those who may read the lead; others get 404', async () => {
    const owner = await crm.createUser('Sales Representative');
    const other = crm.as(await crm.createUser('Sales Representative'));
    const marketing = crm.as(await crm.createUser('Marketing User'));
    const mine = (await crm.as(owner).post('/api/v1/leads', { lastName: 'Mine', rating: 'hot' })).json().data;
    expect((await crm.as(owner).get(`/api/v1/leads/${mine.id}/score`)).statusCode).toBe(200);
    expect((await marketing.get(`/api/v1/leads/${mine.id}/score`)).statusCode).toBe(200);
    const hidden = await other.get(`/api/v1/leads/${mine.id}/score`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.headers['content-type']).toContain('application/problem+json');
    expect((await crm.anonymous.get(`/api/v1/leads/${mine.id}/score`)).statusCode).toBe(401);
    expect((await admin.get('/api/v1/leads/not-a-uuid/score')).statusCode).toBe(400);
  });
});
