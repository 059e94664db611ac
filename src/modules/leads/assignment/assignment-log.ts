import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../../core/permissions.js';
import type { Db } from '../../../db/connect.js';
import { notify } from '../../notifications/service.js';

/** The log of assignments (table lead_assignments) and the notices that tell reps about theirs. */

export type How = 'create' | 'on_demand' | 'bulk';

export interface LogEntry {
  leadId: string;
  userId: string;
  previousOwnerId: string | null;
  ruleId: string | null;
}

/** One statement however many entries: the bulk path logs up to 10,000 at once. */
export async function writeLog(
  trx: Db,
  entries: LogEntry[],
  how: How,
  actor: Actor,
  at: Date,
): Promise<void> {
  if (entries.length === 0) return;
  const column = <K extends keyof LogEntry>(key: K) => entries.map((entry) => entry[key]);
  await sql`INSERT INTO lead_assignments (id, lead_id, user_id, previous_owner_id, rule_id, how, actor_id, at)
    SELECT v.id, v.lead_id, v.user_id, v.previous_owner_id, v.rule_id, ${how}, CAST(${actor.userId} AS uuid),
      CAST(${at.toISOString()} AS timestamptz)
    FROM unnest(CAST(${entries.map(() => uuidv7())} AS uuid[]), CAST(${column('leadId')} AS uuid[]),
      CAST(${column('userId')} AS uuid[]), CAST(${column('previousOwnerId')} AS uuid[]),
      CAST(${column('ruleId')} AS uuid[])) AS v(id, lead_id, user_id, previous_owner_id, rule_id)`.execute(
    trx,
  );
}

export interface AssignmentEntry {
  id: string;
  at: string;
  how: How;
  userId: string;
  previousOwnerId: string | null;
  ruleId: string | null;
  ruleName: string | null;
  actorId: string | null;
}

/** A lead's assignments, newest first (the caller has checked that the reader may see the lead). */
export async function listAssignments(db: Db, leadId: string): Promise<AssignmentEntry[]> {
  const { rows } = await sql<AssignmentEntry>`SELECT a.id, a.at, a.how, a.user_id AS "userId",
      a.previous_owner_id AS "previousOwnerId", a.rule_id AS "ruleId", r.name AS "ruleName", a.actor_id AS "actorId"
    FROM lead_assignments a LEFT JOIN assignment_rules r ON r.id = a.rule_id
    WHERE a.lead_id = ${leadId} ORDER BY a.at DESC, a.id DESC LIMIT 1000`.execute(db);
  return rows;
}

export interface Notice {
  userId: string;
  leadId: string;
  leadTitle: string;
  ruleName: string | null;
}

const TEXTS = {
  en: {
    one: (title: string) => `Lead assigned to you: ${title}`,
    many: (n: number) => `${n} leads assigned to you`,
    byRule: (rule: string) => `By the assignment rule “${rule}”.`,
  },
  de: {
    one: (title: string) => `Ihnen zugewiesener Lead: ${title}`,
    many: (n: number) => `${n} Leads wurden Ihnen zugewiesen`,
    byRule: (rule: string) => `Durch die Zuweisungsregel „${rule}“.`,
  },
};

/**
 * Tells each rep about the leads they were given, in their own language: one notification per rep, naming the
 * lead when it is one, counting them when there are several. The actor is never told about their own action
 * (notify leaves them out).
 */
export async function notifyAssignees(trx: Db, notices: Notice[], actor: Actor): Promise<void> {
  const byUser = new Map<string, Notice[]>();
  for (const notice of notices) {
    const own = byUser.get(notice.userId);
    if (own) own.push(notice);
    else byUser.set(notice.userId, [notice]);
  }
  byUser.delete(actor.userId ?? '');
  if (byUser.size === 0) return;
  const languages = await trx
    .selectFrom('users')
    .select(['id', 'language'])
    .where('id', 'in', [...byUser.keys()])
    .execute();
  const languageOf = new Map(languages.map((row) => [row.id as string, row.language as string]));
  for (const [userId, own] of byUser) {
    const texts = languageOf.get(userId) === 'de' ? TEXTS.de : TEXTS.en;
    const first = own[0];
    if (!first) continue;
    const single = own.length === 1;
    await notify(trx, {
      userIds: [userId],
      kind: 'lead_assigned',
      title: single ? texts.one(first.leadTitle) : texts.many(own.length),
      body: single && first.ruleName ? texts.byRule(first.ruleName) : '',
      entity: 'lead',
      recordId: single ? first.leadId : undefined,
      actorId: actor.userId,
    });
  }
}
