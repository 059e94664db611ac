/**
 * What a list needs only once someone reaches for it — the toolbar's tools with their pickers and dialogs, the
 * filter chips, the selection bar — in one chunk of its own (entity-list.tsx loads it lazily), so a page with a
 * list paints its rows without waiting for comboboxes, popovers and modals.
 */
export { FilterChips } from './filter-chips';
export { ListToolbar } from './list-toolbar';
export { SelectionActions } from './selection-actions';
