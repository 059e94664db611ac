import { describe, expect, it } from 'vitest';
import { ApiError } from '../../app/api';
import { duplicatesOf, withDuplicates } from './duplicates';

const problem = (status: number, type: string, extra: Record<string, unknown> = {}) =>
  new ApiError(
    status,
    { type: `https://open-crm.dev/problems/${type}`, title: 'x', status, ...extra },
    undefined,
  );

describe('the duplicates problem', () => {
  it('reads the candidates and the count of hidden ones', () => {
    const error = problem(409, 'duplicates', {
      candidates: [{ id: 'c1', title: 'Anna Müller', matches: ['email'] }, { bogus: true }],
      hiddenCandidates: 2,
    });
    expect(duplicatesOf(error)).toEqual({
      candidates: [{ id: 'c1', title: 'Anna Müller', matches: ['email'] }],
      hidden: 2,
    });
  });

  it('ignores other errors, other 409s included', () => {
    expect(duplicatesOf(problem(409, 'conflict'))).toBeNull();
    expect(duplicatesOf(problem(422, 'validation-failed'))).toBeNull();
    expect(duplicatesOf(new Error('network'))).toBeNull();
  });

  it('tolerates a duplicates problem without members', () => {
    expect(duplicatesOf(problem(409, 'duplicates'))).toEqual({ candidates: [], hidden: 0 });
  });

  it('confirms the write only when asked', () => {
    expect(withDuplicates('/api/v1/contacts', true)).toBe('/api/v1/contacts?duplicates=allow');
    expect(withDuplicates('/api/v1/contacts/1', false)).toBe('/api/v1/contacts/1');
  });
});
