import { sql } from 'kysely';
import { type FieldError, NotFound, ValidationFailed } from '../../../core/errors.js';
import { jsonValue } from '../../../core/field-values.js';
import type { Actor } from '../../../core/permissions.js';
import type { Records, WriteContext } from '../../../core/records.js';
import type { ApiRecord, Row } from '../../../core/row.js';
import { salesPersonEntity } from '../../masters/entities.js';
import { valueAfter } from '../../opportunities/pipelines.js';
import { bookingPageEntity } from './entities.js';

/**
 * What the schemas of bookable hours and booking pages cannot say, checked in each write's transaction, and a
 * sales person's way to set their own hours (the record itself is the managers').
 */

interface Hours {
  day: string;
  from: string;
  to: string;
}

type Ctx = WriteContext & { columns: Row };

function checkHours(ctx: Ctx): void {
  if (!('availability' in ctx.columns)) return;
  const rows = (jsonValue(ctx.columns.availability) ?? []) as Hours[];
  const errors: FieldError[] = rows.flatMap((row, index) =>
    row.to > row.from
      ? []
      : [{ field: `availability/${index}/to`, message: 'must be after from', code: 'range' }],
  );
  if (errors.length) throw new ValidationFailed(errors);
}

/** A page offers its sales persons' hours in their users' calendars: one without a user could never be booked. */
async function checkPagePeople(ctx: Ctx): Promise<void> {
  if (!('sales_person_ids' in ctx.columns) && !('active' in ctx.columns)) return;
  const ids = (valueAfter(ctx, 'sales_person_ids', 'salesPersonIds') ?? []) as string[];
  if (ids.length === 0) {
    if (valueAfter(ctx, 'active', 'active') === false) return;
    throw new ValidationFailed([
      {
        field: 'salesPersonIds',
        message: 'needs at least one sales person for an active page',
        code: 'required',
      },
    ]);
  }
  const { rows } = await sql<{ name: string }>`SELECT name FROM sales_persons
    WHERE id = ANY(CAST(${ids} AS uuid[])) AND user_id IS NULL ORDER BY name`.execute(ctx.trx);
  if (rows.length) {
    throw new ValidationFailed([
      {
        field: 'salesPersonIds',
        message: `${rows.map((row) => row.name).join(', ')} cannot be booked: link a user to them first`,
        code: 'user',
      },
    ]);
  }
}

export function registerBookingRules(records: Records): void {
  records.on(salesPersonEntity.name, { beforeWrite: checkHours });
  records.on(bookingPageEntity.name, {
    beforeWrite: async (ctx) => {
      if (ctx.action === 'create' || ctx.action === 'update') await checkPagePeople(ctx);
    },
  });
}

export interface OwnAvailability {
  salesPersonId: string;
  availability: Hours[];
}

async function ownSalesPersonId(records: Records, actor: Actor): Promise<string> {
  const row = actor.userId
    ? await records.db
        .selectFrom(salesPersonEntity.table)
        .select('id')
        .where('user_id', '=', actor.userId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new NotFound('You are no sales person: an administrator links your user to one first.');
  return row.id as string;
}

export async function ownAvailability(records: Records, actor: Actor): Promise<OwnAvailability> {
  const id = await ownSalesPersonId(records, actor);
  const person = await records.get(actor, salesPersonEntity, id);
  return { salesPersonId: id, availability: person.availability as Hours[] };
}

/** Sets the hours of the caller's own sales person, as the caller (the audit names them), whatever their role. */
export async function updateOwnAvailability(
  records: Records,
  actor: Actor,
  body: unknown,
): Promise<OwnAvailability> {
  const id = await ownSalesPersonId(records, actor);
  const self: Actor = {
    ...actor,
    permissions: { ...actor.permissions, [salesPersonEntity.name]: { read: 'all', update: 'all' } },
  };
  const { availability } = body as { availability: Hours[] };
  const person: ApiRecord = await records.patch(self, salesPersonEntity, id, { availability });
  return { salesPersonId: id, availability: person.availability as Hours[] };
}
