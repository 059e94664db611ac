import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { NotFound } from '../../../core/errors.js';
import type { Actor } from '../../../core/permissions.js';
import type { Records } from '../../../core/records.js';
import type { Db } from '../../../db/connect.js';
import { rescoreLeads } from './rescore.js';

export const LEAD_EVENT_KINDS = ['form_submitted', 'email_replied', 'meeting_held'] as const;
export type LeadEventKind = (typeof LEAD_EVENT_KINDS)[number];

/**
 * Records that a lead did something that counts for its score (submitted a web form, replied to an e-mail, met
 * us) and scores the lead again, in the caller's transaction: the event and the score it moves commit together,
 * or neither does. `at` is when it happened (default now): an event counts for its rules' decay window from then.
 * `source` says what reported it (`webForm:<id>`, `email:<id>`, `activity:<id>`), for people reading the table.
 */
export async function recordLeadEvent(
  trx: Db,
  records: Records,
  actor: Actor,
  leadId: string,
  kind: 'form_submitted' | 'email_replied' | 'meeting_held',
  at?: Date,
  source?: string,
): Promise<void> {
  // Locks the lead as the re-scoring below would, and refuses a lead that does not exist before the insert does.
  const { rows } = await sql`SELECT id FROM leads WHERE id = ${leadId} FOR UPDATE`.execute(trx);
  if (rows.length === 0) throw new NotFound('The lead does not exist.');
  await sql`INSERT INTO lead_events (id, lead_id, kind, occurred_at, source, created_by)
    VALUES (${uuidv7()}, ${leadId}, ${kind}, ${at ?? new Date()}, ${source ?? null}, ${actor.userId})`.execute(
    trx,
  );
  await rescoreLeads(trx, records, actor, [leadId]);
}
