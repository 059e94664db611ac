import { describe, expect, it } from 'vitest';
import { canMerge, mergeableCount } from './merge';
import { keyFields, mergeBody } from './merge-body';
import type { EntityMeta } from './meta';

const entity = (path: string, update: 'all' | null = 'all'): EntityMeta =>
  ({
    name: path,
    path,
    permissions: { read: 'all', create: 'all', update, delete: 'all', export: null },
    fields: [{ name: 'primaryEmail' }, { name: 'updatedAt' }],
  }) as unknown as EntityMeta;

describe('merge in the list', () => {
  it('is offered for contacts and customers the user may change and delete', () => {
    expect(canMerge(entity('contacts'))).toBe(true);
    expect(canMerge(entity('customers'))).toBe(true);
    expect(canMerge(entity('tags'))).toBe(false);
    expect(canMerge(entity('contacts', null))).toBe(false);
  });

  it('takes two to eleven records (one survivor, at most ten merged)', () => {
    expect(mergeableCount(1)).toBe(false);
    expect(mergeableCount(2)).toBe(true);
    expect(mergeableCount(11)).toBe(true);
    expect(mergeableCount(12)).toBe(false);
  });

  it('shows only key fields the metadata knows', () => {
    expect(keyFields(entity('contacts'))).toEqual(['primaryEmail', 'updatedAt']);
  });

  it('merges every other selected record into the survivor, with its version when known', () => {
    expect(mergeBody(['a', 'b', 'c'], 'b', 4)).toEqual({
      survivorId: 'b',
      mergedIds: ['a', 'c'],
      version: 4,
    });
    expect(mergeBody(['a', 'b'], 'a', undefined)).toEqual({ survivorId: 'a', mergedIds: ['b'] });
  });
});
