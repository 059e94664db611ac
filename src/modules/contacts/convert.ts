import { BadRequest, DomainError, RuleViolation, ValidationFailed } from '../../core/errors.js';
import { checkMultilinks } from '../../core/links.js';
import { type Actor, grantOf, ownerInScope } from '../../core/permissions.js';
import { lockRecord } from '../../core/record-reads.js';
import type { Records } from '../../core/records.js';
import { relinkAll } from '../../core/relink.js';
import { type ApiRecord, bodyToColumns, translateDbError } from '../../core/row.js';
import { validateWrite } from '../../core/validation.js';
import { customerEntity } from '../masters/entities.js';
import { isCurrencyCode } from '../masters/service.js';
import { prospectEntity } from './entities.js';

/** Errors about the new customer's fields name them under `customer/`, where the client sent them. */
function aboutCustomer(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  for (const fieldError of error.errors) {
    if (!fieldError.field.startsWith('customer/')) fieldError.field = `customer/${fieldError.field}`;
  }
  return error;
}

export interface Conversion {
  prospect: ApiRecord;
  customer: ApiRecord;
  /** Records whose links moved from the prospect to the customer. */
  relinked: number;
}

/** The customer a prospect becomes: its organisation data, account manager, primary contact and address. */
export function prepareCustomer(prospect: ApiRecord): ApiRecord {
  const currency = prospect.currency;
  const values: ApiRecord = {
    name: prospect.name,
    customerType: 'company',
    industryId: prospect.industryId,
    territoryId: prospect.territoryId,
    website: prospect.website,
    ownerId: prospect.ownerId,
    primaryContactId: prospect.primaryContactId,
    primaryAddressId: prospect.primaryAddressId,
    tagIds: prospect.tagIds,
    defaultCurrency: typeof currency === 'string' && isCurrencyCode(currency) ? currency : null,
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined));
}

/**
 * Converts a prospect into a customer in one transaction: the customer is created from the prospect (`customer`
 * overrides or adds customer fields), every link list that named the prospect — its contacts, its addresses, and
 * whatever later capabilities link the same way — names the customer instead (core/relink.ts), and the prospect
 * is marked converted with its customer. Typed links to the prospect stay: it remains as the history of the deal,
 * and its `customerId` leads on. A prospect converts once. Creating the customer runs its duplicate check.
 * The customer's owner is the prospect's, or the actor when that owner lies outside the actor's create scope.
 */
export async function convertProspect(
  records: Records,
  actor: Actor,
  id: string,
  overrides: unknown,
  options: { allowDuplicates?: boolean } = {},
): Promise<Conversion> {
  if (
    overrides !== undefined &&
    (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides))
  ) {
    throw new BadRequest('customer must be an object of customer fields.', [
      { field: 'customer', message: 'must be an object', code: 'type' },
    ]);
  }
  const prospects = records.registry.get(prospectEntity.name);
  const customers = records.registry.get(customerEntity.name);
  return records.transaction(prospects, async (trx) => {
    const prospect = await lockRecord(trx, actor, prospects, id);
    if (prospect.status === 'converted') {
      throw new RuleViolation(
        `This prospect was already converted into customer ${String(prospect.customerId)}.`,
      );
    }
    const carried = prepareCustomer(prospect);
    // A prospect shared with the actor may belong to someone outside their scope; the customer is then theirs,
    // unless the client names an owner (`customer.ownerId`, checked as on any create).
    const scope = grantOf(actor, customers, 'create');
    if (scope && !ownerInScope(actor, scope, (carried.ownerId as string | undefined) ?? null)) {
      carried.ownerId = actor.userId;
    }
    const body = { ...carried, ...(overrides as ApiRecord | undefined) };
    const errors = validateWrite(customers, 'create', body, 'customer');
    if (errors.length) throw new ValidationFailed(errors);
    const columns = await bodyToColumns(customers, body);
    const create = async () => {
      // What the prospect had is carried over (a trashed tag goes with it); what the client adds is checked.
      await checkMultilinks(trx, records.registry, customers, columns, carried);
      return records.createIn(trx, actor, customers, body, columns, {
        allowDuplicates: options.allowDuplicates === true,
        carryOver: true,
      });
    };
    const customer = await create().catch((error: unknown) => {
      throw aboutCustomer(translateDbError(customers, error, 'customer'));
    });
    const at = new Date();
    const ctx = { trx, registry: records.registry, actor, action: 'update' as const, at };
    const from = { entity: prospects.name, ids: [id] };
    const relinked = await relinkAll(ctx, from, { entity: customers.name, id: customer.id as string });
    const system = { status: 'converted', customer_id: customer.id, converted_at: at };
    const after = await records.patchIn(trx, actor, prospects, id, {}, {}, { system });
    return { prospect: after, customer, relinked: relinked.length };
  });
}
