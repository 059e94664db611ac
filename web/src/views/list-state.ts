/**
 * What a list shows — filters, quick filters, sort, columns and the saved view it came from — as data, and its
 * home in the page's URL query, so a list can be shared as a link and survives a reload. Filters are written the
 * way the API reads them (`filter[name][contains]=GmbH`); a datetime filter names a day, which becomes an
 * instant in the user's time zone only on the way to the API (filters.ts).
 */
import type { ListFilter } from './list-query';
import { type SortKey, formatSort, parseSort } from './sort';

export const QUICK_FILTERS = ['mine', 'week'] as const;
export type QuickFilter = (typeof QUICK_FILTERS)[number];

export interface ViewState {
  filters: ListFilter[];
  quick: QuickFilter[];
  sort: SortKey[];
  /** Field names in the order shown; null: the list's default columns. */
  columns: string[] | null;
  /** The saved view the state was taken from, if any. */
  viewId: string | null;
}

const FILTER_PARAM = /^filter\[([A-Za-z0-9_]+)\](?:\[([A-Za-z]+)\])?$/;
const OWN_PARAMS = ['sort', 'cols', 'quick', 'view'];

const isQuick = (value: string): value is QuickFilter => (QUICK_FILTERS as readonly string[]).includes(value);
const csv = (text: string | null) =>
  (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

export function readViewState(params: URLSearchParams, defaultSort: string): ViewState {
  const filters: ListFilter[] = [];
  for (const [key, value] of params) {
    const match = FILTER_PARAM.exec(key);
    if (match?.[1]) filters.push({ field: match[1], operator: match[2] ?? 'eq', value });
  }
  const columns = csv(params.get('cols'));
  return {
    filters: dedupeFilters(filters),
    quick: [...new Set(csv(params.get('quick')).filter(isQuick))],
    sort: parseSort(params.get('sort') ?? defaultSort),
    columns: columns.length ? columns : null,
    viewId: params.get('view'),
  };
}

/** The page's query with the list's parameters replaced by `state`; other parameters (a tab, say) stay. */
export function writeViewState(state: ViewState, previous = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams();
  for (const [key, value] of previous) {
    if (!OWN_PARAMS.includes(key) && !FILTER_PARAM.test(key)) next.append(key, value);
  }
  for (const filter of state.filters)
    next.append(`filter[${filter.field}][${filter.operator}]`, filter.value);
  if (state.quick.length) next.set('quick', state.quick.join(','));
  if (state.sort.length) next.set('sort', formatSort(state.sort));
  if (state.columns?.length) next.set('cols', state.columns.join(','));
  if (state.viewId) next.set('view', state.viewId);
  return next;
}

/** One condition per field and operator (the API takes one value per parameter): the later one wins. */
export function dedupeFilters(filters: ListFilter[]): ListFilter[] {
  const byKey = new Map<string, ListFilter>();
  for (const filter of filters) byKey.set(`${filter.field}|${filter.operator}`, filter);
  return [...byKey.values()];
}

export function withFilter(state: ViewState, filter: ListFilter): ViewState {
  return { ...state, filters: dedupeFilters([...state.filters, filter]) };
}

export function withoutFilter(state: ViewState, index: number): ViewState {
  return { ...state, filters: state.filters.filter((_, i) => i !== index) };
}

export function toggleQuick(state: ViewState, quick: QuickFilter): ViewState {
  const on = state.quick.includes(quick);
  return { ...state, quick: on ? state.quick.filter((q) => q !== quick) : [...state.quick, quick] };
}

/** The stored form of a saved view (src/modules/views/entities.ts) and back. */
export interface SavedQuery {
  filters?: ListFilter[];
  quick?: string[];
  sort?: string;
}

export function toSavedQuery(state: ViewState): SavedQuery {
  return { filters: state.filters, quick: state.quick, sort: formatSort(state.sort) };
}

export function fromSavedView(
  view: { id: string; query: SavedQuery; columns: string[] | null },
  defaultSort: string,
): ViewState {
  return {
    filters: dedupeFilters(view.query.filters ?? []),
    quick: (view.query.quick ?? []).filter(isQuick),
    sort: parseSort(view.query.sort || defaultSort),
    columns: view.columns?.length ? view.columns : null,
    viewId: view.id,
  };
}

/** Whether two states show the same list (the saved view they came from aside). */
export function sameList(a: ViewState, b: ViewState): boolean {
  const key = (state: ViewState) =>
    JSON.stringify([
      [...state.filters].sort((x, y) => `${x.field}|${x.operator}`.localeCompare(`${y.field}|${y.operator}`)),
      [...state.quick].sort(),
      formatSort(state.sort),
      state.columns ?? [],
    ]);
  return key(a) === key(b);
}
