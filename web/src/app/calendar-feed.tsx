/**
 * One's calendar feed in the profile: a secret address a calendar program subscribes to (meetings one organises or
 * attends). The server keeps only a hash, so the address shows once, right after it was made; making a new one
 * stops the old, which is also how a leaked address is withdrawn.
 */
import { Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiClient, body } from '../api/client';

const FEED_KEY = ['calendar-feed'];

export function CalendarFeed() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [url, setUrl] = useState<string | null>(null);
  const feed = useQuery({
    queryKey: FEED_KEY,
    queryFn: () => body(apiClient.GET('/api/v1/auth/me/calendar-feed')),
  });
  const make = useMutation({
    mutationFn: () => body(apiClient.POST('/api/v1/auth/me/calendar-feed')),
    onSuccess: async (made) => {
      setUrl(made.data.url ?? null);
      await client.invalidateQueries({ queryKey: FEED_KEY });
    },
  });
  const stop = useMutation({
    mutationFn: () => apiClient.DELETE('/api/v1/auth/me/calendar-feed'),
    onSuccess: async () => {
      setUrl(null);
      await client.invalidateQueries({ queryKey: FEED_KEY });
    },
  });
  const enabled = feed.data?.data.enabled ?? false;

  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('profile.calendar.title')}
      </Text>
      <Text size="xs" c="dimmed">
        {t(url ? 'profile.calendar.secret' : enabled ? 'profile.calendar.on' : 'profile.calendar.off')}
      </Text>
      {url && (
        <Code
          block
          data-testid="calendar-feed-url"
          style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
        >
          {url}
        </Code>
      )}
      <Group gap="xs">
        {url && (
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" onClick={copy}>
                {copied ? t('profile.calendar.copied') : t('profile.calendar.copy')}
              </Button>
            )}
          </CopyButton>
        )}
        <Button size="xs" variant="default" loading={make.isPending} onClick={() => make.mutate()}>
          {t(enabled ? 'profile.calendar.renew' : 'profile.calendar.make')}
        </Button>
        {enabled && (
          <Button
            size="xs"
            variant="subtle"
            color="red"
            loading={stop.isPending}
            onClick={() => stop.mutate()}
          >
            {t('profile.calendar.stop')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
