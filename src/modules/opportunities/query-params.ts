import { BadRequest, fieldError } from '../../core/errors.js';
import { type ListQuery, parseListQuery } from '../../core/filter.js';
import type { Records } from '../../core/records.js';
import { opportunityEntity } from './entities.js';

/** Query parameters of the views over opportunities (board, forecast) that take the list view's filters. */

type QueryValue = string | string[] | undefined;
export type Query = Record<string, QueryValue>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uuidParam(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new BadRequest(`Invalid ${name}.`, [fieldError(name, 'must be one uuid')]);
  }
  return value;
}

/**
 * The list query in `query` less the view's own parameters (`own`). List parameters the view has no use for
 * (`refused`) are refused rather than silently ignored.
 */
export function viewListQuery(
  records: Records,
  query: Query,
  own: readonly string[],
  refused: readonly string[],
  defaults: Query = {},
): ListQuery {
  const rest: Query = {};
  for (const [key, value] of Object.entries(query)) if (!own.includes(key)) rest[key] = value;
  const errors = refused
    .filter((key) => rest[key] !== undefined)
    .map((key) => fieldError(key, 'does not apply here', 'unknownParameter'));
  if (errors.length) throw new BadRequest('Unknown query parameters.', errors);
  return parseListQuery(records.current(opportunityEntity), { ...defaults, ...rest }, records.registry);
}
