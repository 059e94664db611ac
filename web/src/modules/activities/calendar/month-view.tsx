import { useDroppable } from '@dnd-kit/core';
import { Box, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { clockIn } from '../../../../../src/shared/time-zones';
import { CalendarEntry } from './calendar-entry';
import { type Entry, entriesOn } from './calendar-model';
import { weekdayNames } from './week-view';

const SHOWN_PER_DAY = 4;

function DayCell(props: { day: string; entries: Entry[]; zone: string; inMonth: boolean; today: boolean }) {
  const { t } = useTranslation('calendar');
  const { setNodeRef, isOver } = useDroppable({ id: `day:${props.day}`, data: { day: props.day } });
  const shown = props.entries.slice(0, SHOWN_PER_DAY);
  return (
    <Box
      ref={setNodeRef}
      data-testid={`calendar-day-${props.day}`}
      p={4}
      mih={110}
      bg={isOver ? 'blue.0' : props.inMonth ? 'white' : 'gray.0'}
      style={{
        borderRight: '1px solid var(--mantine-color-gray-3)',
        borderBottom: '1px solid var(--mantine-color-gray-3)',
      }}
    >
      <Text
        size="xs"
        fw={props.today ? 700 : 500}
        c={props.today ? 'blue.7' : props.inMonth ? undefined : 'dimmed'}
        mb={4}
      >
        {Number(props.day.slice(8))}
      </Text>
      <Stack gap={2}>
        {shown.map((entry) => (
          <CalendarEntry
            key={`${entry.kind}:${entry.id}`}
            entry={entry}
            time={entry.allDay ? undefined : clockIn(props.zone, new Date(entry.start))}
          />
        ))}
        {props.entries.length > SHOWN_PER_DAY && (
          <Text size="xs" c="dimmed">
            {t('more', { count: props.entries.length - SHOWN_PER_DAY })}
          </Text>
        )}
      </Stack>
    </Box>
  );
}

/** Six weeks of days, each a drop target that keeps an entry's time of day. */
export function MonthView(props: {
  days: string[];
  month: string;
  entries: Entry[];
  zone: string;
  today: string;
}) {
  return (
    <Box
      style={{
        borderLeft: '1px solid var(--mantine-color-gray-3)',
        borderTop: '1px solid var(--mantine-color-gray-3)',
      }}
    >
      <SimpleGrid cols={7} spacing={0}>
        {weekdayNames().map((name) => (
          <Text
            key={name}
            size="xs"
            fw={600}
            ta="center"
            py={4}
            style={{
              borderRight: '1px solid var(--mantine-color-gray-3)',
              borderBottom: '1px solid var(--mantine-color-gray-3)',
            }}
          >
            {name}
          </Text>
        ))}
        {props.days.map((day) => (
          <DayCell
            key={day}
            day={day}
            entries={entriesOn(props.entries, day, props.zone)}
            zone={props.zone}
            inMonth={day.startsWith(props.month)}
            today={day === props.today}
          />
        ))}
      </SimpleGrid>
    </Box>
  );
}
