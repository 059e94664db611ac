/**
 * Linked records as a form needs them: the titles (and a few fields, e.g. a tag's colour) of the ids a record
 * points to, and the candidates a picker offers for what was typed, searched on the server by title.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get } from '../../app/api';
import { i18n } from '../../app/i18n';
import { germanTitleField } from '../link-titles';
import { type ListPage, type RecordRow, listUrl } from '../list-query';
import type { EntityMeta } from '../meta';
import { parseSort } from '../sort';

const OPTION_LIMIT = 20;

/** The fields a picker reads of a target besides the id: its title, and its German title where it has one. */
const titleFields = (target: EntityMeta) =>
  [target.titleField, germanTitleField(target)].filter((f) => f !== null);

export function titleOf(target: EntityMeta, row: RecordRow | undefined, id: string): string {
  const german = i18n.resolvedLanguage === 'de' ? germanTitleField(target) : null;
  const localized = german ? row?.[german] : undefined;
  const title = typeof localized === 'string' && localized ? localized : row?.[target.titleField];
  // Until the title arrives (or when the record cannot be read) the id's tail shows where the link points.
  return typeof title === 'string' && title ? title : `…${id.slice(-8)}`;
}

/** The records behind ids, by id: one request per set of ids (in trash or not, a link still has a title). */
export function useRecordsById(target: EntityMeta | undefined, ids: string[], fields: string[] = []) {
  const sorted = [...new Set(ids)].sort();
  const wanted = target ? ['id', ...titleFields(target), ...fields] : [];
  const query = useQuery({
    queryKey: ['records-by-id', target?.path, sorted, wanted],
    enabled: target !== undefined && sorted.length > 0,
    staleTime: 60_000,
    queryFn: async () => {
      const path = target?.path ?? '';
      const state = { sort: [], filters: [{ field: 'id', operator: 'in', value: sorted.join(',') }] };
      return (await get<ListPage>(listUrl(path, state, { fields: wanted, limit: sorted.length }))).data;
    },
  });
  const byId = new Map<string, RecordRow>();
  for (const row of query.data ?? []) byId.set(row.id, row);
  return { byId, isPending: query.isPending && sorted.length > 0 };
}

/**
 * Candidates for a picker: the first records of the target in its default order, or those whose title
 * contains what was typed. Only asked once the picker opens, so a form with many links costs no requests.
 */
export function useLinkOptions(
  target: EntityMeta | undefined,
  search: string,
  enabled: boolean,
  fields: string[] = [],
) {
  const titleField = target?.fields.find((field) => field.name === target.titleField);
  const searchable = titleField?.operators.includes('contains') ?? false;
  const text = search.trim();
  return useQuery({
    queryKey: ['link-options', target?.path, searchable ? text : '', fields],
    enabled: enabled && target !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    queryFn: async () => {
      if (!target) return [];
      const state = {
        sort: parseSort(target.defaultSort),
        filters: searchable && text ? [{ field: target.titleField, operator: 'contains', value: text }] : [],
      };
      const url = listUrl(target.path, state, {
        fields: ['id', ...titleFields(target), ...fields],
        limit: OPTION_LIMIT,
      });
      return (await get<ListPage>(url)).data;
    },
  });
}
