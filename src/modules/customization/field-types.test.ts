import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../test/harness.js';

// Every type a custom field can have, on industries: created, written, read, filtered, sorted and paged like a
// built-in field, on both databases.
let crm: TestCrm;
let api: Client;
const territories: string[] = [];
const users: string[] = [];

beforeAll(async () => {
  crm = await createTestCrm();
  const admin = await crm.createUser('CRM Administrator', 'Type Admin');
  api = crm.as(admin);
  for (const name of ['North', 'South']) {
    territories.push((await api.post('/api/v1/territories', { name })).json().data.id);
  }
  users.push(admin.id, (await crm.createUser('Sales Representative')).id);
});
afterAll(() => crm?.close());

const options = ['a', 'b'].map((value) => ({ value, label: { en: value.toUpperCase(), de: value } }));

interface Case {
  type: string;
  extra?: Record<string, unknown>;
  /** Two values, the first sorting before the second. */
  values: () => [unknown, unknown];
  /** What the API answers for a value, if not the value itself. */
  shown?: (value: unknown) => unknown;
  /** A filter matching the first value only. */
  filter: () => string;
  sortable?: boolean;
}

const cases: Case[] = [
  { type: 'text', values: () => ['alpha', 'beta'], filter: () => 'contains]=lph', sortable: true },
  { type: 'longText', values: () => ['a long text', 'b long text'], filter: () => 'contains]=a long' },
  { type: 'integer', values: () => [3, 10], filter: () => 'lt]=5', sortable: true },
  { type: 'number', values: () => [1.5, 2.25], filter: () => 'lte]=1.5', sortable: true },
  {
    type: 'currency',
    values: () => ['10.5', '200'],
    shown: (v) => (v === '10.5' ? '10.50' : '200.00'),
    filter: () => 'eq]=10.50',
    sortable: true,
  },
  { type: 'percent', values: () => [12.5, 50], filter: () => 'between]=10,20', sortable: true },
  {
    type: 'date',
    values: () => ['2026-01-02', '2026-03-04'],
    filter: () => 'lt]=2026-02-01',
    sortable: true,
  },
  {
    type: 'datetime',
    values: () => ['2026-01-02T03:04:05Z', '2026-03-04T05:06:07Z'],
    filter: () => 'lt]=2026-02-01T00:00:00Z',
    sortable: true,
  },
  { type: 'select', extra: { options }, values: () => ['a', 'b'], filter: () => 'in]=a', sortable: true },
  { type: 'multiselect', extra: { options }, values: () => [['a'], ['b']], filter: () => 'contains]=a' },
  {
    type: 'link',
    extra: { target: 'territory' },
    values: () => [territories[0], territories[1]],
    filter: () => `eq]=${territories[0]}`,
    sortable: true,
  },
  {
    type: 'multilink',
    extra: { target: 'user' },
    values: () => [[users[0]], [users[1]]],
    filter: () => `contains]=${users[0]}`,
  },
  { type: 'boolean', values: () => [false, true], filter: () => 'eq]=false', sortable: true },
  {
    type: 'email',
    values: () => ['Ann@Example.com', 'bob@example.com'],
    shown: (v) => String(v).toLowerCase(),
    filter: () => 'eq]=ann@example.com',
    sortable: true,
  },
  {
    type: 'phone',
    values: () => ['+49 30 1', '+49 30 2'],
    filter: () => `startsWith]=${encodeURIComponent('+49 30 1')}`,
    sortable: true,
  },
  {
    type: 'url',
    values: () => ['https://a.example', 'https://b.example'],
    filter: () => 'contains]=a.example',
    sortable: true,
  },
];

describe('a custom field of each type', () => {
  it.each(cases)('$type: written, read, filtered, sorted and paged like a built-in field', async (c) => {
    const name = `f${c.type[0]?.toUpperCase()}${c.type.slice(1)}`;
    const created = await api.post('/api/v1/custom-fields', {
      entity: 'industry',
      name,
      type: c.type,
      labelEn: `Field ${c.type}`,
      labelDe: `Feld ${c.type}`,
      ...c.extra,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().data).toMatchObject({
      column: `cf_f_${c.type.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`)}`,
    });

    const [first, second] = c.values();
    const shown = (v: unknown) => (c.shown ? c.shown(v) : v);
    const ids: string[] = [];
    for (const [i, value] of [first, second, null].entries()) {
      const response = await api.post('/api/v1/industries', { name: `${name} ${i}`, [name]: value });
      expect(response.statusCode, response.body).toBe(201);
      const expected =
        value === null && c.type.startsWith('multi') ? [] : value === null ? null : shown(value);
      if (c.type === 'datetime' && value !== null) {
        expect(Date.parse(response.json().data[name])).toBe(Date.parse(value as string));
      } else {
        expect(response.json().data[name]).toEqual(expected);
      }
      ids.push(response.json().data.id);
    }
    const read = await api.get(`/api/v1/industries/${ids[0]}`);
    expect(read.json().data).toHaveProperty(name);

    const filtered = await api.get(`/api/v1/industries?filter[${name}][${c.filter()}`);
    expect(filtered.statusCode, filtered.body).toBe(200);
    expect(filtered.json().data.map((r: { id: string }) => r.id)).toEqual([ids[0]]);

    const present = await api.get(`/api/v1/industries?filter[${name}][isNull]=false&fields=id`);
    expect(present.json().data).toHaveLength(2);

    if (!c.sortable) {
      expect((await api.get(`/api/v1/industries?sort=${name}`)).statusCode).toBe(400);
      return;
    }
    // Keyset pages of one record each, descending: NULL first (PostgreSQL's order), then second, then first.
    const seen: string[] = [];
    let url = `/api/v1/industries?sort=-${name}&limit=1&filter[name][startsWith]=${name}`;
    for (let page = 0; page < 4; page++) {
      const response = await api.get(url);
      expect(response.statusCode, response.body).toBe(200);
      seen.push(...response.json().data.map((r: { id: string }) => r.id));
      const cursor = response.json().nextCursor as string | null;
      if (!cursor) break;
      url = `/api/v1/industries?sort=-${name}&limit=1&filter[name][startsWith]=${name}&cursor=${cursor}`;
    }
    expect(seen).toEqual([ids[2], ids[1], ids[0]]);
  });
});
