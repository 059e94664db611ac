import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  closestCorners,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { Center, Group, Loader, Paper, ScrollArea, Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { reasonOf } from '../../app/api';
import { ErrorState } from '../../app/error-state';
import { isLanguage } from '../../app/i18n';
import { PageHeader } from '../../app/page-header';
import { useFormat } from '../../app/use-format';
import { useLinkTitles } from '../../views/link-titles';
import { useMeta } from '../../views/meta';
import { type Board, fetchBoard, fetchColumnPage, fetchPipelines, moveOpportunity } from './board-api';
import { BoardColumn } from './board-column';
import { type Card, type Column, columnOf, moveCard, unchanged } from './board-state';
import './texts';

// Declaring a loss is rarer than moving: its dialog arrives when a card is dropped into "Lost".
const DeclareLostDialog = lazy(() => import('./declare-lost-dialog'));

/**
 * The Kanban board of a pipeline: a column per stage with its count and sums, cards in rank order, dragged with
 * the pointer or the keyboard. A drop shows at once and is sent as a move; when the server refuses it (a stage
 * rule), the board returns to what the server holds and says why.
 */
export default function BoardPage() {
  const { t, i18n } = useTranslation('opportunities');
  const { t: app } = useTranslation();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const format = useFormat();
  const client = useQueryClient();
  const [search, setSearch] = useSearchParams();
  const pipelineId = search.get('pipelineId');
  const pipelines = useQuery({ queryKey: ['pipelines', 'active'], queryFn: fetchPipelines });
  const board = useQuery({
    queryKey: ['board', pipelineId, search.toString()],
    queryFn: () => fetchBoard(pipelineId, search),
  });
  // The columns on screen: the server's, or what a drop or "load more" made of them until the server's next
  // answer replaces them (a refused move thereby returns to the server's board).
  const [local, setLocal] = useState<{ source: Board; columns: Column[] } | null>(null);
  const columns = (local && local.source === board.data ? local.columns : board.data?.columns) ?? [];
  const setColumns = (change: (current: Column[]) => Column[]) =>
    board.data && setLocal({ source: board.data, columns: change(columns) });
  const [dragged, setDragged] = useState<Card | null>(null);
  const [losing, setLosing] = useState<Card | null>(null);
  const [loadingMore, setLoadingMore] = useState<ReadonlySet<string>>(new Set());

  const meta = useMeta().data ?? [];
  const owner = meta
    .find((entity) => entity.name === 'opportunity')
    ?.fields.find((f) => f.name === 'ownerId');
  const ownerNames = useLinkTitles(
    meta,
    owner ? [owner] : [],
    columns.map((column) => column.cards),
  );

  const move = useMutation({
    mutationFn: ({ id, drop }: { id: string; drop: Parameters<typeof moveOpportunity>[1] }) =>
      moveOpportunity(id, drop),
    onError: (error) => {
      setLocal(null);
      notifications.show({ color: 'red', title: t('board.refused'), message: reasonOf(error) });
    },
    // Sums, counts and ranks as the server has them now (another user may have moved cards too).
    onSettled: () => client.invalidateQueries({ queryKey: ['board'] }),
  });

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const onDragStart = ({ active }: DragStartEvent) =>
    setDragged(columnOf(columns, String(active.id))?.cards.find((card) => card.id === active.id) ?? null);

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragged(null);
    if (!over) return;
    const id = String(active.id);
    const stageId = String(over.data.current?.stageId ?? over.id);
    const target = columns.find((column) => column.id === stageId);
    if (!target) return;
    // Over a card: its place (sortable's arrayMove semantics); over the column itself: the end.
    const overIndex = target.cards.findIndex((card) => card.id === over.id);
    const index = overIndex >= 0 ? overIndex : target.cards.filter((card) => card.id !== id).length;
    const from = columnOf(columns, id);
    // A lost deal needs its reasons: the drop asks for them, and the server puts the card into "Lost".
    if (target.kind === 'lost' && from?.kind !== 'lost') {
      setLosing(from?.cards.find((card) => card.id === id) ?? null);
      return;
    }
    const moved = moveCard(columns, id, stageId, index);
    if (!moved || unchanged(columns, id, moved.drop)) return;
    setColumns(() => moved.columns);
    move.mutate({ id, drop: moved.drop });
  };

  // One page per column at a time: a column's scrolling asks again until the page has arrived.
  const loading = useRef(new Set<string>());
  const loadMore = async (column: Column) => {
    if (!column.nextCursor || loading.current.has(column.id)) return;
    loading.current.add(column.id);
    setLoadingMore((current) => new Set(current).add(column.id));
    try {
      const page = await fetchColumnPage(column.id, column.nextCursor, search);
      setColumns((current) =>
        current.map((other) =>
          other.id === column.id
            ? { ...other, cards: [...other.cards, ...page.data], nextCursor: page.nextCursor }
            : other,
        ),
      );
    } finally {
      loading.current.delete(column.id);
      setLoadingMore((current) => {
        const next = new Set(current);
        next.delete(column.id);
        return next;
      });
    }
  };
  // Folding is the user's view of the moment; the stage's `folded` is where it starts.
  const [foldOverrides, setFoldOverrides] = useState<Record<string, boolean>>({});

  const pipelineChoices = (pipelines.data ?? []).map((pipeline) => ({
    value: pipeline.id,
    label: language === 'de' && pipeline.nameDe ? pipeline.nameDe : pipeline.name,
  }));
  return (
    <>
      <PageHeader
        title={app('nav.pipeline')}
        description={t('board.description')}
        actions={
          pipelineChoices.length > 1 && (
            <Select
              label={t('board.pipeline')}
              data={pipelineChoices}
              value={pipelineId ?? board.data?.pipelineId ?? null}
              allowDeselect={false}
              onChange={(value) =>
                setSearch((current) => {
                  const next = new URLSearchParams(current);
                  if (value) next.set('pipelineId', value);
                  return next;
                })
              }
            />
          )
        }
      />
      {board.isPending && (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      )}
      {board.isError && <ErrorState error={board.error} onRetry={() => void board.refetch()} />}
      {board.data && (
        <DndContext
          sensors={sensors}
          collisionDetection={closestCorners}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragged(null)}
          accessibility={{ screenReaderInstructions: { draggable: t('board.dragHint') } }}
        >
          <ScrollArea type="auto" offsetScrollbars>
            <Group align="flex-start" wrap="nowrap" gap="sm" pb="sm" data-testid="board">
              {columns.map((column) => (
                <BoardColumn
                  key={column.id}
                  column={column}
                  language={language}
                  format={format}
                  ownerNames={ownerNames}
                  loadingMore={loadingMore.has(column.id)}
                  onLoadMore={() => void loadMore(column)}
                  folded={foldOverrides[column.id] ?? column.folded}
                  onToggleFold={() =>
                    setFoldOverrides((current) => ({
                      ...current,
                      [column.id]: !(current[column.id] ?? column.folded),
                    }))
                  }
                />
              ))}
            </Group>
          </ScrollArea>
          {/* The card under the pointer lives outside the columns, which clip what scrolls in them. */}
          <DragOverlay>
            {dragged && (
              <Paper withBorder shadow="md" radius="sm" p="xs" w={260}>
                <Text size="sm" fw={600}>
                  {dragged.title}
                </Text>
                {dragged.amount !== null && (
                  <Text size="sm" c="dimmed">
                    {format.money(dragged.amount, dragged.currency)}
                  </Text>
                )}
              </Paper>
            )}
          </DragOverlay>
        </DndContext>
      )}
      {losing && (
        <Suspense fallback={null}>
          <DeclareLostDialog
            card={losing}
            language={language}
            onClose={() => setLosing(null)}
            onDeclared={() => {
              notifications.show({ color: 'teal', message: t('lost.done', { title: losing.title }) });
              setLosing(null);
              void client.invalidateQueries({ queryKey: ['board'] });
            }}
          />
        </Suspense>
      )}
    </>
  );
}
