import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../test/harness.js';

let crm: TestCrm;
let admin: Client;
let manager: Client;
let rep: Client;
let marketing: Client;

beforeAll(async () => {
  crm = await createTestCrm();
  admin = crm.as(await crm.createUser('CRM Administrator'));
  manager = crm.as(await crm.createUser('Sales Manager'));
  rep = crm.as(await crm.createUser('Sales Representative'));
  marketing = crm.as(await crm.createUser('Marketing User'));
});
afterAll(() => crm?.close());

const SALES = '01900000-0000-7000-8001-000000000001';
const PROSPECTING = '01900000-0000-7000-8002-000000000001';
const WON = '01900000-0000-7000-8002-000000000005';

type Problem = { detail: string; errors: Array<{ field: string; message: string }> };
const problem = (response: { json(): unknown }) => response.json() as Problem;
const fields = (response: { json(): unknown }) => problem(response).errors.map((e) => e.field);

async function created(client: Client, path: string, body: Record<string, unknown>) {
  const response = await client.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

/** A pipeline with an open, a won and a lost stage, ready to become the default. */
async function usablePipeline(name: string) {
  const pipeline = await created(admin, 'pipelines', { name, nameDe: `${name} DE` });
  const stage = (kind: string, stageName: string, probability: number) =>
    created(admin, 'pipeline-stages', { pipelineId: pipeline.id, name: stageName, kind, probability });
  const open = await stage('open', 'Talk', 30);
  const won = await stage('won', 'Signed', 100);
  const lost = await stage('lost', 'Gone', 0);
  return { pipeline, open, won, lost };
}

describe('pipelines and stages of a new installation', () => {
  it('hold the Sales pipeline with its stages in English and German, and the lost reasons', async () => {
    const pipelines = (await rep.get('/api/v1/pipelines')).json().data;
    expect(pipelines).toEqual([
      expect.objectContaining({
        id: SALES,
        name: 'Sales',
        nameDe: 'Vertrieb',
        isDefault: true,
        active: true,
      }),
    ]);
    const stages = (await rep.get(`/api/v1/pipeline-stages?filter[pipelineId]=${SALES}`)).json().data;
    expect(
      stages.map((s: Record<string, unknown>) => [s.name, s.nameDe, s.position, s.probability, s.kind]),
    ).toEqual([
      ['Prospecting', 'Akquise', 1, 10, 'open'],
      ['Qualification', 'Qualifizierung', 2, 20, 'open'],
      ['Proposal', 'Angebot', 3, 50, 'open'],
      ['Negotiation', 'Verhandlung', 4, 75, 'open'],
      ['Won', 'Gewonnen', 5, 100, 'won'],
      ['Lost', 'Verloren', 6, 0, 'lost'],
    ]);
    const reasons = (await marketing.get('/api/v1/lost-reasons')).json().data;
    expect(reasons.map((r: Record<string, unknown>) => `${String(r.name)}/${String(r.nameDe)}`)).toEqual([
      'Competitor/Wettbewerber',
      'No budget/Kein Budget',
      'No decision/Keine Entscheidung',
      'Price/Preis',
      'Timing/Zeitpunkt',
    ]);
  });

  it('are described in meta with German labels', async () => {
    const meta = (await admin.get('/api/v1/meta')).json().data as Array<{
      name: string;
      label: { de: string };
      fields: Array<{
        name: string;
        label: { de: string };
        options?: Array<{ value: string; label: object }>;
      }>;
    }>;
    const entity = (name: string) => meta.find((e) => e.name === name);
    const field = (name: string, fieldName: string) => entity(name)?.fields.find((f) => f.name === fieldName);
    expect(entity('opportunity')?.label.de).toBe('Verkaufschance');
    expect(entity('pipelineStage')?.label.de).toBe('Pipeline-Phase');
    expect(entity('lostReason')?.label.de).toBe('Verlustgrund');
    expect(field('opportunity', 'expectedCloseDate')?.label.de).toBe('Erwarteter Abschluss');
    expect(field('opportunity', 'status')?.options).toContainEqual({
      value: 'converted',
      label: { en: 'Converted', de: 'Umgewandelt' },
    });
    expect(field('pipelineStage', 'kind')?.options).toContainEqual({
      value: 'won',
      label: { en: 'Won', de: 'Gewonnen' },
    });
    expect(field('pipeline', 'nameDe')?.label.de).toBe('Name (Deutsch)');
  });
});

describe('the default pipeline', () => {
  it('is exactly one: making another the default takes the mark from the old one in the same write', async () => {
    const early = await admin.post('/api/v1/pipelines', { name: 'Empty', isDefault: true });
    expect(early.statusCode).toBe(409);
    expect(problem(early).detail).toMatch(/once it has an open, a won and a lost stage/);

    const { pipeline } = await usablePipeline('Enterprise');
    const moved = await manager.patch(`/api/v1/pipelines/${pipeline.id}`, { isDefault: true });
    expect(moved.statusCode, moved.body).toBe(200);
    const sales = (await admin.get(`/api/v1/pipelines/${SALES}`)).json().data;
    expect(sales).toMatchObject({ isDefault: false, version: 2 });
    const history = (await admin.get(`/api/v1/pipelines/${SALES}/history`)).json().data;
    expect(JSON.stringify(history)).toContain('isDefault');
    const defaults = (await admin.get('/api/v1/pipelines?filter[isDefault]=true')).json().data;
    expect(defaults.map((p: { id: string }) => p.id)).toEqual([pipeline.id]);

    // The mark only moves: it cannot be taken away, nor can its pipeline leave.
    const unset = await admin.patch(`/api/v1/pipelines/${pipeline.id}`, { isDefault: false });
    expect(unset.statusCode).toBe(409);
    expect(problem(unset).detail).toMatch(/make another pipeline the default instead/);
    const trash = await admin.delete(`/api/v1/pipelines/${pipeline.id}`);
    expect(trash.statusCode).toBe(409);
    const inactive = await admin.patch(`/api/v1/pipelines/${pipeline.id}`, { active: false });
    expect(inactive.statusCode).toBe(409);
    expect(fields(inactive)).toEqual(['active']);

    expect((await admin.patch(`/api/v1/pipelines/${SALES}`, { isDefault: true })).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/pipelines/${pipeline.id}`)).json().data.isDefault).toBe(false);
    expect((await admin.delete(`/api/v1/pipelines/${pipeline.id}`)).statusCode).toBe(200);
  });

  it('stays one when two pipelines are made the default at the same moment', async () => {
    const [a, b] = [await usablePipeline('Race A'), await usablePipeline('Race B')];
    const answers = await Promise.all(
      [a, b].map(({ pipeline }) => admin.patch(`/api/v1/pipelines/${pipeline.id}`, { isDefault: true })),
    );
    // Writers of the mark take turns: both succeed, and the later one holds it.
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
    const defaults = (await admin.get('/api/v1/pipelines?filter[isDefault]=true')).json().data;
    expect(defaults).toHaveLength(1);
    expect((await admin.patch(`/api/v1/pipelines/${SALES}`, { isDefault: true })).statusCode).toBe(200);
  });

  it('is changed by administrators and sales managers; others only read pipelines', async () => {
    expect((await rep.post('/api/v1/pipelines', { name: 'Mine' })).statusCode).toBe(403);
    expect((await marketing.patch(`/api/v1/pipelines/${SALES}`, { nameDe: 'X' })).statusCode).toBe(403);
    expect((await rep.post('/api/v1/competitors', { name: 'Rival' })).statusCode).toBe(403);
    await created(manager, 'competitors', { name: 'Rival Corp', website: 'https://rival.example' });
    expect((await marketing.get('/api/v1/opportunities')).statusCode).toBe(403);
  });
});

describe('stages', () => {
  it('keep one won and one lost stage per pipeline, with 100 % and 0 %', async () => {
    const { pipeline, won, lost } = await usablePipeline('Partners');
    const second = await admin.post('/api/v1/pipeline-stages', {
      pipelineId: pipeline.id,
      name: 'Won again',
      kind: 'won',
      probability: 100,
    });
    expect(second.statusCode).toBe(409);
    expect(problem(second).detail).toMatch(/already has its won stage \("Signed"\)/);
    const badWon = await admin.patch(`/api/v1/pipeline-stages/${won.id}`, { probability: 90 });
    expect(badWon.statusCode).toBe(422);
    expect(problem(badWon).errors).toEqual([expect.objectContaining({ field: 'probability' })]);

    for (const stage of [won, lost]) {
      const trash = await admin.delete(`/api/v1/pipeline-stages/${stage.id}`);
      expect(trash.statusCode).toBe(409);
      expect(problem(trash).detail).toMatch(
        new RegExp(`only ${stage.kind} stage of its pipeline, and a pipeline keeps one`),
      );
      const reopened = await admin.patch(`/api/v1/pipeline-stages/${stage.id}`, {
        kind: 'open',
        probability: 50,
      });
      expect(reopened.statusCode).toBe(409);
    }
    expect((await admin.patch(`/api/v1/pipeline-stages/${won.id}`, { name: 'Closed won' })).statusCode).toBe(
      200,
    );
  });

  it('keep an open stage, go last when no position is given, and leave only when empty', async () => {
    const { pipeline, open } = await usablePipeline('Renewals');
    const trashLastOpen = await admin.delete(`/api/v1/pipeline-stages/${open.id}`);
    expect(trashLastOpen.statusCode).toBe(409);
    expect(problem(trashLastOpen).detail).toMatch(
      /last open stage.*new opportunities start in an open stage/,
    );

    const extra = await created(admin, 'pipeline-stages', {
      pipelineId: pipeline.id,
      name: 'Follow-up',
      probability: 40,
    });
    expect(extra).toMatchObject({ position: 4, kind: 'open', folded: false });
    const customer = await created(admin, 'customers', { name: 'Stage Holder GmbH' });
    await created(admin, 'opportunities', {
      title: 'Held',
      customerId: customer.id,
      pipelineId: pipeline.id,
      stageId: extra.id,
    });
    const held = await admin.delete(`/api/v1/pipeline-stages/${extra.id}`);
    expect(held.statusCode).toBe(409);
    expect(problem(held).detail).toMatch(/1 opportunity is in it/);
    expect((await admin.delete(`/api/v1/pipelines/${pipeline.id}`)).statusCode).toBe(409);

    // A stage belongs to its pipeline for good, and a trashed pipeline takes no new stages.
    const moved = await admin.patch(`/api/v1/pipeline-stages/${extra.id}`, { pipelineId: SALES });
    expect(moved.statusCode).toBe(422);
    const empty = await created(admin, 'pipelines', { name: 'Short-lived' });
    expect((await admin.delete(`/api/v1/pipelines/${empty.id}`)).statusCode).toBe(200);
    const late = await admin.post('/api/v1/pipeline-stages', {
      pipelineId: empty.id,
      name: 'Late',
      probability: 10,
    });
    expect(late.statusCode).toBe(409);
  });

  it('of the default pipeline are where new opportunities start', async () => {
    const stages = (
      await admin.get(`/api/v1/pipeline-stages?filter[kind]=won&filter[pipelineId]=${SALES}`)
    ).json().data;
    expect(stages.map((s: { id: string }) => s.id)).toEqual([WON]);
    const customer = await created(admin, 'customers', { name: 'Default Start AG' });
    const opportunity = await created(rep, 'opportunities', { title: 'Start', customerId: customer.id });
    expect(opportunity).toMatchObject({ pipelineId: SALES, stageId: PROSPECTING });
  });
});
