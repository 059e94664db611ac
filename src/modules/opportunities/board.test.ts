import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../test/harness.js';

/**
 * The Kanban board (board.ts) and moves with ranks (move.ts). Each group works in a pipeline of its own, so
 * counts and orders do not depend on the other groups. On PostgreSQL the parallel moves run on a pool of 10
 * connections: the real test of the column lock.
 */

let crm: TestCrm;
let admin: Client;
let rep: Client;
let otherRep: Client;
let repId: string;
/** Each user's own customer: a rep links only records they can read. */
const customers = new Map<Client, string>();

beforeAll(async () => {
  crm = await createTestCrm();
  admin = crm.as(await crm.createUser('CRM Administrator'));
  const repUser = await crm.createUser('Sales Representative', 'Board Rep');
  repId = repUser.id;
  rep = crm.as(repUser);
  otherRep = crm.as(await crm.createUser('Sales Representative', 'Other Rep'));
  for (const [i, client] of [rep, otherRep].entries()) {
    customers.set(client, (await created(client, 'customers', { name: `Board Customer ${i}` })).id);
  }
});
afterAll(() => crm?.close());

interface Card {
  id: string;
  title: string;
  rank: string;
  stageId: string;
  version: number;
}
interface Column {
  id: string;
  name: string;
  kind: string;
  probability: number;
  folded: boolean;
  count: number;
  sums: Array<{ currency: string; amount: string; weighted: string }>;
  cards: Card[];
  nextCursor: string | null;
}

async function created(client: Client, path: string, body: Record<string, unknown>) {
  const response = await client.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

let pipelines = 0;
/** A pipeline of two open stages, won and lost. */
async function pipeline() {
  const { id } = await created(admin, 'pipelines', { name: `Board ${++pipelines}` });
  const stage = (name: string, kind: string, probability: number) =>
    created(admin, 'pipeline-stages', { pipelineId: id, name, kind, probability });
  const talk = await stage('Talk', 'open', 20);
  const offer = await stage('Offer', 'open', 50);
  const won = await stage('Signed', 'won', 100);
  const lost = await stage('Gone', 'lost', 0);
  return { id, talk: talk.id as string, offer: offer.id as string, won: won.id, lost: lost.id as string };
}
type Pipeline = Awaited<ReturnType<typeof pipeline>>;

async function card(client: Client, where: Pipeline, title: string, extra: Record<string, unknown> = {}) {
  const body = {
    title,
    customerId: customers.get(client),
    pipelineId: where.id,
    stageId: where.talk,
    ...extra,
  };
  return (await created(client, 'opportunities', body)) as Card;
}

async function board(client: Client, query: string): Promise<Column[]> {
  const response = await client.get(`/api/v1/opportunities/board?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data.columns;
}

/** Titles of a column, in board order, as the admin sees it (every card). */
async function titles(stageId: string): Promise<string[]> {
  const response = await admin.get(`/api/v1/opportunities/board/column?stageId=${stageId}&limit=500`);
  expect(response.statusCode, response.body).toBe(200);
  const cards = response.json().data as Card[];
  return cards.map((c) => c.title);
}

function move(client: Client, id: string, body: Record<string, unknown>) {
  return client.post(`/api/v1/opportunities/${id}/move`, body);
}

describe('the board', () => {
  it('lists the stages in order with counts and exact sums per currency, cards in rank order', async () => {
    const p = await pipeline();
    await card(rep, p, 'A', { amount: '100.10' });
    await card(rep, p, 'B', { amount: '0.05' });
    await card(rep, p, 'C', { amount: '333.33', currency: 'USD' });
    await card(rep, p, 'D');
    await card(rep, p, 'E', { amount: '0.01', probability: 33.3333 });
    const columns = await board(admin, `pipelineId=${p.id}`);
    expect(columns.map((c) => [c.name, c.kind, c.probability, c.folded, c.count])).toEqual([
      ['Talk', 'open', 20, false, 5],
      ['Offer', 'open', 50, false, 0],
      ['Signed', 'won', 100, false, 0],
      ['Gone', 'lost', 0, false, 0],
    ]);
    const [talk, offer] = columns as [Column, Column];
    // 100.10 × 20 % + 0.05 × 20 % + 0.01 × 33.3333 %, kept exact; USD apart.
    expect(talk.sums).toEqual([
      { currency: 'EUR', amount: '100.16', weighted: '20.03333333' },
      { currency: 'USD', amount: '333.33', weighted: '66.666' },
    ]);
    expect(talk.cards.map((c) => c.title)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(talk.cards[0]).toMatchObject({ amount: '100.10', currency: 'EUR', probability: 20, priority: 0 });
    expect(offer).toMatchObject({ count: 0, sums: [], cards: [], nextCursor: null });
  });

  it('applies the list view’s filters to cards, counts and sums', async () => {
    const p = await pipeline();
    await card(rep, p, 'Euro', { amount: '10.00' });
    await card(rep, p, 'Dollar', { amount: '20.00', currency: 'USD' });
    const [talk] = await board(admin, `pipelineId=${p.id}&filter[currency]=USD`);
    expect(talk).toMatchObject({ count: 1, sums: [{ currency: 'USD', amount: '20.00', weighted: '4.00' }] });
    expect(talk?.cards.map((c) => c.title)).toEqual(['Dollar']);
    const bad = await admin.get(`/api/v1/opportunities/board?pipelineId=${p.id}&filter[nope]=1`);
    expect(bad.statusCode).toBe(400);
  });

  it('pages a column by cursor', async () => {
    const p = await pipeline();
    for (const title of ['1', '2', '3', '4', '5']) await card(rep, p, title);
    const [talk] = await board(admin, `pipelineId=${p.id}&limit=2`);
    expect(talk?.cards.map((c) => c.title)).toEqual(['1', '2']);
    const seen = [...(talk?.cards ?? [])].map((c) => c.title);
    let cursor = talk?.nextCursor ?? null;
    while (cursor) {
      const url = `/api/v1/opportunities/board/column?stageId=${p.talk}&limit=2&cursor=${cursor}`;
      const response = await admin.get(url);
      expect(response.statusCode, response.body).toBe(200);
      const pageData = response.json() as { data: Card[]; nextCursor: string | null };
      seen.push(...pageData.data.map((c) => c.title));
      cursor = pageData.nextCursor;
    }
    expect(seen).toEqual(['1', '2', '3', '4', '5']);
  });

  it('shows a sales representative only their own cards, counts and sums', async () => {
    const p = await pipeline();
    await card(rep, p, 'Mine', { amount: '5.00' });
    const theirs = await card(otherRep, p, 'Theirs', { amount: '7.00' });
    const [mine] = await board(rep, `pipelineId=${p.id}`);
    expect(mine).toMatchObject({ count: 1, sums: [{ currency: 'EUR', amount: '5.00', weighted: '1.00' }] });
    expect(mine?.cards.map((c) => c.title)).toEqual(['Mine']);
    const [all] = await board(admin, `pipelineId=${p.id}`);
    expect(all?.count).toBe(2);
    // Another's card is not there for the rep: not to move, not as a neighbour.
    expect((await move(rep, theirs.id, { stageId: p.offer })).statusCode).toBe(404);
    const own = await card(rep, p, 'Mine 2');
    const next = await move(rep, own.id, { stageId: p.talk, afterId: theirs.id });
    expect(next.statusCode).toBe(422);
  });

  it('keeps the unfiltered sums equal to counting the cards, through every kind of write', async () => {
    const p = await pipeline();
    const a = await card(rep, p, 'A', { amount: '10.10', probability: 33 });
    const b = await card(rep, p, 'B', { amount: '0.05', currency: 'USD' });
    const c = await card(otherRep, p, 'C', { amount: '99.99' });
    const d = await card(otherRep, p, 'D');
    const patch = (id: string, body: Record<string, unknown>) =>
      admin.patch(`/api/v1/opportunities/${id}`, body);
    expect((await patch(a.id, { amount: '12.34', probability: 7.5 })).statusCode).toBe(200);
    expect((await patch(b.id, { currency: 'EUR', stageId: p.offer })).statusCode).toBe(200);
    expect((await move(rep, a.id, { stageId: p.offer, beforeId: b.id })).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/opportunities/${c.id}/shares`, { userId: repId })).statusCode).toBe(
      204,
    );
    expect((await admin.delete(`/api/v1/opportunities/${d.id}`)).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/opportunities/${d.id}/restore`)).statusCode).toBe(200);
    const bulk = await admin.patch('/api/v1/opportunities/bulk', {
      items: [
        { id: c.id, amount: '1.01' },
        { id: d.id, amount: '2.02', ownerId: repId },
      ],
    });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect((await admin.delete(`/api/v1/opportunities/${a.id}`)).statusCode).toBe(200);
    for (const client of [admin, rep, otherRep]) {
      const counted = await board(client, `pipelineId=${p.id}&filter[title][isNull]=false`);
      const kept = await board(client, `pipelineId=${p.id}`);
      expect(kept.map(({ count, sums }) => ({ count, sums }))).toEqual(
        counted.map(({ count, sums }) => ({ count, sums })),
      );
    }
    const [talk, offer] = await board(rep, `pipelineId=${p.id}`);
    // The rep sees the shared C (1.01 at 20 %) and D (2.02 at 20 %), now theirs, and B in Offer.
    expect(talk).toMatchObject({ count: 2, sums: [{ currency: 'EUR', amount: '3.03', weighted: '0.606' }] });
    expect(offer).toMatchObject({ count: 1, sums: [{ currency: 'EUR', amount: '0.05', weighted: '0.025' }] });
  });
});

describe('moving a card', () => {
  it('reorders within a column and across columns, keeping the order and the stage rules', async () => {
    const p = await pipeline();
    const [a, b, c] = [await card(rep, p, 'A'), await card(rep, p, 'B'), await card(rep, p, 'C')];
    let response = await move(rep, c.id, { stageId: p.talk, afterId: a.id });
    expect(response.statusCode, response.body).toBe(200);
    expect(await titles(p.talk)).toEqual(['A', 'C', 'B']);
    response = await move(rep, b.id, { stageId: p.talk, beforeId: a.id });
    expect(await titles(p.talk)).toEqual(['B', 'A', 'C']);
    // Across: probability and stage history follow the stage as with a PATCH.
    response = await move(rep, a.id, { stageId: p.offer });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data).toMatchObject({ stageId: p.offer, probability: 50 });
    response = await move(rep, b.id, { stageId: p.offer, beforeId: a.id });
    response = await move(rep, c.id, { stageId: p.offer, afterId: b.id, beforeId: a.id });
    expect(response.statusCode, response.body).toBe(200);
    expect(await titles(p.offer)).toEqual(['B', 'C', 'A']);
    expect(await titles(p.talk)).toEqual([]);
    const history = await crm.database.db
      .selectFrom('opportunity_stage_changes')
      .select('to_stage_id')
      .where('opportunity_id', '=', a.id)
      .orderBy('changed_at')
      .execute();
    expect(history.map((h) => h.to_stage_id)).toEqual([p.talk, p.offer]);
    // A stale version is refused.
    const stale = await move(rep, a.id, { stageId: p.talk, version: 1 });
    expect(stale.statusCode).toBe(412);
  });

  it('refuses a neighbour outside the target stage with 422', async () => {
    const p = await pipeline();
    const a = await card(rep, p, 'A');
    const b = await card(rep, p, 'B');
    const response = await move(rep, a.id, { stageId: p.offer, afterId: b.id });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(['afterId']);
    const reversed = await move(rep, b.id, { stageId: p.talk, afterId: a.id, beforeId: a.id });
    expect(reversed.statusCode).toBe(422);
  });

  it('refuses the lost stage as a PATCH does, leaving the card where it was', async () => {
    const p = await pipeline();
    const a = await card(rep, p, 'A');
    const response = await move(rep, a.id, { stageId: p.lost });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0].field).toBe('stageId');
    expect(await titles(p.talk)).toEqual(['A']);
  });

  it('puts new cards, stage changes by PATCH and restored cards whose rank was taken at the end', async () => {
    const p = await pipeline();
    const a = await card(rep, p, 'A');
    const b = await card(rep, p, 'B');
    expect((await rep.delete(`/api/v1/opportunities/${b.id}`)).statusCode).toBe(200);
    const c = await card(rep, p, 'C');
    expect(c.rank).toBe(b.rank);
    expect((await rep.post(`/api/v1/opportunities/${b.id}/restore`)).statusCode).toBe(200);
    expect(await titles(p.talk)).toEqual(['A', 'C', 'B']);
    await card(rep, p, 'D', { stageId: p.offer });
    const patched = await rep.patch(`/api/v1/opportunities/${a.id}`, { stageId: p.offer });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(await titles(p.offer)).toEqual(['D', 'A']);
  });

  it('gives 20 parallel moves into the same place distinct ranks and one consistent order', async () => {
    const p = await pipeline();
    const first = await card(rep, p, 'first', { stageId: p.offer });
    const last = await card(rep, p, 'last', { stageId: p.offer });
    const cards: Card[] = [];
    for (let i = 0; i < 20; i++) cards.push(await card(rep, p, `m${i}`));
    const responses = await Promise.all(
      cards.map((c) => move(rep, c.id, { stageId: p.offer, afterId: first.id, beforeId: last.id })),
    );
    for (const response of responses) expect(response.statusCode, response.body).toBe(200);
    const column = await admin.get(`/api/v1/opportunities/board/column?stageId=${p.offer}&limit=500`);
    const landed = column.json().data as Card[];
    expect(landed).toHaveLength(22);
    expect(landed[0]?.title).toBe('first');
    expect(landed.at(-1)?.title).toBe('last');
    const ranks = landed.map((c) => c.rank);
    expect(new Set(ranks).size).toBe(22);
    // Byte order (COLLATE "C") is the order the board returns.
    expect([...ranks].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(ranks);
    const [, offer] = await board(admin, `pipelineId=${p.id}`);
    expect(offer?.count).toBe(22);
  });
});
