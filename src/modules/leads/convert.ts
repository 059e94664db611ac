import type { Candidate } from '../../core/duplicates.js';
import { findDuplicates, freshValues } from '../../core/duplicates.js';
import type { EntityDef } from '../../core/entity.js';
import { DomainError, RuleViolation, ValidationFailed } from '../../core/errors.js';
import { type Actor, grantOf, ownerInScope } from '../../core/permissions.js';
import { fetchRow, lockRecord } from '../../core/record-reads.js';
import type { Records, WriteOptions } from '../../core/records.js';
import { type ApiRecord, bodyToColumns, rowToRecord, translateDbError } from '../../core/row.js';
import { validateWrite } from '../../core/validation.js';
import type { Db } from '../../db/connect.js';
import { leadEntity } from './entities.js';
import { leadDuplicates } from './service.js';
import { refreshLeadStatus } from './status.js';

/**
 * Lead conversion (spec action 2): in one transaction, an opportunity and/or a customer — new, or one that exists
 * (a duplicate candidate the user picked) — with a contact and an address made from the lead's data. The lead
 * stays, with its links and history; its customer and conversion time are recorded and its status derived again.
 */

export interface ConversionInput {
  /** `{ create: {…overrides} }` makes a customer; `{ id }` takes an existing one; absent: no customer. */
  customer?: { create?: ApiRecord; id?: string };
  /** `{ id }` takes an existing contact for the customer; absent: one is made from the lead's person. */
  contact?: { id?: string };
  /** Opportunity fields over those taken from the lead; absent: no opportunity. */
  opportunity?: ApiRecord;
}

export interface ConversionPlan {
  customer: ApiRecord;
  contact: ApiRecord | null;
  address: ApiRecord | null;
  opportunity: ApiRecord;
}

const compact = (values: ApiRecord): ApiRecord =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined && v !== ''));

/** What the lead's data becomes: the proposal the dialog shows and the defaults of the conversion. */
export function conversionPlan(lead: ApiRecord): ConversionPlan {
  const person = Boolean(lead.firstName || lead.lastName);
  const phones = [
    lead.phone ? { phone: lead.phone, kind: 'work' } : null,
    lead.mobile ? { phone: lead.mobile, kind: 'mobile' } : null,
  ].filter(Boolean);
  return {
    customer: compact({
      name: lead.companyName || lead.title,
      customerType: lead.companyName ? 'company' : 'individual',
      industryId: lead.industryId,
      territoryId: lead.territoryId,
      website: lead.website,
      ownerId: lead.ownerId,
      tagIds: lead.tagIds,
    }),
    contact: person
      ? compact({
          salutation: lead.salutation,
          firstName: lead.firstName,
          lastName: lead.lastName,
          jobTitle: lead.jobTitle,
          companyName: lead.companyName,
          emails: lead.email ? [{ email: lead.email }] : [],
          phones,
          ownerId: lead.ownerId,
        })
      : null,
    address:
      lead.addressLine1 && lead.country
        ? compact({
            addressType: 'billing',
            line1: lead.addressLine1,
            line2: lead.addressLine2,
            postalCode: lead.postalCode,
            city: lead.city,
            state: lead.state,
            country: lead.country,
            ownerId: lead.ownerId,
          })
        : null,
    opportunity: compact({
      title: lead.companyName || lead.title,
      leadId: lead.id,
      sourceId: lead.sourceId,
      campaignId: lead.campaignId,
      ownerId: lead.ownerId,
    }),
  };
}

/** Errors about a part of the conversion name the part: `customer/name`, `opportunity/amount`. */
function about(part: string, entity: EntityDef, error: unknown): unknown {
  const translated = translateDbError(entity, error, part);
  if (!(translated instanceof DomainError)) return translated;
  for (const fieldError of translated.errors) {
    if (!fieldError.field.startsWith(`${part}/`)) fieldError.field = `${part}/${fieldError.field}`;
  }
  return translated;
}

interface Step {
  trx: Db;
  records: Records;
  actor: Actor;
  options: WriteOptions;
}

/**
 * Creates one record of the conversion. What comes from the lead is carried over (its owner may lie outside the
 * actor's scope: the record is then the actor's); what the client adds is validated as on any create.
 */
async function make(step: Step, part: string, name: string, carried: ApiRecord, overrides: ApiRecord = {}) {
  const entity = step.records.registry.get(name);
  const scope = grantOf(step.actor, entity, 'create');
  if (scope && !ownerInScope(step.actor, scope, (carried.ownerId as string | undefined) ?? null)) {
    carried = { ...carried, ownerId: step.actor.userId };
  }
  const body = { ...carried, ...overrides };
  const errors = validateWrite(entity, 'create', body, part);
  if (errors.length) throw new ValidationFailed(errors);
  try {
    const columns = await bodyToColumns(entity, body);
    return await step.records.createIn(step.trx, step.actor, entity, body, columns, {
      ...step.options,
      carryOver: true,
    });
  } catch (error) {
    throw about(part, entity, error);
  }
}

const isObject = (value: unknown): value is ApiRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The shape of the request; the records' own fields are checked when each is made. */
function checkInput(input: unknown): ConversionInput {
  const errors = [];
  if (!isObject(input))
    throw new ValidationFailed([{ field: '(body)', message: 'must be a JSON object', code: 'type' }]);
  for (const key of Object.keys(input)) {
    if (!['customer', 'contact', 'opportunity'].includes(key)) {
      errors.push({ field: key, message: 'is not a part of a conversion', code: 'additionalProperties' });
    } else if (!isObject(input[key])) {
      errors.push({ field: key, message: 'must be an object', code: 'type' });
    }
  }
  const customer = input.customer as ApiRecord | undefined;
  if (customer && isObject(customer) && (customer.id === undefined) === (customer.create === undefined)) {
    errors.push({
      field: 'customer',
      message: 'needs either id (an existing customer) or create',
      code: 'required',
    });
  }
  if (!input.customer && !input.opportunity) {
    errors.push({
      field: 'opportunity',
      message: 'a conversion makes an opportunity, a customer or both',
      code: 'required',
    });
  }
  if (errors.length) throw new ValidationFailed(errors);
  return input as ConversionInput;
}

export interface Conversion {
  lead: ApiRecord;
  customer: ApiRecord | null;
  contact: ApiRecord | null;
  address: ApiRecord | null;
  opportunity: ApiRecord | null;
}

/** A record the client picked instead of a new one: it must exist and be readable. */
async function existing(step: Step, name: string, id: string): Promise<ApiRecord> {
  const entity = step.records.registry.get(name);
  const row = await fetchRow(step.trx, step.actor, entity, id, 'read').catch(() => {
    throw new ValidationFailed([{ field: `${name}/id`, message: `is no ${name} you may see`, code: 'link' }]);
  });
  return rowToRecord(entity, row);
}

export async function convertLead(
  records: Records,
  actor: Actor,
  id: string,
  rawInput: unknown,
  options: WriteOptions = {},
): Promise<Conversion> {
  const input = checkInput(rawInput);
  const leads = records.registry.get(leadEntity.name);
  return records.transaction(leads, (trx) => convertLeadIn(trx, records, actor, id, input, options));
}

/** The conversion inside an open transaction: a sales order for a lead converts it in its own (src/modules/sales). */
export async function convertLeadIn(
  trx: Db,
  records: Records,
  actor: Actor,
  id: string,
  input: ConversionInput,
  options: WriteOptions = {},
): Promise<Conversion> {
  const leads = records.registry.get(leadEntity.name);
  const lead = await lockRecord(trx, actor, leads, id);
  if (lead.status === 'converted') {
    throw new RuleViolation(`This lead was already converted into customer ${String(lead.customerId)}.`);
  }
  const plan = conversionPlan(lead);
  const step = { trx, records, actor, options };
  let customer: ApiRecord | null = null;
  let contact: ApiRecord | null = null;
  let address: ApiRecord | null = null;
  if (input.customer?.id) {
    customer = await existing(step, 'customer', input.customer.id);
  } else if (input.customer) {
    customer = await make(step, 'customer', 'customer', plan.customer, input.customer.create);
  }
  if (customer) {
    const link = [{ entity: 'customer', id: customer.id }];
    if (input.contact?.id) {
      contact = await existing(step, 'contact', input.contact.id);
    } else if (plan.contact) {
      contact = await make(step, 'contact', 'contact', { ...plan.contact, links: link });
    }
    if (plan.address) address = await make(step, 'address', 'address', { ...plan.address, links: link });
  }
  if (customer && input.customer?.create) {
    // A customer made here comes from the lead (spec: "converted"); one that existed keeps its own history.
    const primary = compact({ primaryContactId: contact?.id, primaryAddressId: address?.id });
    const customers = records.registry.get('customer');
    const columns = await bodyToColumns(customers, primary);
    customer = await records.patchIn(trx, actor, customers, customer.id as string, primary, columns, {
      system: { lead_id: id },
      carryOver: true,
    });
  }
  const opportunity = input.opportunity
    ? await make(
        step,
        'opportunity',
        'opportunity',
        compact({ ...plan.opportunity, customerId: customer?.id, contactId: contact?.id }),
        input.opportunity,
      )
    : null;
  const at = new Date();
  const system = {
    ...(customer ? { customer_id: customer.id, converted_at: at } : {}),
    ...(lead.qualificationStatus === 'qualified'
      ? {}
      : {
          qualification_status: 'qualified',
          qualified_by: actor.userId,
          qualified_on: at.toISOString().slice(0, 10),
        }),
  };
  await records.patchIn(trx, actor, leads, id, {}, {}, { system, carryOver: true });
  await refreshLeadStatus(trx, leads, actor, [id]);
  const after = rowToRecord(leads, await fetchRow(trx, actor, leads, id, 'read'));
  return { lead: after, customer, contact, address, opportunity };
}

export interface ConversionPreview extends ConversionPlan {
  /** Records the lead resembles: customers and contacts to pick instead of new ones, leads to merge first. */
  candidates: Candidate[];
}

export async function previewConversion(
  records: Records,
  actor: Actor,
  id: string,
): Promise<ConversionPreview> {
  const leads = records.registry.get(leadEntity.name);
  const lead = await records.get(actor, leads, id);
  const values = freshValues(leadDuplicates, lead, null);
  const found = await findDuplicates(records.db, actor, records.registry, leadDuplicates, values, id);
  return { ...conversionPlan(lead), candidates: found.candidates };
}
