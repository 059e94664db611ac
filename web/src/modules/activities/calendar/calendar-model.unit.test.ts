import { describe, expect, it } from 'vitest';
import { type Entry, entriesOn, moveEntry, stepAnchor, visibleDays } from './calendar-model';

const meeting = (start: string, end: string, allDay = false): Entry => ({
  kind: 'meeting',
  id: 'm',
  title: 'M',
  start,
  end,
  allDay,
  version: 1,
  done: false,
});

describe('the calendar model', () => {
  it('shows a week from Monday and a month as six weeks from the Monday before its first', () => {
    expect(visibleDays('week', '2027-03-31')).toEqual([
      '2027-03-29',
      '2027-03-30',
      '2027-03-31',
      '2027-04-01',
      '2027-04-02',
      '2027-04-03',
      '2027-04-04',
    ]);
    const month = visibleDays('month', '2027-03-17');
    expect([month[0], month.length, month[41]]).toEqual(['2027-03-01', 42, '2027-04-11']);
    expect(visibleDays('month', '2027-08-10')[0]).toBe('2027-07-26');
    expect(stepAnchor('month', '2027-12-15', 1)).toBe('2028-01-01');
    expect(stepAnchor('month', '2027-01-15', -1)).toBe('2026-12-01');
    expect(stepAnchor('week', '2027-01-04', -1)).toBe('2026-12-28');
  });

  it('puts a meeting on each day it covers in the viewer’s zone', () => {
    const late = meeting('2027-03-01T23:15:00Z', '2027-03-01T23:45:00Z');
    expect(entriesOn([late], '2027-03-01', 'UTC')).toHaveLength(1);
    expect(entriesOn([late], '2027-03-01', 'Europe/Berlin')).toHaveLength(0);
    expect(entriesOn([late], '2027-03-02', 'Europe/Berlin')).toHaveLength(1);
    const twoDays = meeting('2027-03-01T23:00:00Z', '2027-03-03T23:00:00Z', true);
    expect(
      ['03-01', '03-02', '03-03', '03-04'].map(
        (d) => entriesOn([twoDays], `2027-${d}`, 'Europe/Berlin').length,
      ),
    ).toEqual([0, 1, 1, 0]);
  });

  it('moves to another day at the same wall time, across a change of the clocks', () => {
    // 09:00–10:00 in Berlin in winter, moved to the Monday after the clocks went forward.
    const winter = meeting('2027-03-22T08:00:00Z', '2027-03-22T09:00:00Z');
    expect(moveEntry(winter, 'Europe/Berlin', '2027-03-29')).toEqual({
      at: '2027-03-29T07:00:00.000Z',
      endsAt: '2027-03-29T08:00:00.000Z',
    });
    expect(moveEntry(winter, 'Europe/Berlin', '2027-03-23', 14 * 60 + 30)).toEqual({
      at: '2027-03-23T13:30:00.000Z',
      endsAt: '2027-03-23T14:30:00.000Z',
    });
    expect(moveEntry(winter, 'Europe/Berlin', '2027-03-22')).toBeNull();
    const task: Entry = { ...winter, kind: 'task', end: null };
    expect(moveEntry(task, 'Europe/Berlin', '2027-03-24')).toEqual({ dueAt: '2027-03-24T08:00:00.000Z' });
  });

  it('moves an all-day meeting by whole days', () => {
    const allDay = meeting('2027-03-26T23:00:00Z', '2027-03-28T22:00:00Z', true);
    expect(moveEntry(allDay, 'Europe/Berlin', '2027-03-29')).toEqual({
      at: '2027-03-28T22:00:00.000Z',
      endsAt: '2027-03-30T22:00:00.000Z',
    });
  });
});
