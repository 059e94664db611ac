import { describe, expect, it } from 'vitest';
import { columnWidth, listColumns, moveColumn } from './columns';
import { listUrl } from './list-query';
import type { EntityMeta, FieldMeta } from './meta';
import { formatSort, parseSort, toggleSort } from './sort';

describe('sort', () => {
  it('reads and writes the sort parameter', () => {
    const keys = parseSort('-createdAt, name');
    expect(keys).toEqual([
      { field: 'createdAt', descending: true },
      { field: 'name', descending: false },
    ]);
    expect(formatSort(keys)).toBe('-createdAt,name');
  });

  it('a header click leads with the column, reverses it on the next click, keeps one tie-breaker', () => {
    const byName = toggleSort(parseSort('-createdAt,id'), 'name');
    expect(formatSort(byName)).toBe('name,-createdAt');
    expect(formatSort(toggleSort(byName, 'name'))).toBe('-name,-createdAt');
    expect(formatSort(toggleSort(parseSort('email,name'), 'name'))).toBe('name,email');
  });
});

describe('listUrl', () => {
  it('encodes filters, sort, paging and the total as the API reads them', () => {
    const url = listUrl(
      'users',
      { sort: parseSort('-createdAt'), filters: [{ field: 'language', operator: 'in', value: 'de,en' }] },
      { cursor: 'abc', total: true, fields: ['id', 'email'] },
    );
    const params = new URL(url, 'http://x').searchParams;
    expect(new URL(url, 'http://x').pathname).toBe('/api/v1/users');
    expect(params.get('filter[language][in]')).toBe('de,en');
    expect(params.get('sort')).toBe('-createdAt');
    expect(params.get('limit')).toBe('50');
    expect(params.get('cursor')).toBe('abc');
    expect(params.get('total')).toBe('true');
    expect(params.get('fields')).toBe('id,email');
  });
});

const field = (name: string, type: string, extra: Partial<FieldMeta> = {}): FieldMeta => ({
  name,
  type,
  label: { en: name, de: name },
  required: false,
  readOnly: false,
  writeOnly: false,
  system: false,
  filterable: true,
  sortable: true,
  operators: [],
  ...extra,
});

describe('listColumns', () => {
  const entity = {
    titleField: 'name',
    fields: [
      field('id', 'link', { system: true }),
      field('updatedAt', 'datetime', { system: true }),
      field('code', 'text'),
      field('name', 'text'),
      field('notes', 'longText'),
      field('secret', 'password', { writeOnly: true }),
      field('email', 'email'),
      field('phone', 'phone'),
      field('city', 'text'),
    ],
  } as EntityMeta;

  it('defaults to the title, a few of the own fields that fit a cell, and the last change', () => {
    expect(listColumns(entity).map((f) => f.name)).toEqual(['name', 'code', 'email', 'phone', 'updatedAt']);
  });

  it('shows the asked columns in order, leaving out unknown and secret ones', () => {
    expect(listColumns(entity, ['email', 'nope', 'secret', 'name']).map((f) => f.name)).toEqual([
      'email',
      'name',
    ]);
  });
});

describe('column layout', () => {
  it('moves a column one place and leaves the ends alone', () => {
    expect(moveColumn(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveColumn(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveColumn(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('sizes columns by content and header; the title takes the room left', () => {
    expect(columnWidth(field('name', 'text'), 'name', 'Name')).toBeUndefined();
    expect(columnWidth(field('active', 'boolean'), 'name', 'Yes')).toBe(90);
    expect(columnWidth(field('ownerId', 'link'), 'name', 'Kundenbetreuerin im Vertrieb')).toBeGreaterThan(
      180,
    );
    expect(columnWidth(field('groupId', 'link'), 'name', 'Customer group')).toBe(150);
    const status = {
      ...field('status', 'select'),
      options: [
        { value: 'open', label: { en: 'Open', de: 'Offen' } },
        { value: 'lost', label: { en: 'Lost Quotation', de: 'Verlorenes Angebot' } },
      ],
    };
    expect(columnWidth(status, 'name', 'Status')).toBe(167);
  });
});
