import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../../core/permissions.js';
import type { Records } from '../../../core/records.js';
import type { Db } from '../../../db/connect.js';
import { type Job, type JobRunner, enqueueJob } from '../../../jobs/runner.js';
import { engineOf, readSettings, renewRevision } from './engine.js';
import { type Model, trainModel } from './model.js';
import { rescoreLeads } from './rescore.js';

export const RESCORE_JOB = 'leads.scoring.rescore';
export const DECAY_JOB = 'leads.scoring.decay';
export const TRAIN_JOB = 'leads.scoring.train';
/** Leads per batch: one batch is one transaction, short enough not to hold rule changes up for long. */
export const RESCORE_BATCH = 500;
const DAY_SECONDS = 86_400;

/**
 * Rules, thresholds or model changed: marks the change for every server and asks for a pass over all live leads,
 * in the caller's transaction. The revision must be renewed before the job is enqueued — see rescoreBatch.
 */
export async function requestRescoreAll(trx: Db): Promise<void> {
  await renewRevision(trx);
  await enqueueJob(trx, RESCORE_JOB, {}, { dedupeKey: RESCORE_JOB });
}

/**
 * One batch of a pass over all live leads, in id order; the next batch is a job of its own, so a pass over a
 * million leads survives restarts and never holds one long transaction. A pass belongs to the revision it started
 * with. The batch holds the settings row FOR SHARE, so a change of rules waits for it, then renews the revision and
 * enqueues a new pass — the dedupe key is free again once this job is done. A batch of an older pass stops: the
 * newer pass covers every lead with the rules as they are now.
 */
export async function rescoreBatch(records: Records, job: Job, trx: Db): Promise<void> {
  const { rows } = await sql<{ revision: string }>`SELECT revision FROM lead_scoring_settings WHERE id
    FOR SHARE`.execute(trx);
  const current = rows[0]?.revision;
  const revision = (job.payload.revision as string | undefined) ?? current;
  if (revision !== current) return;
  const after = (job.payload.after as string | undefined) ?? null;
  const { rows: leads } = await sql<{ id: string }>`SELECT id FROM leads
    WHERE deleted_at IS NULL AND (${after}::uuid IS NULL OR id > ${after}::uuid)
    ORDER BY id LIMIT ${RESCORE_BATCH}`.execute(trx);
  const ids = leads.map((lead) => lead.id);
  await rescoreLeads(trx, records, SYSTEM_ACTOR, ids);
  if (ids.length === RESCORE_BATCH) await enqueueJob(trx, RESCORE_JOB, { revision, after: ids.at(-1) });
}

/**
 * An event counts for its rule's decay window only: when the window ends, the lead's score drops without anything
 * happening to the lead. Daily, this scores again every live lead with an event whose window of some active rule
 * ended since the last run (`decay_checked_at`), up to `now`.
 */
export async function rescoreDecayed(records: Records, trx: Db, now = new Date()): Promise<number> {
  const { rows } = await sql<{ decay_checked_at: string }>`SELECT decay_checked_at FROM lead_scoring_settings
    WHERE id FOR UPDATE`.execute(trx);
  const since = new Date(rows[0]?.decay_checked_at ?? now);
  const state = await engineOf(records).state(trx);
  const ids = new Set<string>();
  for (const rule of state.rules) {
    const condition = rule.condition;
    if (condition.kind !== 'event' || condition.decayDays === null) continue;
    const window = `${condition.decayDays} days`;
    const { rows: leads } = await sql<{ lead_id: string }>`SELECT DISTINCT e.lead_id FROM lead_events e
      JOIN leads l ON l.id = e.lead_id AND l.deleted_at IS NULL
      WHERE e.kind = ${condition.eventKind}
        AND e.occurred_at > ${since}::timestamptz - ${window}::interval
        AND e.occurred_at <= ${now}::timestamptz - ${window}::interval`.execute(trx);
    for (const lead of leads) ids.add(lead.lead_id);
  }
  const all = [...ids];
  let changed = 0;
  for (let start = 0; start < all.length; start += RESCORE_BATCH) {
    changed += await rescoreLeads(trx, records, SYSTEM_ACTOR, all.slice(start, start + RESCORE_BATCH), now);
  }
  await sql`UPDATE lead_scoring_settings SET decay_checked_at = ${now} WHERE id`.execute(trx);
  return changed;
}

const sameCounts = (a: Model | null, b: Model) =>
  a !== null && a.won === b.won && a.lost === b.lost && JSON.stringify(a.counts) === JSON.stringify(b.counts);

/**
 * Trains the model again from the history as it is now. The leads are scored again only when the counts moved and
 * the model is (or was) used, so a quiet night writes no probabilities and no audit entries.
 */
export async function retrain(records: Records, trx: Db): Promise<Model> {
  const before = (await engineOf(records).state(trx)).model;
  const model = await trainModel(trx);
  const settings = await readSettings(trx);
  const usable = (m: Model | null) => m !== null && m.won >= settings.minWon && m.lost >= settings.minLost;
  if (!sameCounts(before, model) && (usable(before) || usable(model))) await requestRescoreAll(trx);
  else await renewRevision(trx);
  return model;
}

export function registerScoringJobs(jobs: JobRunner, records: Records): void {
  jobs.register(RESCORE_JOB, (job, trx) => rescoreBatch(records, job, trx));
  jobs.every(DECAY_JOB, DAY_SECONDS, async (_job, trx) => {
    await rescoreDecayed(records, trx);
  });
  jobs.every(TRAIN_JOB, DAY_SECONDS, async (_job, trx) => {
    await retrain(records, trx);
  });
}
