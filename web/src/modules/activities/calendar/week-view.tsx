import { useDroppable } from '@dnd-kit/core';
import { Box, Group, Stack, Text } from '@mantine/core';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { clockIn, dayIn, minutesIn } from '../../../../../src/shared/time-zones';
import { LOCALES } from '../../../app/format';
import { currentLanguage } from '../../../app/i18n';
import { CalendarEntry } from './calendar-entry';
import { type Entry, entriesOn } from './calendar-model';

/** The height of an hour; a drop's vertical distance divided by it is the time an entry moves by. */
export const HOUR_PX = 44;
const GUTTER = 56;
const DAY_MINUTES = 24 * 60;
const BORDER = '1px solid var(--mantine-color-gray-3)';

/** Monday to Sunday, short, in the UI's language. */
export function weekdayNames(): string[] {
  const format = new Intl.DateTimeFormat(LOCALES[currentLanguage()], { weekday: 'short', timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2027, 2, 29 + i))));
}

/** "Mon 29" / "Mo. 29": the weekday first, as the month view's header reads. */
const dayHeading = (day: string) =>
  `${new Intl.DateTimeFormat(LOCALES[currentLanguage()], { weekday: 'short', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  )} ${Number(day.slice(8))}`;

/** Where an entry sits in a day's column: its minutes within the day, and a lane beside overlapping ones. */
function layout(entries: Entry[], day: string, zone: string) {
  const placed = entries.map((entry) => {
    const startsToday = dayIn(zone, new Date(entry.start)) === day;
    const top = startsToday ? minutesIn(zone, new Date(entry.start)) : 0;
    const endMinutes = entry.end
      ? dayIn(zone, new Date(entry.end)) === day
        ? minutesIn(zone, new Date(entry.end))
        : DAY_MINUTES
      : top + 30;
    return { entry, top, bottom: Math.max(endMinutes, top + 20), lane: 0 };
  });
  const laneEnds: number[] = [];
  for (const item of placed) {
    const free = laneEnds.findIndex((end) => end <= item.top);
    item.lane = free === -1 ? laneEnds.length : free;
    laneEnds[item.lane] = item.bottom;
  }
  return { placed, lanes: Math.max(1, laneEnds.length) };
}

function Droppable(props: { id: string; day: string; children: ReactNode; style?: object; testId?: string }) {
  const { setNodeRef, isOver } = useDroppable({ id: props.id, data: { day: props.day } });
  return (
    <Box
      ref={setNodeRef}
      data-testid={props.testId}
      bg={isOver ? 'blue.0' : undefined}
      style={{ borderRight: BORDER, position: 'relative', flex: 1, minWidth: 0, ...props.style }}
    >
      {props.children}
    </Box>
  );
}

/**
 * A week by the hour: all-day meetings on top, the rest placed at their times. A drop on a day's hours moves an
 * entry to that day and by the distance dragged (to the quarter hour); a drop on the all-day row keeps its time.
 */
export function WeekView(props: { days: string[]; entries: Entry[]; zone: string; today: string }) {
  const { t } = useTranslation('calendar');
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The working day in view; the night a scroll away.
    scroller.current?.scrollTo({ top: 7.5 * HOUR_PX });
  }, []);
  const perDay = props.days.map((day) => entriesOn(props.entries, day, props.zone));
  return (
    <Box style={{ border: BORDER, borderRight: 'none' }}>
      <Group gap={0} wrap="nowrap" style={{ borderBottom: BORDER }}>
        <Box w={GUTTER} style={{ borderRight: BORDER }} />
        {props.days.map((day) => (
          <Text
            key={day}
            flex={1}
            size="sm"
            fw={day === props.today ? 700 : 500}
            ta="center"
            py={4}
            c={day === props.today ? 'blue.7' : undefined}
            style={{ borderRight: BORDER }}
          >
            {dayHeading(day)}
          </Text>
        ))}
      </Group>
      <Group gap={0} wrap="nowrap" align="stretch" style={{ borderBottom: BORDER }}>
        <Text w={GUTTER} size="xs" c="dimmed" p={4} style={{ borderRight: BORDER }}>
          {t('allDay')}
        </Text>
        {props.days.map((day, index) => (
          <Droppable
            key={day}
            id={`day:${day}`}
            day={day}
            testId={`calendar-allday-${day}`}
            style={{ minHeight: 32, padding: 2 }}
          >
            <Stack gap={2}>
              {perDay[index]
                ?.filter((entry) => entry.allDay)
                .map((entry) => (
                  <CalendarEntry key={`${entry.kind}:${entry.id}`} entry={entry} />
                ))}
            </Stack>
          </Droppable>
        ))}
      </Group>
      <Box ref={scroller} h={560} style={{ overflowY: 'auto' }}>
        <Group gap={0} wrap="nowrap" align="stretch" h={24 * HOUR_PX}>
          <Box w={GUTTER} style={{ borderRight: BORDER, position: 'relative' }}>
            {Array.from({ length: 24 }, (_, hour) => (
              <Text
                key={hour}
                size="xs"
                c="dimmed"
                ta="right"
                pr={6}
                style={{ position: 'absolute', top: hour * HOUR_PX - 7, right: 0 }}
              >
                {hour === 0 ? '' : clockIn('UTC', new Date(Date.UTC(2027, 0, 1, hour)))}
              </Text>
            ))}
          </Box>
          {props.days.map((day, index) => {
            const { placed, lanes } = layout(
              perDay[index]?.filter((entry) => !entry.allDay) ?? [],
              day,
              props.zone,
            );
            return (
              <Droppable
                key={day}
                id={`hours:${day}`}
                day={day}
                testId={`calendar-hours-${day}`}
                style={{
                  backgroundImage: `repeating-linear-gradient(to bottom, var(--mantine-color-gray-2) 0 1px, transparent 1px ${HOUR_PX}px)`,
                  backgroundColor: day === props.today ? 'var(--mantine-color-blue-0)' : undefined,
                }}
              >
                {placed.map(({ entry, top, bottom, lane }) => (
                  <CalendarEntry
                    key={`${entry.kind}:${entry.id}`}
                    entry={entry}
                    time={clockIn(props.zone, new Date(entry.start))}
                    style={{
                      position: 'absolute',
                      top: (top / 60) * HOUR_PX,
                      height: ((bottom - top) / 60) * HOUR_PX - 2,
                      left: `calc(${(lane / lanes) * 100}% + 2px)`,
                      width: `calc(${100 / lanes}% - 4px)`,
                    }}
                  />
                ))}
              </Droppable>
            );
          })}
        </Group>
      </Box>
    </Box>
  );
}

/** The minutes past midnight an entry lands at when dragged `deltaY` pixels: to the quarter hour, within the day. */
export function droppedMinutes(entry: Entry, zone: string, deltaY: number): number {
  const moved = minutesIn(zone, new Date(entry.start)) + (deltaY / HOUR_PX) * 60;
  return Math.min(DAY_MINUTES - 15, Math.max(0, Math.round(moved / 15) * 15));
}
