/**
 * Below a web form's record in Settings: the HTML to paste into a site's page, with a copy button and a preview.
 * The preview is a sandboxed frame without scripts or form submission, so looking at it never sends anything.
 */
import { Alert, Button, Code, CopyButton, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import '../leads/texts';
import { apiClient, body } from '../../api/client';
import { ErrorState } from '../../app/error-state';
import type { RecordData } from '../../views/record/record-types';

export function WebFormSnippetPanel({ record }: { record: RecordData }) {
  const { t } = useTranslation('leads');
  const snippet = useQuery({
    // The version in the key: a saved change to the fields or labels shows in the snippet at once.
    queryKey: ['web-form-snippet', record.id, record.version],
    queryFn: async () =>
      (await body(apiClient.GET('/api/v1/web-forms/{id}/snippet', { params: { path: { id: record.id } } })))
        .data,
  });
  if (record.deletedAt) return null;
  const origins = Array.isArray(record.allowedOrigins) ? record.allowedOrigins : [];
  return (
    <Paper withBorder radius="md" mt="lg" p="md" data-testid="web-form-snippet">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>{t('webForms.snippetTitle')}</Text>
          <CopyButton value={snippet.data?.html ?? ''}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                variant="light"
                disabled={!snippet.data}
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                onClick={copy}
              >
                {copied ? t('webForms.copied') : t('webForms.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="sm" c="dimmed">
          {t('webForms.snippetHint')}
        </Text>
        {record.active === false && (
          <Alert color="orange" icon={<IconAlertTriangle />}>
            {t('webForms.inactive')}
          </Alert>
        )}
        {origins.length === 0 && (
          <Alert color="orange" icon={<IconAlertTriangle />}>
            {t('webForms.noOrigins')}
          </Alert>
        )}
        {snippet.isError && <ErrorState error={snippet.error} onRetry={() => void snippet.refetch()} />}
        {snippet.data && (
          <>
            <ScrollArea.Autosize mah={280} type="auto">
              <Code block data-testid="web-form-snippet-html">
                {snippet.data.html}
              </Code>
            </ScrollArea.Autosize>
            <Text size="sm" fw={500}>
              {t('webForms.preview')}
            </Text>
            <iframe
              title={t('webForms.preview')}
              sandbox=""
              srcDoc={snippet.data.html}
              style={{
                width: '100%',
                height: 420,
                border: '1px solid var(--mantine-color-gray-3)',
                borderRadius: 'var(--mantine-radius-sm)',
                background: 'white',
              }}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}
