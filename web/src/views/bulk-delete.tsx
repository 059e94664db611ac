import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../app/api';
import { useFormat } from '../app/use-format';
import { type ListData, listKey, withoutRows } from './list-query';
import { type EntityMeta, label } from './meta';
import type { Language } from '../app/i18n';

/** The API trashes at most this many records per request, all or none. */
const CHUNK = 1000;

class PartlyDeleted extends Error {
  constructor(
    readonly done: string[],
    readonly reason: unknown,
  ) {
    super('partly deleted');
  }
}

/** Trashes the ids a thousand at a time; when a chunk fails, the ones before it stay trashed. */
async function trash(path: string, ids: string[]): Promise<string[]> {
  const done: string[] = [];
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    try {
      await api('POST', `/api/v1/${path}/bulk-delete`, { items: chunk });
    } catch (error) {
      throw done.length ? new PartlyDeleted(done, error) : error;
    }
    done.push(...chunk);
  }
  return done;
}

/** An entity label inside a sentence: English lowers "Customers" (not "API keys"); German keeps its nouns. */
export function inSentence(text: string, language: Language): string {
  if (language !== 'en' || !/^[A-Z][a-z]/.test(text)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

interface BulkDeleteProps {
  entity: EntityMeta;
  ids: string[];
  /** Titles of the selected rows, to name the ones the server refused. */
  titleOf: (id: string) => string;
  language: Language;
  opened: boolean;
  onClose: () => void;
  onDeleted: (ids: string[]) => void;
}

/** Asks before moving the selected records to the trash; says which ones the server refused, and why. */
export function BulkDeleteModal({
  entity,
  ids,
  titleOf,
  language,
  opened,
  onClose,
  onDeleted,
}: BulkDeleteProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const noun = (count: number) =>
    inSentence(label(count === 1 ? entity.label : entity.labelPlural, language), language);
  const removeFromLists = (done: string[]) => {
    const gone = new Set(done);
    // Every cached list of this entity loses the rows at once; keyset cursors stay valid without them.
    client.setQueriesData<ListData>({ queryKey: listKey(entity.path) }, (data) => withoutRows(data, gone));
    onDeleted(done);
  };
  const mutation = useMutation({
    mutationFn: () => trash(entity.path, ids),
    onSuccess: (done) => {
      removeFromLists(done);
      notifications.show({
        color: 'teal',
        message: t('list.bulkDelete.done', {
          count: done.length,
          n: format.number(done.length),
          entity: noun(done.length),
        }),
      });
      onClose();
    },
    onError: (error) => {
      if (error instanceof PartlyDeleted) removeFromLists(error.done);
    },
  });
  const error = mutation.error instanceof PartlyDeleted ? mutation.error.reason : mutation.error;
  const problem = error instanceof ApiError ? error : undefined;
  // Bulk errors name the item (`items/3`, or a field below it): the title tells the user which record it was.
  const itemErrors = (problem?.problem.errors ?? []).map((entry) => {
    const index = /^items\/(\d+)/.exec(entry.field)?.[1];
    // The rows trashed before the failing chunk have left the selection: the chunk starts at the first id left.
    const id = index === undefined ? undefined : ids[Number(index)];
    return `${id ? titleOf(id) : entry.field}: ${entry.message}`;
  });

  return (
    <Modal
      opened={opened}
      onClose={() => {
        mutation.reset();
        onClose();
      }}
      title={t('list.bulkDelete.title')}
      centered
    >
      <Stack>
        <Text size="sm">
          {t('list.bulkDelete.confirm', {
            count: ids.length,
            n: format.number(ids.length),
            entity: noun(ids.length),
          })}
        </Text>
        {mutation.isError && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle />}
            title={t('list.bulkDelete.failed')}
            role="alert"
          >
            <Stack gap={4}>
              {mutation.error instanceof PartlyDeleted && (
                <Text size="sm">
                  {t('list.bulkDelete.partly', {
                    done: format.number(mutation.error.done.length),
                    total: format.number(mutation.error.done.length + ids.length),
                  })}
                </Text>
              )}
              <Text size="sm">{problem ? problem.message : t('errors.network')}</Text>
              {itemErrors.length > 0 && (
                <List size="sm">
                  {itemErrors.slice(0, 10).map((text) => (
                    <List.Item key={text}>{text}</List.Item>
                  ))}
                </List>
              )}
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('list.bulkDelete.cancel')}
          </Button>
          <Button color="red" loading={mutation.isPending} onClick={() => mutation.mutate()} data-autofocus>
            {t('list.bulkDelete.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
