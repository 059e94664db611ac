import { sql } from 'kysely';
import { type FieldError, RuleViolation, ValidationFailed } from '../../core/errors.js';
import type { Records, WriteContext } from '../../core/records.js';
import type { Row } from '../../core/row.js';
import { isCurrencyCode } from '../masters/service.js';
import { companySettingsEntity, itemEntity, taxTemplateEntity } from './entities.js';

/**
 * Rules of the sales masters: an item has at most one price per currency, in real currencies; one tax template is
 * the default at a time (making another the default takes the mark from the old one, through the engine, so it
 * is versioned and audited); the company settings are one record, never made a second time nor trashed.
 */

type Ctx = WriteContext & { columns: Row };
const isWrite = (ctx: Ctx) => ctx.action === 'create' || ctx.action === 'update';

function checkPrices(ctx: Ctx): void {
  if (typeof ctx.columns.prices !== 'string') return;
  const prices = JSON.parse(ctx.columns.prices) as Array<{ currency: string }>;
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  prices.forEach(({ currency }, i) => {
    const at = `prices/${i}/currency`;
    if (!isCurrencyCode(currency))
      errors.push({ field: at, message: 'is not an ISO 4217 currency code', code: 'currency' });
    else if (seen.has(currency))
      errors.push({ field: at, message: `${currency} has a price already`, code: 'unique' });
    seen.add(currency);
  });
  if (errors.length) throw new ValidationFailed(errors);
}

/** Any constant: writers of the default mark take turns, so two of them cannot both keep an old default. */
const DEFAULT_LOCK = 'crm.tax-templates.default';

async function moveDefaultMark(ctx: Ctx, records: Records): Promise<void> {
  if (ctx.columns.is_default !== true || ctx.before?.isDefault === true) return;
  await sql`SELECT pg_advisory_xact_lock(hashtext(${DEFAULT_LOCK}))`.execute(ctx.trx);
  const { rows } = await sql<{ id: string }>`SELECT id FROM tax_templates
    WHERE is_default AND deleted_at IS NULL AND id IS DISTINCT FROM ${ctx.before?.id ?? null}::uuid`.execute(
    ctx.trx,
  );
  for (const { id } of rows) {
    await records.patchIn(
      ctx.trx,
      ctx.actor,
      taxTemplateEntity,
      id,
      {},
      {},
      { system: { is_default: false } },
    );
  }
}

function checkCompanySettings(ctx: Ctx): void {
  if (ctx.action === 'create') {
    throw new RuleViolation('There is one company settings record; change it instead of making another.');
  }
  if (ctx.action === 'delete') {
    throw new RuleViolation('The company settings cannot go to the trash; change them instead.');
  }
  const currency = ctx.columns.default_currency;
  if (typeof currency === 'string' && !isCurrencyCode(currency)) {
    throw new ValidationFailed([
      { field: 'defaultCurrency', message: 'is not an ISO 4217 currency code such as EUR', code: 'currency' },
    ]);
  }
}

export function registerItemRules(records: Records): void {
  records.on(itemEntity.name, { beforeWrite: (ctx) => (isWrite(ctx) ? checkPrices(ctx) : undefined) });
  records.on(taxTemplateEntity.name, {
    beforeWrite: (ctx) => (isWrite(ctx) ? moveDefaultMark(ctx, records) : undefined),
  });
  records.on(companySettingsEntity.name, { beforeWrite: checkCompanySettings });
}
