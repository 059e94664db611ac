import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/connect.js';
import type { EntityDef } from './entity.js';
import type { Actor } from './permissions.js';

export type AuditAction = 'create' | 'update' | 'delete' | 'restore' | 'merge' | 'share';

export interface FieldChange {
  from: unknown;
  to: unknown;
}

/** Field-level difference of two API-shaped records; secrets are reported as changed, never shown. */
export function diffRecords(
  entity: EntityDef,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  writtenColumns: Record<string, unknown> = {},
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const field of Object.values(entity.allFields)) {
    if (['updatedAt', 'version', 'createdAt', 'createdBy', 'id'].includes(field.name)) continue;
    if (field.writeOnly) {
      // Secrets never appear in records; that one was written is all the audit may say.
      if (writtenColumns[field.column] !== undefined)
        changes[field.name] = { from: '[hidden]', to: '[changed]' };
      continue;
    }
    const from = before?.[field.name] ?? null;
    const to = after?.[field.name] ?? null;
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    changes[field.name] = { from, to };
  }
  return changes;
}

export async function writeAudit(
  trx: Db,
  entry: {
    entity: EntityDef;
    recordId: string;
    action: AuditAction;
    actor: Actor;
    at: Date;
    changes: Record<string, FieldChange>;
  },
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      id: uuidv7(),
      entity: entry.entity.name,
      record_id: entry.recordId,
      action: entry.action,
      actor_id: entry.actor.userId,
      api_key_id: entry.actor.apiKeyId ?? null,
      at: entry.at,
      changes: JSON.stringify(entry.changes),
    })
    .execute();
}

export interface AuditEntry {
  id: string;
  action: AuditAction;
  actorId: string | null;
  actorName: string | null;
  apiKeyId: string | null;
  at: string;
  changes: Record<string, FieldChange>;
}

export async function readHistory(db: Db, entity: EntityDef, recordId: string): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.action', 'a.actor_id', 'u.full_name', 'a.api_key_id', 'a.at', 'a.changes'])
    .where('a.entity', '=', entity.name)
    .where('a.record_id', '=', recordId)
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(1000)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    action: row.action,
    actorId: row.actor_id,
    actorName: row.full_name ?? null,
    apiKeyId: row.api_key_id,
    at: new Date(row.at).toISOString(),
    changes: row.changes,
  }));
}
