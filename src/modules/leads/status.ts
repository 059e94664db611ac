import { type RawBuilder, sql } from 'kysely';
import { writeAudit } from '../../core/audit.js';
import type { EntityDef } from '../../core/entity.js';
import { type FieldError, RuleViolation } from '../../core/errors.js';
import type { Actor } from '../../core/permissions.js';
import type { WriteContext } from '../../core/records.js';
import type { Row } from '../../core/row.js';
import type { Db } from '../../db/connect.js';
import { ACTIVE_STATUSES } from '../sales/quotation-entity.js';
import { LEAD_STATUSES, USER_STATUSES, type UserStatus } from './entities.js';

/**
 * The lead's status as ../shared/spec/status-rules.md derives it. Each derived status has a test over the
 * lead's related records; the first that applies wins, and when none applies the status the user last set stands
 * (`user_status`). The order is the spec's.
 */
const DERIVED: Array<{ status: string; leadsIn: (trx: Db, ids: string[]) => Promise<Set<string>> }> = [
  {
    // 1. A customer (not in the trash) comes from the lead, or the lead was converted into one that existed.
    status: 'converted',
    leadsIn: (trx, ids) =>
      column(
        sql`SELECT lead_id AS id FROM customers
            WHERE deleted_at IS NULL AND lead_id = ANY(${ids}::uuid[])
          UNION SELECT l.id FROM leads l JOIN customers c ON c.id = l.customer_id
            WHERE c.deleted_at IS NULL AND l.id = ANY(${ids}::uuid[])`.execute(trx),
      ),
  },
  {
    // 2. An active quotation belongs to the lead: addressed to it, or made from an opportunity from it.
    status: 'quotation',
    leadsIn: (trx, ids) =>
      column(quotationsOfLeads(trx, ids, sql`q.status IN (${sql.join([...ACTIVE_STATUSES])})`)),
  },
  {
    // 3. An opportunity from the lead is not lost.
    status: 'opportunity',
    leadsIn: (trx, ids) =>
      column(
        sql`SELECT DISTINCT lead_id AS id FROM opportunities
        WHERE deleted_at IS NULL AND opportunity_from = 'lead' AND status <> 'lost'
          AND lead_id = ANY(${ids}::uuid[])`.execute(trx),
      ),
  },
  {
    // 4. A quotation of the lead is lost and none is active (an active one matched rule 2 already).
    status: 'lost_quotation',
    leadsIn: (trx, ids) => column(quotationsOfLeads(trx, ids, sql`q.status = 'lost'`)),
  },
];

/** The leads among `ids` with a live quotation in `condition` (alias q) that belongs to them. */
function quotationsOfLeads(trx: Db, ids: string[], condition: RawBuilder<unknown>) {
  return sql`SELECT q.lead_id AS id FROM quotations q
      WHERE q.deleted_at IS NULL AND ${condition} AND q.lead_id = ANY(${ids}::uuid[])
    UNION SELECT o.lead_id FROM quotations q JOIN opportunities o ON o.id = q.opportunity_id
      WHERE q.deleted_at IS NULL AND ${condition} AND o.lead_id = ANY(${ids}::uuid[])`.execute(trx);
}

async function column(query: Promise<{ rows: unknown[] }>): Promise<Set<string>> {
  const { rows } = await query;
  return new Set(rows.map((row) => (row as { id: string }).id));
}

const label = (status: string) => LEAD_STATUSES.find((o) => o.value === status)?.label.en ?? status;
export const isUserStatus = (status: unknown): status is UserStatus =>
  (USER_STATUSES as readonly unknown[]).includes(status);

/** The derived status of each lead that has one. */
export async function derivedStatuses(trx: Db, ids: string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const rule of DERIVED) {
    const open = ids.filter((id) => !result.has(id));
    if (open.length === 0) break;
    for (const id of await rule.leadsIn(trx, open)) result.set(id, rule.status);
  }
  return result;
}

/**
 * Derives the status of the leads again after a change of their related records, in the same transaction, and
 * writes what changed with a new version and an audit entry in the name of the user whose action caused it. The
 * write bypasses the lead's own rules and permissions: the user changed a customer or an opportunity they may
 * change, and the lead's status is a consequence of that, not a choice they make on the lead.
 */
export async function refreshLeadStatus(trx: Db, lead: EntityDef, actor: Actor, ids: string[]) {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length === 0) return;
  const derived = await derivedStatuses(trx, unique);
  const { rows } = await sql<{ id: string; status: string; user_status: string; customer_id: string | null }>`
    SELECT id, status, user_status, customer_id FROM leads WHERE id = ANY(${unique}::uuid[]) ORDER BY id
    FOR UPDATE`.execute(trx);
  const at = new Date();
  for (const row of rows) {
    const status = derived.get(row.id) ?? row.user_status;
    if (status === row.status) continue;
    await sql`UPDATE leads SET status = ${status}, version = version + 1, updated_at = ${at}
      WHERE id = ${row.id}`.execute(trx);
    const changes = { status: { from: row.status, to: status } };
    await writeAudit(trx, { entity: lead, recordId: row.id, action: 'update', actor, at, changes });
  }
}

/**
 * A status sent by a user: only those the spec lets users set, and not while a derived status applies — the lead
 * then follows its opportunity, quotation or customer. "Do not contact" is also consent and is always taken: it
 * sets the flag, which no derived status clears.
 */
export async function applyUserStatus(ctx: WriteContext & { columns: Row }): Promise<void> {
  const { columns, before } = ctx;
  if (!('status' in columns)) return;
  const wanted = columns.status as string;
  if (before && wanted === before.status) {
    delete columns.status;
    return;
  }
  const refuse = (detail: string) => {
    const error: FieldError = { field: 'status', message: detail, code: 'status' };
    return new RuleViolation(detail, [error]);
  };
  if (!isUserStatus(wanted)) {
    throw refuse(
      `The status "${label(wanted)}" is set by the system: it follows the lead's opportunities, quotations ` +
        'and customer. Convert the lead or make an opportunity or quotation instead.',
    );
  }
  if (wanted === 'do_not_contact') columns.do_not_contact = true;
  const derived = before
    ? (await derivedStatuses(ctx.trx, [before.id as string])).get(before.id as string)
    : undefined;
  if (derived && wanted !== 'do_not_contact') {
    throw refuse(
      `The lead's status is "${label(derived)}" while it has its ${derived === 'converted' ? 'customer' : derived}; ` +
        'it returns to the status you set when that no longer applies.',
    );
  }
  columns.user_status = wanted;
  if (derived) columns.status = derived;
}
