/**
 * The unread count of the caller's inbox (the bell's part; the list is in notification-panel.tsx, which imports
 * nothing from here at run time, so the shell stays one chunk of its own). The count is polled, not pushed: every 30 seconds
 * while the tab is visible and whenever the window regains focus, which is soon enough for an assignment or a
 * reminder and costs one indexed count per user and poll.
 */
import { useQuery } from '@tanstack/react-query';
import { apiClient, body } from '../../api/client';
import type { components } from '../../api/openapi';

export type Notification = components['schemas']['Notification'];

export const UNREAD_COUNT_KEY = ['notifications', 'unread-count'] as const;

export const POLL_MS = 30_000;

/** What the panel may do to the bell's count, so it needs neither the count's query key nor this module. */
export interface UnreadCount {
  count: number;
  /** Changes the shown count at once, before the server confirms. */
  update(change: (count: number) => number): void;
  /** Asks the server again. */
  refresh(): void;
}

export function useUnreadCount() {
  return useQuery({
    queryKey: UNREAD_COUNT_KEY,
    queryFn: async () => (await body(apiClient.GET('/api/v1/notifications/unread-count'))).data.count,
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
    // Focus within a few seconds of the last answer need not ask again.
    staleTime: 5_000,
  });
}
