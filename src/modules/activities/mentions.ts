import { sql } from 'kysely';
import { snakeCase } from '../../core/fields.js';
import type { WriteContext } from '../../core/records.js';
import type { Row } from '../../core/row.js';
import { notify } from '../notifications/index.js';
import { REGARDING } from './entities.js';

/**
 * Telling users a note mentions them, once, when they are first mentioned: in each one's language, pointing at
 * the record the note is about (where they will read it), inside the note's transaction.
 */

const TEXTS = {
  en: (author: string, summary: string) => `${author} mentioned you: ${summary}`,
  de: (author: string, summary: string) => `${author} hat Sie erwähnt: ${summary}`,
};

/** The record a notification opens: the most specific one the note is about. */
const OPENS_FIRST = [
  'salesOrderId',
  'quotationId',
  'opportunityId',
  'leadId',
  'contactId',
  'prospectId',
  'customerId',
];

function subjectOf(ctx: WriteContext & { columns: Row }): { entity: string; recordId: string } | undefined {
  for (const field of OPENS_FIRST) {
    const regarding = REGARDING.find((entry) => entry.field === field);
    const column = snakeCase(field);
    const id = column in ctx.columns ? ctx.columns[column] : ctx.before?.[field];
    if (regarding && typeof id === 'string') return { entity: regarding.target.name, recordId: id };
  }
  return undefined;
}

export async function notifyMentions(
  ctx: WriteContext & { columns: Row },
  userIds: string[],
  summary: string,
): Promise<void> {
  if (userIds.length === 0) return;
  const { rows } = await sql<{ id: string; language: string; author: string | null }>`
    SELECT u.id, u.language, (SELECT full_name FROM users WHERE id = ${ctx.actor.userId}) AS author
    FROM users u WHERE u.id = ANY(${userIds}::uuid[])`.execute(ctx.trx);
  const subject = subjectOf(ctx);
  for (const row of rows) {
    const texts = row.language === 'de' ? TEXTS.de : TEXTS.en;
    await notify(ctx.trx, {
      userIds: [row.id],
      kind: 'mentioned',
      title: texts(row.author ?? 'CRM', summary),
      entity: subject?.entity,
      recordId: subject?.recordId,
      actorId: ctx.actor.userId,
    });
  }
}
