/**
 * "My day" (GET /api/v1/my-day): overdue tasks and those due today, ticked off in place; today's meetings; the
 * user's open leads and opportunities without a next step, each a link to plan one.
 */
import { Anchor, Checkbox, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiClient, body } from '../../api/client';
import { ErrorState } from '../../app/error-state';
import { PageHeader } from '../../app/page-header';
import { PageLoader } from '../../app/page-loader';
import { useFormat } from '../../app/use-format';
import { recordHref } from '../../views/record/record-href';
import type { RecordData } from '../../views/record/record-types';
import { completeTask } from '../../views/record/timeline/complete-task';
import './texts';

const MY_DAY_KEY = ['my-day'];
const PATHS = { lead: 'leads', opportunity: 'opportunities' } as const;

function Section({ title, empty, children }: { title: string; empty: string; children: ReactNode[] }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children.length ? (
        <Stack gap="xs">{children}</Stack>
      ) : (
        <Text c="dimmed" size="sm">
          {empty}
        </Text>
      )}
    </Paper>
  );
}

export default function MyDayPage() {
  const { t } = useTranslation('myDay');
  const format = useFormat();
  const client = useQueryClient();
  const query = useQuery({ queryKey: MY_DAY_KEY, queryFn: () => body(apiClient.GET('/api/v1/my-day')) });

  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const day = query.data.data;

  const markDone = async (task: RecordData) => {
    if (!(await completeTask(task))) return;
    notifications.show({ color: 'teal', message: t('done', { title: String(task.title) }) });
    await client.invalidateQueries({ queryKey: MY_DAY_KEY });
  };
  const taskRow = (task: RecordData) => (
    <Group key={task.id} gap="xs" wrap="nowrap" data-testid="my-day-task">
      <Checkbox
        aria-label={t('markDone', { title: String(task.title) })}
        onChange={() => void markDone(task)}
      />
      <Anchor component={Link} to={recordHref('tasks', task.id)} size="sm">
        {String(task.title)}
      </Anchor>
      <Text size="xs" c="dimmed">
        {t('due', { date: format.dateTime(String(task.dueAt)) })}
      </Text>
    </Group>
  );
  const tasks = (rows: unknown[]) => (rows as RecordData[]).map(taskRow);

  return (
    <Stack gap="md">
      <PageHeader title={t('title')} description={format.longDate(new Date(`${day.date}T12:00:00`))} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title={t('overdue')} empty={t('nothingOverdue')}>
          {tasks(day.overdueTasks)}
        </Section>
        <Section title={t('dueToday')} empty={t('nothingDue')}>
          {tasks(day.todayTasks)}
        </Section>
        <Section title={t('meetings')} empty={t('noMeetings')}>
          {(day.meetings as RecordData[]).map((meeting) => (
            <Group key={meeting.id} gap="xs" data-testid="my-day-meeting">
              <Text size="sm" fw={500}>
                {format.dateTime(String(meeting.at))}
              </Text>
              <Anchor component={Link} to={recordHref('meetings', meeting.id)} size="sm">
                {String(meeting.title)}
              </Anchor>
              {typeof meeting.location === 'string' && (
                <Text size="xs" c="dimmed">
                  {meeting.location}
                </Text>
              )}
            </Group>
          ))}
        </Section>
        <Section title={t('withoutNextStep')} empty={t('allPlanned')}>
          {day.withoutNextStep.map((record) => (
            <Group key={record.id} gap="xs" data-testid="my-day-idle">
              <Text size="xs" c="dimmed" w={110}>
                {t(record.entity)}
              </Text>
              <Anchor
                component={Link}
                to={`${recordHref(PATHS[record.entity], record.id)}?tab=activity`}
                size="sm"
              >
                {record.title}
              </Anchor>
              <Text size="xs" c="dimmed">
                {record.lastActivityAt
                  ? t('lastActivity', { date: format.dateTime(record.lastActivityAt) })
                  : t('neverTouched')}
              </Text>
            </Group>
          ))}
        </Section>
      </SimpleGrid>
    </Stack>
  );
}
