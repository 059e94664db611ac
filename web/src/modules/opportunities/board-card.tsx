import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Anchor, Avatar, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconClockExclamation, IconStarFilled } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Formatter } from '../../app/format';
import { recordHref } from '../../views/record/record-href';
import { type Card, type Column, rottingDays } from './board-state';

interface BoardCardProps {
  card: Card;
  column: Column;
  format: Formatter;
  ownerName: string | undefined;
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();

/** One opportunity on the board: title, amount, expected close, owner, stars, and a marker when it is rotting. */
export function BoardCard({ card, column, format, ownerName }: BoardCardProps) {
  const { t } = useTranslation('opportunities');
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: card.id,
    data: { stageId: column.id },
  });
  const rotting = rottingDays(card, column, new Date());
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      radius="sm"
      p="xs"
      shadow={isDragging ? 'md' : undefined}
      style={{
        transform: CSS.Translate.toString(transform),
        transition,
        opacity: isDragging ? 0.6 : 1,
        cursor: 'grab',
        borderLeft: rotting ? '3px solid var(--mantine-color-orange-6)' : undefined,
      }}
      data-testid="board-card"
      data-card-id={card.id}
      {...attributes}
      {...listeners}
    >
      <Stack gap={4}>
        <Anchor
          href={recordHref('opportunities', card.id)}
          size="sm"
          fw={600}
          c="inherit"
          lineClamp={2}
          // A click opens the record; a drag that starts on the title still moves the card.
          onPointerDown={(event) => event.stopPropagation()}
        >
          {card.title}
        </Anchor>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="sm" c="dimmed">
            {card.amount !== null ? format.money(card.amount, card.currency) : '—'}
          </Text>
          {card.expectedCloseDate && (
            <Text size="xs" c="dimmed">
              {format.date(card.expectedCloseDate)}
            </Text>
          )}
        </Group>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Group gap={2} aria-label={t('board.priority', { n: card.priority ?? 0 })}>
            {Array.from({ length: card.priority ?? 0 }, (_, star) => (
              <IconStarFilled key={star} size={12} color="var(--mantine-color-yellow-6)" />
            ))}
          </Group>
          <Group gap={6} wrap="nowrap">
            {rotting !== null && (
              <Tooltip label={t('board.rotting', { days: rotting })}>
                <IconClockExclamation
                  size={16}
                  color="var(--mantine-color-orange-6)"
                  aria-label={t('board.rotting', { days: rotting })}
                />
              </Tooltip>
            )}
            {ownerName && (
              <Tooltip label={ownerName}>
                <Avatar size="sm" radius="xl" color="blue" aria-label={ownerName}>
                  {initials(ownerName)}
                </Avatar>
              </Tooltip>
            )}
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
