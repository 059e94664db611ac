import fc from 'fast-check';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineEntity } from '../src/core/entity.js';
import { registerRecordRoutes } from '../src/http/record-routes.js';
import { allModules } from '../src/modules/index.js';
import type { CrmModule } from '../src/modules/module.js';
import { type TestCrm, type TestUser, createTestCrm } from './harness.js';
import { recordTableSql } from './record-table.js';

/**
 * Lists in the "own" and "team" scopes read the owners' rows and the rows shared with the actor as two parts and
 * merge them (src/core/record-reads.ts). Checked here against a model: every visible row once, in the list's
 * order, whatever the sort, limit and filter, with shared rows of other owners, shared rows the actor owns anyway,
 * rows without an owner, trashed rows, and NULL sort keys.
 */

const l = (en: string) => ({ en, de: en });

const note = defineEntity({
  name: 'scopedNote',
  table: 'scoped_notes',
  tagged: false,
  label: l('Scoped note'),
  labelPlural: l('Scoped notes'),
  titleField: 'name',
  fields: {
    name: { type: 'text', label: l('Name') },
    rank: { type: 'integer', label: l('Rank') },
  },
});

const testModule: CrmModule = {
  name: 'scoped-lists-test',
  entities: [note],
  register: ({ app, records }) => registerRecordRoutes(app, records, note),
};

type Owner = 'rep' | 'peer' | 'outsider' | 'nobody';
interface Model {
  id: string;
  name: string | null;
  rank: number | null;
  createdAt: string;
  owner: Owner;
  /** Who the row is shared with. */
  shared: Array<'rep' | 'manager'>;
  trashed: boolean;
}

let crm: TestCrm;
const users = {} as Record<'rep' | 'peer' | 'outsider' | 'manager', TestUser>;
const rows: Model[] = [];

const rowArb = fc.record({
  name: fc.option(fc.constantFrom('alpha', 'bravo', 'charlie')),
  rank: fc.option(fc.integer({ min: 0, max: 2 })),
  createdAt: fc.constantFrom('2024-05-01T10:00:00.000001Z', '2024-05-01T10:00:00.000002Z'),
  owner: fc.constantFrom<Owner>('rep', 'peer', 'outsider', 'nobody'),
  shared: fc.subarray(['rep', 'manager'] as Array<'rep' | 'manager'>),
  trashed: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
});

beforeAll(async () => {
  crm = await createTestCrm({ modules: [...allModules, testModule] });
  await sql.raw(recordTableSql(note)).execute(crm.database.db);
  users.rep = await crm.createUser('Sales Representative', 'Rep');
  users.peer = await crm.createUser('Sales Representative', 'Peer');
  users.outsider = await crm.createUser('Sales Representative', 'Outsider');
  users.manager = await crm.createUser('Sales Manager', 'Manager');
  const admin = crm.as(await crm.createUser('CRM Administrator'));
  const team = await admin.post('/api/v1/sales-teams', {
    name: 'Scoped',
    managerId: users.manager.id,
    memberIds: [users.rep.id, users.peer.id],
  });
  expect(team.statusCode).toBe(201);
  for (const values of fc.sample(rowArb, { numRuns: 60, seed: 7 })) {
    const id = uuidv7();
    const ownerId = values.owner === 'nobody' ? null : users[values.owner].id;
    await crm.database.db
      .insertInto(note.table)
      .values({
        id,
        created_at: values.createdAt,
        updated_at: values.createdAt,
        owner_id: ownerId,
        deleted_at: values.trashed ? values.createdAt : null,
        name: values.name,
        rank: values.rank,
      })
      .execute();
    for (const user of values.shared) {
      await crm.database.db
        .insertInto('record_shares')
        .values({ entity: note.name, record_id: id, user_id: users[user].id })
        .execute();
    }
    rows.push({ id, ...values });
  }
});
afterAll(() => crm?.close());

const SORTABLE = ['name', 'rank', 'createdAt', 'id'] as const;
type Sort = Array<{ name: (typeof SORTABLE)[number]; desc: boolean }>;

/** PostgreSQL's order: NULL after every value ascending, before every value descending; id last. */
function compare(sort: Sort) {
  const keys = sort.some((k) => k.name === 'id') ? sort : [...sort, { name: 'id' as const, desc: false }];
  return (a: Model, b: Model): number => {
    for (const { name, desc } of keys) {
      const x = a[name];
      const y = b[name];
      if (x === y) continue;
      const c = x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
      return desc ? -c : c;
    }
    return 0;
  };
}

async function pageThrough(user: TestUser, query: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const url = `/api/v1/scoped-notes?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await crm.as(user).get(url);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<{ data: Array<{ id: string }>; nextCursor: string | null }>();
    ids.push(...page.data.map((r) => r.id));
    cursor = page.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('paging did not end');
}

const sortArb = fc.uniqueArray(fc.record({ name: fc.constantFrom(...SORTABLE), desc: fc.boolean() }), {
  minLength: 1,
  maxLength: 3,
  selector: (k) => k.name,
});

describe('lists in the own and team scopes', () => {
  const cases = [
    // Own rows and rows shared with the representative, whoever owns them (or nobody).
    { who: 'rep' as const, visible: (r: Model) => r.owner === 'rep' || r.shared.includes('rep') },
    // The team's rows (the manager's team: rep and peer) and rows shared with the manager.
    {
      who: 'manager' as const,
      visible: (r: Model) => r.owner === 'rep' || r.owner === 'peer' || r.shared.includes('manager'),
    },
  ];
  for (const { who, visible } of cases) {
    it(`show ${who === 'rep' ? 'own and shared' : "the team's"} rows once each, in order, page by page`, async () => {
      await fc.assert(
        fc.asyncProperty(
          sortArb,
          fc.integer({ min: 1, max: 9 }),
          fc.boolean(),
          async (sort, limit, trash) => {
            const param = sort.map((k) => `${k.desc ? '-' : ''}${k.name}`).join(',');
            const query = `sort=${param}${trash ? '&trash=true' : ''}`;
            const expected = rows
              .filter((r) => visible(r) && r.trashed === trash)
              .sort(compare(sort))
              .map((r) => r.id);
            expect(await pageThrough(users[who], query, limit)).toEqual(expected);
          },
        ),
        { numRuns: 30 },
      );
    });
  }

  it('count the same rows as they list', async () => {
    const response = await crm.as(users.rep).get('/api/v1/scoped-notes?total=true&limit=1&filter[rank]=1');
    const expected = rows.filter(
      (r) => (r.owner === 'rep' || r.shared.includes('rep')) && !r.trashed && r.rank === 1,
    );
    expect(response.json().total).toBe(expected.length);
  });
});
