/**
 * The public booking page (`/book/<slug>`, no login): a visitor picks a free time, in their own time zone, and
 * books it with their name and e-mail. A time taken meanwhile (409) sends them back to the refreshed slots.
 */
import { Alert, Box, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCalendarCheck, IconClock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { addDays, dayIn } from '../../../../src/shared/time-zones';
import { apiClient, body } from '../../api/client';
import { ApiError } from '../../app/api';
import { LOCALES } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { LanguageSwitch } from '../../app/language-switch';
import { Logo } from '../../app/logo';
import { type Answers, BookingForm } from './booking-form';
import { SlotPicker } from './slot-picker';
import './texts';

const DAYS_SHOWN = 7;
const visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const today = dayIn(visitorZone);

export function formatWhen(startsAt: string): string {
  return new Intl.DateTimeFormat(LOCALES[currentLanguage()], {
    timeZone: visitorZone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(new Date(startsAt));
}

export default function BookingPage() {
  const { t } = useTranslation('booking');
  const { slug = '' } = useParams();
  const queryClient = useQueryClient();
  const [from, setFrom] = useState(today);
  const [chosen, setChosen] = useState<string | null>(null);
  const [taken, setTaken] = useState(false);
  const queryKey = ['booking-slots', slug, from];
  const slots = useQuery({
    queryKey,
    queryFn: async () =>
      (
        await body(
          apiClient.GET('/api/v1/booking-pages/{slug}/slots', {
            params: { path: { slug }, query: { timeZone: visitorZone, from, days: DAYS_SHOWN } },
          }),
        )
      ).data,
    retry: false,
  });
  const book = useMutation({
    mutationFn: async (answers: Answers) =>
      (
        await body(
          apiClient.POST('/api/v1/booking-pages/{slug}/bookings', {
            params: { path: { slug } },
            body: { ...answers, startsAt: chosen ?? '', timeZone: visitorZone },
          }),
        )
      ).data,
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        setTaken(true);
        setChosen(null);
        void queryClient.invalidateQueries({ queryKey: ['booking-slots', slug] });
      }
    },
  });

  const page = slots.data?.page;
  let content;
  if (slots.isPending) content = <Loader mx="auto" />;
  else if (slots.error)
    content = (
      <Alert color="red">
        {slots.error instanceof ApiError && slots.error.status === 404 ? t('notFound') : slots.error.message}
      </Alert>
    );
  else if (book.data)
    content = (
      <Alert color="green" icon={<IconCalendarCheck />} title={t('booked')} data-testid="booking-confirmed">
        {t('bookedDetail', { when: formatWhen(book.data.startsAt), person: book.data.salesPerson })}
      </Alert>
    );
  else if (chosen)
    content = (
      <BookingForm
        when={formatWhen(chosen)}
        pending={book.isPending}
        error={
          book.error && !(book.error instanceof ApiError && book.error.status === 409) ? book.error : null
        }
        onBack={() => setChosen(null)}
        onSubmit={(answers) => book.mutate(answers)}
      />
    );
  else
    content = (
      <Stack>
        {taken && <Alert color="orange">{t('taken')}</Alert>}
        <SlotPicker
          days={slots.data.days}
          timeZone={visitorZone}
          canGoBack={from > today}
          onEarlier={() => setFrom(addDays(from, -DAYS_SHOWN) < today ? today : addDays(from, -DAYS_SHOWN))}
          onLater={() => setFrom(addDays(from, DAYS_SHOWN))}
          onPick={(startsAt) => {
            setTaken(false);
            setChosen(startsAt);
          }}
        />
      </Stack>
    );

  return (
    <Box mih="100vh" bg="gray.0">
      <Box maw={880} mx="auto" py="xl" px="md">
        <Group justify="space-between" mb="lg">
          <Logo />
          <LanguageSwitch />
        </Group>
        <Paper withBorder radius="md" p="xl">
          <Stack>
            {page && (
              <Stack gap={4}>
                <Title order={1} size="h2">
                  {page.name}
                </Title>
                <Group gap="xs" c="dimmed">
                  <IconClock size={16} />
                  <Text size="sm">{t('minutes', { count: page.durationMinutes })}</Text>
                  <Text size="sm">· {t('timeZone', { zone: visitorZone })}</Text>
                </Group>
                {page.description && (
                  <Text mt="xs" style={{ whiteSpace: 'pre-line' }}>
                    {page.description}
                  </Text>
                )}
              </Stack>
            )}
            <Box>{content}</Box>
          </Stack>
        </Paper>
      </Box>
    </Box>
  );
}
