/** Below a booking page's record in Settings: its public address, to copy or open. */
import { Anchor, Button, CopyButton, Group, Paper, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconExternalLink } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { RecordData } from '../../views/record/record-types';
import './texts';

export function BookingLinkPanel({ record }: { record: RecordData }) {
  const { t } = useTranslation('booking');
  if (record.deletedAt || typeof record.slug !== 'string') return null;
  const url = `${window.location.origin}/book/${record.slug}`;
  return (
    <Paper withBorder radius="md" mt="lg" p="md" data-testid="booking-link">
      <Stack gap="xs">
        <Text fw={600}>{t('publicPage')}</Text>
        <Text size="sm" c="dimmed">
          {t('publicPageHint')}
        </Text>
        <Group justify="space-between" wrap="nowrap">
          <Anchor href={url} target="_blank" rel="noopener" style={{ wordBreak: 'break-all' }}>
            {url}
          </Anchor>
          <Group gap="xs" wrap="nowrap">
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <Button
                  size="xs"
                  variant="light"
                  leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                  onClick={copy}
                >
                  {t('copy')}
                </Button>
              )}
            </CopyButton>
            <Button
              size="xs"
              variant="subtle"
              component="a"
              href={url}
              target="_blank"
              rel="noopener"
              leftSection={<IconExternalLink size={14} />}
            >
              {t('open')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
