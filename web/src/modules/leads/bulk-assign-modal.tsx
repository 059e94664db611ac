/** The dialog of a bulk assignment (POST /leads/assign), loaded when it first opens. */
import { Alert, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import './texts';
import { apiClient, body } from '../../api/client';
import type { paths } from '../../api/openapi';
import { useFormat } from '../../app/use-format';
import { useMeta } from '../../views/meta';
import { LinkPicker } from '../../views/record/link-picker';
import { refreshAround } from '../../views/record/use-record';
import { type BulkAssignProps, MAX_BULK_ASSIGN, useFailure } from './assign-action';

type BulkBody = paths['/api/v1/leads/assign']['post']['requestBody']['content']['application/json'];

const bulkAssign = async (request: BulkBody) =>
  (await body(apiClient.POST('/api/v1/leads/assign', { body: request }))).data;

/** The dialog of a bulk assignment: by the rules or to one user, then what happened. */
export default function BulkAssignModal({
  opened,
  onClose,
  ids,
  filter,
  count,
  onDone,
}: BulkAssignProps & { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('leads');
  const format = useFormat();
  const client = useQueryClient();
  const failure = useFailure();
  const users = useMeta().data?.find((entity) => entity.name === 'user');
  const [mode, setMode] = useState<'rules' | 'user'>('rules');
  const [userId, setUserId] = useState<string | null>(null);
  const [missingUser, setMissingUser] = useState(false);
  const run = useMutation({
    mutationFn: () =>
      bulkAssign({
        ...(ids ? { ids } : { filter: filter ?? {} }),
        ...(mode === 'user' && userId ? { userId } : {}),
      }),
    onSuccess: (result) => {
      refreshAround(client, 'leads');
      notifications.show({
        color: 'teal',
        message: t('assign.bulk.done', {
          assigned: format.number(result.assigned),
          unchanged: format.number(result.unchanged),
          unassigned: format.number(result.unassigned.length),
        }),
      });
      onDone?.(result);
      close();
    },
  });
  const close = () => {
    run.reset();
    setMissingUser(false);
    onClose();
  };
  const submit = () => {
    if (mode === 'user' && !userId) return setMissingUser(true);
    run.mutate();
  };
  const tooMany = count > MAX_BULK_ASSIGN;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('assign.bulk.title', { count, n: format.number(count) })}
      centered
    >
      <Stack>
        <Radio.Group value={mode} onChange={(value) => setMode(value === 'user' ? 'user' : 'rules')}>
          <Stack gap="xs">
            <Radio value="rules" label={t('assign.bulk.byRules')} />
            <Radio value="user" label={t('assign.bulk.toUser')} />
          </Stack>
        </Radio.Group>
        {mode === 'user' && users && (
          <LinkPicker
            target={users}
            label={t('assign.bulk.user')}
            required
            value={userId}
            onChange={(next) => {
              setUserId(next);
              setMissingUser(false);
            }}
            error={missingUser ? t('assign.bulk.userRequired') : undefined}
          />
        )}
        {tooMany && (
          <Text size="sm" c="red">
            {t('assign.bulk.tooMany', { max: format.number(MAX_BULK_ASSIGN) })}
          </Text>
        )}
        {run.error && (
          <Alert color="red" title={t('assign.failed')}>
            {failure(run.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('assign.bulk.cancel')}
          </Button>
          <Button loading={run.isPending} disabled={tooMany || count === 0} onClick={submit}>
            {t('assign.bulk.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
