import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';
import { type NotificationInput, notify } from './index.js';

let crm: TestCrm;
let manager: TestUser;
let rep: TestUser;
let colleague: TestUser;
const BASE = '/api/v1/notifications';

beforeAll(async () => {
  crm = await createTestCrm();
  manager = await crm.createUser('Sales Manager', 'Mia Manager');
  rep = await crm.createUser('Sales Representative', 'Rita Rep');
  colleague = await crm.createUser('Sales Representative', 'Carl Colleague');
});
afterAll(() => crm?.close());

const leadAssigned = (userIds: string[], extra: Partial<NotificationInput> = {}): NotificationInput => ({
  userIds,
  kind: 'lead_assigned',
  title: 'Mia Manager assigned you the lead Acme GmbH',
  body: 'Follow up this week.',
  entity: 'lead',
  recordId: uuidv7(),
  actorId: manager.id,
  ...extra,
});
const send = (input: NotificationInput) => crm.database.db.transaction().execute((trx) => notify(trx, input));
const unreadCount = async (user: TestUser) => {
  const response = await crm.as(user).get(`${BASE}/unread-count`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data.count as number;
};
const list = async (user: TestUser, query = '') => {
  const response = await crm.as(user).get(`${BASE}${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { data: Array<Record<string, unknown>>; nextCursor: string | null };
};

describe('notify', () => {
  it('writes nothing when the transaction that caused it rolls back', async () => {
    const before = await unreadCount(rep);
    const failed = crm.database.db.transaction().execute(async (trx) => {
      expect(await notify(trx, leadAssigned([rep.id], { title: 'Rolled back' }))).toBe(1);
      throw new Error('the write that caused it failed');
    });
    await expect(failed).rejects.toThrow('the write that caused it failed');
    expect(await unreadCount(rep)).toBe(before);
    expect((await list(rep)).data.map((n) => n.title)).not.toContain('Rolled back');
  });

  it('tells each recipient once, never the actor, and skips ids that name no user', async () => {
    const recordId = uuidv7();
    const written = await send(
      leadAssigned([rep.id, manager.id, rep.id, colleague.id, uuidv7()], { recordId, title: 'Team lead' }),
    );
    expect(written).toBe(2);
    for (const user of [rep, colleague]) {
      const mine = (await list(user)).data.filter((n) => n.title === 'Team lead');
      expect(mine, user.email).toHaveLength(1);
      expect(mine[0]).toEqual({
        id: expect.any(String),
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
        readAt: null,
        kind: 'lead_assigned',
        title: 'Team lead',
        body: 'Follow up this week.',
        entity: 'lead',
        recordId,
        actorId: manager.id,
      });
    }
    expect((await list(manager)).data.map((n) => n.title)).not.toContain('Team lead');
    expect(await send(leadAssigned([manager.id]))).toBe(0);
  });

  it('shortens a long title instead of refusing the write, and refuses a kind that is not snake_case', async () => {
    await send(leadAssigned([colleague.id], { title: 'x'.repeat(500), body: undefined }));
    const newest = (await list(colleague, '?limit=1')).data[0];
    expect(newest?.title).toHaveLength(200);
    expect(newest?.title).toMatch(/…$/);
    expect(newest?.body).toBe('');
    await expect(send(leadAssigned([rep.id], { kind: 'Lead Assigned' }))).rejects.toThrow(/snake_case/);
  });
});

describe('the inbox', () => {
  let reader: TestUser;
  beforeAll(async () => {
    reader = await crm.createUser('Sales Representative', 'Nina Newcomer');
  });

  it('lists only your own notifications, newest first, page by page', async () => {
    // Seven in all: three in one transaction (one created_at, ordered by id), then four one by one.
    await crm.database.db.transaction().execute(async (trx) => {
      for (const n of [1, 2, 3]) await notify(trx, leadAssigned([reader.id], { title: `Note ${n}` }));
    });
    for (const n of [4, 5, 6, 7]) await send(leadAssigned([reader.id], { title: `Note ${n}` }));
    await send(leadAssigned([colleague.id], { title: 'Not for Nina' }));

    const titles: unknown[] = [];
    let query = '?limit=3';
    for (let pages = 1; ; pages++) {
      const page = await list(reader, query);
      expect(page.data.length).toBeLessThanOrEqual(3);
      titles.push(...page.data.map((n) => n.title));
      if (!page.nextCursor) {
        expect(pages).toBe(3);
        break;
      }
      query = `?limit=3&cursor=${page.nextCursor}`;
    }
    expect(titles).toEqual(['Note 7', 'Note 6', 'Note 5', 'Note 4', 'Note 3', 'Note 2', 'Note 1']);
    expect((await list(reader, '?limit=7')).nextCursor).toBeNull();
  });

  it('counts and lists unread ones, marks one or all read', async () => {
    expect(await unreadCount(reader)).toBe(7);
    const [newest, second] = (await list(reader, '?limit=2')).data;
    const read = await crm.as(reader).post(`${BASE}/${String(newest?.id)}/read`);
    expect(read.statusCode, read.body).toBe(200);
    const readAt = read.json().data.readAt as string;
    expect(readAt).toEqual(expect.any(String));
    // Reading it again keeps the first time.
    const again = await crm.as(reader).post(`${BASE}/${String(newest?.id)}/read`);
    expect(again.json().data.readAt).toBe(readAt);
    expect(await unreadCount(reader)).toBe(6);

    const unread = await list(reader, '?unread=true&limit=2');
    expect(unread.data.map((n) => n.id)).toEqual([second?.id, expect.any(String)]);
    const nextUnread = await list(reader, `?unread=true&limit=10&cursor=${String(unread.nextCursor)}`);
    expect(nextUnread.data).toHaveLength(4);
    expect(nextUnread.data.every((n) => n.readAt === null)).toBe(true);

    const all = await crm.as(reader).post(`${BASE}/read-all`);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json()).toEqual({ data: { count: 6 } });
    expect(await unreadCount(reader)).toBe(0);
    expect((await list(reader, '?unread=true')).data).toEqual([]);
    expect((await crm.as(reader).post(`${BASE}/read-all`)).json()).toEqual({ data: { count: 0 } });
  });

  it('answers 404 for another user’s notification and leaves it unread', async () => {
    const theirs = (await list(colleague, '?unread=true&limit=1')).data[0];
    const response = await crm.as(reader).post(`${BASE}/${String(theirs?.id)}/read`);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().detail).toBe(`No notification with id ${String(theirs?.id)}.`);
    expect((await crm.as(reader).post(`${BASE}/${uuidv7()}/read`)).statusCode).toBe(404);
    expect((await list(colleague, '?unread=true&limit=1')).data[0]?.id).toBe(theirs?.id);
  });

  it('refuses bad ids, cursors and parameters with 400 problem details', async () => {
    const api = crm.as(reader);
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cases = [
      api.post(`${BASE}/not-a-uuid/read`),
      api.get(`${BASE}?cursor=${forged(['2026-02-30T10:00:00Z', uuidv7()])}`),
      api.get(`${BASE}?cursor=${forged(['yesterday', uuidv7()])}`),
      api.get(`${BASE}?cursor=${forged(['2026-02-03T10:00:00.123456Z', 'x'])}`),
      api.get(`${BASE}?cursor=${forged({ a: 1 })}`),
      api.get(`${BASE}?cursor=bm90IGpzb24`),
      api.get(`${BASE}?cursor=%27%3B`),
      api.get(`${BASE}?limit=0`),
      api.get(`${BASE}?limit=101`),
      api.get(`${BASE}?unread=maybe`),
      api.get(`${BASE}?userId=${rep.id}`),
    ];
    for (const response of await Promise.all(cases)) {
      expect(response.statusCode, response.body).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const cursor = await api.get(`${BASE}?cursor=${forged(['2026-02-30T10:00:00Z', uuidv7()])}`);
    expect(cursor.json().errors).toEqual([
      { field: 'cursor', message: 'is not a cursor this list returned', code: 'invalid' },
    ]);
  });

  it('needs a login', async () => {
    for (const response of [
      await crm.anonymous.get(BASE),
      await crm.anonymous.get(`${BASE}/unread-count`),
      await crm.anonymous.post(`${BASE}/read-all`),
    ]) {
      expect(response.statusCode).toBe(401);
    }
  });

  it('costs one SQL statement per page and per count', async () => {
    const api = crm.as(reader);
    const inboxQueries = () => crm.queries.filter((q) => !/\b(api_keys|sessions)\b/.test(q)).length;
    await api.get(BASE);
    crm.queries.length = 0;
    await api.get(`${BASE}?limit=100`);
    expect(inboxQueries()).toBe(1);
    crm.queries.length = 0;
    await api.get(`${BASE}/unread-count`);
    expect(inboxQueries()).toBe(1);
  });
});
