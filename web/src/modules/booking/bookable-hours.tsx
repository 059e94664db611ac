/**
 * One's bookable hours in the profile, for users who are a sales person: the weekly windows in which booking
 * pages offer them, in their own time zone. Others see nothing (the server answers 404).
 */
import { ActionIcon, Button, Divider, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiClient, body } from '../../api/client';
import { useUser } from '../../app/auth';
import { ApiError } from '../../app/api';
import { errorText } from '../../views/record/field-errors';
import './texts';

const HOURS_KEY = ['my-availability'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof DAYS)[number];
interface Hours {
  day: Day;
  from: string;
  to: string;
}

export function BookableHours() {
  const { t } = useTranslation('booking');
  const { t: common } = useTranslation();
  const user = useUser();
  const client = useQueryClient();
  const hours = useQuery({
    queryKey: HOURS_KEY,
    queryFn: () => body(apiClient.GET('/api/v1/auth/me/availability')),
    retry: false,
  });
  // The hours as edited here, until saved; null shows the stored ones.
  const [edited, setEdited] = useState<Hours[] | null>(null);
  const rows = edited ?? ((hours.data?.data.availability ?? []) as Hours[]);
  const setRows = (update: (current: Hours[]) => Hours[]) => setEdited(update(rows));
  const save = useMutation({
    mutationFn: () => body(apiClient.PUT('/api/v1/auth/me/availability', { body: { availability: rows } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('hoursSaved') });
      await client.invalidateQueries({ queryKey: HOURS_KEY });
      setEdited(null);
    },
  });
  if (!hours.data) return null;
  const problems = save.error instanceof ApiError ? (save.error.problem.errors ?? []) : [];
  const errorAt = (field: string): string | undefined => {
    const problem = problems.find((p) => p.field === field);
    if (!problem) return undefined;
    const text = errorText(problem, 'text');
    return common(`record.errors.${text.key}`, {
      limit: text.values.limit ?? '',
      detail: text.values.detail ?? '',
    });
  };
  const change = (index: number, patch: Partial<Hours>) =>
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const dayOptions = DAYS.map((day) => ({ value: day, label: t(`weekdays.${day}`) }));

  return (
    <Stack gap={6} data-testid="bookable-hours">
      <Divider my="md" />
      <Text size="sm" fw={500}>
        {t('hours')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('hoursHint', { zone: user.timeZone })}
      </Text>
      {rows.map((row, index) => (
        <Group key={index} gap="xs" wrap="nowrap" align="flex-start">
          <Select
            aria-label={t('day')}
            data={dayOptions}
            value={row.day}
            allowDeselect={false}
            onChange={(value) => value && change(index, { day: value as Day })}
            style={{ flex: 1 }}
          />
          <TextInput
            type="time"
            w={120}
            aria-label={t('from')}
            value={row.from}
            onChange={(event) => change(index, { from: event.currentTarget.value })}
          />
          <TextInput
            type="time"
            w={120}
            aria-label={t('to')}
            value={row.to}
            error={errorAt(`availability/${index}/to`)}
            onChange={(event) => change(index, { to: event.currentTarget.value })}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            mt={6}
            aria-label={t('removeHours')}
            onClick={() => setRows((current) => current.filter((_, i) => i !== index))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group justify="space-between">
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconPlus size={14} />}
          onClick={() => setRows((current) => [...current, { day: 'mon', from: '09:00', to: '17:00' }])}
        >
          {t('addHours')}
        </Button>
        <Button size="xs" loading={save.isPending} onClick={() => save.mutate()}>
          {t('saveHours')}
        </Button>
      </Group>
    </Stack>
  );
}
