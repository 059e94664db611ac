/**
 * The bell in the header with the number of unread notifications. Only the bell and its count load with the shell
 * (the first load is close to its budget); the list inside the popover is a chunk of its own, fetched on first open.
 */
import { ActionIcon, Badge, Box, Loader, Popover } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UNREAD_COUNT_KEY, type UnreadCount, useUnreadCount } from './notifications-api';

const NotificationPanel = lazy(() => import('./notification-panel'));

export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const client = useQueryClient();
  const count = useUnreadCount().data ?? 0;
  const unread: UnreadCount = {
    count,
    update: (change) =>
      client.setQueryData<number>(UNREAD_COUNT_KEY, (n) => (n === undefined ? n : change(n))),
    refresh: () => void client.invalidateQueries({ queryKey: UNREAD_COUNT_KEY }),
  };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={380} shadow="md" trapFocus>
      <Popover.Target>
        <Box pos="relative">
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={t('notifications.bell', { count })}
            onClick={() => setOpened((open) => !open)}
            data-testid="notification-bell"
          >
            <IconBell size={20} stroke={1.6} />
          </ActionIcon>
          {count > 0 && (
            // A Badge rather than Mantine's Indicator, whose code and styles would add twice the weight to the
            // first load; the button's label carries the count for screen readers.
            <Badge
              size="xs"
              circle={count < 10}
              color="red"
              pos="absolute"
              top={-4}
              right={-6}
              style={{ pointerEvents: 'none' }}
              aria-hidden
              data-testid="notification-count"
            >
              {count > 99 ? '99+' : count}
            </Badge>
          )}
        </Box>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        {opened && (
          <Suspense fallback={<Loader size="sm" m="md" />}>
            <NotificationPanel unread={unread} onClose={() => setOpened(false)} />
          </Suspense>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
