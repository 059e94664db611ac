import type { EntityMeta, FieldMeta } from './meta';

/** Field types a table cell cannot show in a useful way; the record view will. */
const NOT_IN_COLUMNS = new Set(['json', 'longText', 'html', 'password']);
const DEFAULT_COLUMN_COUNT = 5;

function showable(field: FieldMeta): boolean {
  return !field.writeOnly && !NOT_IN_COLUMNS.has(field.type);
}

/** Every field the column chooser offers: what fits in a cell, the system's own bookkeeping aside. */
export function showableFields(entity: EntityMeta): FieldMeta[] {
  return entity.fields.filter(
    (field) => showable(field) && field.name !== 'id' && field.name !== 'deletedAt',
  );
}

/**
 * The columns a list shows: the ones asked for (that the entity has), else the title field, the next few fields
 * of the definition and when the record last changed.
 */
export function listColumns(entity: EntityMeta, wanted?: string[] | null): FieldMeta[] {
  if (wanted) {
    return wanted.flatMap((name) => entity.fields.filter((field) => field.name === name && showable(field)));
  }
  const title = entity.fields.find((field) => field.name === entity.titleField);
  const own = entity.fields.filter((field) => !field.system && field !== title && showable(field));
  const updated = entity.fields.find((field) => field.name === 'updatedAt');
  return [title, ...own.slice(0, DEFAULT_COLUMN_COUNT - 2), updated].filter(
    (field): field is FieldMeta => field !== undefined,
  );
}

/** Moves the column at `index` one place left (-1) or right (+1). */
export function moveColumn(names: string[], index: number, step: -1 | 1): string[] {
  const target = index + step;
  if (index < 0 || target < 0 || target >= names.length) return names;
  const next = [...names];
  [next[index], next[target]] = [next[target] as string, next[index] as string];
  return next;
}

/**
 * A column's width in a fixed table layout: what its cells hold, and enough for its header's longest word with
 * the sort icon. The title column has none: it takes the room left over. Wider tables scroll sideways.
 */
export function columnWidth(field: FieldMeta, titleField: string, header: string): number | undefined {
  if (field.name === titleField) return undefined;
  // Headers wrap between words, so the longest word (bold, with the sort icon beside it) sets the least width.
  const longestWord = Math.max(...header.split(/\s+/).map((word) => word.length));
  return Math.max(contentWidth(field), Math.round(longestWord * 8.6 + 48));
}

/** The title's least width: the table's min-width counts it, the layout gives it everything beyond. */
export const TITLE_MIN_WIDTH = 180;

function contentWidth(field: FieldMeta): number {
  switch (field.type) {
    case 'boolean':
      return 90;
    case 'integer':
    case 'number':
    case 'percent':
    case 'date':
      return 120;
    case 'select': {
      // Options show whole (statuses as badges): the longest label in either language sets the width, within reason.
      const longest = Math.max(
        0,
        ...(field.options ?? []).flatMap((o) => [o.label.en.length, o.label.de.length]),
      );
      return Math.min(220, Math.max(90, Math.round(longest * 7.5 + 32)));
    }
    case 'currency':
      return 130;
    case 'datetime':
      return 170;
    case 'email':
    case 'url':
      return 200;
    default:
      return 150;
  }
}
