import { describe, expect, it } from 'vitest';
import { grantOf, inheritAll, scopesFor, setGrant } from './grants';

const base = { '*': { read: 'all', create: 'own' }, customer: { read: 'team' } } as const;

describe('role grants', () => {
  it('reads an entity’s own entry, else the wildcard, and an action missing from an entry as none', () => {
    expect(grantOf(base, 'customer', 'read')).toEqual({ scope: 'team', inherited: false });
    expect(grantOf(base, 'customer', 'create')).toEqual({ scope: null, inherited: false });
    expect(grantOf(base, 'territory', 'create')).toEqual({ scope: 'own', inherited: true });
    expect(grantOf(base, '*', 'delete')).toEqual({ scope: null, inherited: false });
  });

  it('copies the wildcard into an entity’s first entry, so its other actions keep their scope', () => {
    const next = setGrant(base, 'territory', 'delete', 'all');
    expect(next.territory).toEqual({ read: 'all', create: 'own', delete: 'all' });
    expect(setGrant(next, 'territory', 'read', null).territory).toEqual({ create: 'own', delete: 'all' });
    expect(inheritAll(next, 'territory')).toEqual(base);
    expect(base).not.toHaveProperty('territory');
  });

  it('offers only "all" for records without owners', () => {
    expect(scopesFor(false)).toEqual(['all']);
    expect(scopesFor(true)).toEqual(['own', 'team', 'all']);
  });
});
