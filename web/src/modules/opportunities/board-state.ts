/**
 * The board's cards as the screen holds them, and what a drop does to them: pure, so the optimistic update and
 * its rollback are plain values (board-page.tsx keeps the last server state to return to).
 */

import type { RecordRow } from '../../views/list-query';

/** A card as the board endpoint sends it (src/modules/opportunities/board.ts, CARD_FIELDS): a record's row. */
export type Card = RecordRow & {
  version: number;
  title: string;
  amount: string | null;
  currency: string;
  probability: string | number | null;
  expectedCloseDate: string | null;
  ownerId: string | null;
  priority: number | null;
  status: string;
  stageId: string;
  stageChangedAt: string | null;
  rank: string;
};

export interface CurrencySums {
  currency: string;
  amount: string;
  weighted: string;
}

export interface Column {
  id: string;
  name: string;
  nameDe: string | null;
  kind: 'open' | 'won' | 'lost';
  probability: number;
  folded: boolean;
  rottingDays: number | null;
  count: number;
  sums: CurrencySums[];
  cards: Card[];
  nextCursor: string | null;
}

/** Where a card lands: its column and the cards either side of it there (what POST …/move takes). */
export interface Drop {
  stageId: string;
  afterId: string | null;
  beforeId: string | null;
}

export function columnOf(columns: Column[], cardId: string): Column | undefined {
  return columns.find((column) => column.cards.some((card) => card.id === cardId));
}

/**
 * The columns with `cardId` moved into `stageId` at `index` (of that column without the card), and the drop to
 * send. Counts follow the card; sums are left to the server's answer, since they are exact decimal money.
 */
export function moveCard(
  columns: Column[],
  cardId: string,
  stageId: string,
  index: number,
): { columns: Column[]; drop: Drop } | null {
  const from = columnOf(columns, cardId);
  const card = from?.cards.find((candidate) => candidate.id === cardId);
  const target = columns.find((column) => column.id === stageId);
  if (!from || !card || !target) return null;
  const remaining = target.cards.filter((candidate) => candidate.id !== cardId);
  const at = Math.max(0, Math.min(index, remaining.length));
  const placed = [...remaining.slice(0, at), { ...card, stageId }, ...remaining.slice(at)];
  const next = columns.map((column) => {
    if (column.id === stageId) {
      return { ...column, cards: placed, count: column.count + (from.id === stageId ? 0 : 1) };
    }
    if (column.id === from.id) {
      return {
        ...column,
        cards: column.cards.filter((other) => other.id !== cardId),
        count: column.count - 1,
      };
    }
    return column;
  });
  return {
    columns: next,
    drop: { stageId, afterId: remaining[at - 1]?.id ?? null, beforeId: remaining[at]?.id ?? null },
  };
}

/** Whether the card sits where it already was: nothing to send. */
export function unchanged(columns: Column[], cardId: string, drop: Drop): boolean {
  const column = columnOf(columns, cardId);
  if (!column || column.id !== drop.stageId) return false;
  const index = column.cards.findIndex((card) => card.id === cardId);
  return (
    (column.cards[index - 1]?.id ?? null) === drop.afterId &&
    (column.cards[index + 1]?.id ?? null) === drop.beforeId
  );
}

/** Days since the card entered its stage, when that is beyond the stage's limit ("rotting"); else null. */
export function rottingDays(card: Card, column: Column, now: Date): number | null {
  if (column.kind !== 'open' || !column.rottingDays || !card.stageChangedAt) return null;
  const days = Math.floor((now.getTime() - new Date(card.stageChangedAt).getTime()) / 86_400_000);
  return days > column.rottingDays ? days : null;
}
