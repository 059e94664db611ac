import { Badge, Button, Center, Group, Loader, Paper, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorState } from '../app/error-state';
import { isLanguage } from '../app/i18n';
import { useFormat } from '../app/use-format';
import { CellValue } from './cell-value';
import { listColumns } from './columns';
import { useLinkTitles } from './link-titles';
import { type ListState, useRecordList } from './list-query';
import { type EntityMeta, label, useMeta } from './meta';
import { SortableHeader } from './sortable-header';
import { formatSort, parseSort, toggleSort } from './sort';

export interface EntityListProps {
  /** The entity's API path, e.g. `users`. */
  path: string;
  /** Field names to show, in order; left out: the title field and a few more (see listColumns). */
  columns?: string[];
}

/**
 * The generic list of any entity, built from /api/v1/meta: localized headers, server-side sorting by a click on
 * a column header (kept in the URL, so reload and back keep it), keyset paging with "load more" and the total.
 */
export function EntityList({ path, columns }: EntityListProps) {
  const { t } = useTranslation();
  const meta = useMeta();
  if (meta.isPending) return <ListLoader />;
  if (meta.isError) return <ErrorState error={meta.error} onRetry={() => void meta.refetch()} />;
  const entity = meta.data.find((candidate) => candidate.path === path);
  if (!entity) return <Text c="dimmed">{t('list.unknownEntity')}</Text>;
  return <EntityTable entity={entity} meta={meta.data} columns={columns} />;
}

function EntityTable({
  entity,
  meta,
  columns,
}: {
  entity: EntityMeta;
  meta: EntityMeta[];
  columns?: string[];
}) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const fields = useMemo(() => listColumns(entity, columns), [entity, columns]);
  const sortText = params.get('sort') ?? entity.defaultSort;
  const state: ListState = useMemo(() => ({ sort: parseSort(sortText), filters: [] }), [sortText]);
  const list = useRecordList(entity.path, state, ['id', ...fields.map((field) => field.name)]);
  const pages = useMemo(() => list.data?.pages.map((page) => page.data) ?? [], [list.data]);
  const titles = useLinkTitles(meta, fields, pages);

  if (list.isPending) return <ListLoader />;
  if (list.isError)
    return <ErrorState error={list.error} onRetry={() => void list.refetch()} title={t('list.failed')} />;

  const rows = pages.flat();
  const total = list.data.pages[0]?.total;
  const sortBy = (field: string) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        next.set('sort', formatSort(toggleSort(state.sort, field)));
        return next;
      },
      { replace: true },
    );

  return (
    <Paper withBorder radius="md" data-testid={`list-${entity.path}`}>
      {/* The toolbar: where the filter builder, column chooser and saved views of the next slice go. */}
      <Group justify="space-between" px="md" py="sm" style={BORDER_BOTTOM}>
        <Group gap="xs">
          <Text fw={600}>{label(entity.labelPlural, language)}</Text>
          {total !== undefined && (
            <Badge variant="light" color="gray" data-testid="list-total">
              {format.number(total)}
            </Badge>
          )}
        </Group>
      </Group>
      <Table.ScrollContainer minWidth={640}>
        <Table highlightOnHover stickyHeader>
          <Table.Thead>
            <Table.Tr>
              {fields.map((field) => (
                <SortableHeader
                  key={field.name}
                  label={label(field.label, language)}
                  sortable={field.sortable}
                  direction={
                    state.sort[0]?.field === field.name
                      ? state.sort[0].descending
                        ? 'desc'
                        : 'asc'
                      : undefined
                  }
                  onSort={() => sortBy(field.name)}
                />
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id}>
                {fields.map((field) => (
                  <Table.Td key={field.name} fw={field.name === entity.titleField ? 500 : undefined}>
                    <CellValue
                      field={field}
                      value={row[field.name]}
                      format={format}
                      language={language}
                      titles={titles}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length === 0 && (
        <Center py="xl">
          <Text c="dimmed">{t('list.empty')}</Text>
        </Center>
      )}
      <Group justify="space-between" px="md" py="sm" style={BORDER_TOP}>
        <Text size="sm" c="dimmed" data-testid="list-count">
          {total === undefined
            ? t('list.countUnknown', { shown: format.number(rows.length) })
            : t('list.count', { shown: format.number(rows.length), total: format.number(total) })}
        </Text>
        {list.hasNextPage && (
          <Button
            variant="light"
            size="xs"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('list.loadMore')}
          </Button>
        )}
      </Group>
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
