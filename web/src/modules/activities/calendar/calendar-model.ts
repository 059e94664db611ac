/**
 * The calendar's arithmetic, in the viewer's time zone: which days a week or month shows, which entries fall on a
 * day, and what a drop to another day or time changes. Pure, so the rules are unit-tested without a browser.
 */
import {
  addDays,
  dayIn,
  daysBetween,
  isoWeekday,
  minutesIn,
  wallTimeIn,
} from '../../../../../src/shared/time-zones';

export type CalendarView = 'week' | 'month';

export interface Entry {
  kind: 'meeting' | 'task';
  id: string;
  title: string;
  start: string;
  /** A meeting's end; a task is a moment. */
  end: string | null;
  allDay: boolean;
  version: number;
  done: boolean;
}

interface RawMeeting {
  id: string;
  title: string;
  at: string;
  endsAt: string;
  allDay: boolean;
  version: number;
}
interface RawTask {
  id: string;
  title: string;
  dueAt: string;
  status: string;
  version: number;
}

export function toEntries(meetings: RawMeeting[], tasks: RawTask[]): Entry[] {
  return [
    ...meetings.map((m) => ({
      kind: 'meeting' as const,
      id: m.id,
      title: m.title,
      start: m.at,
      end: m.endsAt,
      allDay: m.allDay,
      version: m.version,
      done: false,
    })),
    ...tasks.map((t) => ({
      kind: 'task' as const,
      id: t.id,
      title: t.title,
      start: t.dueAt,
      end: null,
      allDay: false,
      version: t.version,
      done: t.status === 'done' || t.status === 'cancelled',
    })),
  ].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** The Monday on or before a day. */
export const mondayOf = (day: string) => addDays(day, 1 - isoWeekday(day));

/** A week: Monday to Sunday; a month: the six weeks from the Monday on or before its first. */
export function visibleDays(view: CalendarView, anchor: string): string[] {
  const first = view === 'week' ? mondayOf(anchor) : mondayOf(`${anchor.slice(0, 7)}-01`);
  return Array.from({ length: view === 'week' ? 7 : 42 }, (_, i) => addDays(first, i));
}

/** The anchor a step back or forward shows: a week either side, or the first of the month before or after. */
export function stepAnchor(view: CalendarView, anchor: string, direction: -1 | 1): string {
  if (view === 'week') return addDays(anchor, 7 * direction);
  const [year, month] = anchor.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) + direction;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** The days an entry covers in the zone: a task's one, a meeting's from its start to the day its end falls in. */
export function daysOf(entry: Entry, zone: string): [string, string] {
  const first = dayIn(zone, new Date(entry.start));
  if (!entry.end) return [first, first];
  // An end at midnight closes the day before (a meeting until 24:00, an all-day meeting's exclusive end).
  const last = dayIn(zone, new Date(Date.parse(entry.end) - 1));
  return [first, last < first ? first : last];
}

export function entriesOn(entries: Entry[], day: string, zone: string): Entry[] {
  return entries.filter((entry) => {
    const [first, last] = daysOf(entry, zone);
    return first <= day && day <= last;
  });
}

/**
 * The patch that moves an entry to `day` — at `minutes` past midnight when given (a drop on a week's hours), else
 * at the same time of day. Wall times are kept, not durations in days: 09:00 stays 09:00 across a change of the
 * clocks. A timed meeting keeps its length; an all-day one its days.
 */
export function moveEntry(
  entry: Entry,
  zone: string,
  day: string,
  minutes?: number,
): { at: string; endsAt: string } | { dueAt: string } | null {
  const start = new Date(entry.start);
  const startDay = dayIn(zone, start);
  const newStart = wallTimeIn(zone, day, minutes ?? minutesIn(zone, start));
  if (newStart.getTime() === start.getTime()) return null;
  if (entry.kind === 'task' || !entry.end) return { dueAt: newStart.toISOString() };
  const end = new Date(entry.end);
  if (!entry.allDay) {
    return {
      at: newStart.toISOString(),
      endsAt: new Date(newStart.getTime() + end.getTime() - start.getTime()).toISOString(),
    };
  }
  const shift = daysBetween(startDay, day);
  const endsAt = wallTimeIn(zone, addDays(dayIn(zone, end), shift), minutesIn(zone, end));
  return { at: newStart.toISOString(), endsAt: endsAt.toISOString() };
}
