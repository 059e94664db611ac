import { sql } from 'kysely';
import { BadRequest, DomainError, RuleViolation, ValidationFailed } from '../../core/errors.js';
import type { Actor } from '../../core/permissions.js';
import { fetchRow } from '../../core/record-reads.js';
import type { Records } from '../../core/records.js';
import { relinkAll } from '../../core/relink.js';
import { type ApiRecord, bodyToColumns, rowToRecord, translateDbError } from '../../core/row.js';
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
    await sql`SELECT id FROM ${sql.table(prospects.table)} WHERE id = ${id} FOR UPDATE`.execute(trx);
    const prospect = rowToRecord(prospects, await fetchRow(trx, actor, prospects, id, 'update'));
    if (prospect.status === 'converted') {
      throw new RuleViolation(
        `This prospect was already converted into customer ${String(prospect.customerId)}.`,
      );
    }
    const body = { ...prepareCustomer(prospect), ...(overrides as ApiRecord | undefined) };
    const errors = validateWrite(customers, 'create', body, 'customer');
    if (errors.length) throw new ValidationFailed(errors);
    const columns = await bodyToColumns(customers, body);
    const customer = await records
      .createIn(trx, actor, customers, body, columns, { allowDuplicates: options.allowDuplicates === true })
      .catch((error: unknown) => {
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
