/**
 * Links arrive as ids; a table shows the linked record's title. One request per page of rows and target entity
 * (`filter[id][in]=…&fields=id,<title>`), so loading more rows never refetches titles already known. Settings
 * whose names are data in both languages (`name` and `nameDe`: pipelines, stages, lost reasons) show the German
 * name to German users where there is one.
 */
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api';
import { listUrl, type ListPage, type RecordRow } from './list-query';
import type { EntityMeta, FieldMeta } from './meta';

export type LinkTitles = Map<string, string>;

/** The field with a record's German title, where its names are data in both languages. */
export const germanTitleField = (target: EntityMeta) =>
  target.titleField === 'name' && target.fields.some((field) => field.name === 'nameDe') ? 'nameDe' : null;

export function useLinkTitles(meta: EntityMeta[], columns: FieldMeta[], pages: RecordRow[][]): LinkTitles {
  const german = useTranslation().i18n.resolvedLanguage === 'de';
  const requests: { target: EntityMeta; ids: string[] }[] = [];
  const targets = new Map<string, FieldMeta[]>();
  for (const field of columns) {
    if (field.type !== 'link' || !field.target) continue;
    targets.set(field.target, [...(targets.get(field.target) ?? []), field]);
  }
  for (const [name, fields] of targets) {
    // A target missing from the metadata is one the user may not read: its ids stay as they are.
    const target = meta.find((entity) => entity.name === name);
    if (!target) continue;
    for (const rows of pages) {
      const ids = new Set<string>();
      for (const row of rows) {
        for (const field of fields) {
          const value = row[field.name];
          if (typeof value === 'string') ids.add(value);
        }
      }
      if (ids.size) requests.push({ target, ids: [...ids].sort() });
    }
  }
  const results = useQueries({
    queries: requests.map(({ target, ids }) => ({
      queryKey: ['link-titles', target.path, ids],
      queryFn: () =>
        get<ListPage>(
          listUrl(
            target.path,
            { sort: [], filters: [{ field: 'id', operator: 'in', value: ids.join(',') }] },
            {
              fields: [
                'id',
                target.titleField,
                ...[germanTitleField(target)].filter((name) => name !== null),
              ],
              limit: ids.length,
            },
          ),
        ),
      staleTime: 5 * 60_000,
      select: (page: ListPage) =>
        page.data.map((row) => {
          const titleDe = germanTitleField(target);
          return [
            row.id,
            String(row[target.titleField] ?? ''),
            titleDe ? String(row[titleDe] ?? '') : '',
          ] as const;
        }),
    })),
  });
  const titles: LinkTitles = new Map();
  for (const result of results) {
    for (const [id, title, titleDe] of result.data ?? []) titles.set(id, (german && titleDe) || title);
  }
  return titles;
}
