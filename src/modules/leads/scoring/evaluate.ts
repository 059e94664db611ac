import type { FieldDef } from '../../../core/fields.js';
import type { ApiRecord } from '../../../core/row.js';
import type { GRADES } from '../entities.js';
import { type ScoringRule, meets } from './conditions.js';
import type { LeadEventKind } from './events.js';
import { emailDomain, isFreeMailDomain } from './free-mail.js';

export type Grade = (typeof GRADES)[number];

export interface Thresholds {
  /** The least score of grade A; B and C alike. A > B > C; below C is D. */
  a: number;
  b: number;
  c: number;
}

export interface LeadEvent {
  kind: LeadEventKind;
  /** ISO 8601. */
  occurredAt: string;
}

/** A rule that gave the lead points, with what made it apply. */
export interface RuleHit {
  rule: ScoringRule;
  /** The points the rule gives this lead: its points, times the events counted for "per occurrence" rules. */
  points: number;
  /** Field conditions: the lead's value; the business e-mail condition: the domain. */
  value?: unknown;
  /** Event conditions: the events that count, newest first. */
  events?: LeadEvent[];
}

export interface LeadScore {
  score: number;
  grade: Grade;
  hits: RuleHit[];
}

/** Events beyond this many count no more for "per occurrence" rules, so no lead's score can overflow. */
export const MAX_COUNTED_EVENTS = 100;
const DAY_MS = 86_400_000;

export function gradeOf(score: number, thresholds: Thresholds): Grade {
  if (score >= thresholds.a) return 'A';
  if (score >= thresholds.b) return 'B';
  if (score >= thresholds.c) return 'C';
  return 'D';
}

/** The events an event rule counts at `now`: of its kind, and within its decay window if it has one. */
export function countedEvents(
  condition: { eventKind: LeadEventKind; decayDays: number | null },
  events: LeadEvent[],
  now: Date,
): LeadEvent[] {
  const since = condition.decayDays === null ? -Infinity : now.getTime() - condition.decayDays * DAY_MS;
  return events
    .filter((event) => event.kind === condition.eventKind && Date.parse(event.occurredAt) > since)
    .sort((x, y) => Date.parse(y.occurredAt) - Date.parse(x.occurredAt))
    .slice(0, MAX_COUNTED_EVENTS);
}

/**
 * The score of a lead: the sum of the points of every active rule whose condition holds. A field condition holds
 * when the lead's value meets it; "business e-mail" when the lead has an address whose domain is no free-mail
 * provider; an event condition when the lead has events of its kind within the rule's decay window — giving the
 * points once, or once per event (at most MAX_COUNTED_EVENTS). The grade is the highest whose threshold the score
 * reaches. The hits are the explanation: their points add up to the score exactly.
 */
export function scoreLead(
  rules: ScoringRule[],
  fields: Record<string, FieldDef>,
  values: ApiRecord,
  events: LeadEvent[],
  thresholds: Thresholds,
  now: Date,
): LeadScore {
  const hits: RuleHit[] = [];
  for (const rule of rules) {
    const { condition } = rule;
    if (condition.kind === 'field') {
      const field = fields[condition.field];
      // A rule on a custom field that was removed since: it cannot hold.
      if (!field) continue;
      const value = values[condition.field] ?? null;
      if (meets(field, condition.operator, condition.value, value))
        hits.push({ rule, points: rule.points, value });
    } else if (condition.kind === 'businessEmail') {
      const domain = emailDomain(values.email);
      if (domain && !isFreeMailDomain(domain)) hits.push({ rule, points: rule.points, value: domain });
    } else {
      const counted = countedEvents(condition, events, now);
      if (counted.length === 0) continue;
      const times = condition.counting === 'each' ? counted.length : 1;
      hits.push({ rule, points: rule.points * times, events: counted });
    }
  }
  const score = hits.reduce((sum, hit) => sum + hit.points, 0);
  return { score, grade: gradeOf(score, thresholds), hits };
}
