/**
 * The filter builder's rules, apart from React: which operators a field offers (from /meta, presented the way
 * people think: "is empty" rather than "isNull = true"), what kind of value each needs, and how the list's
 * state becomes the API's filters (days into instants in the user's time zone, quick filters into conditions).
 */
import type { ListFilter } from './list-query';
import type { QuickFilter, ViewState } from './list-state';
import type { EntityMeta, FieldMeta } from './meta';
import { type FirstDay, endOfDayIso, isDay, startOfDay, startOfWeek } from './time-zone';

export type UiOperator =
  | 'eq'
  | 'ne'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'between'
  | 'in'
  | 'nin'
  | 'contains'
  | 'startsWith'
  | 'within'
  | 'isEmpty'
  | 'notEmpty';

export type ValueKind =
  | 'none'
  | 'text'
  | 'texts'
  | 'number'
  | 'numberRange'
  | 'date'
  | 'dateRange'
  | 'boolean'
  | 'option'
  | 'options'
  | 'link'
  | 'links';

/** Fields a person filters by; the id, version and trash date are the system's business. */
const HIDDEN = new Set(['id', 'version', 'deletedAt']);
const NUMERIC = new Set(['integer', 'number', 'currency', 'percent']);
/** Calendar operators for datetimes: a day's instants are a range, so "is not" or "is any of" a day say little. */
const DATETIME_OPS = new Set(['eq', 'lt', 'lte', 'gt', 'gte', 'between', 'isNull']);

export function filterableFields(entity: EntityMeta): FieldMeta[] {
  return entity.fields.filter(
    (field) => field.filterable && field.operators.length && !HIDDEN.has(field.name),
  );
}

export function uiOperators(field: FieldMeta): UiOperator[] {
  const operators = field.operators.filter((op) => field.type !== 'datetime' || DATETIME_OPS.has(op));
  // A yes/no field: "is not yes" is "is no", so `ne` would only add noise.
  const useful = field.type === 'boolean' ? operators.filter((op) => op !== 'ne') : operators;
  return useful.flatMap((op): UiOperator[] =>
    op === 'isNull' ? ['isEmpty', 'notEmpty'] : [op as UiOperator],
  );
}

export function uiOperatorOf(filter: ListFilter): UiOperator {
  if (filter.operator === 'isNull') return filter.value === 'false' ? 'notEmpty' : 'isEmpty';
  return filter.operator as UiOperator;
}

export function valueKind(field: FieldMeta, operator: UiOperator): ValueKind {
  if (operator === 'isEmpty' || operator === 'notEmpty') return 'none';
  const many = operator === 'in' || operator === 'nin';
  if (field.type === 'boolean') return 'boolean';
  if (field.type === 'select' || field.type === 'multiselect') {
    return many || field.type === 'multiselect' ? 'options' : 'option';
  }
  if (field.type === 'link' || field.type === 'multilink') {
    return many || (field.type === 'multilink' && operator !== 'contains') ? 'links' : 'link';
  }
  if (NUMERIC.has(field.type)) return operator === 'between' ? 'numberRange' : many ? 'texts' : 'number';
  if (field.type === 'date' || field.type === 'datetime') {
    return operator === 'between' ? 'dateRange' : many ? 'texts' : 'date';
  }
  return many ? 'texts' : 'text';
}

/** Lists travel as `a,b`, or as a JSON array when a value holds a comma (docs/api.md). */
export function joinValues(values: string[]): string {
  return values.some((value) => value.includes(',')) ? JSON.stringify(values) : values.join(',');
}

export function splitValues(value: string): string[] {
  if (value.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON after all: a plain list that starts with a bracket.
    }
  }
  return value === '' ? [] : value.split(',');
}

/** The condition a builder entry stands for, in the list's (and URL's) terms. */
export function toFilter(field: FieldMeta, operator: UiOperator, value: string): ListFilter {
  if (operator === 'isEmpty' || operator === 'notEmpty') {
    return { field: field.name, operator: 'isNull', value: operator === 'isEmpty' ? 'true' : 'false' };
  }
  return { field: field.name, operator, value };
}

/** Whether the builder has a value it can apply: ranges need both ends, lists at least one item. */
export function isComplete(kind: ValueKind, value: string): boolean {
  if (kind === 'none') return true;
  if (kind === 'numberRange' || kind === 'dateRange') {
    const [low, high, ...rest] = splitValues(value);
    return Boolean(low?.trim() && high?.trim()) && rest.length === 0;
  }
  if (kind === 'texts' || kind === 'options' || kind === 'links') return splitValues(value).length > 0;
  return value.trim() !== '';
}

export interface FilterContext {
  /** Null for an actor that is no user (the system): "mine" then filters nothing. */
  userId: string | null;
  timeZone: string;
  firstDay: FirstDay;
  now: Date;
}

/** A day on a datetime field names every instant of that day in the user's zone. */
function datetimeFilter(filter: ListFilter, timeZone: string): ListFilter {
  const start = (day: string) => (isDay(day) ? startOfDay(day, timeZone).toISOString() : day);
  const end = (day: string) => (isDay(day) ? endOfDayIso(day, timeZone) : day);
  switch (filter.operator) {
    case 'eq':
      return { ...filter, operator: 'between', value: `${start(filter.value)},${end(filter.value)}` };
    case 'lt':
    case 'gte':
      return { ...filter, value: start(filter.value) };
    case 'lte':
    case 'gt':
      return { ...filter, value: end(filter.value) };
    case 'between': {
      const [low = '', high = ''] = splitValues(filter.value);
      return { ...filter, value: `${start(low)},${end(high)}` };
    }
    default:
      return filter;
  }
}

function quickFilter(quick: QuickFilter, context: FilterContext): ListFilter | undefined {
  if (quick === 'mine') {
    return context.userId ? { field: 'ownerId', operator: 'eq', value: context.userId } : undefined;
  }
  const week = startOfWeek(context.now, context.timeZone, context.firstDay);
  return { field: 'createdAt', operator: 'gte', value: week.toISOString() };
}

/** Which quick filters an entity offers: "mine" needs owners, "this week" a creation time. */
export function quickFiltersOf(entity: EntityMeta): QuickFilter[] {
  const has = (name: string) => entity.fields.some((field) => field.name === name && field.filterable);
  return [
    ...(entity.owned && has('ownerId') ? (['mine'] as const) : []),
    ...(has('createdAt') ? (['week'] as const) : []),
  ];
}

/**
 * The API's filters for a list state. Conditions on fields the entity lacks are dropped (a link or saved view from
 * before a field was removed must still open). The API takes one value per field and operator, so where a quick
 * filter and a condition meet, the quick filter wins (`eq` on a datetime becomes `between`, which may meet too).
 */
export function apiFilters(entity: EntityMeta, state: ViewState, context: FilterContext): ListFilter[] {
  const byKey = new Map<string, ListFilter>();
  for (const filter of state.filters) {
    const field = entity.fields.find((candidate) => candidate.name === filter.field);
    if (!field?.operators.includes(filter.operator)) continue;
    const converted = field.type === 'datetime' ? datetimeFilter(filter, context.timeZone) : filter;
    byKey.set(`${converted.field}|${converted.operator}`, converted);
  }
  const offered = quickFiltersOf(entity);
  for (const quick of state.quick) {
    if (!offered.includes(quick)) continue;
    const filter = quickFilter(quick, context);
    if (filter) byKey.set(`${filter.field}|${filter.operator}`, filter);
  }
  return [...byKey.values()];
}
