import type { EntityMeta, FieldMeta } from './meta';

/** Field types a table cell cannot show in a useful way; the record view will. */
const NOT_IN_COLUMNS = new Set(['json', 'longText', 'html', 'password']);
const DEFAULT_COLUMN_COUNT = 5;

function showable(field: FieldMeta): boolean {
  return !field.writeOnly && !NOT_IN_COLUMNS.has(field.type);
}

/**
 * The columns a list shows: the ones asked for (that the entity has), else the title field, the next few fields
 * of the definition and when the record last changed. The column chooser of the next slice replaces the default.
 */
export function listColumns(entity: EntityMeta, wanted?: string[]): FieldMeta[] {
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
