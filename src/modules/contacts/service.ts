import { sql } from 'kysely';
import type { Config } from '../../config.js';
import { duplicateRules, type DuplicateSpec } from '../../core/duplicates.js';
import { type FieldError, RuleViolation, ValidationFailed } from '../../core/errors.js';
import { jsonValue } from '../../core/field-values.js';
import { type Link, checkLinks, readLinks } from '../../core/link-lists.js';
import type { MergeSpec } from '../../core/merge.js';
import { mergeUndoRules } from '../../core/merge-undo.js';
import type { RecordHooks, Records, WriteContext } from '../../core/records.js';
import type { ApiRecord, Row } from '../../core/row.js';
import type { Db } from '../../db/connect.js';
import { isCurrencyCode } from '../masters/service.js';
import { addressSummary, formatAddressLines, normaliseCountry } from './address-format.js';
import { needsCountry, normaliseEmails, normalisePhones, primaryOf } from './contact-points.js';
import { addressEntity, contactEntity, prospectEntity } from './entities.js';

/** Business rules of contacts, addresses and prospects, run inside each write's transaction. */

type Ctx = WriteContext & { columns: Row };

/** A field's value after the write: the written column, else the stored value. */
function valueAfter(ctx: Ctx, column: string, field: string): unknown {
  return column in ctx.columns ? ctx.columns[column] : (ctx.before?.[field] ?? null);
}

const isWrite = (ctx: Ctx) => ctx.action === 'create' || ctx.action === 'update';

/** Checks added links and stores them normalised; errors are collected with the record's others. */
async function prepareLinks(ctx: Ctx, records: Records, errors: FieldError[]): Promise<Link[]> {
  const before = readLinks(ctx.before?.links);
  if (!('links' in ctx.columns)) return before;
  const links = readLinks(ctx.columns.links);
  const field = ctx.entity.fields.links;
  if (!field) throw new Error(`${ctx.entity.name} has no links`);
  const context = {
    entity: ctx.entity,
    field,
    selfId: (ctx.before?.id ?? ctx.columns.id) as string | undefined,
    carryOver: ctx.options.carryOver === true,
  };
  try {
    await checkLinks(ctx.trx, records.registry, ctx.actor, context, links, before);
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    errors.push(...error.errors);
  }
  ctx.columns.links = JSON.stringify(links);
  return links;
}

/**
 * The country a phone number without +country code is read in: that of an address linked to the contact, else of
 * an address of a customer or prospect the contact is linked to, else the installation's default.
 */
async function countryFor(trx: Db, config: Config, selfId: string | undefined, links: Link[]) {
  const probes = [
    ...(selfId ? [{ entity: 'contact', id: selfId }] : []),
    ...links.filter((l) => l.entity === 'customer' || l.entity === 'prospect'),
  ].map((l) => JSON.stringify([{ entity: l.entity, id: l.id }]));
  if (probes.length) {
    const own = probes[0] as string;
    const { rows } = await sql<{ country: string }>`SELECT country FROM addresses
      WHERE deleted_at IS NULL AND (${sql.join(
        probes.map((p) => sql`links @> ${p}::jsonb`),
        sql` OR `,
      )})
      ORDER BY (links @> ${own}::jsonb) DESC, created_at LIMIT 1`.execute(trx);
    if (rows[0]) return rows[0].country;
  }
  return config.defaultCountry;
}

const NAME_PARTS = [
  ['first_name', 'firstName'],
  ['middle_name', 'middleName'],
  ['last_name', 'lastName'],
] as const;

/** Names, e-mail addresses, phone numbers and links of a contact, normalised, with the derived columns. */
export async function prepareContact(ctx: Ctx, records: Records, config: Config): Promise<void> {
  const { columns } = ctx;
  const errors: FieldError[] = [];
  if (ctx.action === 'create' || NAME_PARTS.some(([column]) => column in columns)) {
    const [first, middle, last] = NAME_PARTS.map(([column, field]) => valueAfter(ctx, column, field));
    if (!first && !last) {
      errors.push({ field: 'lastName', message: 'a contact needs a first or a last name', code: 'required' });
    }
    columns.full_name = [first, middle, last].filter((part) => typeof part === 'string' && part).join(' ');
  }
  const links = await prepareLinks(ctx, records, errors);
  if ('emails' in columns) {
    const emails = normaliseEmails(jsonValue(columns.emails));
    errors.push(...emails.errors);
    columns.emails = JSON.stringify(emails.items);
    columns.primary_email = primaryOf(emails.items)?.email ?? null;
  }
  if ('phones' in columns) {
    const raw = jsonValue(columns.phones);
    const selfId = ctx.before?.id as string | undefined;
    const country = needsCountry(raw) ? await countryFor(ctx.trx, config, selfId, links) : undefined;
    const phones = normalisePhones(raw, country);
    errors.push(...phones.errors);
    columns.phones = JSON.stringify(phones.items);
    columns.primary_phone = primaryOf(phones.items)?.phone ?? null;
  }
  if (errors.length) throw new ValidationFailed(errors);
}

/** Country in capitals and known; postal code tidied; the formatted lines and the summary derived again. */
export async function prepareAddress(ctx: Ctx, records: Records): Promise<void> {
  const { columns } = ctx;
  const errors: FieldError[] = [];
  normaliseCountry(columns, errors);
  if (typeof columns.postal_code === 'string') {
    columns.postal_code = columns.postal_code.replace(/\s+/g, ' ').toUpperCase() || null;
  }
  await prepareLinks(ctx, records, errors);
  if (errors.length) throw new ValidationFailed(errors);
  const parts = ['line1', 'line2', 'city', 'postal_code', 'state', 'country'];
  if (ctx.action !== 'create' && !parts.some((c) => c in columns)) return;
  const value = (column: string, field = column) => valueAfter(ctx, column, field) as string | null;
  const country = value('country') as string;
  const lines = formatAddressLines({
    line1: value('line1') ?? '',
    line2: value('line2'),
    city: value('city'),
    postalCode: value('postal_code', 'postalCode'),
    state: value('state'),
    country,
  });
  columns.formatted_lines = JSON.stringify(lines);
  columns.summary = addressSummary(lines, country);
}

/** A converted prospect is history: its customer is where work goes on. The revenue is real money. */
export function checkProspect(ctx: Ctx): void {
  if (ctx.action === 'update' && ctx.before?.status === 'converted') {
    throw new RuleViolation(
      `This prospect became customer ${String(ctx.before.customerId)}; change the customer instead.`,
    );
  }
  const errors: FieldError[] = [];
  const currency = ctx.columns.currency;
  if (typeof currency === 'string' && !isCurrencyCode(currency)) {
    errors.push({
      field: 'currency',
      message: 'is not an ISO 4217 currency code such as EUR',
      code: 'currency',
    });
  }
  const revenue = ctx.columns.annual_revenue;
  if (typeof revenue === 'string' && revenue.startsWith('-')) {
    errors.push({ field: 'annualRevenue', message: 'must not be negative', code: 'range' });
  }
  if (errors.length) throw new ValidationFailed(errors);
}

export const contactDuplicates: DuplicateSpec = {
  entity: contactEntity.name,
  keys: [
    { name: 'email', field: 'emails', kind: 'items', property: 'email' },
    { name: 'phone', field: 'phones', kind: 'items', property: 'phone' },
    { name: 'name', field: 'fullName', kind: 'text' },
  ],
};

/** E-mail addresses and phone numbers are the same item whatever their flags (primary, kind). */
export const contactMerge: MergeSpec = {
  entity: contactEntity.name,
  itemKey(field, item) {
    const value = item as ApiRecord;
    if (field.name === 'emails') return String(value.email);
    if (field.name === 'phones') return `${String(value.phone)};${String(value.extension ?? '')}`;
    return JSON.stringify(item);
  },
};

function rule(run: (ctx: Ctx) => Promise<void> | void): RecordHooks {
  return {
    async beforeWrite(ctx) {
      if (isWrite(ctx)) await run(ctx);
    },
  };
}

export function registerContactRules(records: Records, config: Config): void {
  records.on(
    contactEntity.name,
    rule((ctx) => prepareContact(ctx, records, config)),
  );
  // After the normalisation above, so duplicates are looked for with the values that will be stored.
  records.on(contactEntity.name, duplicateRules(records.registry, contactDuplicates));
  records.on(contactEntity.name, mergeUndoRules(records, contactMerge));
  records.on(
    addressEntity.name,
    rule((ctx) => prepareAddress(ctx, records)),
  );
  records.on(prospectEntity.name, rule(checkProspect));
}
