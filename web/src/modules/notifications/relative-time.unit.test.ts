import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('relativeTime', () => {
  it('says how long ago by the largest unit that fits, in English and German', () => {
    const cases: Array<[number, string, string]> = [
      [10, 'now', 'jetzt'],
      [50, '1 minute ago', 'vor 1 Minute'],
      [5 * 60, '5 minutes ago', 'vor 5 Minuten'],
      [50 * 60, '1 hour ago', 'vor 1 Stunde'],
      [3 * 3_600, '3 hours ago', 'vor 3 Stunden'],
      [26 * 3_600, 'yesterday', 'gestern'],
      [3 * 86_400, '3 days ago', 'vor 3 Tagen'],
      [14 * 86_400, '2 weeks ago', 'vor 2 Wochen'],
      [65 * 86_400, '2 months ago', 'vor 2 Monaten'],
      [400 * 86_400, 'last year', 'letztes Jahr'],
    ];
    for (const [seconds, en, de] of cases) {
      expect(relativeTime(ago(seconds), NOW, 'en-US'), `${seconds}s`).toBe(en);
      expect(relativeTime(ago(seconds), NOW, 'de-DE'), `${seconds}s`).toBe(de);
    }
  });

  it('reads microsecond timestamps as the API sends them, and a clock slightly behind as now', () => {
    expect(relativeTime('2026-11-23T11:58:00.123456Z', NOW, 'en-US')).toBe('2 minutes ago');
    expect(relativeTime(ago(-20), NOW, 'en-US')).toBe('now');
  });
});
