/** The saved views of one list (src/modules/views): the user's own and those shared with everyone. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get } from '../app/api';
import type { SavedQuery } from './list-state';

export interface SavedView {
  id: string;
  name: string;
  entity: string;
  query: SavedQuery;
  columns: string[] | null;
  shared: boolean;
  ownerId: string | null;
  version: number;
}

export interface SavedViewInput {
  name?: string;
  query?: SavedQuery;
  columns?: string[] | null;
  shared?: boolean;
}

const BASE = '/api/v1/saved-views';
const viewsKey = (entity: string) => ['saved-views', entity] as const;

export function useSavedViews(entity: string) {
  return useQuery({
    queryKey: viewsKey(entity),
    queryFn: async () =>
      (await get<{ data: SavedView[] }>(`${BASE}?entity=${encodeURIComponent(entity)}`)).data,
    staleTime: 60_000,
  });
}

/** Create, change and delete, each refreshing the list of views when it lands. */
export function useSavedViewMutations(entity: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: viewsKey(entity) });
  const create = useMutation({
    mutationFn: async (input: SavedViewInput & { name: string; query: SavedQuery }) =>
      (await api<{ data: SavedView }>('POST', BASE, { ...input, entity })).data,
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: async ({ view, changes }: { view: SavedView; changes: SavedViewInput }) =>
      (await api<{ data: SavedView }>('PATCH', `${BASE}/${view.id}`, { ...changes, version: view.version }))
        .data,
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: async (view: SavedView) =>
      (await api<{ data: SavedView }>('DELETE', `${BASE}/${view.id}`)).data,
    onSuccess: refresh,
  });
  return { create, update, remove };
}
