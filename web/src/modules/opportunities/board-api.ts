/** The board's requests (src/modules/opportunities/board-routes.ts): the board, one column's next page, a move. */
import { api, get } from '../../app/api';
import type { Card, Column, Drop } from './board-state';

export interface Board {
  pipelineId: string;
  columns: Column[];
}

export interface PipelineOption {
  id: string;
  name: string;
  nameDe?: string | null;
  isDefault: boolean;
}

const COLUMN_PAGE = 100;

/** The list view's `filter[…]` parameters of the page's address apply to the board as well. */
function filtersOf(search: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of search) if (key.startsWith('filter[')) params.append(key, value);
  return params;
}

export async function fetchBoard(pipelineId: string | null, search: URLSearchParams): Promise<Board> {
  const params = filtersOf(search);
  if (pipelineId) params.set('pipelineId', pipelineId);
  return (await get<{ data: Board }>(`/api/v1/opportunities/board?${params}`)).data;
}

export async function fetchColumnPage(
  stageId: string,
  cursor: string,
  search: URLSearchParams,
): Promise<{ data: Card[]; nextCursor: string | null }> {
  const params = filtersOf(search);
  params.set('stageId', stageId);
  params.set('cursor', cursor);
  // Later pages come as a column is scrolled: larger ones, so a long column needs fewer round trips.
  params.set('limit', String(COLUMN_PAGE));
  return get(`/api/v1/opportunities/board/column?${params}`);
}

export async function moveOpportunity(id: string, drop: Drop): Promise<void> {
  await api('POST', `/api/v1/opportunities/${id}/move`, drop);
}

export async function fetchPipelines(): Promise<PipelineOption[]> {
  const page = await get<{ data: PipelineOption[] }>(
    '/api/v1/pipelines?filter[active]=true&fields=id,name,nameDe,isDefault&sort=name&limit=100',
  );
  return page.data;
}
