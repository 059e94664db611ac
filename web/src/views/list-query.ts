/**
 * Fetching a list page by page: keyset cursors from the server, the total asked once with the first page.
 * The first page is small so the list paints at once; later pages are larger, so scrolling through thousands
 * of rows costs tens of requests, not hundreds.
 */
import { type InfiniteData, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { get } from '../app/api';
import { type SortKey, formatSort } from './sort';

export type RecordRow = { id: string } & Record<string, unknown>;

/** One condition as the API reads it: `filter[field][operator]=value`. */
export interface ListFilter {
  field: string;
  operator: string;
  value: string;
}

/** A list request's filters and sort, in the API's terms. */
export interface ListState {
  sort: SortKey[];
  filters: ListFilter[];
}

export interface ListPage {
  data: RecordRow[];
  nextCursor: string | null;
  total?: number;
}

export type ListData = InfiniteData<ListPage, string | null>;

export const PAGE_SIZE = 50;
/** Pages after the first; a link-title request per page then names at most this many ids in its URL. */
export const NEXT_PAGE_SIZE = 200;

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

export const listKey = (path: string) => ['list', path] as const;

export function useRecordList(path: string, state: ListState, fields?: string[]) {
  return useInfiniteQuery({
    queryKey: [...listKey(path), state, fields],
    initialPageParam: null as string | null,
    // Counting costs a count(*) on the server: only the first page asks, later pages reuse its answer.
    queryFn: ({ pageParam }) =>
      get<ListPage>(
        listUrl(path, state, {
          cursor: pageParam,
          total: pageParam === null,
          limit: pageParam === null ? PAGE_SIZE : NEXT_PAGE_SIZE,
          ...(fields ? { fields } : {}),
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
    // While a changed filter or sort loads, the rows shown before stay (dimmed) instead of a blank table.
    placeholderData: keepPreviousData,
  });
}

/** The cached pages without the given rows and with the total lowered: what a bulk delete leaves behind. */
export function withoutRows(data: ListData | undefined, ids: Set<string>): ListData | undefined {
  if (!data) return data;
  let removed = 0;
  const pages = data.pages.map((page) => {
    const rows = page.data.filter((row) => !ids.has(row.id));
    removed += page.data.length - rows.length;
    return { ...page, data: rows };
  });
  const first = pages[0];
  if (first?.total !== undefined) pages[0] = { ...first, total: Math.max(0, first.total - removed) };
  return { ...data, pages };
}
