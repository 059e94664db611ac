import type { Db } from '../../../db/connect.js';
import {
  loadAncestors,
  loadReps,
  loadRules,
  loadStates,
  loadTeams,
  lockAssignment,
  saveStates,
} from './allocation-store.js';
import { type LeadFacts, type RuleSpec, isAvailable, pickMember, ruleMatches } from './strategies.js';

export interface Placement {
  lead: LeadFacts;
  userId: string;
  rule: RuleSpec;
}

/** Why a lead stayed where it was: no active rule fits it, or every rep of the rules that fit is unavailable. */
export interface Unplaced {
  lead: LeadFacts;
  reason: 'no_rule' | 'nobody_available';
  rules: RuleSpec[];
}

export interface Allocation {
  placed: Placement[];
  unplaced: Unplaced[];
  /** When the session ran: the time of its log rows. */
  at: Date;
}

const distinct = <T>(values: Iterable<T>) => [...new Set(values)];

/**
 * Runs the assignment rules for `leads`, in the caller's transaction, in this order:
 *
 * 1. The active rules, by position, that fit each lead (territory within the rule's territories or below them,
 *    source, country, industry, score range; an empty condition fits any lead). Leads no rule fits are left out
 *    before any lock is taken.
 * 2. The assignment lock (lockAssignment), then, read under it: the targets (a sales team's members or the listed
 *    reps), each rep's activity, absence and capacity, their assignments today (in their time zone) and in the
 *    last 30 days from the log, their open leads (for "fewest open leads"), and each rule's turn state.
 * 3. Leads in the given order: the first fitting rule with an available member places the lead under its
 *    strategy (strategies.ts); a rule whose members are all away or full falls through to the next. What a
 *    placement changes — the rep's counts, open leads moving from the previous owner, the rule's turn — is booked
 *    at once, so later leads of the same call see it.
 * 4. The turn states are saved. The caller writes the leads, the log (which the next session counts) and
 *    notifications in the same transaction, so the lock is released only once all of it is visible.
 *
 * A lead placed with the owner it already has is placed, but books no capacity: it is no new lead for them.
 */
export async function allocate(trx: Db, leads: LeadFacts[]): Promise<Allocation> {
  const rules = await loadRules(trx);
  const territories = rules.some((rule) => rule.territoryIds.length > 0)
    ? await loadAncestors(
        trx,
        distinct(leads.flatMap((lead) => (lead.territoryId ? [lead.territoryId] : []))),
      )
    : new Map<string, Set<string>>();
  const ancestors = (id: string) => territories.get(id) ?? new Set([id]);
  const fitting = leads.map((lead) => rules.filter((rule) => ruleMatches(rule, lead, ancestors)));
  const used = distinct(fitting.flat());
  const unplaced: Unplaced[] = [];
  const placed: Placement[] = [];
  if (used.length === 0) {
    return {
      placed,
      unplaced: leads.map((lead) => ({ lead, reason: 'no_rule', rules: [] })),
      at: new Date(),
    };
  }

  await lockAssignment(trx);
  const now = new Date();
  const teams = await loadTeams(trx, distinct(used.flatMap((rule) => rule.salesTeamId ?? [])));
  const membersOf = (rule: RuleSpec) =>
    rule.salesTeamId ? (teams.get(rule.salesTeamId) ?? []) : rule.memberIds;
  const userIds = distinct([
    ...used.flatMap(membersOf),
    ...leads.flatMap((lead) => (lead.ownerId ? [lead.ownerId] : [])),
  ]);
  const leastOpen = used.some((rule) => rule.strategy === 'least_open');
  const reps = await loadReps(trx, userIds, now, leastOpen);
  const states = await loadStates(
    trx,
    used.map((rule) => rule.id),
  );
  const available = (userId: string) => {
    const rep = reps.get(userId);
    return rep !== undefined && isAvailable(rep, now);
  };
  const openLeads = (userId: string) => reps.get(userId)?.openLeads ?? 0;

  for (const [i, lead] of leads.entries()) {
    const candidates = fitting[i] ?? [];
    let placement: Placement | undefined;
    for (const rule of candidates) {
      const state = states.get(rule.id) ?? { lastUserId: null, currentWeights: {} };
      const userId = pickMember(rule, membersOf(rule), state, available, openLeads);
      if (userId !== null) {
        placement = { lead, userId, rule };
        break;
      }
    }
    if (!placement) {
      unplaced.push({ lead, reason: candidates.length ? 'nobody_available' : 'no_rule', rules: candidates });
      continue;
    }
    placed.push(placement);
    if (placement.userId === lead.ownerId) continue;
    const rep = reps.get(placement.userId);
    if (rep) {
      rep.today += 1;
      rep.last30Days += 1;
      if (lead.open) rep.openLeads += 1;
    }
    const previous = lead.ownerId ? reps.get(lead.ownerId) : undefined;
    if (previous && lead.open) previous.openLeads -= 1;
  }
  await saveStates(trx, states, now);
  return { placed, unplaced, at: now };
}
