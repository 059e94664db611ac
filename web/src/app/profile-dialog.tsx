/**
 * One's own profile: name, time zone (dates and "this week" are shown in it) and password. Every role may change
 * these through PATCH /auth/me, whereas the user records in Settings are for administrators; the language has its
 * switch in the header. A new password needs the current one (the server insists, see users/service.ts). Below
 * the form, one's calendar feed (calendar-feed.tsx).
 */
import { Button, Divider, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiClient, body } from '../api/client';
import { errorText } from '../views/record/field-errors';
import { ApiError } from './api';
import { useUser } from './auth';
import { BookableHours } from '../modules/booking/bookable-hours';
import { CalendarFeed } from './calendar-feed';
import { ME_KEY } from './query-client';

type Field = 'fullName' | 'timeZone' | 'password' | 'currentPassword';

export default function ProfileDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const client = useQueryClient();
  const [fullName, setFullName] = useState(user.fullName);
  const [timeZone, setTimeZone] = useState<string | null>(user.timeZone);
  const [password, setPassword] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);

  const save = useMutation({
    mutationFn: () =>
      body(
        apiClient.PATCH('/api/v1/auth/me', {
          body: {
            fullName: fullName.trim(),
            ...(timeZone ? { timeZone } : {}),
            ...(password ? { password, currentPassword } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      setPassword('');
      setCurrentPassword('');
      await client.invalidateQueries({ queryKey: ME_KEY });
      onClose();
    },
  });

  const problems = save.error instanceof ApiError ? (save.error.problem.errors ?? []) : [];
  const errorAt = (field: Field): string | undefined => {
    const problem = problems.find((p) => p.field === field);
    if (!problem) return undefined;
    if (problem.code === 'currentPassword') return t('profile.wrongPassword');
    const text = errorText(problem, field === 'timeZone' ? 'select' : 'text');
    return t(`record.errors.${text.key}`, {
      limit: text.values.limit ?? '',
      detail: text.values.detail ?? '',
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('profile.title')} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('profile.fullName')}
            value={fullName}
            onChange={(event) => setFullName(event.currentTarget.value)}
            error={errorAt('fullName')}
            required
          />
          <Select
            label={t('profile.timeZone')}
            description={t('profile.timeZoneHint')}
            data={zones}
            value={timeZone}
            onChange={setTimeZone}
            searchable
            error={errorAt('timeZone')}
          />
          <PasswordInput
            label={t('profile.newPassword')}
            description={t('profile.newPasswordHint')}
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={errorAt('password')}
            autoComplete="new-password"
          />
          {password && (
            <PasswordInput
              label={t('profile.currentPassword')}
              value={currentPassword}
              onChange={(event) => setCurrentPassword(event.currentTarget.value)}
              error={errorAt('currentPassword')}
              autoComplete="current-password"
            />
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('profile.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('profile.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Divider my="md" />
      <CalendarFeed />
      <BookableHours />
    </Modal>
  );
}
