/**
 * Fetching a list page by page: keyset cursors from the server, the total asked once with the first page.
 * Filters are part of the state already, so the filter builder of the next slice only has to fill them in.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { get } from '../app/api';
import { type SortKey, formatSort } from './sort';

export type RecordRow = { id: string } & Record<string, unknown>;

export interface ListFilter {
  field: string;
  operator: string;
  value: string;
}

export interface ListState {
  sort: SortKey[];
  filters: ListFilter[];
}

export interface ListPage {
  data: RecordRow[];
  nextCursor: string | null;
  total?: number;
}

export const PAGE_SIZE = 50;

export function listUrl(
  path: string,
  state: ListState,
  page: { cursor?: string | null; total?: boolean; fields?: string[]; limit?: number } = {},
): string {
  const params = new URLSearchParams();
  for (const filter of state.filters)
    params.append(`filter[${filter.field}][${filter.operator}]`, filter.value);
  if (state.sort.length) params.set('sort', formatSort(state.sort));
  params.set('limit', String(page.limit ?? PAGE_SIZE));
  if (page.fields?.length) params.set('fields', page.fields.join(','));
  if (page.cursor) params.set('cursor', page.cursor);
  if (page.total) params.set('total', 'true');
  return `/api/v1/${path}?${params.toString()}`;
}

export function useRecordList(path: string, state: ListState, fields?: string[]) {
  return useInfiniteQuery({
    queryKey: ['list', path, state, fields],
    initialPageParam: null as string | null,
    // Counting costs a count(*) on the server: only the first page asks, later pages reuse its answer.
    queryFn: ({ pageParam }) =>
      get<ListPage>(
        listUrl(path, state, { cursor: pageParam, total: pageParam === null, ...(fields ? { fields } : {}) }),
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}
