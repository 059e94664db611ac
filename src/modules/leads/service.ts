import { sql } from 'kysely';
import type { Config } from '../../config.js';
import { type DuplicateSpec, duplicateRules } from '../../core/duplicates.js';
import { type FieldError, ValidationFailed } from '../../core/errors.js';
import type { MergeSpec } from '../../core/merge.js';
import { mergeUndoRules } from '../../core/merge-undo.js';
import type { RecordHooks, Records, WriteContext } from '../../core/records.js';
import type { ApiRecord, Row } from '../../core/row.js';
import { normaliseCountry } from '../contacts/address-format.js';
import { normalisePhones } from '../contacts/contact-points.js';
import { contactEntity } from '../contacts/entities.js';
import { customerEntity } from '../masters/entities.js';
import { leadEntity } from './entities.js';
import { applyUserStatus, derivedStatuses, refreshLeadStatus } from './status.js';

/** Business rules of leads, run inside each write's transaction. */

type Ctx = WriteContext & { columns: Row };

/** A field's value after the write: the written column, else the stored value. */
function valueAfter(ctx: Ctx, column: string, field: string): unknown {
  return column in ctx.columns ? ctx.columns[column] : (ctx.before?.[field] ?? null);
}

const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** The title is the person's name, else the company: a lead is one of the two. */
function prepareTitle(ctx: Ctx, errors: FieldError[]) {
  const parts = ['first_name', 'last_name', 'company_name'];
  if (ctx.action !== 'create' && !parts.some((c) => c in ctx.columns)) return;
  const first = valueAfter(ctx, 'first_name', 'firstName');
  const last = valueAfter(ctx, 'last_name', 'lastName');
  const company = valueAfter(ctx, 'company_name', 'companyName');
  const person = [first, last].filter(filled).join(' ');
  if (!person && !filled(company)) {
    errors.push({ field: 'lastName', message: 'a lead needs a name or a company', code: 'required' });
  }
  ctx.columns.title = person || (filled(company) ? company : '');
}

/** Phone numbers in E.164, read in the lead's country when written without +country code. */
function preparePhones(ctx: Ctx, config: Config, errors: FieldError[]) {
  const country = (valueAfter(ctx, 'country', 'country') as string | null) ?? config.defaultCountry;
  for (const [column, field] of [
    ['phone', 'phone'],
    ['mobile', 'mobile'],
  ] as const) {
    const value = ctx.columns[column];
    if (!filled(value)) continue;
    const { items, errors: problems } = normalisePhones([{ phone: value }], country);
    const item = items[0];
    for (const problem of problems) errors.push({ ...problem, field });
    if (item && problems.length === 0) {
      ctx.columns[column] = item.extension ? `${item.phone};ext=${item.extension}` : item.phone;
    }
  }
}

/** Marking a lead qualified records who and when, unless the client says; leaving "qualified" clears both. */
function prepareQualification(ctx: Ctx) {
  const { columns } = ctx;
  if (!('qualification_status' in columns)) return;
  if (columns.qualification_status === 'qualified') {
    if (ctx.before?.qualificationStatus === 'qualified') return;
    columns.qualified_by ??= ctx.before?.qualifiedBy ?? ctx.actor.userId;
    columns.qualified_on ??= new Date().toISOString().slice(0, 10);
  } else {
    columns.qualified_by = null;
    columns.qualified_on = null;
  }
}

export function prepareLead(ctx: Ctx, config: Config): void {
  const { columns } = ctx;
  const errors: FieldError[] = [];
  prepareTitle(ctx, errors);
  if (typeof columns.email === 'string') columns.email = columns.email.trim().toLowerCase();
  normaliseCountry(columns, errors);
  preparePhones(ctx, config, errors);
  const revenue = columns.annual_revenue;
  if (typeof revenue === 'string' && revenue.startsWith('-')) {
    errors.push({ field: 'annualRevenue', message: 'must not be negative', code: 'range' });
  }
  prepareQualification(ctx);
  if (errors.length) throw new ValidationFailed(errors);
}

/**
 * A new lead meets open leads by e-mail, phone (phone or mobile) and company with name; contacts by e-mail, phone
 * and name with company; customers by company name. A converted lead is history: its person is a contact now.
 */
export const leadDuplicates: DuplicateSpec = {
  entity: leadEntity.name,
  keys: [
    { name: 'email', field: 'email', kind: 'text' },
    { name: 'phone', field: 'phone', kind: 'text' },
    { name: 'phone', field: 'mobile', kind: 'text' },
    { name: 'companyAndName', fields: ['companyName', 'title'], kind: 'pair' },
    { name: 'company', field: 'companyName', kind: 'text' },
  ],
  alsoOnly: ['company'],
  where: (alias) => sql`${sql.ref(`${alias}.status`)} <> 'converted'`,
  also: [
    {
      entity: contactEntity.name,
      keys: [
        { name: 'email', field: 'emails', kind: 'items', property: 'email' },
        { name: 'phone', field: 'phones', kind: 'items', property: 'phone' },
        { name: 'companyAndName', fields: ['companyName', 'fullName'], kind: 'pair' },
      ],
    },
    { entity: customerEntity.name, keys: [{ name: 'company', field: 'name', kind: 'text' }] },
  ],
};

export const leadMerge: MergeSpec = {
  entity: leadEntity.name,
  moveRows: [
    { table: 'lead_events', column: 'lead_id' },
    { table: 'web_form_submissions', column: 'lead_id' },
  ],
};

function rule(run: (ctx: Ctx) => Promise<void> | void): RecordHooks {
  return {
    async beforeWrite(ctx) {
      if (ctx.action === 'create' || ctx.action === 'update') await run(ctx);
    },
  };
}

export function registerLeadRules(records: Records, config: Config): void {
  const leads = records.registry.get(leadEntity.name);
  records.on(
    leadEntity.name,
    rule((ctx) => prepareLead(ctx, config)),
  );
  records.on(leadEntity.name, rule(applyUserStatus));
  // After the normalisation above, so duplicates are looked for with the values that will be stored.
  records.on(leadEntity.name, duplicateRules(records.registry, leadDuplicates));
  records.on(leadEntity.name, mergeUndoRules(records, leadMerge));
  // A merge moves the merged leads' customers and opportunities to the survivor, then patches it with carried-over
  // values: its status is derived again from what it has now, in that write.
  records.on(leadEntity.name, {
    async beforeWrite({ trx, action, before, columns, options }) {
      if (action !== 'update' || !options.carryOver || !before || 'status' in columns) return;
      const derived = (await derivedStatuses(trx, [before.id as string])).get(before.id as string);
      columns.status = derived ?? before.userStatus;
    },
  });
  // A customer made from a lead converts it; trashing that customer makes the lead "interested" again (spec 13).
  records.on(customerEntity.name, {
    async afterWrite({ trx, actor, action, before, after }) {
      if (action !== 'create' && action !== 'delete' && action !== 'restore') return;
      const customer = (after ?? before) as ApiRecord;
      const { rows } = await sql<{ id: string }>`SELECT id FROM leads
        WHERE customer_id = ${customer.id as string} OR id = ${(customer.leadId as string | null) ?? null}::uuid`.execute(
        trx,
      );
      const ids = rows.map((row) => row.id);
      if (action === 'delete' && ids.length) {
        await sql`UPDATE leads SET user_status = 'interested' WHERE id = ANY(${ids}::uuid[])`.execute(trx);
      }
      await refreshLeadStatus(trx, leads, actor, ids);
    },
  });
  if (records.registry.find('opportunity'))
    records.on('opportunity', {
      async afterWrite({ trx, actor, before, after }) {
        const ids = [before?.leadId, after?.leadId].filter((id): id is string => typeof id === 'string');
        await refreshLeadStatus(trx, leads, actor, ids);
      },
    });
}
