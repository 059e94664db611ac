import { describe, expect, it } from 'vitest';
import { addDays, dayIn, endOfDayIso, isDay, startOfDay, startOfWeek } from './time-zone';

describe('days in a time zone', () => {
  it('knows which day it is where the user is', () => {
    const instant = new Date('2026-07-19T23:30:00Z');
    expect(dayIn(instant, 'UTC')).toBe('2026-07-19');
    expect(dayIn(instant, 'Europe/Berlin')).toBe('2026-07-20');
    expect(dayIn(instant, 'America/New_York')).toBe('2026-07-19');
  });

  it('finds when a day begins and ends, across daylight-saving changes', () => {
    expect(startOfDay('2026-07-20', 'Europe/Berlin').toISOString()).toBe('2026-07-19T22:00:00.000Z');
    expect(startOfDay('2026-01-20', 'Europe/Berlin').toISOString()).toBe('2026-01-19T23:00:00.000Z');
    // Berlin moves to summer time at 02:00 on 29 March 2026: that day still begins at winter time's midnight.
    expect(startOfDay('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDay('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfDay('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(endOfDayIso('2026-07-20', 'Europe/Berlin')).toBe('2026-07-20T21:59:59.999999Z');
    expect(startOfDay('2026-07-20', 'Not/AZone').toISOString()).toBe('2026-07-20T00:00:00.000Z');
  });

  it('starts the week on Monday or Sunday in the user’s zone', () => {
    // Sunday 19 July 2026, 23:30 UTC: already Monday the 20th in Berlin.
    const now = new Date('2026-07-19T23:30:00Z');
    expect(startOfWeek(now, 'Europe/Berlin', 1).toISOString()).toBe('2026-07-19T22:00:00.000Z');
    expect(startOfWeek(now, 'UTC', 1).toISOString()).toBe('2026-07-13T00:00:00.000Z');
    expect(startOfWeek(now, 'UTC', 0).toISOString()).toBe('2026-07-19T00:00:00.000Z');
    expect(startOfWeek(now, 'America/Los_Angeles', 0).toISOString()).toBe('2026-07-19T07:00:00.000Z');
  });

  it('adds days over month and year ends and checks day text', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('yesterday')).toBe(false);
  });
});
