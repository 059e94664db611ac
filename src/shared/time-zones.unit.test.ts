import { describe, expect, it } from 'vitest';
import {
  addDays,
  clockIn,
  dayIn,
  daysBetween,
  isoWeekday,
  minutesIn,
  startOfDayIn,
  wallTimeIn,
} from './time-zones.js';

describe('time zones', () => {
  it('finds the instant of a wall time on either side of a change of the clocks', () => {
    // Berlin moves from UTC+1 to UTC+2 on 28 March 2027 and back on 31 October 2027.
    expect(wallTimeIn('Europe/Berlin', '2027-03-27', 9 * 60).toISOString()).toBe('2027-03-27T08:00:00.000Z');
    expect(wallTimeIn('Europe/Berlin', '2027-03-29', 9 * 60).toISOString()).toBe('2027-03-29T07:00:00.000Z');
    expect(wallTimeIn('Europe/Berlin', '2027-10-31', 12 * 60).toISOString()).toBe('2027-10-31T11:00:00.000Z');
    expect(startOfDayIn('America/New_York', '2027-03-14').toISOString()).toBe('2027-03-14T05:00:00.000Z');
    expect(startOfDayIn('Asia/Kolkata', '2027-01-01').toISOString()).toBe('2026-12-31T18:30:00.000Z');
  });

  it('reads days, clocks and minutes of an instant in a zone', () => {
    const instant = new Date('2027-03-29T22:30:00Z');
    expect(dayIn('Europe/Berlin', instant)).toBe('2027-03-30');
    expect(dayIn('America/Los_Angeles', instant)).toBe('2027-03-29');
    expect(clockIn('Europe/Berlin', instant)).toBe('00:30');
    expect(minutesIn('America/Los_Angeles', instant)).toBe(15 * 60 + 30);
  });

  it('counts days and weekdays of calendar days', () => {
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
    expect(daysBetween('2027-03-01', '2027-02-27')).toBe(-2);
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2);
    expect(isoWeekday('2027-03-28')).toBe(7);
    expect(isoWeekday('2027-03-29')).toBe(1);
  });
});
