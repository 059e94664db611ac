import type { ValidateFunction } from 'ajv';
import { type EntityDef, type EntityLookup, fieldOperators, soloLookup, treeTargetOf } from './entity.js';
import { BadRequest, type FieldError, fieldError } from './errors.js';
import { type FieldDef, type Operator, OPERATORS } from './fields.js';
import { scalarSchema } from './field-values.js';
import { ajv } from './validation.js';

export interface Filter {
  field: FieldDef;
  op: Operator;
  /** One typed value, a list (in, nin), a pair (between) or a boolean (isNull). */
  value: unknown;
  /** For `within`: the tree entity whose subtree the value names. */
  tree?: EntityDef;
}

export interface SortKey {
  field: FieldDef;
  desc: boolean;
}

export interface ListQuery {
  filters: Filter[];
  sort: SortKey[];
  limit: number;
  cursor: string | undefined;
  /** Undefined returns every readable field. */
  fields: FieldDef[] | undefined;
  withTotal: boolean;
  /** List the trash instead of the live records. */
  trash: boolean;
}

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 50;

type QueryValue = string | string[] | undefined;

const FILTER_KEY = /^filter\[([A-Za-z0-9_]+)\](?:\[([A-Za-z]+)\])?$/;
const KNOWN_PARAMS = new Set(['sort', 'limit', 'cursor', 'fields', 'total', 'trash']);

const scalarValidators = new WeakMap<FieldDef, ValidateFunction>();
function scalarValidator(field: FieldDef): ValidateFunction {
  let validate = scalarValidators.get(field);
  if (!validate) {
    validate = ajv.compile(scalarSchema(field));
    scalarValidators.set(field, validate);
  }
  return validate;
}

/** A query string value is text; turn it into the field's JSON type before checking it against its schema. */
function typedValue(field: FieldDef, raw: string): unknown {
  switch (field.type) {
    case 'integer':
    case 'number':
    case 'percent':
      return raw.trim() === '' ? raw : Number(raw);
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    default:
      return raw;
  }
}

function splitList(raw: string): string[] | undefined {
  if (raw.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed))
        return parsed.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
    } catch {
      return undefined;
    }
    return undefined;
  }
  return raw.split(',');
}

function isArrayField(field: FieldDef): boolean {
  return field.type === 'multiselect' || field.type === 'multilink';
}

function parseFilterValue(field: FieldDef, op: Operator, raws: string[], path: string): unknown {
  if (op === 'isNull') {
    if (raws.length !== 1 || (raws[0] !== 'true' && raws[0] !== 'false')) {
      throw new BadRequest('Invalid filter.', [fieldError(path, 'isNull takes true or false')]);
    }
    return raws[0] === 'true';
  }
  const list = op === 'in' || op === 'nin' || op === 'between';
  let items: string[];
  if (list) {
    items = raws.flatMap((raw) => {
      const split = splitList(raw);
      if (!split)
        throw new BadRequest('Invalid filter.', [fieldError(path, 'is not a valid JSON array of values')]);
      return split;
    });
  } else {
    if (raws.length !== 1)
      throw new BadRequest('Invalid filter.', [fieldError(path, 'takes exactly one value')]);
    items = raws;
  }
  if (op === 'between' && items.length !== 2) {
    throw new BadRequest('Invalid filter.', [fieldError(path, 'between takes two values: low,high')]);
  }
  if (list && (items.length === 0 || items.length > 1000)) {
    throw new BadRequest('Invalid filter.', [fieldError(path, 'takes between 1 and 1000 values')]);
  }
  const validate = scalarValidator(field);
  // On text, contains/startsWith take any fragment; on arrays, contains names one item, which must be a valid
  // item (a uuid for multilinks), or PostgreSQL refuses the cast with a 500.
  const fragment = (op === 'contains' || op === 'startsWith') && !isArrayField(field);
  const values = items.map((item) => {
    // PostgreSQL text cannot hold U+0000: such a value can match nothing and makes the query fail.
    if (item.includes('\u0000')) {
      throw new BadRequest('Invalid filter.', [fieldError(path, 'must not contain the NUL character')]);
    }
    const value = fragment ? item : typedValue(field, item);
    if (!fragment && !validate(value)) {
      throw new BadRequest('Invalid filter.', [
        fieldError(
          path,
          `"${item.slice(0, 100)}" ${validate.errors?.[0]?.message ?? 'is not a valid value'}`,
        ),
      ]);
    }
    if (typeof value === 'string' && value.length > 1000) {
      throw new BadRequest('Invalid filter.', [fieldError(path, 'value is longer than 1000 characters')]);
    }
    return value;
  });
  return list ? values : values[0];
}

function fieldNamed(
  entity: EntityDef,
  name: string,
  path: string,
  purpose: 'filter' | 'sort' | 'select',
): FieldDef {
  // Own properties only: `constructor` or `__proto__` must not resolve to Object.prototype's members.
  const field = Object.hasOwn(entity.allFields, name) ? entity.allFields[name] : undefined;
  if (!field || field.writeOnly) {
    throw new BadRequest(`Unknown field "${name}".`, [
      fieldError(path, `${entity.name} has no field "${name}"`, 'unknownField'),
    ]);
  }
  if (purpose === 'filter' && !field.filterable) {
    throw new BadRequest(`Field "${name}" cannot be filtered.`, [
      fieldError(path, 'cannot be filtered', 'notFilterable'),
    ]);
  }
  if (purpose === 'sort' && !field.sortable) {
    throw new BadRequest(`Field "${name}" cannot be sorted.`, [
      fieldError(path, 'cannot be sorted', 'notSortable'),
    ]);
  }
  return field;
}

export function parseSort(entity: EntityDef, raw: string): SortKey[] {
  const keys = raw.split(',').filter(Boolean);
  if (keys.length > 5) throw new BadRequest('Too many sort keys.', [fieldError('sort', 'at most 5 keys')]);
  const seen = new Set<string>();
  return keys.map((key) => {
    const desc = key.startsWith('-');
    const name = desc || key.startsWith('+') ? key.slice(1) : key;
    const field = fieldNamed(entity, name, 'sort', 'sort');
    if (seen.has(name))
      throw new BadRequest('Invalid sort.', [fieldError('sort', `"${name}" appears twice`)]);
    seen.add(name);
    return { field, desc };
  });
}

function single(value: QueryValue, name: string): string | undefined {
  if (Array.isArray(value)) {
    throw new BadRequest(`Parameter "${name}" was given more than once.`, [
      fieldError(name, 'given more than once'),
    ]);
  }
  return value;
}

/**
 * Parses list parameters: `filter[field][op]=value` (op defaults to eq; lists as `a,b` or a JSON array;
 * `within` takes one id of a tree node), `sort=-createdAt,name`, `limit`, `cursor`, `fields=a,b`, `total=true`,
 * `trash=true`. Anything else is refused, so a typo never silently returns an unfiltered list. `lookup` finds the
 * targets of links, which decide where `within` applies; without it only the entity itself is known.
 */
export function parseListQuery(
  entity: EntityDef,
  query: Record<string, QueryValue>,
  lookup: EntityLookup = soloLookup(entity),
): ListQuery {
  const filters: Filter[] = [];
  const errors: FieldError[] = [];
  for (const [key, rawValue] of Object.entries(query)) {
    if (rawValue === undefined) continue;
    if (KNOWN_PARAMS.has(key)) continue;
    const match = FILTER_KEY.exec(key);
    if (!match) {
      errors.push(fieldError(key, 'is not a known parameter', 'unknownParameter'));
      continue;
    }
    const [, name = '', opName = 'eq'] = match;
    const field = fieldNamed(entity, name, key, 'filter');
    if (!OPERATORS.includes(opName as Operator)) {
      throw new BadRequest(`Unknown operator "${opName}".`, [
        fieldError(key, `operator must be one of: ${OPERATORS.join(', ')}`, 'unknownOperator'),
      ]);
    }
    const op = opName as Operator;
    const operators = fieldOperators(entity, field, lookup);
    if (!operators.includes(op)) {
      throw new BadRequest(`Operator "${op}" does not apply to ${name}.`, [
        fieldError(key, `operator must be one of: ${operators.join(', ')}`, 'unknownOperator'),
      ]);
    }
    const raws = Array.isArray(rawValue) ? rawValue : [rawValue];
    const value = parseFilterValue(field, op, raws, key);
    const tree = op === 'within' ? treeTargetOf(entity, field, lookup) : undefined;
    filters.push(tree ? { field, op, value, tree } : { field, op, value });
  }
  if (errors.length) throw new BadRequest('Unknown query parameters.', errors);

  const limitRaw = single(query.limit, 'limit');
  const limit = limitRaw === undefined ? DEFAULT_LIMIT : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new BadRequest('Invalid limit.', [
      fieldError('limit', `must be an integer from 1 to ${MAX_LIMIT}`),
    ]);
  }
  const sortRaw = single(query.sort, 'sort') ?? entity.defaultSort;
  const fieldsRaw = single(query.fields, 'fields');
  const fields = fieldsRaw
    ?.split(',')
    .filter(Boolean)
    .map((name) => fieldNamed(entity, name, 'fields', 'select'));
  const flag = (name: string): boolean => {
    const raw = single(query[name], name);
    if (raw === undefined || raw === 'false') return false;
    if (raw === 'true') return true;
    throw new BadRequest(`Invalid ${name}.`, [fieldError(name, 'must be true or false')]);
  };
  return {
    filters,
    sort: parseSort(entity, sortRaw),
    limit,
    cursor: single(query.cursor, 'cursor'),
    fields,
    withTotal: flag('total'),
    trash: flag('trash'),
  };
}
