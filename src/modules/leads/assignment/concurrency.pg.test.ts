import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../../test/harness.js';

/**
 * Assignment under concurrency, on PostgreSQL (several connections; PGlite serves one at a time): 100 leads
 * created at once through the HTTP API, every request in its own transaction on a pool of 10 connections.
 */

let crm: TestCrm;
let admin: TestUser;
let api: Client;

beforeAll(async () => {
  crm = await createTestCrm();
  admin = await crm.createUser('CRM Administrator', 'Parallel Admin');
  api = crm.as(admin);
});
afterAll(() => crm?.close());

async function created(path: string, body: Record<string, unknown>) {
  const response = await api.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data as { id: string };
}
const reps = async (n: number) => {
  const users: TestUser[] = [];
  for (let i = 0; i < n; i++)
    users.push(await crm.createUser('Sales Representative', `Parallel ${uuidv7()}`));
  return users;
};
const source = async () => (await created('lead-sources', { name: `Source ${uuidv7()}` })).id;

/** Creates `n` leads at once and returns how many each owner got. */
async function createInParallel(n: number, sourceId: string): Promise<Map<string, number>> {
  const responses = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      api.post('/api/v1/leads', { lastName: `Parallel ${i} ${uuidv7()}`, sourceId }),
    ),
  );
  const counts = new Map<string, number>();
  for (const response of responses) {
    expect(response.statusCode, response.body).toBe(201);
    const owner = response.json().data.ownerId as string;
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  return counts;
}

/** What the log says each rep got today: what capacities count. */
async function logged(userIds: string[]): Promise<number[]> {
  const { rows } = await sql<{ user_id: string; n: number }>`SELECT user_id, count(*)::int AS n
    FROM lead_assignments WHERE user_id = ANY(CAST(${userIds} AS uuid[])) GROUP BY user_id`.execute(
    crm.database.db,
  );
  return userIds.map((id) => rows.find((row) => row.user_id === id)?.n ?? 0);
}

describe('assignment under concurrency', () => {
  it('keeps round robin fair to within one lead when 100 leads are created at once', async () => {
    const team = await reps(3);
    const sourceId = await source();
    await created('assignment-rules', {
      name: 'Parallel',
      sourceIds: [sourceId],
      memberIds: team.map((r) => r.id),
    });
    const counts = await createInParallel(100, sourceId);
    const perRep = team.map((r) => counts.get(r.id) ?? 0);
    expect(perRep.reduce((a, b) => a + b)).toBe(100);
    expect(
      Math.max(...perRep) - Math.min(...perRep),
      `leads per rep: ${perRep.join(', ')}`,
    ).toBeLessThanOrEqual(1);
    expect(await logged(team.map((r) => r.id))).toEqual(perRep);
  });

  it('never gives a rep more than their capacity, and the leads beyond it keep their creator', async () => {
    const team = await reps(3);
    for (const [i, member] of team.entries()) {
      await created('rep-capacities', { userId: member.id, maxPerDay: 10 + i, maxPer30Days: 100 });
    }
    const sourceId = await source();
    await created('assignment-rules', {
      name: 'Capped',
      sourceIds: [sourceId],
      memberIds: team.map((r) => r.id),
    });
    const counts = await createInParallel(100, sourceId);
    expect(team.map((r) => counts.get(r.id) ?? 0)).toEqual([10, 11, 12]);
    expect(counts.get(admin.id)).toBe(100 - 33);
  });

  it('holds a rep’s capacity across the rules that name them, created at the same moment', async () => {
    const [shared] = await reps(1);
    if (!shared) throw new Error('no rep');
    await created('rep-capacities', { userId: shared.id, maxPerDay: 15 });
    const [first, second] = [await source(), await source()];
    await created('assignment-rules', { name: 'First', sourceIds: [first], memberIds: [shared.id] });
    await created('assignment-rules', { name: 'Second', sourceIds: [second], memberIds: [shared.id] });
    const [a, b] = await Promise.all([createInParallel(50, first), createInParallel(50, second)]);
    expect((a.get(shared.id) ?? 0) + (b.get(shared.id) ?? 0)).toBe(15);
    expect(await logged([shared.id])).toEqual([15]);
  });
});
