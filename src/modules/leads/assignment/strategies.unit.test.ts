import { describe, expect, it } from 'vitest';
import { startOfDay } from './allocation-store.js';
import {
  type LeadFacts,
  type Rep,
  type RuleSpec,
  type RuleState,
  isAvailable,
  pickMember,
  ruleMatches,
} from './strategies.js';

const rule = (extra: Partial<RuleSpec> = {}): RuleSpec => ({
  id: 'r',
  name: 'Rule',
  strategy: 'round_robin',
  salesTeamId: null,
  memberIds: ['a', 'b', 'c'],
  weights: new Map(),
  territoryIds: [],
  sourceIds: [],
  countries: [],
  industryIds: [],
  minScore: null,
  maxScore: null,
  ...extra,
});
const lead = (extra: Partial<LeadFacts> = {}): LeadFacts => ({
  id: 'l',
  title: 'Lead',
  ownerId: null,
  territoryId: null,
  sourceId: null,
  country: null,
  industryId: null,
  score: 0,
  open: true,
  ...extra,
});
const rep = (extra: Partial<Rep> = {}): Rep => ({
  userId: 'a',
  active: true,
  outOfOfficeFrom: null,
  outOfOfficeUntil: null,
  maxPerDay: null,
  maxPer30Days: null,
  today: 0,
  last30Days: 0,
  openLeads: 0,
  ...extra,
});
const fresh = (): RuleState => ({ lastUserId: null, currentWeights: {} });

/** Picks `n` leads in a row under the rule, everyone available. */
function picks(spec: RuleSpec, n: number, state = fresh(), available = (_: string) => true, open = () => 0) {
  return Array.from({ length: n }, () => pickMember(spec, spec.memberIds, state, available, open));
}

describe('which rules fit a lead', () => {
  const tree = new Map([['berlin', new Set(['berlin', 'germany', 'europe'])]]);
  const ancestors = (id: string) => tree.get(id) ?? new Set([id]);

  it('fits any lead with no conditions, and needs every condition a rule sets', () => {
    expect(ruleMatches(rule(), lead(), ancestors)).toBe(true);
    const strict = rule({ sourceIds: ['web'], countries: ['DE'], industryIds: ['it'] });
    expect(ruleMatches(strict, lead({ sourceId: 'web', country: 'DE', industryId: 'it' }), ancestors)).toBe(
      true,
    );
    expect(ruleMatches(strict, lead({ sourceId: 'web', country: 'AT', industryId: 'it' }), ancestors)).toBe(
      false,
    );
    expect(ruleMatches(strict, lead({ country: 'DE', industryId: 'it' }), ancestors)).toBe(false);
  });

  it('takes a territory with everything below it', () => {
    const europe = rule({ territoryIds: ['europe'] });
    expect(ruleMatches(europe, lead({ territoryId: 'berlin' }), ancestors)).toBe(true);
    expect(ruleMatches(europe, lead({ territoryId: 'europe' }), ancestors)).toBe(true);
    expect(ruleMatches(rule({ territoryIds: ['berlin'] }), lead({ territoryId: 'europe' }), ancestors)).toBe(
      false,
    );
    expect(ruleMatches(europe, lead(), ancestors)).toBe(false);
  });

  it('bounds the score on both ends, inclusively', () => {
    const band = rule({ minScore: 50, maxScore: 80 });
    const fits = (score: number) => ruleMatches(band, lead({ score }), ancestors);
    expect([49, 50, 80, 81].map(fits)).toEqual([false, true, true, false]);
    expect(ruleMatches(rule({ minScore: 1 }), lead({ score: 0 }), ancestors)).toBe(false);
  });
});

describe('who is available', () => {
  const now = new Date('2030-05-01T12:00:00Z');
  const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

  it('leaves out inactive reps and reps out of office now', () => {
    expect(isAvailable(rep(), now)).toBe(true);
    expect(isAvailable(rep({ active: false }), now)).toBe(false);
    expect(isAvailable(rep({ outOfOfficeFrom: at(-1), outOfOfficeUntil: at(1) }), now)).toBe(false);
    expect(isAvailable(rep({ outOfOfficeFrom: at(-1) }), now)).toBe(false);
    expect(isAvailable(rep({ outOfOfficeUntil: at(1) }), now)).toBe(false);
    expect(isAvailable(rep({ outOfOfficeFrom: at(1) }), now)).toBe(true);
    expect(isAvailable(rep({ outOfOfficeUntil: now }), now)).toBe(true);
  });

  it('leaves out reps whose day or 30 days are full', () => {
    expect(isAvailable(rep({ maxPerDay: 3, today: 2 }), now)).toBe(true);
    expect(isAvailable(rep({ maxPerDay: 3, today: 3 }), now)).toBe(false);
    expect(isAvailable(rep({ maxPer30Days: 10, last30Days: 10 }), now)).toBe(false);
    expect(isAvailable(rep({ maxPerDay: 0 }), now)).toBe(false);
  });
});

describe('whose turn it is', () => {
  it('round robin goes on after the last rep assigned and skips who is unavailable', () => {
    expect(picks(rule(), 4)).toEqual(['a', 'b', 'c', 'a']);
    expect(picks(rule(), 2, { lastUserId: 'b', currentWeights: {} })).toEqual(['c', 'a']);
    expect(picks(rule(), 2, { lastUserId: 'gone', currentWeights: {} })).toEqual(['a', 'b']);
    expect(picks(rule(), 3, fresh(), (id) => id !== 'b')).toEqual(['a', 'c', 'a']);
    expect(picks(rule(), 1, fresh(), () => false)).toEqual([null]);
  });

  it('least open takes the fewest open leads, ties in turn order', () => {
    const open: Record<string, number> = { a: 3, b: 1, c: 1 };
    const spec = rule({ strategy: 'least_open' });
    const state = fresh();
    const taken = Array.from({ length: 3 }, () => {
      const chosen = pickMember(
        spec,
        spec.memberIds,
        state,
        () => true,
        (id) => open[id] ?? 0,
      );
      if (chosen) open[chosen] = (open[chosen] ?? 0) + 1;
      return chosen;
    });
    expect(taken).toEqual(['b', 'c', 'b']);
  });

  it('weighted interleaves shares like nginx: 5, 1, 1 gives a a b a c a a', () => {
    const spec = rule({ strategy: 'weighted', weights: new Map([['a', 5]]) });
    expect(picks(spec, 7).join(' ')).toBe('a a b a c a a');
    const counts = picks(spec, 700).reduce<Record<string, number>>(
      (all, id) => ({ ...all, [id ?? '-']: (all[id ?? '-'] ?? 0) + 1 }),
      {},
    );
    expect(counts).toEqual({ a: 500, b: 100, c: 100 });
  });

  it('weighted lets an unavailable rep sit out without a burst on return', () => {
    const spec = rule({ strategy: 'weighted', memberIds: ['a', 'b'] });
    const state = fresh();
    expect(picks(spec, 4, state, (id) => id === 'a')).toEqual(['a', 'a', 'a', 'a']);
    expect(picks(spec, 4, state)).toEqual(['b', 'a', 'b', 'a']);
  });
});

describe('the start of a rep’s day', () => {
  it('is midnight in the rep’s time zone, on days that change to summer time too', () => {
    const noon = new Date('2024-03-31T12:00:00Z');
    expect(startOfDay(noon, 'UTC').toISOString()).toBe('2024-03-31T00:00:00.000Z');
    expect(startOfDay(noon, 'Europe/Berlin').toISOString()).toBe('2024-03-30T23:00:00.000Z');
    expect(startOfDay(new Date('2024-07-01T03:00:00Z'), 'America/Los_Angeles').toISOString()).toBe(
      '2024-06-30T07:00:00.000Z',
    );
    expect(startOfDay(noon, 'Nowhere/Invalid').toISOString()).toBe('2024-03-31T00:00:00.000Z');
  });
});
