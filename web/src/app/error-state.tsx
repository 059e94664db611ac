import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

/** What a screen shows when loading failed: the server's explanation when it sent one, and a retry. */
export function ErrorState({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const { t } = useTranslation();
  const message = error instanceof ApiError ? error.message : t('errors.network');
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle />} title={title ?? t('errors.title')} m="md">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{message}</Text>
        {onRetry && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {t('list.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
