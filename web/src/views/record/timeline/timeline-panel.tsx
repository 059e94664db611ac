import { Button, Center, Loader, Paper, SegmentedControl, Stack, Text, Timeline } from '@mantine/core';
import {
  IconCalendarEvent,
  IconChecklist,
  IconHistory,
  IconNote,
  IconPaperclip,
  IconPhone,
} from '@tabler/icons-react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../../app/api';
import { ErrorState } from '../../../app/error-state';
import type { Language } from '../../../app/i18n';
import type { EntityMeta } from '../../meta';
import type { RecordData } from '../record-types';
import { Composer } from './composer';
import { type TimelineEntry, TimelineItemBody } from './timeline-item';
import { completeTask } from './complete-task';
import './texts';

const PAGE = 20;
const TYPES = ['note', 'call', 'meeting', 'task', 'attachment', 'change'] as const;
const ICONS = {
  note: IconNote,
  call: IconPhone,
  meeting: IconCalendarEvent,
  task: IconChecklist,
  attachment: IconPaperclip,
  change: IconHistory,
};
const COLOURS = {
  note: 'yellow',
  call: 'teal',
  meeting: 'grape',
  task: 'blue',
  attachment: 'orange',
  change: 'gray',
};

interface TimelinePage {
  data: TimelineEntry[];
  nextCursor: string | null;
}

export const timelineKey = (path: string, id: string) => ['timeline', path, id];

/**
 * A record's timeline (GET …/{id}/timeline): a composer to add a note, log a call, plan a meeting or add a task
 * about the record, the kinds to show, and the entries newest first, older ones a click away. Its own chunk,
 * loaded when the tab opens.
 */
export default function TimelinePanel({
  entity,
  meta,
  recordId,
  linkField,
  language,
  currency,
}: {
  entity: EntityMeta;
  meta: EntityMeta[];
  recordId: string;
  /** The activities' link to this record (`customerId`). */
  linkField: string;
  language: Language;
  currency: string;
}) {
  const { t } = useTranslation('timeline');
  const client = useQueryClient();
  const [type, setType] = useState<string>('all');
  const query = useInfiniteQuery({
    queryKey: [...timelineKey(entity.path, recordId), type],
    initialPageParam: null as string | null,
    getNextPageParam: (last: TimelinePage) => last.nextCursor,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(PAGE) });
      if (type !== 'all') params.set('types', type);
      if (pageParam) params.set('cursor', pageParam);
      return get<TimelinePage>(`/api/v1/${entity.path}/${encodeURIComponent(recordId)}/timeline?${params}`);
    },
  });
  const refresh = () => void client.invalidateQueries({ queryKey: timelineKey(entity.path, recordId) });
  const markDone = async (task: RecordData) => {
    if (await completeTask(task)) refresh();
  };
  const items = query.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <Stack gap="md" data-testid="timeline">
      <Composer meta={meta} recordId={recordId} linkField={linkField} language={language} onSaved={refresh} />
      <SegmentedControl
        size="xs"
        value={type}
        onChange={setType}
        data={[
          { value: 'all', label: t('all') },
          ...TYPES.map((value) => ({ value, label: t(`types.${value}`) })),
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      <Paper withBorder radius="md" p="lg">
        {query.isPending ? (
          <Center py="md">
            <Loader size="sm" />
          </Center>
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('empty')}
          </Text>
        ) : (
          <Timeline bulletSize={26} lineWidth={2}>
            {items.map((item) => {
              const Icon = ICONS[item.type];
              return (
                <Timeline.Item
                  key={item.id}
                  bullet={<Icon size={14} />}
                  color={COLOURS[item.type]}
                  data-testid={`timeline-${item.type}`}
                >
                  <TimelineItemBody
                    item={item}
                    meta={meta}
                    language={language}
                    currency={currency}
                    ownerEntity={entity}
                    ownerId={recordId}
                    onDone={(task) => void markDone(task)}
                  />
                </Timeline.Item>
              );
            })}
          </Timeline>
        )}
        {query.hasNextPage && (
          <Button
            variant="subtle"
            mt="md"
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            {t('more')}
          </Button>
        )}
      </Paper>
    </Stack>
  );
}
