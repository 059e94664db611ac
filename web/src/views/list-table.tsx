import { Anchor, Table } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, type MouseEvent, memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Formatter } from '../app/format';
import type { Language } from '../app/i18n';
import { CellValue } from './cell-value';
import { TITLE_MIN_WIDTH, columnWidth } from './columns';
import type { LinkTitles } from './link-titles';
import type { RecordRow } from './list-query';
import { ListHeader, NUMERIC_TYPES } from './list-header';
import { type EntityMeta, type FieldMeta, label } from './meta';
import { recordHref } from './record/record-href';
import type { SortKey } from './sort';

/** Every row has this height, so the virtualiser knows where row 9,000 is without measuring the 8,999 before. */
export const ROW_HEIGHT = 40;
const CHECK_WIDTH = 40;
/** How close to the last loaded row the user may scroll before the next page is fetched. */
const PREFETCH_ROWS = 15;

export interface ListTableProps {
  entity: EntityMeta;
  fields: FieldMeta[];
  rows: RecordRow[];
  titles: LinkTitles;
  format: Formatter;
  language: Language;
  sort: SortKey[];
  onSort: (field: string, additive: boolean) => void;
  /** Absent when the user may not delete: no selection is offered then. */
  selection?: { selected: Set<string>; toggle: (id: string) => void; toggleAll: () => void };
  loadMore: () => void;
  canLoadMore: boolean;
  /** Changes when filters or sort change: the table then starts again at the top. */
  resetKey: string;
}

/**
 * The rows of a list, virtualised: only the rows in view (and a few around them) are in the DOM, framed by two
 * spacer rows that stand in for the rest, so ten thousand loaded rows scroll like fifty. Nearing the last loaded
 * row fetches the next page (keyset paging).
 */
export function ListTable(props: ListTableProps) {
  const { entity, fields, rows, sort, selection, canLoadMore, loadMore, resetKey } = props;
  const { t } = useTranslation();
  const navigate = useNavigate();
  const open = useCallback((href: string) => void navigate(href), [navigate]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // No React Compiler here: the virtualiser's functions re-render this table themselves.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (canLoadMore && lastShown >= rows.length - PREFETCH_ROWS) loadMore();
  }, [canLoadMore, lastShown, rows.length, loadMore]);
  useEffect(() => {
    // Braces matter: newer browsers return a promise from scrollTo, which React would take for a clean-up.
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const widths = fields.map((field) =>
    columnWidth(field, entity.titleField, label(field.label, props.language)),
  );
  const minWidth = widths.reduce<number>(
    (sum, width) => sum + (width ?? TITLE_MIN_WIDTH),
    selection ? CHECK_WIDTH : 0,
  );
  const selectedCount = selection?.selected.size ?? 0;
  const allSelected = rows.length > 0 && selectedCount >= rows.length;
  const toggleAll = selection?.toggleAll;
  const selectAll = useMemo(
    () =>
      toggleAll && {
        checked: allSelected,
        indeterminate: !allSelected && selectedCount > 0,
        disabled: rows.length === 0,
        toggle: toggleAll,
      },
    [toggleAll, allSelected, selectedCount, rows.length],
  );
  const colSpan = fields.length + (selection ? 1 : 0);

  return (
    <div
      ref={scrollRef}
      data-testid="list-scroll"
      // Tall enough to use the screen, never so tall that the toolbar and the footer scroll out of sight.
      style={{
        overflow: 'auto',
        maxHeight: 'max(320px, calc(100dvh - 330px))',
        overscrollBehavior: 'contain',
      }}
    >
      <Table
        stickyHeader
        highlightOnHover
        layout="fixed"
        verticalSpacing={8}
        style={{ minWidth }}
        aria-rowcount={rows.length + 1}
      >
        <colgroup>
          {selection && <col style={{ width: CHECK_WIDTH }} />}
          {widths.map((width, i) => (
            <col key={fields[i]?.name} style={width === undefined ? undefined : { width }} />
          ))}
        </colgroup>
        <ListHeader
          fields={fields}
          sort={sort}
          language={props.language}
          onSort={props.onSort}
          selectAll={selectAll}
        />
        <Table.Tbody>
          {paddingTop > 0 && (
            <tr aria-hidden style={{ height: paddingTop }}>
              <td colSpan={colSpan} style={{ padding: 0, border: 0 }} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <ListRow
                key={row.id}
                entity={entity}
                fields={fields}
                row={row}
                index={item.index}
                titles={props.titles}
                format={props.format}
                language={props.language}
                selected={selection?.selected.has(row.id) ?? false}
                onToggle={selection?.toggle}
                open={open}
                t={t}
              />
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden style={{ height: paddingBottom }}>
              <td colSpan={colSpan} style={{ padding: 0, border: 0 }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
    </div>
  );
}

interface ListRowProps extends Pick<ListTableProps, 'entity' | 'fields' | 'titles' | 'format' | 'language'> {
  row: RecordRow;
  index: number;
  selected: boolean;
  onToggle: ((id: string) => void) | undefined;
  open: (href: string) => void;
  t: TFunction;
}

/** Clicks on controls inside a row (links, the checkbox) do their own thing, not open the record. */
function fromControl(event: MouseEvent): boolean {
  return (event.target as HTMLElement).closest('a, button, input, label') !== null;
}

/** A plain click on the title link stays in the app; ctrl/cmd/shift/middle clicks open tabs as links do. */
function plainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

const CELL: CSSProperties = { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' };
const NUMERIC_CELL: CSSProperties = { ...CELL, textAlign: 'right' };
const TITLE_LINK: CSSProperties = { color: 'inherit', fontWeight: 500 };
const CHECKBOX: CSSProperties = {
  width: 16,
  height: 16,
  margin: 0,
  verticalAlign: 'middle',
  cursor: 'pointer',
  accentColor: 'var(--mantine-primary-color-filled)',
};

/**
 * One row, from plain elements with Mantine's table classes: while scrolling, rows are created by the dozen each
 * frame, and Mantine's components (or a router Link per row) cost several times a plain element.
 */
const ListRow = memo(function ListRow({
  entity,
  fields,
  row,
  index,
  titles,
  format,
  language,
  selected,
  onToggle,
  open,
  t,
}: ListRowProps) {
  const href = recordHref(entity.path, row.id);
  const title = String(row[entity.titleField] ?? row.id);
  return (
    <tr
      className={Table.classes.tr}
      data-hover
      data-with-row-border
      aria-rowindex={index + 2}
      aria-selected={onToggle ? selected : undefined}
      style={{
        height: ROW_HEIGHT,
        cursor: 'pointer',
        background: selected ? 'var(--mantine-primary-color-light)' : undefined,
      }}
      onClick={(event) => {
        if (!fromControl(event)) open(href);
      }}
    >
      {onToggle && (
        <td className={Table.classes.td}>
          <input
            type="checkbox"
            style={CHECKBOX}
            aria-label={t('list.select.row', { title })}
            checked={selected}
            onChange={() => onToggle(row.id)}
          />
        </td>
      )}
      {fields.map((field) => (
        <td
          key={field.name}
          className={Table.classes.td}
          style={NUMERIC_TYPES.has(field.type) ? NUMERIC_CELL : CELL}
        >
          {field.name === entity.titleField ? (
            <a
              href={href}
              className={Anchor.classes.root}
              data-underline="hover"
              style={TITLE_LINK}
              onClick={(event) => {
                if (!plainClick(event)) return;
                event.preventDefault();
                open(href);
              }}
            >
              {title}
            </a>
          ) : (
            <CellValue
              field={field}
              value={row[field.name]}
              format={format}
              language={language}
              titles={titles}
              t={t}
            />
          )}
        </td>
      ))}
    </tr>
  );
});
