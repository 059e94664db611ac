import { type RawBuilder, sql } from 'kysely';
import { callEntity, meetingEntity, noteEntity } from './entities.js';

/**
 * When something last happened on a record (`alias.id`, linked from activities by `linkColumn`): its newest note,
 * call or meeting that has begun, or finished task; NULL when nothing has. "My day" and the follow-up rules both
 * ask it, each from the partial link indexes of migration 0023.
 */
export function lastActivityAt(linkColumn: string, alias: string): RawBuilder<string | null> {
  const link = sql.ref(linkColumn);
  const id = sql.ref(`${alias}.id`);
  const happened = [noteEntity, callEntity, meetingEntity].map(
    (activity) => sql`SELECT max(a.at) AS at FROM ${sql.table(activity.table)} a
      WHERE a.${link} = ${id} AND a.deleted_at IS NULL AND a.at <= now()`,
  );
  return sql<string | null>`(SELECT max(at) FROM (${sql.join(happened, sql` UNION ALL `)}
    UNION ALL SELECT max(t.done_at) FROM tasks t WHERE t.${link} = ${id} AND t.deleted_at IS NULL) AS l(at))`;
}

/** Opportunities still being worked on, by the status rules: not converted, lost or closed. */
export const OPEN_OPPORTUNITY_STATUSES = ['open', 'replied', 'quotation'];
