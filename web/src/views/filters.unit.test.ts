import { describe, expect, it } from 'vitest';
import {
  apiFilters,
  filterableFields,
  isComplete,
  joinValues,
  quickFiltersOf,
  splitValues,
  toFilter,
  uiOperatorOf,
  uiOperators,
  valueKind,
} from './filters';
import type { ViewState } from './list-state';
import type { EntityMeta, FieldMeta } from './meta';

const field = (
  name: string,
  type: string,
  operators: string[],
  extra: Partial<FieldMeta> = {},
): FieldMeta => ({
  name,
  type,
  label: { en: name, de: name },
  required: false,
  readOnly: false,
  writeOnly: false,
  system: false,
  filterable: operators.length > 0,
  sortable: true,
  operators,
  ...extra,
});

const ORDERED = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'nin', 'between', 'isNull'];
const customer = {
  name: 'customer',
  path: 'customers',
  owned: true,
  fields: [
    field('id', 'link', ['eq', 'ne', 'in', 'nin', 'isNull'], { system: true }),
    field('createdAt', 'datetime', ORDERED, { system: true }),
    field('ownerId', 'link', ['eq', 'ne', 'in', 'nin', 'isNull'], { system: true, target: 'user' }),
    field('name', 'text', ['eq', 'contains', 'startsWith', 'in', 'isNull']),
    field('customerType', 'select', ['eq', 'ne', 'in', 'nin', 'isNull']),
    field('active', 'boolean', ['eq', 'ne', 'isNull']),
    field('territoryId', 'link', ['eq', 'in', 'isNull', 'within'], { target: 'territory' }),
    field('revenue', 'currency', ORDERED),
    field('founded', 'date', ORDERED),
    field('tagIds', 'multilink', ['contains', 'in', 'isNull'], { target: 'tag' }),
    field('notes', 'json', []),
  ],
} as EntityMeta;
const byName = (name: string) => customer.fields.find((f) => f.name === name) as FieldMeta;

const state = (extra: Partial<ViewState>): ViewState => ({
  filters: [],
  quick: [],
  sort: [],
  columns: null,
  viewId: null,
  ...extra,
});
const context = {
  userId: 'me',
  timeZone: 'Europe/Berlin',
  firstDay: 1 as const,
  now: new Date('2026-07-22T10:00:00Z'),
};

describe('the filter builder’s choices', () => {
  it('offers the fields people filter by', () => {
    expect(filterableFields(customer).map((f) => f.name)).toEqual([
      'createdAt',
      'ownerId',
      'name',
      'customerType',
      'active',
      'territoryId',
      'revenue',
      'founded',
      'tagIds',
    ]);
  });

  it('names operators as people think of them, per type', () => {
    expect(uiOperators(byName('name'))).toEqual([
      'eq',
      'contains',
      'startsWith',
      'in',
      'isEmpty',
      'notEmpty',
    ]);
    expect(uiOperators(byName('active'))).toEqual(['eq', 'isEmpty', 'notEmpty']);
    expect(uiOperators(byName('createdAt'))).toEqual([
      'eq',
      'lt',
      'lte',
      'gt',
      'gte',
      'between',
      'isEmpty',
      'notEmpty',
    ]);
    expect(uiOperatorOf(toFilter(byName('name'), 'notEmpty', ''))).toBe('notEmpty');
    expect(toFilter(byName('name'), 'isEmpty', 'ignored')).toEqual({
      field: 'name',
      operator: 'isNull',
      value: 'true',
    });
  });

  it('asks for the value each type and operator needs', () => {
    expect(valueKind(byName('name'), 'contains')).toBe('text');
    expect(valueKind(byName('name'), 'in')).toBe('texts');
    expect(valueKind(byName('revenue'), 'gte')).toBe('number');
    expect(valueKind(byName('revenue'), 'between')).toBe('numberRange');
    expect(valueKind(byName('founded'), 'between')).toBe('dateRange');
    expect(valueKind(byName('createdAt'), 'lt')).toBe('date');
    expect(valueKind(byName('customerType'), 'eq')).toBe('option');
    expect(valueKind(byName('customerType'), 'nin')).toBe('options');
    expect(valueKind(byName('active'), 'eq')).toBe('boolean');
    expect(valueKind(byName('territoryId'), 'within')).toBe('link');
    expect(valueKind(byName('ownerId'), 'in')).toBe('links');
    expect(valueKind(byName('tagIds'), 'contains')).toBe('link');
    expect(valueKind(byName('tagIds'), 'in')).toBe('links');
    expect(valueKind(byName('name'), 'isEmpty')).toBe('none');
  });

  it('knows when a value is complete', () => {
    expect(isComplete('text', '  ')).toBe(false);
    expect(isComplete('numberRange', '1,')).toBe(false);
    expect(isComplete('numberRange', '1,5')).toBe(true);
    expect(isComplete('links', '')).toBe(false);
    expect(isComplete('none', '')).toBe(true);
  });

  it('writes lists with commas inside as JSON arrays', () => {
    expect(joinValues(['a', 'b'])).toBe('a,b');
    expect(joinValues(['Müller, Anna', 'b'])).toBe('["Müller, Anna","b"]');
    expect(splitValues('["Müller, Anna","b"]')).toEqual(['Müller, Anna', 'b']);
    expect(splitValues('a,b')).toEqual(['a', 'b']);
    expect(splitValues('')).toEqual([]);
  });
});

describe('apiFilters', () => {
  it('turns days on datetime fields into the instants of that day in the user’s zone', () => {
    const filters = [
      { field: 'createdAt', operator: 'eq', value: '2026-07-20' },
      { field: 'createdAt', operator: 'lte', value: '2026-07-31' },
      { field: 'founded', operator: 'lt', value: '2000-01-01' },
    ];
    expect(apiFilters(customer, state({ filters }), context)).toEqual([
      {
        field: 'createdAt',
        operator: 'between',
        value: '2026-07-19T22:00:00.000Z,2026-07-20T21:59:59.999999Z',
      },
      { field: 'createdAt', operator: 'lte', value: '2026-07-31T21:59:59.999999Z' },
      { field: 'founded', operator: 'lt', value: '2000-01-01' },
    ]);
  });

  it('adds the quick filters: mine, and created since the week began where the user is', () => {
    expect(apiFilters(customer, state({ quick: ['mine', 'week'] }), context)).toEqual([
      { field: 'ownerId', operator: 'eq', value: 'me' },
      { field: 'createdAt', operator: 'gte', value: '2026-07-19T22:00:00.000Z' },
    ]);
    const unowned = { ...customer, owned: false };
    expect(quickFiltersOf(unowned)).toEqual(['week']);
    expect(apiFilters(unowned, state({ quick: ['mine'] }), context)).toEqual([]);
  });

  it('drops conditions the entity cannot take (an old link or saved view)', () => {
    const filters = [
      { field: 'gone', operator: 'eq', value: 'x' },
      { field: 'name', operator: 'between', value: 'a,b' },
      { field: 'name', operator: 'contains', value: 'GmbH' },
    ];
    expect(apiFilters(customer, state({ filters }), context)).toEqual([
      { field: 'name', operator: 'contains', value: 'GmbH' },
    ]);
  });
});
