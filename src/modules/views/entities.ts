import { defineEntity } from '../../core/entity.js';

/**
 * A saved view: the state of one generic list (filters, quick filters, sort, columns) under a name. Views belong
 * to the user who saved them; `shared` shows one to everybody, who may apply it but not change it
 * (src/modules/views/service.ts decides who sees which).
 */

/** The list state as the web app keeps it in the URL (web/src/views/list-state.ts), stored as it is. */
const QUERY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    filters: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['field', 'operator', 'value'],
        properties: {
          field: { type: 'string', minLength: 1, maxLength: 100 },
          operator: { type: 'string', minLength: 1, maxLength: 20 },
          value: { type: 'string', maxLength: 10_000 },
        },
      },
    },
    sort: { type: 'string', maxLength: 600 },
    quick: { type: 'array', maxItems: 10, uniqueItems: true, items: { type: 'string', maxLength: 30 } },
  },
};

export const savedViewEntity = defineEntity({
  name: 'savedView',
  table: 'saved_views',
  label: { en: 'Saved view', de: 'Gespeicherte Ansicht' },
  labelPlural: { en: 'Saved views', de: 'Gespeicherte Ansichten' },
  titleField: 'name',
  // Views are picked in the list they belong to; in the global search they would only crowd out records.
  searchFields: [],
  defaultSort: 'name',
  fields: {
    name: {
      type: 'text',
      label: { en: 'Name', de: 'Name' },
      required: true,
      maxLength: 100,
      // Text is trimmed when stored: a blank name would leave nothing to pick the view by.
      pattern: '\\S',
    },
    entity: {
      type: 'text',
      label: { en: 'List of', de: 'Liste von' },
      required: true,
      createOnly: true,
      maxLength: 100,
      pattern: '^[a-z][a-zA-Z0-9]*$',
      description: 'The entity whose list the view belongs to, by name: `customer`.',
    },
    query: {
      type: 'json',
      label: { en: 'Filters and sort', de: 'Filter und Sortierung' },
      required: true,
      schema: QUERY_SCHEMA,
    },
    columns: {
      type: 'json',
      label: { en: 'Columns', de: 'Spalten' },
      schema: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 100 } },
      description: 'Field names in the order shown; empty: the list’s default columns.',
    },
    shared: {
      type: 'boolean',
      label: { en: 'Shared with everyone', de: 'Für alle freigegeben' },
      required: true,
      default: false,
    },
  },
});

export const viewEntities = [savedViewEntity];
