import { randomInt } from 'node:crypto';
import type pg from 'pg';
import { SEED_LAST_NAMES } from './contacts-seed.js';

/**
 * Bodies for POST /api/v1/leads: fresh leads, which pass the duplicate check and are created (201), and leads that
 * share one key with a seeded record, which the check refuses (409). Every request is a new body, so the check
 * probes a new value each time, as people typing leads in do.
 */

const FIRST_NAMES = ['Anna', 'Ben', 'Clara', 'David', 'Emil', 'Frieda', 'Jonas', 'Lena', 'Moritz', 'Sophie'];
const ASCII = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]/g, '');

let serial = 0;

/**
 * A lead no record resembles: its e-mail, phone, mobile and company are made from a serial number in ranges the seed
 * never uses (the seed's phones are +49…2000000x and mobiles +49…1000000x; these are +4940 5… and +49170 5…).
 */
export function freshLead(sourceIds: string[]): Record<string, unknown> {
  const n = ++serial;
  const firstName = FIRST_NAMES[n % FIRST_NAMES.length] as string;
  const lastName = SEED_LAST_NAMES[randomInt(SEED_LAST_NAMES.length)] as string;
  return {
    salutation: 'ms',
    firstName,
    lastName,
    companyName: `Neukunde ${n} GmbH`,
    jobTitle: 'Head of Purchasing',
    email: `${ASCII(firstName)}.${ASCII(lastName)}.${n}@neukunde-${n}.example.org`,
    phone: `+4940${50_000_000 + n}`,
    mobile: `+49170${50_000_000 + n}`,
    city: 'Hamburg',
    country: 'DE',
    status: 'open',
    sourceId: sourceIds[n % sourceIds.length],
  };
}

/** Values of seeded records a new lead may repeat; drawn at random, so the probes do not meet in the cache alone. */
export interface DuplicateSample {
  leads: Array<{ email: string; phone: string; company: string; first: string; last: string }>;
  contactEmails: string[];
}

export async function sampleDuplicates(pool: pg.Pool, size = 2000): Promise<DuplicateSample> {
  const leads = await pool.query<DuplicateSample['leads'][number]>(
    `SELECT email, phone, company_name AS company, first_name AS first, last_name AS last FROM leads
     WHERE deleted_at IS NULL AND status <> 'converted' AND email IS NOT NULL AND phone IS NOT NULL
       AND company_name IS NOT NULL AND first_name IS NOT NULL
     ORDER BY random() LIMIT $1`,
    [size],
  );
  const contacts = await pool.query<{ email: string }>(
    `SELECT primary_email AS email FROM contacts WHERE deleted_at IS NULL AND primary_email IS NOT NULL
     ORDER BY random() LIMIT $1`,
    [size],
  );
  if (leads.rows.length === 0) throw new Error('no seeded lead to repeat');
  return { leads: leads.rows, contactEmails: contacts.rows.map((row) => row.email) };
}

export const DUPLICATE_KINDS = [
  'e-mail',
  'phone as mobile',
  'company and name',
  'e-mail of a contact',
] as const;
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number];

/**
 * A fresh lead but for one key of a seeded record: its e-mail, its phone typed as the mobile (phone and mobile are
 * one key), its company with the same person, or a contact's e-mail (the check looks in contacts too). Most of
 * these records belong to other owners, so for a representative the candidate is counted, not shown — still 409.
 */
export function duplicateLead(
  sample: DuplicateSample,
  sourceIds: string[],
  kind?: DuplicateKind,
): Record<string, unknown> {
  const body = freshLead(sourceIds);
  const lead = sample.leads[randomInt(sample.leads.length)] as DuplicateSample['leads'][number];
  const kinds = sample.contactEmails.length ? DUPLICATE_KINDS : DUPLICATE_KINDS.slice(0, -1);
  switch (kind ?? kinds[randomInt(kinds.length)]) {
    case 'e-mail':
      return { ...body, email: lead.email };
    case 'phone as mobile':
      return { ...body, mobile: lead.phone };
    case 'company and name':
      return { ...body, companyName: lead.company, firstName: lead.first, lastName: lead.last };
    default:
      return { ...body, email: sample.contactEmails[randomInt(sample.contactEmails.length)] };
  }
}
