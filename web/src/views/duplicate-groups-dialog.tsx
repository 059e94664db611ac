import { Anchor, Button, Group, Loader, Modal, Paper, Stack, Text } from '@mantine/core';
import { IconArrowMerge } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api';
import { ErrorState } from '../app/error-state';
import type { Language } from '../app/i18n';
import { MAX_MERGED } from './merge';
import { type EntityMeta, label } from './meta';
import { recordHref } from './record/record-href';

const MergeDialog = lazy(() => import('./merge-dialog'));

/** One answer of `GET /api/v1/<path>/duplicates` (src/http/merge-routes.ts). */
interface DuplicateGroups {
  data: Array<{
    records: Array<{ id: string; title: string }>;
    matches: Array<{ key: string; value: string }>;
  }>;
  truncated: boolean;
}

interface DuplicateGroupsDialogProps {
  entity: EntityMeta;
  language: Language;
  onClose: () => void;
}

/**
 * The records of a list that look like duplicates, in groups that share an e-mail, a phone, a name…, biggest
 * first; each group opens the merge dialog. After a merge the groups are asked for again.
 */
export default function DuplicateGroupsDialog({ entity, language, onClose }: DuplicateGroupsDialogProps) {
  const { t } = useTranslation();
  const [merging, setMerging] = useState<string[] | null>(null);
  const groups = useQuery({
    queryKey: ['duplicates', entity.path],
    queryFn: () => get<DuplicateGroups>(`/api/v1/${entity.path}/duplicates?limit=50`),
  });
  const keyName = (key: string) => {
    const keys: Record<string, string> = t('record.duplicates.keys', { returnObjects: true });
    return keys[key] ?? key;
  };
  return (
    <>
      <Modal
        opened={merging === null}
        onClose={onClose}
        title={t('list.duplicates.title', { entities: label(entity.labelPlural, language) })}
        size="lg"
        centered
      >
        {groups.isPending && <Loader size="sm" />}
        {groups.isError && <ErrorState error={groups.error} onRetry={() => void groups.refetch()} />}
        {groups.data && (
          <Stack gap="sm" data-testid="duplicate-groups">
            {groups.data.data.length === 0 && <Text c="dimmed">{t('list.duplicates.none')}</Text>}
            {groups.data.data.map((group) => (
              <Paper key={group.records.map((record) => record.id).join()} withBorder p="sm" radius="sm">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={2}>
                    {group.records.map((record) => (
                      <Anchor
                        key={record.id}
                        href={recordHref(entity.path, record.id)}
                        target="_blank"
                        size="sm"
                      >
                        {record.title}
                      </Anchor>
                    ))}
                    <Text size="xs" c="dimmed">
                      {t('record.duplicates.sameAs', {
                        keys: group.matches.map((match) => `${keyName(match.key)} ${match.value}`).join(', '),
                      })}
                    </Text>
                  </Stack>
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconArrowMerge size={16} />}
                    disabled={group.records.length > MAX_MERGED + 1}
                    onClick={() => setMerging(group.records.map((record) => record.id))}
                  >
                    {t('list.merge.button')}
                  </Button>
                </Group>
              </Paper>
            ))}
            {groups.data.truncated && (
              <Text size="sm" c="dimmed">
                {t('list.duplicates.more')}
              </Text>
            )}
          </Stack>
        )}
      </Modal>
      {merging && (
        <Suspense fallback={null}>
          <MergeDialog
            entity={entity}
            ids={merging}
            language={language}
            onClose={() => setMerging(null)}
            onMerged={() => void groups.refetch()}
          />
        </Suspense>
      )}
    </>
  );
}
