import { sql } from 'kysely';
import { type FieldError, ValidationFailed } from '../../../core/errors.js';
import { jsonValue } from '../../../core/field-values.js';
import type { RecordHooks, WriteContext } from '../../../core/records.js';
import type { Row } from '../../../core/row.js';
import { leadEntity } from '../entities.js';
import { normaliseOrigin } from '../../../http/origins.js';
import { NAME_FIELDS, RESERVED_NAMES, WEBSITE_SOURCE_ID } from './entities.js';

/** Rules of web form records, run in each write's transaction: what the JSON schema alone cannot say. */

type Ctx = WriteContext & { columns: Row };

export interface FormField {
  name: string;
  labelEn?: string;
  labelDe?: string;
  required?: boolean;
  type?: string;
}

/** The value a write leaves in a column: the written one (json as text), else what was stored. */
function valueAfter(ctx: Ctx, column: string, field: string): unknown {
  if (column in ctx.columns) return ctx.columns[column];
  return ctx.before?.[field] ?? null;
}

function checkFields(fields: FormField[], errors: FieldError[]) {
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    if (seen.has(field.name)) {
      errors.push({ field: `fields/${index}/name`, message: 'is on the form twice', code: 'duplicate' });
    }
    seen.add(field.name);
  });
  if (!fields.some((field) => NAME_FIELDS.includes(field.name))) {
    errors.push({
      field: 'fields',
      message: `needs one of ${NAME_FIELDS.join(', ')}: a lead needs a name or a company`,
      code: 'required',
    });
  }
}

function checkHoneypot(honeypot: string, fields: FormField[], errors: FieldError[]) {
  const taken = RESERVED_NAMES.includes(honeypot) || honeypot in leadEntity.fields;
  if (taken || fields.some((field) => field.name === honeypot)) {
    errors.push({
      field: 'honeypotField',
      message:
        'must differ from the lead fields and from utm_source, utm_medium, utm_campaign, page_url, referrer',
      code: 'invalid',
    });
  }
}

/** Origins in the one spelling requests are compared with; each once. */
function prepareOrigins(ctx: Ctx, errors: FieldError[]) {
  if (!('allowed_origins' in ctx.columns)) return;
  const items = (jsonValue(ctx.columns.allowed_origins) ?? []) as Array<{ origin: string }>;
  const origins: string[] = [];
  items.forEach((item, index) => {
    const origin = normaliseOrigin(item.origin);
    if (!origin) {
      errors.push({
        field: `allowedOrigins/${index}/origin`,
        message: 'must be an origin such as https://www.example.com (http or https, no path)',
        code: 'format',
      });
    } else if (!origins.includes(origin)) origins.push(origin);
  });
  ctx.columns.allowed_origins = JSON.stringify(origins.map((origin) => ({ origin })));
}

function checkRedirect(ctx: Ctx, errors: FieldError[]) {
  const url = ctx.columns.redirect_url;
  // The snippet sends the browser there: a javascript: or data: address would run on the customer's page.
  if (typeof url === 'string' && !/^https?:\/\//i.test(url)) {
    errors.push({ field: 'redirectUrl', message: 'must be an http or https address', code: 'format' });
  }
}

/** A new form files its leads under "Website" unless it names a source (or that source is gone). */
async function prepareSource(ctx: Ctx) {
  if (ctx.action !== 'create' || ctx.body.sourceId !== undefined) return;
  const { rows } = await sql<{ id: string }>`SELECT id FROM lead_sources
    WHERE id = ${WEBSITE_SOURCE_ID} AND deleted_at IS NULL`.execute(ctx.trx);
  if (rows.length) ctx.columns.source_id = WEBSITE_SOURCE_ID;
}

export async function prepareWebForm(ctx: Ctx): Promise<void> {
  const errors: FieldError[] = [];
  const fields = (jsonValue(valueAfter(ctx, 'fields', 'fields')) ?? []) as FormField[];
  if ('fields' in ctx.columns) checkFields(fields, errors);
  if ('fields' in ctx.columns || 'honeypot_field' in ctx.columns) {
    checkHoneypot(String(valueAfter(ctx, 'honeypot_field', 'honeypotField')), fields, errors);
  }
  prepareOrigins(ctx, errors);
  checkRedirect(ctx, errors);
  if (errors.length) throw new ValidationFailed(errors);
  await prepareSource(ctx);
}

export const webFormRules: RecordHooks = {
  async beforeWrite(ctx) {
    if (ctx.action === 'create' || ctx.action === 'update') await prepareWebForm(ctx);
  },
};
