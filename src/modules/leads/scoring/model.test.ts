import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../../test/harness.js';
import { employeeBand, featureValues } from './model.js';
import { scoringHelpers } from './test-helpers.js';

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

const train = async (client = admin) => {
  const response = await client.post('/api/v1/lead-scoring/train');
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
};
const settings = { gradeA: 80, gradeB: 50, gradeC: 20, minWon: 20, minLost: 20 };

describe('the learned probability', () => {
  it('is empty until the model has seen enough won and lost leads', async () => {
    const rep = crm.as(await crm.createUser('Sales Representative'));
    expect((await rep.post('/api/v1/lead-scoring/train')).statusCode).toBe(403);
    expect(await train(crm.as(await crm.createUser('Marketing User')))).toMatchObject({
      won: 0,
      lost: 0,
      used: false,
    });
    const lead = await h.lead({ email: 'early@firm.example' });
    expect(lead.probability).toBeNull();
    const explained = await h.explain(lead.id);
    expect(explained).toMatchObject({
      probability: null,
      features: [],
      model: { won: 0, lost: 0, used: false },
    });
  });

  it('learns from converted and lost leads, and ranks leads like the won ones higher', async () => {
    const software = (await h.post('/api/v1/industries', { name: 'Software' })).id;
    const retail = (await h.post('/api/v1/industries', { name: 'Retail' })).id;
    const make = async (n: number, industryId: string, email: string) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push((await h.lead({ lastName: `H${i}`, industryId, email })).id);
      return ids;
    };
    const wonSoftware = await make(18, software, 'a@firm.example');
    const wonRetail = await make(4, retail, 'b@gmail.com');
    const lostSoftware = await make(4, software, 'c@gmail.com');
    const lostRetail = await make(18, retail, 'd@gmail.com');
    await make(5, software, 'open@firm.example');
    const { db } = crm.server.records;
    // Won: converted through the API (a customer names the lead), the rest by status as conversion leaves it.
    const [first, ...others] = [...wonSoftware, ...wonRetail];
    const converted = await admin.post(`/api/v1/leads/${first}/convert`, {
      customer: { create: { name: 'Won AG' } },
    });
    expect(converted.statusCode, converted.body).toBe(200);
    await sql`UPDATE leads SET status = 'converted' WHERE id = ANY(${others}::uuid[])`.execute(db);
    // Lost: do-not-contact set by a user, a lost quotation, and a lead whose only opportunity was lost.
    const [viaOpportunity, viaQuotation, ...rest] = [...lostSoftware, ...lostRetail];
    for (const id of rest) await admin.patch(`/api/v1/leads/${id}`, { status: 'do_not_contact' });
    await sql`UPDATE leads SET status = 'lost_quotation' WHERE id = ${viaQuotation}`.execute(db);
    const opportunity = await admin.post(`/api/v1/leads/${viaOpportunity}/convert`, { opportunity: {} });
    expect(opportunity.statusCode, opportunity.body).toBe(200);
    await sql`UPDATE opportunities SET status = 'lost' WHERE lead_id = ${viaOpportunity}`.execute(db);

    expect(await train()).toMatchObject({ won: 22, lost: 22, used: true });
    const good = await h.lead({ industryId: software, email: 'new@firm.example' });
    const poor = await h.lead({ industryId: retail, email: 'new@gmail.com' });
    expect(good.probability).toBeGreaterThan(80);
    expect(poor.probability).toBeLessThan(20);
    const explained = await h.explain(good.id);
    expect(explained.probability).toBe(good.probability);
    const industry = explained.features.find((f: { feature: string }) => f.feature === 'industryId');
    expect(industry).toMatchObject({ value: software, valueLabel: { en: 'Software', de: 'Software' } });
    expect(industry.contribution).toBeGreaterThan(0);
    expect(explained.model).toMatchObject({ won: 22, lost: 22, used: true });

    // Leads made before training get theirs from the pass the training started.
    const open = await h.lead({ industryId: software, email: 'x@firm.example' });
    await h.drainJobs();
    expect((await h.stored(wonSoftware[1]!)).probability).toBe(open.probability);

    // More history asked for than there is: the probability is withdrawn everywhere.
    expect(
      (await h.put(adminUser, '/api/v1/lead-scoring/settings', { ...settings, minWon: 30 })).statusCode,
    ).toBe(200);
    await h.drainJobs();
    expect((await h.stored(good.id)).probability).toBeNull();
    expect((await h.explain(good.id)).model).toMatchObject({ used: false, minWon: 30 });
  });

  it('describes leads by the same features in training (SQL) and in scoring', () => {
    expect([null, 0, 9, 10, 49, 50, 249, 250, 999, 1000, 50_000].map(employeeBand)).toEqual([
      '',
      '0-9',
      '0-9',
      '10-49',
      '10-49',
      '50-249',
      '50-249',
      '250-999',
      '250-999',
      '1000+',
      '1000+',
    ]);
    expect(featureValues({ email: 'X@Yahoo.co.uk', country: 'DE', employees: 12 })).toMatchObject({
      emailKind: 'free',
      country: 'DE',
      employeeBand: '10-49',
      industryId: '',
    });
  });
});
