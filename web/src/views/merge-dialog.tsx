import { Alert, Button, Group, Loader, Modal, Radio, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowMerge } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, get } from '../app/api';
import type { Language } from '../app/i18n';
import { useFormat } from '../app/use-format';
import { type ListData, type ListPage, listKey, listUrl, withoutRows } from './list-query';
import { keyFields, mergeBody } from './merge-body';
import { type EntityMeta, type FieldMeta, fieldOf, label } from './meta';
import { refreshAround } from './record/use-record';

/** Opened from the selection bar only for 2 to 11 rows (merge.ts: mergeableCount). */
export interface MergeDialogProps {
  entity: EntityMeta;
  ids: string[];
  language: Language;
  onClose: () => void;
  /** The records merged away (now in the trash); they leave the selection. */
  onMerged: (mergedIds: string[]) => void;
}

/**
 * A key field's value as text. Not the list's CellValue: that would pull the list's tools into this chunk, and
 * the key fields are text, an option, or a time.
 */
function keyText(field: FieldMeta, value: unknown, format: ReturnType<typeof useFormat>, language: Language) {
  if (field.type === 'datetime') return format.dateTime(String(value));
  const option = field.options?.find((o) => o.value === value);
  return option ? label(option.label, language) : String(value);
}

/** The problem of a failed merge in the user's words where we have them, else the server's detail. */
function failureText(error: unknown, t: ReturnType<typeof useTranslation>['t']): string {
  if (!(error instanceof ApiError)) return t('errors.network');
  if (error.status === 412) return t('list.merge.stale');
  if (error.status === 403) return t('list.merge.forbidden');
  if (error.status === 404) return t('list.merge.notFound');
  const fields = (error.problem.errors ?? []).map((entry) => `${entry.field}: ${entry.message}`);
  return [error.message, ...fields].join(' ');
}

/**
 * Merges the selected records into the one the user keeps (`POST /api/v1/<path>/merge`). The records are read
 * afresh — the list's rows hold only its columns — so each choice shows the fields that tell them apart, and
 * the survivor's version guards against a change made meanwhile (412).
 */
export default function MergeDialog({ entity, ids, language, onClose, onMerged }: MergeDialogProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const keys = keyFields(entity);
  const [survivorId, setSurvivorId] = useState<string | null>(null);
  const records = useQuery({
    queryKey: ['merge-candidates', entity.path, ids],
    queryFn: () =>
      get<ListPage>(
        listUrl(
          entity.path,
          { sort: [], filters: [{ field: 'id', operator: 'in', value: ids.join(',') }] },
          { fields: ['id', 'version', entity.titleField, ...keys], limit: ids.length },
        ),
      ),
    // The versions must be current when the merge is sent.
    staleTime: 0,
  });
  // The selection's order, the first selected preselected: rows from the server come in their own order.
  const rows = ids.flatMap((id) => records.data?.data.find((row) => row.id === id) ?? []);
  const chosen = survivorId ?? rows[0]?.id ?? null;
  const survivor = rows.find((row) => row.id === chosen);
  const titleOf = (row: Record<string, unknown> | undefined) =>
    String(row?.[entity.titleField] ?? '') || t('record.untitled');

  const merge = useMutation({
    mutationFn: (body: ReturnType<typeof mergeBody>) =>
      api<{ data: { mergedIds: string[] } }>('POST', `/api/v1/${entity.path}/merge`, body),
    onSuccess: (answer, body) => {
      const merged = answer.data.mergedIds ?? body.mergedIds;
      const gone = new Set(merged);
      // The merged rows leave every cached list at once; the refresh then brings the survivor's new values.
      client.setQueriesData<ListData>({ queryKey: listKey(entity.path) }, (data) => withoutRows(data, gone));
      refreshAround(client, entity.path);
      void client.invalidateQueries({ queryKey: ['record', entity.path] });
      notifications.show({
        color: 'teal',
        message: t('list.merge.done', {
          count: merged.length,
          n: format.number(merged.length),
          title: titleOf(survivor),
        }),
      });
      onMerged(merged);
      onClose();
    },
  });

  return (
    <Modal
      opened
      onClose={onClose}
      centered
      size="lg"
      title={
        <Group gap="xs">
          <IconArrowMerge size={18} />
          <Text fw={600}>{t('list.merge.title', { entities: label(entity.labelPlural, language) })}</Text>
        </Group>
      }
    >
      <Stack data-testid="merge-dialog">
        {records.isPending ? (
          <Group justify="center" py="md">
            <Loader size="sm" />
          </Group>
        ) : records.isError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle />} role="alert">
            {t('list.merge.loadFailed')}
          </Alert>
        ) : (
          <Radio.Group
            value={chosen}
            onChange={(value) => setSurvivorId(value)}
            label={t('list.merge.choose')}
          >
            <Stack gap="sm" mt="sm">
              {rows.map((row) => (
                <Radio
                  key={row.id}
                  value={row.id}
                  label={
                    <Text fw={600} size="sm">
                      {titleOf(row)}
                    </Text>
                  }
                  description={
                    <Group gap="md" component="span">
                      {keys.map((name) => {
                        const field = fieldOf(entity, name);
                        if (!field || row[name] === null || row[name] === undefined) return null;
                        return (
                          <span key={name}>
                            {label(field.label, language)}: {keyText(field, row[name], format, language)}
                          </span>
                        );
                      })}
                    </Group>
                  }
                />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Text size="sm" c="dimmed">
          {t('list.merge.explain')}
        </Text>
        {merge.isError && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle />}
            title={t('list.merge.failed')}
            role="alert"
          >
            {failureText(merge.error, t)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('list.merge.cancel')}
          </Button>
          <Button
            leftSection={<IconArrowMerge size={16} />}
            loading={merge.isPending}
            disabled={!survivor || rows.length < 2}
            onClick={() => survivor && merge.mutate(mergeBody(ids, survivor.id, survivor.version))}
          >
            {t('list.merge.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
