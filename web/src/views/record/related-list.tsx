import { Anchor, Badge, Button, Center, Group, Loader, Paper, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../app/api';
import { ErrorState } from '../../app/error-state';
import type { Language } from '../../app/i18n';
import { listColumns } from '../columns';
import { type ListFilter, type ListPage, listUrl } from '../list-query';
import { type EntityMeta, fieldOf, label, useMeta } from '../meta';
import { parseSort } from '../sort';
import { FieldValue } from './field-value';
import { currencyOf } from './record-form';
import { newRecordHref, recordHref } from './record-href';
import type { RecordData } from './record-types';
import { relationTo } from './relations';
import { inSentence } from './words';

const RELATED_LIMIT = 100;

export interface RelatedListProps {
  /** The related entity (contacts of a customer). */
  entity: EntityMeta;
  meta: EntityMeta[];
  /** Which of its records belong to the record shown: the list to ask (below /api/v1/) and its filters. */
  listPath: string;
  filters: ListFilter[];
  /** Values a new related record starts with (the link back to the record shown); null: no "add" here. */
  prefill: Record<string, unknown> | null;
  language: Language;
  /** Columns besides the title; left out: the list's defaults. */
  columns?: string[];
}

/** Records that belong to the one shown (a customer's contacts), each a link, with a button to add one. */
export function RelatedList({
  entity,
  meta,
  listPath,
  filters,
  prefill,
  language,
  columns,
}: RelatedListProps) {
  const { t } = useTranslation();
  const fields = listColumns(entity, columns ? [entity.titleField, ...columns] : undefined).filter(
    (field) => field.name !== 'updatedAt',
  );
  const state = { sort: parseSort(entity.defaultSort), filters };
  // Money is shown in each record's own currency.
  const extra =
    fields.some((field) => field.type === 'currency') && fieldOf(entity, 'currency') ? ['currency'] : [];
  const query = useQuery({
    queryKey: ['related', listPath, filters, fields.map((field) => field.name)],
    queryFn: () =>
      get<ListPage>(
        listUrl(listPath, state, {
          fields: ['id', ...fields.map((field) => field.name), ...extra],
          limit: RELATED_LIMIT,
          total: true,
        }),
      ),
  });
  const plural = label(entity.labelPlural, language);
  const total = query.data?.total;
  return (
    <Paper withBorder radius="md" mt="lg" data-testid={`related-${entity.path}`}>
      <Group
        justify="space-between"
        px="md"
        py="sm"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
      >
        <Group gap="xs">
          <Text fw={600}>{plural}</Text>
          {total !== undefined && (
            <Badge variant="light" color="gray">
              {total}
            </Badge>
          )}
        </Group>
        {entity.permissions.create && prefill && (
          <Button
            component={Link}
            to={newRecordHref(entity.path, prefill)}
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
          >
            {t('record.addRelated', { entity: inSentence(label(entity.label, language), language) })}
          </Button>
        )}
      </Group>
      {query.isPending ? (
        <Center py="md">
          <Loader size="sm" />
        </Center>
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <Text c="dimmed" size="sm" px="md" py="md">
          {t('record.noRelated', { entities: inSentence(plural, language) })}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                {fields.map((field) => (
                  <Table.Th key={field.name}>{label(field.label, language)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.data.map((row) => (
                <Table.Tr key={row.id}>
                  {fields.map((field) => (
                    <Table.Td key={field.name}>
                      {field.name === entity.titleField ? (
                        <Anchor component={Link} to={recordHref(entity.path, row.id)} size="sm" fw={500}>
                          {String(row[field.name] ?? '') || t('record.untitled')}
                        </Anchor>
                      ) : (
                        <FieldValue
                          field={field}
                          value={row[field.name]}
                          meta={meta}
                          language={language}
                          currency={currencyOf(row)}
                        />
                      )}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

/** One related list below a record: which entity, and the columns it shows besides the title. */
export interface RelatedSpec {
  path: string;
  columns?: string[];
}

/**
 * The records linked to the one shown, one list per entity the user may read (a customer's contacts and
 * addresses, a lead's opportunities, quotations and orders), each found through the link the metadata names.
 */
export function RelatedLists({
  record,
  parent,
  lists,
  language,
}: {
  record: RecordData;
  parent: EntityMeta;
  lists: RelatedSpec[];
  language: Language;
}) {
  const meta = useMeta().data ?? [];
  return (
    <>
      {lists.map(({ path, columns }) => {
        const entity = meta.find((candidate) => candidate.path === path);
        const relation = entity && relationTo(entity, parent, record.id);
        if (!entity || !relation) return null;
        return (
          <RelatedList
            key={path}
            entity={entity}
            meta={meta}
            listPath={relation.listPath}
            filters={relation.filters}
            prefill={relation.prefill}
            language={language}
            columns={columns}
          />
        );
      })}
    </>
  );
}
