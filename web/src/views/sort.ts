/** The list's `sort` parameter (`-createdAt,name`) as data, and what a click on a column header does to it. */

export interface SortKey {
  field: string;
  descending: boolean;
}

export function parseSort(text: string): SortKey[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) =>
      part.startsWith('-') ? { field: part.slice(1), descending: true } : { field: part, descending: false },
    );
}

export function formatSort(keys: SortKey[]): string {
  return keys.map((key) => (key.descending ? `-${key.field}` : key.field)).join(',');
}

/**
 * A click on a column makes it the first sort key: ascending the first time, reversed when it already leads.
 * The previous leading key stays as the tie-breaker (the server appends `id` itself).
 */
export function toggleSort(keys: SortKey[], field: string): SortKey[] {
  const first = keys[0];
  if (first?.field === field) return [{ field, descending: !first.descending }, ...keys.slice(1)];
  const rest = keys.filter((key) => key.field !== field).slice(0, 1);
  return [{ field, descending: false }, ...rest];
}

/** The API takes up to five sort keys (it adds `id` itself as the last tie-breaker). */
export const MAX_SORT_KEYS = 5;

/**
 * A shift-click adds the column as a further sort key, ascending; on a column already sorted it turns
 * ascending into descending, and descending off, leaving the other keys as they are.
 */
export function shiftSort(keys: SortKey[], field: string): SortKey[] {
  const index = keys.findIndex((key) => key.field === field);
  if (index < 0) return keys.length >= MAX_SORT_KEYS ? keys : [...keys, { field, descending: false }];
  const key = keys[index];
  if (key && !key.descending) return keys.map((k, i) => (i === index ? { field, descending: true } : k));
  return keys.filter((_, i) => i !== index);
}
