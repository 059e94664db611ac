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
