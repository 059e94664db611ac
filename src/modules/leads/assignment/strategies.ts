import type { Strategy } from './entities.js';

/** The pure part of assignment: which rules fit a lead, who may take one now, and whose turn it is. */

export interface RuleSpec {
  id: string;
  name: string;
  strategy: Strategy;
  salesTeamId: string | null;
  memberIds: string[];
  /** Weights of the weighted strategy; a rep not listed weighs 1. */
  weights: Map<string, number>;
  territoryIds: string[];
  sourceIds: string[];
  countries: string[];
  industryIds: string[];
  minScore: number | null;
  maxScore: number | null;
}

/** What rules look at in a lead, plus what the bookkeeping needs. */
export interface LeadFacts {
  id: string;
  title: string;
  /** The owner before this assignment; null for a lead being created. */
  ownerId: string | null;
  territoryId: string | null;
  sourceId: string | null;
  country: string | null;
  industryId: string | null;
  score: number;
  /** Neither converted nor do-not-contact: counts for "fewest open leads". */
  open: boolean;
}

export interface Rep {
  userId: string;
  /** A live, enabled user. */
  active: boolean;
  outOfOfficeFrom: Date | null;
  outOfOfficeUntil: Date | null;
  maxPerDay: number | null;
  maxPer30Days: number | null;
  /** Assigned since the start of the rep's day, and in the last 30 days, as the log says (plus this session). */
  today: number;
  last30Days: number;
  openLeads: number;
}

/** What a rule carries from one lead to the next (table lead_assignment_state). */
export interface RuleState {
  lastUserId: string | null;
  currentWeights: Record<string, number>;
}

/**
 * A rule fits a lead when every condition it sets holds; an empty condition holds for any lead. Territories
 * include their subtrees: `ancestors(t)` is t with every territory above it.
 */
export function ruleMatches(
  rule: RuleSpec,
  lead: LeadFacts,
  ancestors: (territoryId: string) => ReadonlySet<string>,
): boolean {
  const within = (ids: string[], value: string | null) =>
    ids.length === 0 || (value !== null && ids.includes(value));
  if (rule.territoryIds.length > 0) {
    if (lead.territoryId === null) return false;
    const up = ancestors(lead.territoryId);
    if (!rule.territoryIds.some((id) => up.has(id))) return false;
  }
  if (!within(rule.sourceIds, lead.sourceId)) return false;
  if (!within(rule.countries, lead.country)) return false;
  if (!within(rule.industryIds, lead.industryId)) return false;
  if (rule.minScore !== null && lead.score < rule.minScore) return false;
  if (rule.maxScore !== null && lead.score > rule.maxScore) return false;
  return true;
}

/** Whether the rep may take a lead at `now`: active, not out of office, below both capacities. */
export function isAvailable(rep: Rep, now: Date): boolean {
  if (!rep.active) return false;
  const away = rep.outOfOfficeFrom !== null || rep.outOfOfficeUntil !== null;
  const started = rep.outOfOfficeFrom === null || rep.outOfOfficeFrom <= now;
  const notEnded = rep.outOfOfficeUntil === null || now < rep.outOfOfficeUntil;
  if (away && started && notEnded) return false;
  if (rep.maxPerDay !== null && rep.today >= rep.maxPerDay) return false;
  if (rep.maxPer30Days !== null && rep.last30Days >= rep.maxPer30Days) return false;
  return true;
}

/** The members in turn order, starting with the one after the last assigned (from the top if they left). */
export function turnOrder(members: readonly string[], lastUserId: string | null): string[] {
  const last = lastUserId === null ? -1 : members.indexOf(lastUserId);
  return [...members.slice(last + 1), ...members.slice(0, last + 1)];
}

/**
 * Smooth weighted round robin (as nginx balances upstreams): every available member's running weight grows by
 * its weight, the largest wins (the earlier member on a tie) and drops by the sum of the weights that grew. Over
 * any window each member gets its share to within one lead, interleaved rather than in runs (5,1,1 gives
 * a a b a c a a), and the order is deterministic. Ties go in turn order (after the last rep assigned), so equal
 * weights make plain round robin. Unavailable members sit the round out with their weight as it was, so a rep
 * back from leave does not take a burst of leads.
 */
function weightedPick(
  members: readonly string[],
  weights: Map<string, number>,
  state: RuleState,
): string | null {
  let total = 0;
  let best: string | null = null;
  for (const userId of members) {
    const weight = weights.get(userId) ?? 1;
    const current = (state.currentWeights[userId] ?? 0) + weight;
    state.currentWeights[userId] = current;
    total += weight;
    if (best === null || current > (state.currentWeights[best] ?? 0)) best = userId;
  }
  if (best !== null) state.currentWeights[best] = (state.currentWeights[best] ?? 0) - total;
  return best;
}

/**
 * The member who takes the next lead under the rule's strategy, or null when no member is available. Updates
 * `state` (turn, running weights) as a pick does; the caller saves it.
 *
 * - round_robin: the first available member after the last one assigned, in list order.
 * - least_open: the available member with the fewest open leads; ties go in round-robin order.
 * - weighted: smooth weighted round robin over the available members (weightedPick).
 */
export function pickMember(
  rule: RuleSpec,
  members: readonly string[],
  state: RuleState,
  available: (userId: string) => boolean,
  openLeads: (userId: string) => number,
): string | null {
  const candidates = turnOrder(members, state.lastUserId).filter(available);
  if (candidates.length === 0) return null;
  let chosen: string | null;
  if (rule.strategy === 'least_open') {
    chosen = candidates.reduce((best, userId) => (openLeads(userId) < openLeads(best) ? userId : best));
  } else if (rule.strategy === 'weighted') {
    chosen = weightedPick(candidates, rule.weights, state);
  } else {
    chosen = candidates[0] ?? null;
  }
  if (chosen !== null) state.lastUserId = chosen;
  return chosen;
}
