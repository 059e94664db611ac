/**
 * The calendar (`/calendar`): one person's meetings and tasks by week or month, in the viewer's time zone. Drag an
 * entry to another day (or, in a week, another time) to reschedule it: the meeting's start and end or the task's
 * due time are patched with the version shown, so a change made meanwhile is refused, not overwritten.
 */
import {
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { Button, Group, SegmentedControl, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { addDays, dayIn, wallTimeIn } from '../../../../../src/shared/time-zones';
import { apiClient, body } from '../../../api/client';
import { api, reasonOf } from '../../../app/api';
import { useUser } from '../../../app/auth';
import { ErrorState } from '../../../app/error-state';
import { LOCALES } from '../../../app/format';
import { currentLanguage } from '../../../app/i18n';
import { PageHeader } from '../../../app/page-header';
import { useMeta } from '../../../views/meta';
import { LinkPicker } from '../../../views/record/link-picker';
import {
  type CalendarView,
  type Entry,
  moveEntry,
  stepAnchor,
  toEntries,
  visibleDays,
} from './calendar-model';
import { MonthView } from './month-view';
import './texts';
import { WeekView, droppedMinutes } from './week-view';

const PATHS = { meeting: 'meetings', task: 'tasks' } as const;

function useCalendarState(zone: string, myId: string) {
  const [search, setSearch] = useSearchParams();
  const view: CalendarView = search.get('view') === 'week' ? 'week' : 'month';
  const today = dayIn(zone);
  const anchor = /^\d{4}-\d{2}-\d{2}$/.test(search.get('date') ?? '')
    ? (search.get('date') as string)
    : today;
  const userId = search.get('user') ?? myId;
  const set = (changes: Record<string, string>) =>
    setSearch((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) next.set(key, value);
      return next;
    });
  return { view, today, anchor, userId, set };
}

export default function CalendarPage() {
  const { t } = useTranslation('calendar');
  const user = useUser();
  const zone = user.timeZone;
  const { view, today, anchor, userId, set } = useCalendarState(zone, user.id ?? '');
  const userMeta = useMeta().data?.find((entity) => entity.name === 'user');
  const client = useQueryClient();
  const days = visibleDays(view, anchor);
  const from = wallTimeIn(zone, days[0] as string).toISOString();
  const to = wallTimeIn(zone, addDays(days.at(-1) as string, 1)).toISOString();
  const queryKey = ['calendar', userId, from, to];
  const calendar = useQuery({
    queryKey,
    queryFn: async () =>
      (await body(apiClient.GET('/api/v1/calendar', { params: { query: { from, to, userId } } }))).data,
  });
  const entries = calendar.data
    ? toEntries(calendar.data.meetings as never[], calendar.data.tasks as never[])
    : [];

  const move = useMutation({
    mutationFn: ({ entry, patch }: { entry: Entry; patch: Record<string, string> }) =>
      api('PATCH', `/api/v1/${PATHS[entry.kind]}/${entry.id}`, { ...patch, version: entry.version }),
    onSuccess: (_data, { entry, patch }) => {
      const when = new Intl.DateTimeFormat(LOCALES[currentLanguage()], {
        timeZone: zone,
        dateStyle: 'medium',
        timeStyle: 'short',
      }).format(new Date(patch.at ?? patch.dueAt ?? entry.start));
      notifications.show({ color: 'green', message: t('moved', { title: entry.title, when }) });
    },
    onError: (error, { entry }) =>
      notifications.show({
        color: 'red',
        message: t('moveFailed', { title: entry.title, reason: reasonOf(error) }),
      }),
    onSettled: () => client.invalidateQueries({ queryKey: ['calendar'] }),
  });

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor),
  );
  const onDragEnd = ({ active, over, delta }: DragEndEvent) => {
    const entry = active.data.current?.entry as Entry | undefined;
    const day = over?.data.current?.day as string | undefined;
    if (!entry || !day) return;
    const byHours = String(over?.id).startsWith('hours:') && !entry.allDay;
    const patch = moveEntry(entry, zone, day, byHours ? droppedMinutes(entry, zone, delta.y) : undefined);
    if (patch) move.mutate({ entry, patch });
  };

  const title = new Intl.DateTimeFormat(LOCALES[currentLanguage()], {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${view === 'week' ? days[3] : anchor}T00:00:00Z`));

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('hint')}
        actions={
          userMeta && (
            <LinkPicker
              target={userMeta}
              label={t('whose')}
              required
              withoutOpen
              value={userId}
              onChange={(value) => value && set({ user: value })}
            />
          )
        }
      />
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Button variant="default" size="xs" onClick={() => set({ date: today })}>
            {t('today')}
          </Button>
          <Button
            variant="subtle"
            size="xs"
            aria-label={t('previous')}
            onClick={() => set({ date: stepAnchor(view, anchor, -1) })}
          >
            <IconChevronLeft size={16} />
          </Button>
          <Button
            variant="subtle"
            size="xs"
            aria-label={t('next')}
            onClick={() => set({ date: stepAnchor(view, anchor, 1) })}
          >
            <IconChevronRight size={16} />
          </Button>
          <Text fw={600} data-testid="calendar-title">
            {title}
          </Text>
        </Group>
        <SegmentedControl
          size="xs"
          value={view}
          onChange={(value) => set({ view: value })}
          data={[
            { value: 'week', label: t('week') },
            { value: 'month', label: t('month') },
          ]}
        />
      </Group>
      {calendar.isError ? (
        <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : (
        <DndContext sensors={sensors} onDragEnd={onDragEnd}>
          {view === 'week' ? (
            <WeekView days={days} entries={entries} zone={zone} today={today} />
          ) : (
            <MonthView days={days} month={anchor.slice(0, 7)} entries={entries} zone={zone} today={today} />
          )}
        </DndContext>
      )}
    </>
  );
}
