import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { type Candidate, DuplicatesFound } from '../../../core/duplicates.js';
import type { EntityDef } from '../../../core/entity.js';
import { type FieldError, ValidationFailed } from '../../../core/errors.js';
import { type Actor, SYSTEM_ACTOR } from '../../../core/permissions.js';
import type { Records } from '../../../core/records.js';
import { type ApiRecord, bodyToColumns } from '../../../core/row.js';
import { assertValidWrite } from '../../../core/validation.js';
import { findActiveBySlug } from '../../../http/public-pages.js';
import type { Db } from '../../../db/connect.js';
import { leadEntity } from '../entities.js';
import { recordLeadEvent } from '../scoring/events.js';
import { webFormEntity } from './entities.js';
import type { FormField } from './rules.js';

/** A live, active web form as the public endpoint uses it. */
export interface WebForm {
  id: string;
  slug: string;
  language: 'en' | 'de';
  fields: FormField[];
  honeypotField: string;
  thankYouEn: string | null;
  thankYouDe: string | null;
  redirectUrl: string | null;
  allowedOrigins: string[];
  sourceId: string | null;
  campaignId: string | null;
}

/** What the visitor's browser sent besides the fields: where the page was and who asked. */
export interface SubmissionContext {
  ipHash: string;
  userAgent: string | undefined;
  /** The Referer header: the page when the snippet's script could not say (a post without JavaScript). */
  referer: string | undefined;
}

export type Outcome =
  { kind: 'created'; leadId: string } | { kind: 'attached'; leadId: string } | { kind: 'discarded' };

/**
 * Who a public submission acts as. A visitor is no user, and naming the form's author would be wrong (that user
 * may leave): the lead is created by the system, so `createdBy` is empty and the audit shows no person. The
 * broad grant of the system actor never reaches the visitor: this module only ever creates a lead from the form's
 * own fields, attaches submissions to leads, and lets the lead's rules (duplicates, assignment, scoring) run.
 */
export const WEB_FORM_ACTOR: Actor = { ...SYSTEM_ACTOR, email: 'web-form', fullName: 'Web form' };

const FALLBACK_THANKS = { en: 'Thank you!', de: 'Vielen Dank!' };

export function thankYouText(form: WebForm): string {
  const text = form.language === 'de' ? form.thankYouDe : form.thankYouEn;
  return text?.trim() ? text : FALLBACK_THANKS[form.language];
}

export async function findActiveForm(records: Records, slug: string): Promise<WebForm | null> {
  const found = await findActiveBySlug(records, webFormEntity, slug);
  if (!found) return null;
  const form = found as unknown as Omit<WebForm, 'allowedOrigins'> & {
    allowedOrigins: Array<{ origin: string }>;
  };
  return { ...form, allowedOrigins: form.allowedOrigins.map((item) => item.origin) };
}

const clip = (value: unknown, length: number): string | null =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, length) : null;

const webAddress = (value: unknown): string | null => {
  const text = clip(value, 2048);
  return text && /^https?:\/\//i.test(text) ? text : null;
};

/** A value as the lead field takes it: form posts send text only, so whole numbers are read from it. */
function leadValue(field: EntityDef['fields'][string], value: unknown): unknown {
  if (field.type === 'integer' && typeof value === 'string' && /^-?\d{1,10}$/.test(value))
    return Number(value);
  if (field.type !== 'integer' && typeof value !== 'string') return String(value);
  return value;
}

/**
 * The lead fields of the form from the body, by the form's field names: required ones missing answer 422 at
 * their name. Anything else in the body is ignored — pages embed forms in their own markup, which may add inputs
 * of its own — and not stored.
 */
export function readFields(lead: EntityDef, form: WebForm, body: Record<string, unknown>): ApiRecord {
  const values: ApiRecord = {};
  const errors: FieldError[] = [];
  for (const item of form.fields) {
    const raw = body[item.name];
    const value = typeof raw === 'string' ? raw.trim() : raw;
    const field = lead.fields[item.name];
    if (value === undefined || value === null || value === '') {
      if (item.required) errors.push({ field: item.name, message: 'is required', code: 'required' });
      continue;
    }
    if (field) values[item.name] = leadValue(field, value);
  }
  if (errors.length) throw new ValidationFailed(errors, 'Some required fields are empty.');
  return values;
}

/** The campaign whose UTM campaign the page's link names (compared folded), for forms without a campaign. */
async function campaignOfUtm(db: Db, utmCampaign: string | null): Promise<string | null> {
  if (!utmCampaign) return null;
  const { rows } = await sql<{ id: string }>`SELECT id FROM campaigns
    WHERE deleted_at IS NULL AND crm_fold(utm_campaign) = crm_fold(${utmCampaign}) ORDER BY id LIMIT 1`.execute(
    db,
  );
  return rows[0]?.id ?? null;
}

/** The lead the submission belongs to among duplicate candidates: one sharing the e-mail first, else the oldest. */
function existingLead(candidates: Candidate[]): string | undefined {
  const leads = candidates.filter((candidate) => candidate.entity === undefined);
  return (leads.find((candidate) => candidate.matches.includes('email')) ?? leads[0])?.id;
}

/**
 * Turns a submission into a lead: filed under the form's source and campaign (else the campaign its UTM campaign
 * names), with the page's UTM parameters, the lead owner left to the assignment rules. The lead, the submission
 * row and the `form_submitted` event commit together. When the person is a lead already (the duplicate rule finds
 * an open lead), the submission is attached to that lead instead, leaving its fields as they are; when they only
 * resemble a contact or customer, the lead is created anyway: a new enquiry is worth a lead, and the duplicate
 * rule's candidates are there for sales to merge.
 */
export async function submitWebForm(
  records: Records,
  form: WebForm,
  body: Record<string, unknown>,
  context: SubmissionContext,
): Promise<Outcome> {
  const lead = records.current(leadEntity);
  const values = readFields(lead, form, body);
  const utm = {
    utmSource: clip(body.utm_source, 200),
    utmMedium: clip(body.utm_medium, 200),
    utmCampaign: clip(body.utm_campaign, 200),
  };
  const campaignId = form.campaignId ?? (await campaignOfUtm(records.db, utm.utmCampaign));
  const leadBody: ApiRecord = { ...values, ...utm, sourceId: form.sourceId, campaignId };
  for (const key of Object.keys(leadBody)) if (leadBody[key] === null) delete leadBody[key];
  assertValidWrite(lead, 'create', leadBody);
  const columns = await bodyToColumns(lead, leadBody);
  const row = {
    form_id: form.id,
    data: JSON.stringify(values),
    utm_source: utm.utmSource,
    utm_medium: utm.utmMedium,
    utm_campaign: utm.utmCampaign,
    page_url: webAddress(body.page_url) ?? webAddress(context.referer),
    referrer: webAddress(body.referrer),
    ip_hash: context.ipHash,
    user_agent: clip(context.userAgent, 500),
  };
  const record = async (trx: Db, leadId: string, duplicate: boolean) => {
    // The event first: it locks the lead FOR UPDATE. The submission's foreign key takes a share lock on the lead,
    // and two submissions each holding that while waiting to upgrade it deadlocked.
    await recordLeadEvent(
      trx,
      records,
      WEB_FORM_ACTOR,
      leadId,
      'form_submitted',
      undefined,
      `webForm:${form.id}`,
    );
    await trx
      .insertInto('web_form_submissions')
      .values({ ...row, id: uuidv7(), lead_id: leadId, duplicate })
      .execute();
  };
  const create = (allowDuplicates: boolean) =>
    records.transaction(lead, async (trx): Promise<Outcome> => {
      const created = await records.createIn(trx, WEB_FORM_ACTOR, lead, leadBody, columns, {
        allowDuplicates,
      });
      await record(trx, created.id as string, false);
      return { kind: 'created', leadId: created.id as string };
    });
  try {
    return await create(false);
  } catch (error) {
    if (!(error instanceof DuplicatesFound)) throw error;
    const leadId = existingLead(error.candidates);
    if (!leadId) return create(true);
    return records.transaction(lead, async (trx): Promise<Outcome> => {
      await record(trx, leadId, true);
      return { kind: 'attached', leadId };
    });
  }
}

/**
 * Bots fill in every input they find; people never see the honeypot. Such a submission is answered like any
 * other and thrown away: an error would tell the bot's author what to change.
 */
export function honeypotFilled(form: WebForm, body: Record<string, unknown>): boolean {
  const value = body[form.honeypotField];
  return value !== undefined && value !== null && String(value).trim() !== '';
}
