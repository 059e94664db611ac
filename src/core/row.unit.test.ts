import { describe, expect, it } from 'vitest';
import { defineEntity } from './entity.js';
import type { DomainError } from './errors.js';
import { RuleViolation, TryAgain, ValidationFailed } from './errors.js';
import { translateDbError } from './row.js';

const l = (en: string) => ({ en, de: en });
const thing = defineEntity({
  name: 'thing',
  table: 'things',
  label: l('Thing'),
  labelPlural: l('Things'),
  titleField: 'name',
  fields: { name: { type: 'text', label: l('Name'), required: true } },
});

/** A driver error as pg and PGlite raise them: an Error with PostgreSQL's SQLSTATE and details. */
const pgError = (code: string, extra: Record<string, string> = {}) =>
  Object.assign(new Error(`postgres said ${code}`), { code, ...extra });

describe('translateDbError', () => {
  it.each(['40P01', '40001'])('answers a lost race (%s) with 409 "try again" instead of a 500', (code) => {
    const error = translateDbError(thing, pgError(code));
    expect(error).toBeInstanceOf(TryAgain);
    expect(error).toMatchObject({ status: 409, type: 'try-again', message: /try again/ });
  });

  it('names the field of a unique index and of a missing value', () => {
    const unique = translateDbError(thing, pgError('23505', { detail: 'Key (name)=(A) already exists.' }));
    expect(unique).toBeInstanceOf(RuleViolation);
    expect((unique as DomainError).errors[0]).toMatchObject({ field: 'name', code: 'unique' });
    const missing = translateDbError(thing, pgError('23502', { column: 'name' }), 'items/2');
    expect(missing).toBeInstanceOf(ValidationFailed);
    expect((missing as DomainError).errors[0]).toMatchObject({ field: 'items/2/name', code: 'required' });
  });

  it('leaves errors it does not know as they are (a bug stays a 500)', () => {
    const error = pgError('XX000');
    expect(translateDbError(thing, error)).toBe(error);
  });
});
