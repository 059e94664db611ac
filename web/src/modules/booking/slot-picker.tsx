import { Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LOCALES } from '../../app/format';
import { currentLanguage } from '../../app/i18n';

interface Day {
  date: string;
  slots: Array<{ startsAt: string; time: string }>;
}

/** A calendar day as a heading: "Mon, Dec 14" / "Mo., 14. Dez." (the day is the visitor's, so read at UTC). */
function dayHeading(date: string): string {
  return new Intl.DateTimeFormat(LOCALES[currentLanguage()], {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** A slot's start as the visitor's clock and language write it: "9:30 AM", "09:30". */
function clockTime(startsAt: string, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[currentLanguage()], { timeZone, timeStyle: 'short' }).format(
    new Date(startsAt),
  );
}

/** The days shown side by side, each with its free times as buttons; earlier and later days a click away. */
export function SlotPicker(props: {
  days: Day[];
  timeZone: string;
  canGoBack: boolean;
  onEarlier: () => void;
  onLater: () => void;
  onPick: (startsAt: string) => void;
}) {
  const { t } = useTranslation('booking');
  const empty = props.days.every((day) => day.slots.length === 0);
  return (
    <Stack>
      <Group justify="space-between">
        <Button
          variant="subtle"
          leftSection={<IconChevronLeft size={16} />}
          disabled={!props.canGoBack}
          onClick={props.onEarlier}
        >
          {t('previousWeek')}
        </Button>
        <Button variant="subtle" rightSection={<IconChevronRight size={16} />} onClick={props.onLater}>
          {t('nextWeek')}
        </Button>
      </Group>
      {empty && <Text c="dimmed">{t('noSlotsAtAll')}</Text>}
      <SimpleGrid cols={{ base: 2, sm: 4, md: 7 }} spacing="xs">
        {props.days.map((day) => (
          <Stack key={day.date} gap={6} data-testid={`booking-day-${day.date}`}>
            <Text fw={600} size="sm" ta="center">
              {dayHeading(day.date)}
            </Text>
            {day.slots.length === 0 ? (
              <Text size="xs" c="dimmed" ta="center">
                {t('noSlots')}
              </Text>
            ) : (
              day.slots.map((slot) => (
                <Button
                  key={slot.startsAt}
                  size="xs"
                  variant="light"
                  onClick={() => props.onPick(slot.startsAt)}
                >
                  {clockTime(slot.startsAt, props.timeZone)}
                </Button>
              ))
            )}
          </Stack>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
