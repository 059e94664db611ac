import { sql } from 'kysely';
import { type FieldChange, writeAudit } from '../../../core/audit.js';
import type { EntityDef } from '../../../core/entity.js';
import type { Actor } from '../../../core/permissions.js';
import type { Records } from '../../../core/records.js';
import { type ApiRecord, type Row, rowToRecord } from '../../../core/row.js';
import type { Db } from '../../../db/connect.js';
import { leadEntity } from '../entities.js';
import { type ScoringState, engineOf } from './engine.js';
import { type LeadEvent, type LeadScore, scoreLead } from './evaluate.js';
import { type Prediction, predict } from './model.js';

export interface ScoredLead extends LeadScore {
  prediction: Prediction | null;
}

/** The score columns of a lead as they should be: score, grade and probability (null without a usable model). */
export interface ScoreColumns {
  score: number;
  grade: string;
  probability: number | null;
}

const DAY_MS = 86_400_000;

/**
 * The events of the leads that the active rules can count at `now`: of the kinds they name, no older than the
 * longest decay window among them. None are read when no rule counts events, as on most lead writes.
 */
export async function eventsOf(
  trx: Db,
  state: ScoringState,
  ids: string[],
  now: Date,
): Promise<Map<string, LeadEvent[]>> {
  const byLead = new Map<string, LeadEvent[]>();
  const rules = state.rules.flatMap((rule) => (rule.condition.kind === 'event' ? [rule.condition] : []));
  if (rules.length === 0 || ids.length === 0) return byLead;
  const kinds = [...new Set(rules.map((rule) => rule.eventKind))];
  const windows = rules.map((rule) => rule.decayDays);
  const since = windows.includes(null)
    ? null
    : new Date(now.getTime() - Math.max(...(windows as number[])) * DAY_MS);
  const { rows } = await sql<{ lead_id: string; kind: LeadEvent['kind']; occurred_at: string }>`
    SELECT lead_id, kind, occurred_at FROM lead_events
    WHERE lead_id = ANY(${ids}::uuid[]) AND kind = ANY(${kinds}::text[])
      AND (${since}::timestamptz IS NULL OR occurred_at > ${since}::timestamptz)`.execute(trx);
  for (const row of rows) {
    const event = { kind: row.kind, occurredAt: new Date(row.occurred_at).toISOString() };
    byLead.set(row.lead_id, [...(byLead.get(row.lead_id) ?? []), event]);
  }
  return byLead;
}

export function scoreWith(
  state: ScoringState,
  lead: EntityDef,
  values: ApiRecord,
  events: LeadEvent[],
  now: Date,
): ScoredLead {
  const scored = scoreLead(state.rules, lead.allFields, values, events, state.thresholds, now);
  const prediction = state.usableModel ? predict(state.usableModel, values) : null;
  return { ...scored, prediction };
}

export const columnsOf = (scored: ScoredLead): ScoreColumns => ({
  score: scored.score,
  grade: scored.grade,
  probability: scored.prediction?.probability ?? null,
});

/** The columns that differ from what the lead shows now, as audit changes. */
export function changesOf(values: ApiRecord, wanted: ScoreColumns): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const [name, to] of Object.entries(wanted)) {
    const from = values[name] ?? null;
    if (from !== to) changes[name] = { from, to };
  }
  return changes;
}

/**
 * Scores the leads again inside the caller's transaction and writes what changed, with a new version and an audit
 * entry in the name of `actor`, like refreshLeadStatus: the score is a consequence of an event, a rule or the
 * calendar, not a change someone makes to the lead, so it bypasses the lead's rules and permissions. Trashed leads
 * are scored too (an event may arrive for one); the periodic passes skip them, and restoring one scores it again.
 */
export async function rescoreLeads(
  trx: Db,
  records: Records,
  actor: Actor,
  ids: string[],
  now = new Date(),
): Promise<number> {
  const unique = [...new Set(ids.filter(Boolean))].sort();
  if (unique.length === 0) return 0;
  const lead = records.current(records.registry.get(leadEntity.name));
  const state = await engineOf(records).state(trx);
  const { rows } = await sql<Row>`SELECT * FROM leads WHERE id = ANY(${unique}::uuid[]) ORDER BY id
    FOR UPDATE`.execute(trx);
  const events = await eventsOf(trx, state, unique, now);
  let changed = 0;
  for (const row of rows) {
    const values = rowToRecord(lead, row);
    const id = values.id as string;
    const wanted = columnsOf(scoreWith(state, lead, values, events.get(id) ?? [], now));
    const changes = changesOf(values, wanted);
    if (Object.keys(changes).length === 0) continue;
    const at = new Date();
    await sql`UPDATE leads SET score = ${wanted.score}, grade = ${wanted.grade},
        probability = ${wanted.probability}, version = version + 1, updated_at = ${at}
      WHERE id = ${id}`.execute(trx);
    await writeAudit(trx, { entity: lead, recordId: id, action: 'update', actor, at, changes });
    changed += 1;
  }
  return changed;
}
