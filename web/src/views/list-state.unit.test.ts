import { describe, expect, it } from 'vitest';
import { withoutRows } from './list-query';
import {
  fromSavedView,
  readViewState,
  sameList,
  toSavedQuery,
  toggleQuick,
  withFilter,
  withoutFilter,
  writeViewState,
} from './list-state';
import { formatSort, shiftSort } from './sort';
import { parseSort } from './sort';

describe('list state in the URL', () => {
  const url = new URLSearchParams(
    'tab=x&filter[name][contains]=GmbH&filter[customerType]=company&quick=mine,week,bogus&sort=-name,createdAt&cols=name,ownerId&view=v1',
  );

  it('reads filters (eq when no operator), quick filters it knows, sort, columns and the view', () => {
    expect(readViewState(url, 'name')).toEqual({
      filters: [
        { field: 'name', operator: 'contains', value: 'GmbH' },
        { field: 'customerType', operator: 'eq', value: 'company' },
      ],
      quick: ['mine', 'week'],
      sort: parseSort('-name,createdAt'),
      columns: ['name', 'ownerId'],
      viewId: 'v1',
    });
    const empty = readViewState(new URLSearchParams(), '-createdAt');
    expect(empty).toEqual({
      filters: [],
      quick: [],
      sort: parseSort('-createdAt'),
      columns: null,
      viewId: null,
    });
  });

  it('writes the state back, keeping parameters that are not the list’s', () => {
    const state = readViewState(url, 'name');
    const written = writeViewState(withoutFilter(state, 0), url);
    expect(written.get('tab')).toBe('x');
    expect(written.has('filter[name][contains]')).toBe(false);
    expect(written.get('filter[customerType][eq]')).toBe('company');
    expect(readViewState(writeViewState(state, url), 'name')).toEqual(state);
    const plain = writeViewState({ ...state, filters: [], quick: [], columns: null, viewId: null, sort: [] });
    expect(plain.toString()).toBe('');
  });

  it('keeps one condition per field and operator, the latest', () => {
    const state = readViewState(new URLSearchParams(), 'name');
    const twice = withFilter(withFilter(state, { field: 'name', operator: 'contains', value: 'a' }), {
      field: 'name',
      operator: 'contains',
      value: 'b',
    });
    expect(twice.filters).toEqual([{ field: 'name', operator: 'contains', value: 'b' }]);
    expect(toggleQuick(toggleQuick(state, 'mine'), 'week').quick).toEqual(['mine', 'week']);
    expect(toggleQuick(toggleQuick(state, 'mine'), 'mine').quick).toEqual([]);
  });

  it('round-trips through a saved view and tells a changed list from the saved one', () => {
    const state = readViewState(url, 'name');
    const saved = { id: 'v1', query: toSavedQuery(state), columns: state.columns };
    const applied = fromSavedView(saved, 'name');
    expect(applied).toEqual(state);
    expect(sameList(applied, state)).toBe(true);
    expect(sameList(applied, { ...state, filters: [...state.filters].reverse() })).toBe(true);
    expect(sameList(applied, toggleQuick(state, 'mine'))).toBe(false);
    expect(fromSavedView({ id: 'v2', query: {}, columns: null }, '-createdAt').sort).toEqual(
      parseSort('-createdAt'),
    );
  });
});

describe('multi-sort with shift', () => {
  it('adds a key, reverses it, then drops it; at most five keys', () => {
    const one = parseSort('name');
    expect(formatSort(shiftSort(one, 'createdAt'))).toBe('name,createdAt');
    expect(formatSort(shiftSort(parseSort('name,createdAt'), 'createdAt'))).toBe('name,-createdAt');
    expect(formatSort(shiftSort(parseSort('name,-createdAt'), 'createdAt'))).toBe('name');
    expect(formatSort(shiftSort(parseSort('a,b,c,d,e'), 'f'))).toBe('a,b,c,d,e');
  });
});

describe('withoutRows', () => {
  it('drops deleted rows from every loaded page and lowers the total', () => {
    const data = {
      pageParams: [null, 'c1'],
      pages: [
        { data: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c1', total: 4 },
        { data: [{ id: 'c' }, { id: 'd' }], nextCursor: null },
      ],
    };
    const after = withoutRows(data, new Set(['b', 'c']));
    expect(after?.pages.map((page) => page.data.map((row) => row.id))).toEqual([['a'], ['d']]);
    expect(after?.pages[0]?.total).toBe(2);
    expect(after?.pages[0]?.nextCursor).toBe('c1');
    expect(withoutRows(undefined, new Set(['a']))).toBeUndefined();
  });
});
