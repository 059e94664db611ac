import { describe, expect, it } from 'vitest';
import { type Card, type Column, moveCard, rottingDays, unchanged } from './board-state';

const card = (id: string, stageId: string): Card => ({
  id,
  version: 1,
  title: id,
  amount: '100.00',
  currency: 'EUR',
  probability: 10,
  expectedCloseDate: null,
  ownerId: null,
  priority: null,
  status: 'open',
  stageId,
  stageChangedAt: '2026-01-01T00:00:00Z',
  rank: 'a0',
});
const column = (id: string, ids: string[], extra: Partial<Column> = {}): Column => ({
  id,
  name: id,
  nameDe: null,
  kind: 'open',
  probability: 10,
  folded: false,
  rottingDays: null,
  count: ids.length,
  sums: [],
  cards: ids.map((cardId) => card(cardId, id)),
  nextCursor: null,
  ...extra,
});
const ids = (columns: Column[]) =>
  columns.map((c) => `${c.id}:${c.cards.map((k) => k.id).join(',')}/${c.count}`);

describe('moving a card on the board', () => {
  const board = [column('s1', ['a', 'b', 'c']), column('s2', ['d'])];

  it('lands between its new neighbours in another column, and the counts follow', () => {
    const moved = moveCard(board, 'b', 's2', 1);
    expect(moved && ids(moved.columns)).toEqual(['s1:a,c/2', 's2:d,b/2']);
    expect(moved?.drop).toEqual({ stageId: 's2', afterId: 'd', beforeId: null });
    expect(moved?.columns[1]?.cards[1]?.stageId).toBe('s2');
  });

  it('reorders within its column, neighbours counted without the card itself', () => {
    const moved = moveCard(board, 'a', 's1', 2);
    expect(moved && ids(moved.columns)).toEqual(['s1:b,c,a/3', 's2:d/1']);
    expect(moved?.drop).toEqual({ stageId: 's1', afterId: 'c', beforeId: null });
    expect(moveCard(board, 'c', 's1', 0)?.drop).toEqual({ stageId: 's1', afterId: null, beforeId: 'a' });
  });

  it('knows a drop where the card already was, and refuses unknown cards and columns', () => {
    expect(unchanged(board, 'b', { stageId: 's1', afterId: 'a', beforeId: 'c' })).toBe(true);
    expect(unchanged(board, 'b', { stageId: 's1', afterId: 'c', beforeId: null })).toBe(false);
    expect(moveCard(board, 'x', 's1', 0)).toBeNull();
    expect(moveCard(board, 'a', 's9', 0)).toBeNull();
  });

  it('marks cards that stayed in an open stage past its limit', () => {
    const limited = column('s1', ['a'], { rottingDays: 14 });
    const a = limited.cards[0] as Card;
    expect(rottingDays(a, limited, new Date('2026-01-20T00:00:00Z'))).toBe(19);
    expect(rottingDays(a, limited, new Date('2026-01-10T00:00:00Z'))).toBeNull();
    expect(rottingDays(a, { ...limited, kind: 'won' }, new Date('2026-03-01T00:00:00Z'))).toBeNull();
  });
});
