/**
 * Server state of one record: the record (from the trash too), its history, and the writes (create, patch with
 * its version, trash, restore). Every write refreshes the lists and link titles that may show the record.
 */
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, get } from '../../app/api';
import { withDuplicates } from './duplicates';
import type { AuditEntry, RecordData } from './record-types';

export const recordKey = (path: string, id: string) => ['record', path, id] as const;

const base = (path: string, id?: string) =>
  `/api/v1/${path}${id === undefined ? '' : `/${encodeURIComponent(id)}`}`;

/** The record, looked up in the trash when it is not among the live ones (a trashed record stays viewable). */
export function useRecord(path: string, id: string | undefined) {
  return useQuery({
    queryKey: recordKey(path, id ?? ''),
    enabled: id !== undefined,
    queryFn: async () => {
      try {
        return (await get<{ data: RecordData }>(base(path, id))).data;
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 404) throw error;
        return (await get<{ data: RecordData }>(`${base(path, id)}?trash=true`)).data;
      }
    },
    // A 404 is an answer, not a hiccup: retrying it only delays the "not found" message.
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

export function useHistory(path: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['history', path, id],
    enabled,
    queryFn: async () => (await get<{ data: AuditEntry[] }>(`${base(path, id)}/history`)).data,
  });
}

/** Lists, pickers, titles and related panels that may show a record of this entity. */
export function refreshAround(client: QueryClient, path: string, record?: RecordData): void {
  if (record) client.setQueryData(recordKey(path, record.id), record);
  for (const key of ['list', 'trash', 'related', 'link-options', 'records-by-id']) {
    void client.invalidateQueries({ queryKey: [key] });
  }
  void client.invalidateQueries({ queryKey: ['link-titles', path] });
  // A custom field changes the fields of another entity: every form and list must read /meta again.
  if (path === 'custom-fields') void client.invalidateQueries({ queryKey: ['meta'] });
  if (record) void client.invalidateQueries({ queryKey: ['history', path, record.id] });
}

type Body = Record<string, unknown>;

export function useRecordWrites(path: string) {
  const client = useQueryClient();
  const done = (record: RecordData) => refreshAround(client, path, record);
  return {
    create: useMutation({
      // allowDuplicates: the user confirmed a record that looks like existing ones (409 `duplicates` before).
      mutationFn: async ({ body, allowDuplicates = false }: { body: Body; allowDuplicates?: boolean }) =>
        (await api<{ data: RecordData }>('POST', withDuplicates(base(path), allowDuplicates), body)).data,
      onSuccess: done,
    }),
    patch: useMutation({
      mutationFn: async ({
        id,
        body,
        allowDuplicates = false,
      }: {
        id: string;
        body: Body;
        allowDuplicates?: boolean;
      }) =>
        (await api<{ data: RecordData }>('PATCH', withDuplicates(base(path, id), allowDuplicates), body))
          .data,
      onSuccess: done,
    }),
    trash: useMutation({
      mutationFn: async (id: string) => (await api<{ data: RecordData }>('DELETE', base(path, id))).data,
      onSuccess: done,
    }),
    restore: useMutation({
      mutationFn: async (id: string) =>
        (await api<{ data: RecordData }>('POST', `${base(path, id)}/restore`)).data,
      onSuccess: done,
    }),
  };
}
