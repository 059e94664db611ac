import { Badge, Button, Center, Group, Loader, Paper, Text } from '@mantine/core';
import { type ReactNode, Suspense, lazy, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../app/auth';
import { ErrorState } from '../app/error-state';
import { isLanguage } from '../app/i18n';
import { useFormat } from '../app/use-format';
import { listColumns } from './columns';
import { apiFilters } from './filters';
import { useLinkTitles } from './link-titles';
import { type ListState, useRecordList } from './list-query';
import { type ViewState, withoutFilter } from './list-state';
import { ListTable } from './list-table';
import { type EntityMeta, label, useMeta } from './meta';
import { parseSort, shiftSort, toggleSort } from './sort';
import { useViewState } from './use-view-state';

// One chunk for all three (list-tools.ts): it loads while the first page of rows is on its way.
const ListToolbar = lazy(() => import('./list-tools').then((tools) => ({ default: tools.ListToolbar })));
const FilterChips = lazy(() => import('./list-tools').then((tools) => ({ default: tools.FilterChips })));
const SelectionActions = lazy(() =>
  import('./list-tools').then((tools) => ({ default: tools.SelectionActions })),
);

export interface EntityListProps {
  /** The entity's API path, e.g. `users`. */
  path: string;
  /** The default columns, in order; left out: the title field and a few more (see listColumns). */
  columns?: string[];
  /** A screen's own actions for the selected rows (assigning leads), beside merge and delete. */
  selectionActions?: (ids: string[]) => ReactNode;
}

/**
 * The generic list of any entity, built from /api/v1/meta: quick filters, a filter builder with the API's
 * operators, multi-key sorting, a column chooser and saved views, all kept in the URL; virtualised rows loaded
 * page by page (keyset) with the total; selection with bulk delete. Rows open the record's page.
 */
export function EntityList({ path, columns, selectionActions }: EntityListProps) {
  const { t } = useTranslation();
  const meta = useMeta();
  if (meta.isPending) return <ListLoader />;
  if (meta.isError) return <ErrorState error={meta.error} onRetry={() => void meta.refetch()} />;
  const entity = meta.data.find((candidate) => candidate.path === path);
  if (!entity) return <Text c="dimmed">{t('list.unknownEntity')}</Text>;
  return (
    <EntityTable entity={entity} meta={meta.data} columns={columns} selectionActions={selectionActions} />
  );
}

const NO_SELECTION = new Set<string>();

function EntityTable({
  entity,
  meta,
  columns,
  selectionActions,
}: {
  entity: EntityMeta;
  meta: EntityMeta[];
  columns?: string[] | undefined;
  selectionActions?: EntityListProps['selectionActions'];
}) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const format = useFormat();
  const me = useUser();
  const [state, setState] = useViewState(entity.defaultSort);
  const defaults = useMemo(() => listColumns(entity, columns).map((field) => field.name), [entity, columns]);
  const fields = useMemo(
    () => listColumns(entity, state.columns ?? defaults),
    [entity, state.columns, defaults],
  );
  const standard: ViewState = useMemo(
    () => ({ filters: [], quick: [], sort: parseSort(entity.defaultSort), columns: null, viewId: null }),
    [entity.defaultSort],
  );

  // en-US weeks start on Sunday, de-DE weeks on Monday; "this week" follows the UI's language.
  const firstDay = language === 'de' ? 1 : 0;
  const query: ListState = useMemo(
    () => ({
      sort: state.sort,
      filters: apiFilters(entity, state, { userId: me.id, timeZone: me.timeZone, firstDay, now: new Date() }),
    }),
    [entity, state, me.id, me.timeZone, firstDay],
  );
  const wanted = useMemo(
    () => [...new Set(['id', entity.titleField, ...fields.map((field) => field.name)])],
    [entity.titleField, fields],
  );
  const list = useRecordList(entity.path, query, wanted);
  const pages = useMemo(() => list.data?.pages.map((page) => page.data) ?? [], [list.data]);
  const rows = useMemo(() => pages.flat(), [pages]);
  const titles = useLinkTitles(meta, fields, pages);
  const resetKey = JSON.stringify(query);

  // A selection belongs to one query: other filters or another sort start with nothing selected.
  const [selection, setSelection] = useState({ key: resetKey, ids: NO_SELECTION });
  const selected = selection.key === resetKey ? selection.ids : NO_SELECTION;
  const select = (ids: Set<string>) => setSelection({ key: resetKey, ids });
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (!next.delete(id)) next.add(id);
    select(next);
  };
  const toggleAll = () =>
    select(selected.size >= rows.length ? NO_SELECTION : new Set(rows.map((row) => row.id)));

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (list.isPending) return <ListLoader />;
  if (list.isError)
    return <ErrorState error={list.error} onRetry={() => void list.refetch()} title={t('list.failed')} />;

  const total = list.data.pages[0]?.total;
  const filtered = state.filters.length > 0 || state.quick.length > 0;
  const titleOf = (id: string) => String(rows.find((row) => row.id === id)?.[entity.titleField] ?? id);
  const onSort = (field: string, additive: boolean) =>
    setState((current) => ({
      ...current,
      sort: additive ? shiftSort(current.sort, field) : toggleSort(current.sort, field),
    }));

  return (
    <Paper withBorder radius="md" data-testid={`list-${entity.path}`}>
      <Group justify="space-between" px="md" py="sm" style={BORDER_BOTTOM} gap="sm" mih={55}>
        <Group gap="xs">
          <Text fw={600}>{label(entity.labelPlural, language)}</Text>
          {total !== undefined && (
            <Badge variant="light" color="gray" data-testid="list-total">
              {format.number(total)}
            </Badge>
          )}
          {list.isPlaceholderData && <Loader size="xs" aria-label={t('list.updating')} />}
        </Group>
        <Suspense fallback={null}>
          <ListToolbar
            entity={entity}
            meta={meta}
            state={state}
            setState={setState}
            fields={fields}
            standard={standard}
            language={language}
          />
        </Suspense>
      </Group>
      {state.filters.length > 0 && (
        <Suspense fallback={null}>
          <FilterChips
            entity={entity}
            meta={meta}
            filters={state.filters}
            format={format}
            language={language}
            onRemove={(index) => setState((current) => withoutFilter(current, index))}
            onClear={() => setState((current) => ({ ...current, filters: [] }))}
          />
        </Suspense>
      )}
      <ListTable
        entity={entity}
        fields={fields}
        rows={rows}
        titles={titles}
        format={format}
        language={language}
        sort={state.sort}
        onSort={onSort}
        selection={entity.permissions.delete ? { selected, toggle, toggleAll } : undefined}
        loadMore={loadMore}
        canLoadMore={hasNextPage && !isFetchingNextPage}
        resetKey={resetKey}
      />
      {rows.length === 0 && (
        <Center py="xl">
          <Text c="dimmed">{filtered ? t('list.emptyFiltered') : t('list.empty')}</Text>
        </Center>
      )}
      <Group justify="space-between" px="md" py="sm" style={BORDER_TOP}>
        <Text size="sm" c="dimmed" data-testid="list-count">
          {total === undefined
            ? t('list.countUnknown', { shown: format.number(rows.length) })
            : t('list.count', { shown: format.number(rows.length), total: format.number(total) })}
        </Text>
        {hasNextPage && (
          <Button variant="light" size="xs" loading={isFetchingNextPage} onClick={loadMore}>
            {t('list.loadMore')}
          </Button>
        )}
      </Group>
      {selected.size > 0 && (
        <Suspense fallback={null}>
          <SelectionActions
            entity={entity}
            selected={selected}
            titleOf={titleOf}
            language={language}
            onClear={() => select(NO_SELECTION)}
            extra={selectionActions?.([...selected])}
            onDeleted={(done) => {
              const left = new Set(selected);
              for (const id of done) left.delete(id);
              select(left);
            }}
          />
        </Suspense>
      )}
    </Paper>
  );
}

const BORDER_TOP = { borderTop: '1px solid var(--mantine-color-gray-2)' };
const BORDER_BOTTOM = { borderBottom: '1px solid var(--mantine-color-gray-2)' };

function ListLoader() {
  return (
    <Center py="xl">
      <Loader size="sm" />
    </Center>
  );
}
