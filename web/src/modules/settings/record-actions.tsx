/**
 * Actions beyond the generic ones that some administration records have: an API key is created with a secret
 * shown once and revoked for good; a custom field in the trash can be purged (its column dropped).
 */
import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconKey, IconKeyOff, IconTrashX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../app/api';
import { ErrorState } from '../../app/error-state';
import type { RecordData } from '../../views/record/record-types';
import { refreshAround } from '../../views/record/use-record';

/** A button that asks before it does something that cannot be undone. */
function ConfirmButton({
  label,
  title,
  text,
  icon,
  onConfirm,
}: {
  label: string;
  title: string;
  text: ReactNode;
  icon: ReactNode;
  onConfirm: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const run = useMutation({ mutationFn: onConfirm, onSuccess: close });
  return (
    <>
      <Button variant="light" color="red" leftSection={icon} onClick={open}>
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={title} centered>
        <Stack>
          <Text size="sm">{text}</Text>
          {run.error && <ErrorState error={run.error} title={t('record.actionFailed')} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('record.cancel')}
            </Button>
            <Button color="red" loading={run.isPending} onClick={() => run.mutate()}>
              {label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** Creating an API key: the answer carries the key, which the server never shows again. */
export function useApiKeyCreate() {
  const [secret, setSecret] = useState<string | null>(null);
  const create = async (body: Record<string, unknown>) => {
    const { data } = await api<{ data: RecordData & { key?: string } }>('POST', '/api/v1/api-keys', body);
    const { key, ...record } = data;
    if (key) setSecret(key);
    return record as RecordData;
  };
  return { create, secret, clear: () => setSecret(null) };
}

export function SecretModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={secret !== null}
      onClose={onClose}
      title={t('settings.apiKeys.secretTitle')}
      centered
      size="lg"
    >
      <Stack>
        <Alert color="orange" icon={<IconKey />}>
          {t('settings.apiKeys.secretOnce')}
        </Alert>
        <Code block data-testid="api-key-secret" style={{ wordBreak: 'break-all' }}>
          {secret}
        </Code>
        <Group justify="flex-end">
          <CopyButton value={secret ?? ''}>
            {({ copied, copy }) => (
              <Button
                variant="light"
                leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                onClick={copy}
              >
                {copied ? t('settings.apiKeys.copied') : t('settings.apiKeys.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t('settings.apiKeys.done')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function RevokeButton({ record }: { record: RecordData }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  if (record.revokedAt || record.deletedAt) return null;
  return (
    <ConfirmButton
      label={t('settings.apiKeys.revoke')}
      title={t('settings.apiKeys.revokeTitle')}
      text={t('settings.apiKeys.revokeText', { name: String(record.name ?? '') })}
      icon={<IconKeyOff size={16} />}
      onConfirm={async () => {
        const { data } = await api<{ data: RecordData }>('POST', `/api/v1/api-keys/${record.id}/revoke`);
        refreshAround(client, 'api-keys', data);
        notifications.show({ color: 'orange', message: t('settings.apiKeys.revoked') });
      }}
    />
  );
}

/** Only a custom field in the trash can be purged: its column and every value in it go for good. */
export function PurgeButton({ record }: { record: RecordData }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  if (!record.deletedAt) return null;
  return (
    <ConfirmButton
      label={t('settings.customFields.purge')}
      title={t('settings.customFields.purgeTitle')}
      text={t('settings.customFields.purgeText', { name: String(record.name ?? '') })}
      icon={<IconTrashX size={16} />}
      onConfirm={async () => {
        await api<unknown>('POST', `/api/v1/custom-fields/${record.id}/purge`);
        refreshAround(client, 'custom-fields');
        // The fields of every entity changed: the forms and lists must learn it from /meta again.
        await client.invalidateQueries({ queryKey: ['meta'] });
        notifications.show({ color: 'orange', message: t('settings.customFields.purged') });
        void navigate('/settings/custom-fields/trash', { replace: true });
      }}
    />
  );
}
