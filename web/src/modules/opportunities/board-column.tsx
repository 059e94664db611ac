import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { ActionIcon, Badge, Group, Loader, Paper, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconArrowsMinimize } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
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
  folded: boolean;
  onToggleFold: () => void;
}

const KIND_COLOUR = { open: 'blue', won: 'teal', lost: 'red' } as const;
/** A card's height before it is measured, and how close to the end the next page is fetched. */
const CARD_ESTIMATE = 96;
const PREFETCH_CARDS = 10;

/**
 * A stage: its name, count and sums per currency (weighted beside), then its cards in rank order. Only the cards
 * in view are in the page (a column may hold ten thousand), and the next page arrives as the end comes near. A
 * folded column is a narrow strip that still takes drops.
 */
export function BoardColumn(props: BoardColumnProps) {
  const { column, language, format, folded, onToggleFold } = props;
  const { t } = useTranslation('opportunities');
  const { setNodeRef, isOver } = useDroppable({ id: column.id, data: { stageId: column.id } });
  const name = language === 'de' && column.nameDe ? column.nameDe : column.name;
  const border = { borderTop: `3px solid var(--mantine-color-${KIND_COLOUR[column.kind]}-5)` };
  if (folded) {
    return (
      <Paper
        ref={setNodeRef}
        withBorder
        radius="md"
        w={48}
        miw={48}
        bg={isOver ? 'blue.0' : 'gray.0'}
        data-testid="board-column"
        data-stage={column.name}
        data-folded="true"
        data-over={isOver || undefined}
        aria-label={name}
        role="region"
        style={border}
      >
        <Tooltip label={t('board.unfold')}>
          <UnstyledButton
            onClick={onToggleFold}
            w="100%"
            py="sm"
            aria-label={t('board.unfoldNamed', { name })}
          >
            <Stack align="center" gap="xs">
              <Badge variant="light" color="gray" size="sm" data-testid="board-column-count">
                {format.number(column.count)}
              </Badge>
              <Text fw={600} size="sm" style={{ writingMode: 'vertical-rl' }}>
                {name}
              </Text>
            </Stack>
          </UnstyledButton>
        </Tooltip>
      </Paper>
    );
  }
  return (
    <Paper
      withBorder
      radius="md"
      w={280}
      miw={280}
      bg={isOver ? 'blue.0' : 'gray.0'}
      data-testid="board-column"
      data-stage={column.name}
      data-over={isOver || undefined}
      aria-label={name}
      role="region"
    >
      <Stack gap={2} p="sm" style={border}>
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            {name}
          </Text>
          <Group gap={4} wrap="nowrap">
            <Badge variant="light" color="gray" data-testid="board-column-count">
              {format.number(column.count)}
            </Badge>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              onClick={onToggleFold}
              aria-label={t('board.foldNamed', { name })}
            >
              <IconArrowsMinimize size={14} />
            </ActionIcon>
          </Group>
        </Group>
        {column.sums.map((sum) => (
          <Text key={sum.currency} size="xs" c="dimmed" data-testid="board-column-sum">
            {format.money(sum.amount, sum.currency)} ·{' '}
            {t('board.weighted', { amount: format.money(sum.weighted, sum.currency) })}
          </Text>
        ))}
      </Stack>
      <ColumnCards {...props} dropRef={setNodeRef} />
    </Paper>
  );
}

function ColumnCards({
  column,
  format,
  ownerNames,
  loadingMore,
  onLoadMore,
  dropRef,
}: BoardColumnProps & { dropRef: (element: HTMLElement | null) => void }) {
  const { t } = useTranslation('opportunities');
  const scrollRef = useRef<HTMLDivElement>(null);
  // No React Compiler here: the virtualiser's functions re-render these cards themselves.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: column.cards.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_ESTIMATE,
    getItemKey: (index) => column.cards[index]?.id ?? index,
    overscan: 6,
    gap: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;
  const canLoadMore = column.nextCursor !== null && !loadingMore;
  useEffect(() => {
    if (canLoadMore && lastShown >= column.cards.length - PREFETCH_CARDS) onLoadMore();
  }, [canLoadMore, lastShown, column.cards.length, onLoadMore]);
  return (
    <div
      ref={scrollRef}
      style={{ maxHeight: 'calc(100vh - 260px)', overflowY: 'auto' }}
      data-testid="board-column-scroll"
    >
      <div ref={dropRef} style={{ padding: 'var(--mantine-spacing-xs)', minHeight: 80 }}>
        <SortableContext items={column.cards.map((card) => card.id)} strategy={verticalListSortingStrategy}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const card = column.cards[item.index];
              if (!card) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    width: '100%',
                    transform: `translateY(${item.start}px)`,
                  }}
                >
                  <BoardCard
                    card={card}
                    column={column}
                    format={format}
                    ownerName={card.ownerId ? ownerNames.get(card.ownerId) : undefined}
                  />
                </div>
              );
            })}
          </div>
        </SortableContext>
        {column.count === 0 && (
          <Text size="xs" c="dimmed" ta="center" py="md">
            {t('board.empty')}
          </Text>
        )}
        {loadingMore && (
          <Group justify="center" py="xs">
            <Loader size="xs" aria-label={t('board.loadMore')} />
          </Group>
        )}
      </div>
    </div>
  );
}
