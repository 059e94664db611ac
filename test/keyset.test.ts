import fc from 'fast-check';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineEntity } from '../src/core/entity.js';
import { registerRecordRoutes } from '../src/http/record-routes.js';
import { allModules } from '../src/modules/index.js';
import type { CrmModule } from '../src/modules/module.js';
import { type Client, type TestCrm, createTestCrm } from './harness.js';
import { recordTableSql } from './record-table.js';

const l = (en: string) => ({ en, de: en });

/** Sortable columns of several types, all nullable and drawn from a few values so duplicates abound. */
const item = defineEntity({
  name: 'keysetItem',
  table: 'keyset_items',
  tagged: false,
  label: l('Keyset item'),
  labelPlural: l('Keyset items'),
  titleField: 'name',
  fields: {
    name: { type: 'text', label: l('Name') },
    rank: { type: 'integer', label: l('Rank') },
    score: { type: 'number', label: l('Score') },
    amount: { type: 'currency', label: l('Amount') },
    share: { type: 'percent', label: l('Share') },
    due: { type: 'date', label: l('Due') },
    at: { type: 'datetime', label: l('At') },
    done: { type: 'boolean', label: l('Done') },
    stage: { type: 'select', label: l('Stage'), options: ['a', 'b'].map((v) => ({ value: v, label: l(v) })) },
  },
});

const testModule: CrmModule = {
  name: 'keyset-test',
  entities: [item],
  register: ({ app, records }) => registerRecordRoutes(app, records, item),
};

/** A row as inserted, with full precision: the model orders by these values, not by what the API rounds. */
type Model = Record<string, string | number | boolean | null> & { id: string };

// Lower-case ASCII words sort the same under every collation, so the model can compare them with `<`.
// Timestamps differ in microseconds only: a cursor that kept milliseconds would skip or repeat rows.
const micro = (n: number) => `2024-05-01T10:00:00.00000${n}Z`;
const rowArb = fc.record({
  name: fc.option(fc.constantFrom('alpha', 'bravo', 'bravos', 'charlie')),
  rank: fc.option(fc.integer({ min: -2, max: 2 })),
  score: fc.option(fc.constantFrom(-1.5, 0, 2.25, 1e10)),
  amount: fc.option(fc.constantFrom('-3.25', '0', '10.5', '10.50', '10.51')),
  share: fc.option(fc.constantFrom(0, 12.5, 100)),
  due: fc.option(fc.constantFrom('2024-01-31', '2024-02-01', '0999-12-31')),
  at: fc.option(fc.constantFrom(micro(1), micro(2), micro(3))),
  done: fc.option(fc.boolean()),
  stage: fc.option(fc.constantFrom('a', 'b')),
  createdAt: fc.constantFrom(micro(4), micro(5), micro(6)),
});
type RowValues = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;

const NUMERIC = new Set(['rank', 'score', 'amount', 'share']);
const SORTABLE = ['id', 'createdAt', ...Object.keys(item.fields)];

/** PostgreSQL's order: NULL after every value ascending, before every value descending. */
function compare(sort: Array<{ name: string; desc: boolean }>) {
  return (a: Model, b: Model): number => {
    for (const { name, desc } of sort) {
      const x = a[name] ?? null;
      const y = b[name] ?? null;
      if (x === y) continue;
      let c: number;
      if (x === null) c = 1;
      else if (y === null) c = -1;
      else if (NUMERIC.has(name)) c = Number(x) - Number(y);
      else c = x < y ? -1 : x > y ? 1 : 0;
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  };
}

let crm: TestCrm;
let api: Client;
const rows: Model[] = [];

async function insert(values: RowValues): Promise<Model> {
  const { createdAt, ...fields } = values;
  const id = uuidv7();
  await crm.database.db
    .insertInto(item.table)
    .values({ id, created_at: createdAt, updated_at: createdAt, ...fields })
    .execute();
  return { id, createdAt, ...fields };
}

beforeAll(async () => {
  crm = await createTestCrm({ modules: [...allModules, testModule] });
  await sql.raw(recordTableSql(item)).execute(crm.database.db);
  api = crm.as(await crm.createUser('CRM Administrator'));
  for (const values of fc.sample(rowArb, { numRuns: 45, seed: 4242 })) rows.push(await insert(values));
});
afterAll(() => crm?.close());

const sortArb = fc.uniqueArray(fc.record({ name: fc.constantFrom(...SORTABLE), desc: fc.boolean() }), {
  minLength: 1,
  maxLength: 4,
  selector: (k) => k.name,
});
/** A few filters with their meaning in the model, so paging is also checked on a subset. */
const FILTERS: Array<[string, (row: Model) => boolean]> = [
  ['', () => true],
  ['&filter[done]=true', (r) => r.done === true],
  ['&filter[rank][isNull]=false', (r) => r.rank !== null],
  ['&filter[name][in]=alpha,bravos', (r) => r.name === 'alpha' || r.name === 'bravos'],
  ['&filter[amount][gte]=10.5', (r) => r.amount !== null && Number(r.amount) >= 10.5],
];
const sortParam = (sort: Array<{ name: string; desc: boolean }>) =>
  sort.map((k) => `${k.desc ? '-' : ''}${k.name}`).join(',');
const withId = (sort: Array<{ name: string; desc: boolean }>) =>
  sort.some((k) => k.name === 'id') ? sort : [...sort, { name: 'id', desc: false }];

interface Page {
  data: Array<{ id: string }>;
  nextCursor: string | null;
}

/** Follows nextCursor to the end; `between` runs after each page (concurrent writers). */
async function pageThrough(query: string, limit: number, between?: () => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 500; pages++) {
    const response = await api.get(
      `/api/v1/keyset-items?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(response.statusCode).toBe(200);
    const page = response.json<Page>();
    expect(page.data.length).toBeLessThanOrEqual(limit);
    ids.push(...page.data.map((r) => r.id));
    cursor = page.nextCursor;
    if (!cursor) return ids;
    await between?.();
  }
  throw new Error('paging did not end');
}

describe('keyset pagination (model-based)', () => {
  it('visits every row once, in the order of one full query and of the model, for any sort and limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        sortArb,
        fc.integer({ min: 1, max: 20 }),
        fc.nat(FILTERS.length - 1),
        async (sort, limit, f) => {
          const [filter, keep] = FILTERS[f] as (typeof FILTERS)[number];
          const query = `sort=${sortParam(sort)}${filter}`;
          const full = (await api.get(`/api/v1/keyset-items?${query}&limit=500`)).json<Page>();
          expect(full.nextCursor).toBeNull();
          const fullIds = full.data.map((r) => r.id);
          expect(fullIds).toEqual(
            rows
              .filter(keep)
              .sort(compare(withId(sort)))
              .map((r) => r.id),
          );
          expect(await pageThrough(query, limit)).toEqual(fullIds);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('still visits every original row once, in order, while other rows are inserted and deleted', async () => {
    await fc.assert(
      fc.asyncProperty(
        sortArb,
        fc.integer({ min: 3, max: 12 }),
        fc.array(rowArb, { maxLength: 30 }),
        async (sort, limit, news) => {
          const added: string[] = [];
          const writer = async () => {
            const values = news.pop();
            if (values) added.push((await insert(values)).id);
            // A row inserted earlier in this run disappears again: the original rows must not notice.
            if (added.length > 2)
              await crm.database.db.deleteFrom(item.table).where('id', '=', added.shift()).execute();
          };
          try {
            const seen = await pageThrough(`sort=${sortParam(sort)}`, limit, writer);
            expect(new Set(seen).size).toBe(seen.length);
            const original = new Set(rows.map((r) => r.id));
            expect(seen.filter((id) => original.has(id))).toEqual(
              [...rows].sort(compare(withId(sort))).map((r) => r.id),
            );
          } finally {
            await crm.database.db
              .deleteFrom(item.table)
              .where('id', 'in', [...added, uuidv7()])
              .execute();
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('answers 400, never 500, when a cursor is edited to hold values its columns cannot read', async () => {
    const query = 'sort=at,rank,-due,amount';
    const first = (await api.get(`/api/v1/keyset-items?${query}&limit=2`)).json<Page>();
    expect(first.nextCursor).not.toBeNull();
    const decoded = JSON.parse(Buffer.from(first.nextCursor as string, 'base64url').toString()) as {
      s: string;
    };
    const id = rows[0]?.id as string;
    // Five values (four keys and the id): right in shape, wrong in content.
    const edits = [
      ['not a time', '1', '2024-01-01', '1', id],
      ['2024-01-01T00:00:00Z', '1e999', '2024-01-01', '1', id],
      ['2024-01-01T00:00:00Z', '1', '0000-01-01', '1', id],
      ['2024-01-01T00:00:00Z', '1', '2024-01-01', 'NaNa', id],
      ['2024-01-01T00:00:00Z', '1', '2024-01-01', '1', 'not-a-uuid'],
    ];
    for (const values of edits) {
      const cursor = Buffer.from(JSON.stringify({ s: decoded.s, v: values })).toString('base64url');
      const response = await api.get(`/api/v1/keyset-items?${query}&limit=2&cursor=${cursor}`);
      expect(response.statusCode, JSON.stringify(values)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });
});
