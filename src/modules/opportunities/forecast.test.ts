import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../test/harness.js';
import { takeSnapshot } from './forecast-snapshots.js';

/**
 * Forecast categories (stage-defaults.ts), the forecast (forecast.ts), quotas, weekly snapshots and forecast
 * accuracy (forecast-snapshots.ts). Each group works in a pipeline of its own and reads the forecast of that
 * pipeline only. Months are this month and the next two, so the won deals (won now) fall in the range.
 */

let crm: TestCrm;
let admin: Client;
let manager: Client;
let rep: Client;
let other: Client;
let marketing: Client;
const ids = { rep: '', other: '', manager: '', team: '' };
const customers = new Map<Client, string>();

const now = new Date();
const monthOf = (offset: number) => {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return date.toISOString().slice(0, 7);
};
const [m0, m1, m2] = [monthOf(0), monthOf(1), monthOf(2)];

async function created(client: Client, path: string, body: Record<string, unknown>) {
  const response = await client.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

beforeAll(async () => {
  crm = await createTestCrm();
  admin = crm.as(await crm.createUser('CRM Administrator'));
  const users = {
    manager: await crm.createUser('Sales Manager', 'Forecast Manager'),
    rep: await crm.createUser('Sales Representative', 'Forecast Rep'),
    other: await crm.createUser('Sales Representative', 'Forecast Other'),
  };
  [manager, rep, other] = [crm.as(users.manager), crm.as(users.rep), crm.as(users.other)];
  marketing = crm.as(await crm.createUser('Marketing User'));
  Object.assign(ids, { rep: users.rep.id, other: users.other.id, manager: users.manager.id });
  ids.team = (
    await created(admin, 'sales-teams', {
      name: 'Forecast team',
      managerId: ids.manager,
      memberIds: [ids.rep],
    })
  ).id;
  for (const [i, client] of [rep, other].entries()) {
    customers.set(client, (await created(client, 'customers', { name: `Forecast Customer ${i}` })).id);
  }
});
afterAll(() => crm?.close());

let pipelines = 0;
/** A pipeline whose open stages are pipeline (20 %), best case (50 %) and commit (80 %), then won and lost. */
async function pipeline() {
  const { id } = await created(admin, 'pipelines', { name: `Forecast ${++pipelines}` });
  const stage = async (name: string, kind: string, probability: number, forecastCategory?: string) =>
    (await created(admin, 'pipeline-stages', { pipelineId: id, name, kind, probability, forecastCategory }))
      .id as string;
  return {
    id,
    early: await stage('Early', 'open', 20),
    likely: await stage('Likely', 'open', 50, 'best_case'),
    sure: await stage('Sure', 'open', 80, 'commit'),
    won: await stage('Won', 'won', 100),
    lost: await stage('Lost', 'lost', 0),
  };
}
type Pipeline = Awaited<ReturnType<typeof pipeline>>;

async function deal(client: Client, p: Pipeline, stageId: string, extra: Record<string, unknown>) {
  const body = { title: 'Deal', customerId: customers.get(client), pipelineId: p.id, stageId, ...extra };
  return created(client, 'opportunities', body);
}

async function forecast(client: Client, query: string) {
  const response = await client.get(`/api/v1/opportunities/forecast?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

describe('forecast categories', () => {
  it('follow the stage unless set by hand; won is closed, lost omitted', async () => {
    const p = await pipeline();
    const d = await deal(rep, p, p.early, {});
    expect(d.forecastCategory).toBe('pipeline');
    const patch = (body: Record<string, unknown>) => rep.patch(`/api/v1/opportunities/${d.id}`, body);
    let response = await patch({ stageId: p.sure });
    expect(response.json().data).toMatchObject({ forecastCategory: 'commit', forecastCategoryManual: false });
    response = await patch({ forecastCategory: 'best_case' });
    expect(response.json().data).toMatchObject({
      forecastCategory: 'best_case',
      forecastCategoryManual: true,
    });
    response = await patch({ forecastCategory: 'closed' });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0]).toMatchObject({ field: 'forecastCategory' });
    // Set by hand, it stays through stage changes.
    response = await patch({ stageId: p.early });
    expect(response.json().data).toMatchObject({
      forecastCategory: 'best_case',
      forecastCategoryManual: true,
    });
    response = await patch({ stageId: p.likely, forecastCategory: 'commit' });
    expect(response.json().data).toMatchObject({ forecastCategory: 'commit', forecastCategoryManual: true });
    response = await patch({ forecastCategory: null });
    expect(response.json().data).toMatchObject({
      forecastCategory: 'best_case',
      forecastCategoryManual: false,
    });
    response = await patch({ stageId: p.won });
    expect(response.json().data).toMatchObject({ forecastCategory: 'closed', probability: 100 });
    expect((await patch({ forecastCategory: 'commit' })).statusCode).toBe(422);
    const lost = await rep.post(`/api/v1/opportunities/${d.id}/reopen`, {});
    expect(lost.json().data.forecastCategory).not.toBe('closed');
  });
});

describe('the forecast', () => {
  it('sums each category per owner, month and currency, exactly', async () => {
    const p = await pipeline();
    await deal(rep, p, p.early, { amount: '0.10', expectedCloseDate: `${m1}-03` });
    await deal(rep, p, p.early, { amount: '0.20', expectedCloseDate: `${m1}-28` });
    await deal(rep, p, p.likely, { amount: '1000.05', expectedCloseDate: `${m1}-10`, currency: 'USD' });
    await deal(rep, p, p.sure, { amount: '333.33', expectedCloseDate: `${m2}-01` });
    await deal(rep, p, p.won, { amount: '99.99', expectedCloseDate: `${m2}-15` });
    await deal(rep, p, p.early, { amount: '5.00' });
    const gone = await deal(rep, p, p.early, { amount: '7.00', expectedCloseDate: `${m1}-01` });
    const reason = await created(admin, 'lost-reasons', { name: `Price ${p.id}` });
    const lost = await rep.post(`/api/v1/opportunities/${gone.id}/declare-lost`, {
      lostReasonIds: [reason.id],
    });
    expect(lost.statusCode, lost.body).toBe(200);
    await deal(other, p, p.sure, { amount: '50.00', expectedCloseDate: `${m1}-05` });

    const result = await forecast(admin, `pipelineId=${p.id}&from=${m0}&to=${m2}`);
    expect(result).toMatchObject({ from: m0, to: m2, groupBy: 'owner', months: [m0, m1, m2], undated: 1 });
    const row = (key: string, currency: string) =>
      result.rows.find((r: { key: string; currency: string }) => r.key === key && r.currency === currency);
    const eur = row(ids.rep, 'EUR');
    expect(eur.name).toBe('Forecast Rep');
    // The won deal counts in the month it was won (now), not in its expected month.
    expect(eur.months[0]).toMatchObject({ month: m0, count: 1, closed: '99.99', weighted: '99.99' });
    expect(eur.months[1]).toMatchObject({ count: 2, pipeline: '0.30', commit: '0.00', weighted: '0.06' });
    expect(eur.months[2]).toMatchObject({ count: 1, commit: '333.33', weighted: '266.664' });
    expect(eur.total).toMatchObject({ count: 4, closed: '99.99', pipeline: '0.30', commit: '333.33' });
    expect(eur.total.weighted).toBe('366.714');
    expect(row(ids.rep, 'USD').months[1]).toMatchObject({ bestCase: '1000.05', weighted: '500.025' });
    expect(row(ids.other, 'EUR').total).toMatchObject({ count: 1, commit: '50.00', quota: null });

    const byPipeline = await forecast(admin, `pipelineId=${p.id}&from=${m0}&to=${m2}&groupBy=pipeline`);
    expect(byPipeline.rows.map((r: { key: string; currency: string }) => [r.key, r.currency])).toEqual([
      [p.id, 'EUR'],
      [p.id, 'USD'],
    ]);
    expect(byPipeline.rows[0].total).toMatchObject({ count: 5, commit: '383.33', quota: null });
    const filtered = await forecast(admin, `pipelineId=${p.id}&from=${m0}&to=${m2}&filter[currency]=USD`);
    expect(filtered.rows).toHaveLength(1);
  });

  it('sets quotas per rep and month against the forecast, by owner and by team, in scope', async () => {
    const p = await pipeline();
    await deal(rep, p, p.sure, { amount: '10.00', expectedCloseDate: `${m1}-05` });
    await deal(other, p, p.sure, { amount: '20.00', expectedCloseDate: `${m1}-05` });
    await created(manager, 'sales-quotas', { ownerId: ids.rep, month: m1, amount: '1000.00' });
    await created(manager, 'sales-quotas', { ownerId: ids.manager, month: m1, amount: '500.00' });
    await created(admin, 'sales-quotas', { ownerId: ids.other, month: m1, amount: '700.00' });
    // One quota per rep, month and currency; a representative cannot set their own; the month is YYYY-MM.
    const twice = await manager.post('/api/v1/sales-quotas', { ownerId: ids.rep, month: m1, amount: '1.00' });
    expect(twice.statusCode).toBe(409);
    expect(
      (await rep.post('/api/v1/sales-quotas', { ownerId: ids.rep, month: m2, amount: '1' })).statusCode,
    ).toBe(403);
    const badMonth = await manager.post('/api/v1/sales-quotas', {
      ownerId: ids.rep,
      month: '2026-13',
      amount: '1',
    });
    expect(badMonth.statusCode).toBe(422);
    expect(badMonth.json().errors[0].field).toBe('month');

    const query = `pipelineId=${p.id}&from=${m1}&to=${m1}`;
    const asRep = await forecast(rep, query);
    expect(asRep.rows).toEqual([
      expect.objectContaining({
        key: ids.rep,
        total: expect.objectContaining({ commit: '10.00', quota: '1000.00' }),
      }),
    ]);
    const asManager = await forecast(manager, query);
    expect(asManager.rows.map((r: { key: string }) => r.key).sort()).toEqual([ids.manager, ids.rep].sort());
    const byTeam = await forecast(manager, `${query}&groupBy=team`);
    // Rep's deal has no team; the team's quota is its members' and manager's.
    expect(byTeam.rows).toContainEqual(
      expect.objectContaining({
        key: ids.team,
        name: 'Forecast team',
        total: expect.objectContaining({ quota: '1500.00' }),
      }),
    );
    expect((await marketing.get(`/api/v1/opportunities/forecast?${query}`)).statusCode).toBe(403);
  });

  it('refuses bad months, ranges and groups with field errors', async () => {
    for (const [query, field] of [
      ['from=2026-13', 'from'],
      ['from=2026-05&to=2026-04', 'to'],
      ['from=2026-01&to=2028-01', 'to'],
      ['groupBy=stage', 'groupBy'],
      ['pipelineId=nope', 'pipelineId'],
      ['sort=title', 'sort'],
      ['filter[nope]=1', 'filter[nope]'],
    ]) {
      const response = await admin.get(`/api/v1/opportunities/forecast?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(JSON.stringify(response.json().errors), query).toContain(field);
    }
  });
});

describe('snapshots and forecast accuracy', () => {
  /** The Monday of the week of `date` (UTC). */
  const monday = (date: Date) => {
    const day = (date.getUTCDay() + 6) % 7;
    return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day, 12));
  };

  it('keeps a row per run of unchanged weeks and reports the forecast as of a week against what was won', async () => {
    const p = await pipeline();
    const a = await deal(rep, p, p.sure, { amount: '100.00', expectedCloseDate: `${m0}-20` });
    const b = await deal(rep, p, p.early, { amount: '50.00', expectedCloseDate: `${m0}-25` });
    const db = crm.server.records.db;
    const rowsOf = async () => {
      const { rows } = await sql<{ opportunity_id: string; first_week: string; last_week: string }>`SELECT
          opportunity_id, to_char(first_week, 'YYYY-MM-DD') AS first_week, to_char(last_week, 'YYYY-MM-DD') AS last_week
        FROM opportunity_snapshots WHERE opportunity_id IN (${a.id}, ${b.id}) ORDER BY opportunity_id, first_week`.execute(
        db,
      );
      return rows;
    };
    // The week the month began, and the two after it.
    const start = monday(new Date(`${m0}-01T12:00:00Z`));
    const week = (n: number) => new Date(start.getTime() + n * 7 * 86_400_000);
    const first = await takeSnapshot(db, week(0));
    expect(first.added).toBeGreaterThanOrEqual(2);
    expect((await takeSnapshot(db, week(0))).added).toBe(0);
    await takeSnapshot(db, week(1));
    expect(await rowsOf()).toHaveLength(2);
    expect((await rep.patch(`/api/v1/opportunities/${b.id}`, { amount: '60.00' })).statusCode).toBe(200);
    await takeSnapshot(db, week(2));
    const rows = await rowsOf();
    const day = (n: number) => week(n).toISOString().slice(0, 10);
    expect(rows.filter((r) => r.opportunity_id === a.id)).toEqual([
      { opportunity_id: a.id, first_week: day(0), last_week: day(2) },
    ]);
    expect(rows.filter((r) => r.opportunity_id === b.id).map((r) => [r.first_week, r.last_week])).toEqual([
      [day(0), day(1)],
      [day(2), day(2)],
    ]);

    expect((await rep.patch(`/api/v1/opportunities/${a.id}`, { stageId: p.won })).statusCode).toBe(200);
    const response = await rep.get(`/api/v1/opportunities/forecast/accuracy?pipelineId=${p.id}&from=${m0}`);
    expect(response.statusCode, response.body).toBe(200);
    const [row] = response.json().data.rows;
    expect(row).toMatchObject({ key: ids.rep, currency: 'EUR' });
    // As of the week the month began: 100 × 80 % + 50 × 20 % = 90 forecast, 100 won.
    expect(row.months[0]).toMatchObject({
      month: m0,
      asOf: day(0),
      forecastCount: 2,
      weighted: '90.00',
      commit: '100.00',
      pipeline: '50.00',
      wonCount: 1,
      won: '100.00',
      accuracy: '1.1111',
    });
    const bad = await rep.get('/api/v1/opportunities/forecast/accuracy?weeksBefore=99');
    expect(bad.statusCode).toBe(400);
  });
});
