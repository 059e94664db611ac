import { Anchor, Breadcrumbs, Button, Center, Group, Loader, Paper, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../app/api';
import { ErrorState } from '../../app/error-state';
import { isLanguage } from '../../app/i18n';
import { useFormat } from '../../app/use-format';
import { type ListPage, listUrl } from '../list-query';
import { type EntityMeta, label, useMeta } from '../meta';
import type { RecordPageProps } from './record-page';
import { recordHref } from './record-href';
import { useRecordWrites } from './use-record';

/** The trash of one entity: what was deleted, when, and a button to take each back out. */
export function TrashList({ path, back }: { path: string; back: RecordPageProps['back'] }) {
  const { t } = useTranslation();
  const meta = useMeta();
  if (meta.isPending)
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  if (meta.isError) return <ErrorState error={meta.error} onRetry={() => void meta.refetch()} />;
  const entity = meta.data.find((candidate) => candidate.path === path);
  if (!entity) return <Text c="dimmed">{t('list.unknownEntity')}</Text>;
  return <Trash entity={entity} back={back} />;
}

function Trash({ entity, back }: { entity: EntityMeta; back: RecordPageProps['back'] }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const format = useFormat();
  const writes = useRecordWrites(entity.path);
  // The most recently deleted first: that is what someone looking for a mistake wants back.
  const list = useInfiniteQuery({
    queryKey: ['trash', entity.path],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      get<ListPage>(
        `${listUrl(
          entity.path,
          { sort: [{ field: 'deletedAt', descending: true }], filters: [] },
          { cursor: pageParam, fields: ['id', entity.titleField, 'deletedAt'] },
        )}&trash=true`,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
  const plural = label(entity.labelPlural, language);
  const restore = async (id: string, title: string) => {
    await writes.restore.mutateAsync(id);
    notifications.show({ color: 'teal', message: t('record.restoredNamed', { title }) });
  };
  const rows = list.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <>
      <Breadcrumbs mb="xs" separatorMargin={6}>
        {back.crumbs?.map((crumb) => (
          <Anchor key={crumb.href} component={Link} to={crumb.href} size="sm">
            {crumb.label}
          </Anchor>
        ))}
        <Anchor component={Link} to={back.href} size="sm">
          {back.label}
        </Anchor>
        <Text size="sm" c="dimmed">
          {t('record.trashTitle')}
        </Text>
      </Breadcrumbs>
      <Title order={1} size="h2" mb="lg">
        {t('record.trashOf', { entities: plural })}
      </Title>
      {writes.restore.error && <ErrorState error={writes.restore.error} title={t('record.actionFailed')} />}
      {list.isPending ? (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Paper withBorder radius="md" data-testid={`trash-${entity.path}`}>
          <Table highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{label(entity.label, language)}</Table.Th>
                <Table.Th>{t('record.deletedAt')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => {
                const title = String(row[entity.titleField] ?? row.id);
                return (
                  <Table.Tr key={row.id}>
                    <Table.Td fw={500}>
                      <Anchor component={Link} to={recordHref(entity.path, row.id)} size="sm">
                        {title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{row.deletedAt ? format.dateTime(String(row.deletedAt)) : '—'}</Table.Td>
                    <Table.Td ta="right">
                      {entity.permissions.delete && (
                        <Button
                          size="xs"
                          variant="light"
                          leftSection={<IconArrowBackUp size={14} />}
                          loading={writes.restore.isPending && writes.restore.variables === row.id}
                          onClick={() => void restore(row.id, title).catch(() => undefined)}
                        >
                          {t('record.restore')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          {rows.length === 0 && (
            <Center py="xl">
              <Text c="dimmed">{t('record.trashEmpty')}</Text>
            </Center>
          )}
          {list.hasNextPage && (
            <Group justify="center" py="sm">
              <Button
                variant="light"
                size="xs"
                loading={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {t('list.loadMore')}
              </Button>
            </Group>
          )}
        </Paper>
      )}
    </>
  );
}
