import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Badge, Button, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Formatter } from '../../app/format';
import type { Language } from '../../app/i18n';
import { BoardCard } from './board-card';
import type { Column } from './board-state';

interface BoardColumnProps {
  column: Column;
  language: Language;
  format: Formatter;
  ownerNames: Map<string, string>;
  loadingMore: boolean;
  onLoadMore: () => void;
}

const KIND_COLOUR = { open: 'blue', won: 'teal', lost: 'red' } as const;

/** A stage: its name, count and sums per currency (weighted beside), then its cards in rank order. */
export function BoardColumn({
  column,
  language,
  format,
  ownerNames,
  loadingMore,
  onLoadMore,
}: BoardColumnProps) {
  const { t } = useTranslation('opportunities');
  const { setNodeRef } = useDroppable({ id: column.id, data: { stageId: column.id } });
  const name = language === 'de' && column.nameDe ? column.nameDe : column.name;
  return (
    <Paper
      withBorder
      radius="md"
      w={280}
      miw={280}
      bg="gray.0"
      data-testid="board-column"
      data-stage={column.name}
      aria-label={name}
      role="region"
    >
      <Stack
        gap={2}
        p="sm"
        style={{ borderTop: `3px solid var(--mantine-color-${KIND_COLOUR[column.kind]}-5)` }}
      >
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            {name}
          </Text>
          <Badge variant="light" color="gray" data-testid="board-column-count">
            {format.number(column.count)}
          </Badge>
        </Group>
        {column.sums.map((sum) => (
          <Text key={sum.currency} size="xs" c="dimmed" data-testid="board-column-sum">
            {format.money(sum.amount, sum.currency)} ·{' '}
            {t('board.weighted', { amount: format.money(sum.weighted, sum.currency) })}
          </Text>
        ))}
      </Stack>
      <ScrollArea.Autosize mah="calc(100vh - 260px)" type="auto">
        <Stack ref={setNodeRef} gap="xs" p="xs" mih={80}>
          <SortableContext items={column.cards.map((card) => card.id)} strategy={verticalListSortingStrategy}>
            {column.cards.map((card) => (
              <BoardCard
                key={card.id}
                card={card}
                column={column}
                format={format}
                ownerName={card.ownerId ? ownerNames.get(card.ownerId) : undefined}
              />
            ))}
          </SortableContext>
          {column.count === 0 && (
            <Text size="xs" c="dimmed" ta="center" py="md">
              {t('board.empty')}
            </Text>
          )}
          {column.nextCursor && (
            <Button variant="subtle" size="xs" loading={loadingMore} onClick={onLoadMore}>
              {t('board.loadMore')}
            </Button>
          )}
        </Stack>
      </ScrollArea.Autosize>
    </Paper>
  );
}
