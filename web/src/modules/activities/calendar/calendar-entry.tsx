import { useDraggable } from '@dnd-kit/core';
import { Box, Text } from '@mantine/core';
import { IconCalendarEvent, IconCheckbox } from '@tabler/icons-react';
import type { CSSProperties } from 'react';
import { useNavigate } from 'react-router';
import type { Entry } from './calendar-model';

const PATHS = { meeting: 'meetings', task: 'tasks' } as const;

/**
 * A meeting or task on the calendar: drag it to reschedule, click (or Enter) to open it. `time` is what it shows
 * before the title; `style` places it (the week's hours position it absolutely).
 */
export function CalendarEntry({
  entry,
  time,
  style,
}: {
  entry: Entry;
  time?: string;
  style?: CSSProperties;
}) {
  const navigate = useNavigate();
  const { attributes, listeners, setNodeRef, isDragging, transform } = useDraggable({
    id: `${entry.kind}:${entry.id}`,
    data: { entry },
  });
  const Icon = entry.kind === 'task' ? IconCheckbox : IconCalendarEvent;
  return (
    <Box
      ref={setNodeRef}
      {...listeners}
      {...attributes}
      data-testid={`calendar-entry-${entry.kind}`}
      onClick={() => void navigate(`/records/${PATHS[entry.kind]}/${entry.id}`)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') void navigate(`/records/${PATHS[entry.kind]}/${entry.id}`);
        listeners?.onKeyDown?.(event);
      }}
      px={6}
      py={2}
      bg={entry.kind === 'task' ? 'orange.0' : 'blue.0'}
      c={entry.kind === 'task' ? 'orange.9' : 'blue.9'}
      style={{
        borderRadius: 4,
        borderLeft: `3px solid var(--mantine-color-${entry.kind === 'task' ? 'orange' : 'blue'}-5)`,
        cursor: 'grab',
        overflow: 'hidden',
        opacity: isDragging ? 0.5 : 1,
        transform: transform ? `translate(${transform.x}px, ${transform.y}px)` : undefined,
        zIndex: isDragging ? 10 : undefined,
        textDecoration: entry.done ? 'line-through' : undefined,
        ...style,
      }}
    >
      <Text size="xs" lineClamp={2}>
        <Icon size={12} style={{ verticalAlign: -2, marginRight: 4 }} />
        {time && <b>{time} </b>}
        {entry.title}
      </Text>
    </Box>
  );
}
