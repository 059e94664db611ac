/**
 * The inbox inside the bell's popover (a lazy chunk): newest first, unread ones in bold with a dot. Clicking one
 * marks it read and opens the record it is about; "Mark all read" empties the count. Both change the cache at
 * once and correct it from the server afterwards.
 */
import {
  Box,
  Button,
  Center,
  Group,
  Loader,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import {
  type InfiniteData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { apiClient, body } from '../../api/client';
import { ErrorState } from '../../app/error-state';
import { LOCALES } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { useFormat } from '../../app/use-format';
import { useMeta } from '../../views/meta';
import { recordHref } from '../../views/record/record-href';
import type { Notification, UnreadCount } from './notifications-api';
import { relativeTime } from './relative-time';

const PAGE_SIZE = 20;
const INBOX_KEY = ['notifications', 'inbox'] as const;

type Inbox = InfiniteData<{ data: Notification[]; nextCursor: string | null }, string | null>;

/** Marks the given notifications (all when `ids` is undefined) read in the cached inbox; returns how many. */
function markCachedRead(client: QueryClient, ids?: string[]): number {
  const inbox = client.getQueryData<Inbox>(INBOX_KEY);
  if (!inbox) return 0;
  const now = new Date().toISOString();
  let changed = 0;
  const pages = inbox.pages.map((page) => ({
    ...page,
    data: page.data.map((n) => {
      if (n.readAt !== null || (ids && !ids.includes(n.id))) return n;
      changed += 1;
      return { ...n, readAt: now };
    }),
  }));
  client.setQueryData<Inbox>(INBOX_KEY, { ...inbox, pages });
  return changed;
}

export default function NotificationPanel({ unread, onClose }: { unread: UnreadCount; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const meta = useMeta();
  const format = useFormat();
  const inbox = useInfiniteQuery({
    queryKey: INBOX_KEY,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      body(
        apiClient.GET('/api/v1/notifications', {
          params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
    // Each opening shows what arrived since the last one.
    staleTime: 0,
  });
  const settle = () => {
    void client.invalidateQueries({ queryKey: INBOX_KEY });
    unread.refresh();
  };
  const markRead = useMutation({
    mutationFn: (id: string) =>
      body(apiClient.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onMutate: async (id) => {
      // A page arriving after this change would show the notification unread again.
      await client.cancelQueries({ queryKey: INBOX_KEY });
      const changed = markCachedRead(client, [id]);
      unread.update((count) => Math.max(0, count - changed));
    },
    onSettled: settle,
  });
  const markAll = useMutation({
    mutationFn: () => body(apiClient.POST('/api/v1/notifications/read-all')),
    onMutate: async () => {
      await client.cancelQueries({ queryKey: INBOX_KEY });
      markCachedRead(client);
      unread.update(() => 0);
    },
    onSettled: settle,
  });

  const open = (notification: Notification) => {
    if (notification.readAt === null) markRead.mutate(notification.id);
    // A record of an entity the user may no longer read (or one this app does not know) has nowhere to go.
    const path = meta.data?.find((entity) => entity.name === notification.entity)?.path;
    if (!path || !notification.recordId) return;
    onClose();
    void navigate(recordHref(path, notification.recordId));
  };

  const locale = LOCALES[currentLanguage()];
  // Times are relative to when the inbox was read, which each opening renews.
  const now = inbox.dataUpdatedAt;
  const items = inbox.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <Stack gap={0} data-testid="notification-panel">
      <Group
        justify="space-between"
        px="md"
        py="xs"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
      >
        <Text fw={600} size="sm">
          {t('notifications.title')}
        </Text>
        <Button
          variant="subtle"
          size="compact-sm"
          disabled={unread.count === 0}
          onClick={() => markAll.mutate()}
        >
          {t('notifications.markAllRead')}
        </Button>
      </Group>
      {inbox.isPending ? (
        <Center py="lg">
          <Loader size="sm" />
        </Center>
      ) : inbox.isError ? (
        <Box p="sm">
          <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />
        </Box>
      ) : items.length === 0 ? (
        <Text c="dimmed" size="sm" ta="center" py="lg">
          {t('notifications.empty')}
        </Text>
      ) : (
        <ScrollArea.Autosize mah={420} type="auto">
          {items.map((notification) => {
            const unread = notification.readAt === null;
            return (
              <UnstyledButton
                key={notification.id}
                onClick={() => open(notification)}
                px="md"
                py="xs"
                w="100%"
                data-unread={unread || undefined}
                style={{ display: 'block', borderBottom: '1px solid var(--mantine-color-gray-1)' }}
              >
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Box
                    mt={6}
                    w={8}
                    h={8}
                    style={{ flex: 'none', borderRadius: '50%' }}
                    bg={unread ? 'blue.6' : 'transparent'}
                    aria-hidden
                  />
                  {unread && <VisuallyHidden>{t('notifications.unread')}</VisuallyHidden>}
                  <Box style={{ minWidth: 0, flex: 1 }}>
                    <Text size="sm" fw={unread ? 600 : 400} lineClamp={2}>
                      {notification.title}
                    </Text>
                    {notification.body && (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {notification.body}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed" title={format.dateTime(notification.createdAt)}>
                      {relativeTime(notification.createdAt, now, locale)}
                    </Text>
                  </Box>
                </Group>
              </UnstyledButton>
            );
          })}
          {inbox.hasNextPage && (
            <Center py="xs">
              <Button
                variant="subtle"
                size="compact-sm"
                loading={inbox.isFetchingNextPage}
                onClick={() => void inbox.fetchNextPage()}
              >
                {t('notifications.older')}
              </Button>
            </Center>
          )}
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}
