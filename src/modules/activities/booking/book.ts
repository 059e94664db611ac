import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { RuleViolation, TooManyRequests, ValidationFailed } from '../../../core/errors.js';
import { type Actor, SYSTEM_ACTOR } from '../../../core/permissions.js';
import type { Records } from '../../../core/records.js';
import { type ApiRecord, bodyToColumns } from '../../../core/row.js';
import { assertValidWrite } from '../../../core/validation.js';
import type { Db } from '../../../db/connect.js';
import { leadEntity } from '../../leads/entities.js';
import { notify } from '../../notifications/index.js';
import { meetingEntity } from '../entities.js';
import { formatMoment } from '../reminders.js';
import { type BookingPage, pageSlots } from './slots.js';

/** What the visitor enters on the booking page. */
export interface BookingRequest {
  startsAt: string;
  firstName?: string;
  lastName: string;
  email: string;
  phone?: string;
  companyName?: string;
  message?: string;
  /** The visitor's IANA time zone, kept with the booking so a confirmation can speak in it. */
  timeZone: string;
}

export interface Booked {
  startsAt: string;
  endsAt: string;
  salesPerson: string;
}

/** Bookings one address may make on one page: enough for a person, too few to fill a calendar. */
export const BOOKING_LIMITS = { perHour: 3, perDay: 10 };

/**
 * Who a booking acts as: the system (a visitor is no user), shown as the booking page in the audit. It creates a
 * lead from the visitor's own answers and a meeting in the chosen slot, and nothing else.
 */
export const BOOKING_ACTOR: Actor = { ...SYSTEM_ACTOR, email: 'booking-page', fullName: 'Booking page' };

const TEXTS = {
  en: (title: string, when: string) => ({ title: `New appointment: ${title}`, body: `Booked for ${when}` }),
  de: (title: string, when: string) => ({ title: `Neuer Termin: ${title}`, body: `Gebucht für ${when}` }),
};

async function refuseFloods(trx: Db, page: BookingPage, ipHash: string): Promise<void> {
  const { rows } = await sql<{ hour: number; day: number }>`
    SELECT count(*) FILTER (WHERE created_at > now() - interval '1 hour') AS hour, count(*) AS day
    FROM appointments WHERE booking_page_id = ${page.id} AND ip_hash = ${ipHash}
      AND created_at > now() - interval '1 day'`.execute(trx);
  const { hour, day } = rows[0] ?? { hour: 0, day: 0 };
  if (Number(day) >= BOOKING_LIMITS.perDay)
    throw new TooManyRequests('Too many bookings from your address today; please try again tomorrow.', 3600);
  if (Number(hour) >= BOOKING_LIMITS.perHour)
    throw new TooManyRequests('Too many bookings from your address; please try again later.', 600);
}

/**
 * The sales person to book: among those free at the slot, the one with the fewest appointments in the last 30
 * days and ahead, so a page's bookings spread over its people; the longest-standing record on a tie.
 */
async function pickSalesPerson(trx: Db, free: string[]) {
  const { rows } = await sql<{
    id: string;
    name: string;
    user_id: string;
    language: string;
    time_zone: string;
  }>`
    SELECT sp.id, sp.name, u.id AS user_id, u.language, u.time_zone
    FROM sales_persons sp JOIN users u ON u.id = sp.user_id
    WHERE sp.id = ANY(CAST(${free} AS uuid[]))
    ORDER BY (SELECT count(*) FROM appointments a
      WHERE a.sales_person_id = sp.id AND a.starts_at > now() - interval '30 days'), sp.id
    LIMIT 1`.execute(trx);
  const chosen = rows[0];
  if (!chosen) throw new Error('booking: a free sales person vanished while locked');
  return chosen;
}

/** The contact with the visitor's e-mail (the activity rules add its customer), else their newest live lead. */
async function knownPerson(trx: Db, email: string) {
  const { rows: contacts } = await sql<{ id: string }>`SELECT id FROM contacts
    WHERE deleted_at IS NULL AND emails @> ${JSON.stringify([{ email }])}::jsonb ORDER BY id LIMIT 1`.execute(
    trx,
  );
  if (contacts[0]) return { contactId: contacts[0].id };
  const { rows: leads } = await sql<{ id: string }>`SELECT id FROM leads
    WHERE deleted_at IS NULL AND crm_fold(email) = crm_fold(${email})
    ORDER BY created_at DESC, id DESC LIMIT 1`.execute(trx);
  return leads[0] ? { leadId: leads[0].id } : null;
}

async function createLead(
  trx: Db,
  records: Records,
  page: BookingPage,
  request: BookingRequest,
  ownerId: string,
): Promise<string> {
  const lead = records.current(leadEntity);
  const body: ApiRecord = {
    firstName: request.firstName || null,
    lastName: request.lastName,
    email: request.email,
    phone: request.phone || null,
    companyName: request.companyName || null,
    sourceId: page.sourceId,
    campaignId: page.campaignId,
    ownerId,
  };
  for (const key of Object.keys(body)) if (body[key] === null) delete body[key];
  assertValidWrite(lead, 'create', body);
  // A booking never fails over a lead that merely resembles the visitor: the duplicate finder offers them to merge.
  const created = await records.createIn(trx, BOOKING_ACTOR, lead, body, await bodyToColumns(lead, body), {
    allowDuplicates: true,
  });
  return created.id as string;
}

const fullName = (request: BookingRequest) => `${request.firstName ?? ''} ${request.lastName}`.trim();

function meetingDescription(page: BookingPage, request: BookingRequest): string {
  const lines = [
    `${page.name}, booked online.`,
    fullName(request),
    request.companyName,
    request.email,
    request.phone,
    request.message ? `\n${request.message}` : undefined,
  ];
  return lines.filter((line) => line).join('\n');
}

/**
 * Books the slot starting at `request.startsAt`, in one transaction. The page's sales persons are locked first
 * (in id order, so bookings of pages sharing people never deadlock) and their calendars read after: two bookings
 * of one person's slot run one after the other, and the second finds the first's meeting. Meetings people enter
 * themselves take no such lock; a meeting typed in the same instant as a booking may overlap it. The visitor's
 * e-mail finds their contact (the meeting is with them, and through them with their customer), else their lead;
 * an unknown visitor becomes a lead owned by the sales person booked.
 */
export async function bookAppointment(
  records: Records,
  page: BookingPage,
  request: BookingRequest,
  ipHash: string,
): Promise<Booked> {
  const starts = new Date(request.startsAt);
  const email = request.email.trim().toLowerCase();
  return records.transaction(meetingEntity, async (trx) => {
    await sql`SELECT id FROM sales_persons WHERE id = ANY(CAST(${page.salesPersonIds} AS uuid[]))
      ORDER BY id FOR UPDATE`.execute(trx);
    await refuseFloods(trx, page, ipHash);
    const slots = await pageSlots(trx, page, { from: starts, to: new Date(starts.getTime() + 1) });
    if (slots.length === 0) {
      throw new ValidationFailed(
        [{ field: 'startsAt', message: 'is not a time this page offers', code: 'slot' }],
        'This time cannot be booked here.',
      );
    }
    const free = slots.filter((slot) => !slot.busy).map((slot) => slot.salesPersonId);
    if (free.length === 0) {
      throw new RuleViolation('This time was just booked by someone else; please pick another one.', [
        { field: 'startsAt', message: 'is no longer free', code: 'taken' },
      ]);
    }
    const rep = await pickSalesPerson(trx, free);
    const person = (await knownPerson(trx, email)) ?? {
      leadId: await createLead(trx, records, page, { ...request, email }, rep.user_id),
    };
    const ends = new Date(starts.getTime() + page.durationMinutes * 60_000);
    const title = `${page.name}: ${fullName(request)}`.slice(0, 200);
    const meetingBody: ApiRecord = {
      title,
      at: starts.toISOString(),
      endsAt: ends.toISOString(),
      description: meetingDescription(page, request),
      ownerId: rep.user_id,
      ...person,
      ...('contactId' in person ? { attendeeContactIds: [person.contactId] } : {}),
    };
    const meetings = records.current(meetingEntity);
    const meeting = await records.createIn(
      trx,
      BOOKING_ACTOR,
      meetings,
      meetingBody,
      await bodyToColumns(meetings, meetingBody),
    );
    await sql`INSERT INTO appointments (id, booking_page_id, sales_person_id, meeting_id, lead_id, contact_id,
        starts_at, ends_at, name, email, time_zone, ip_hash)
      VALUES (${uuidv7()}, ${page.id}, ${rep.id}, ${meeting.id as string}, ${'leadId' in person ? person.leadId : null},
        ${'contactId' in person ? person.contactId : null}, ${starts}, ${ends},
        ${fullName(request)}, ${email}, ${request.timeZone}, ${ipHash})`.execute(trx);
    const language = rep.language === 'de' ? 'de' : 'en';
    await notify(trx, {
      userIds: [rep.user_id],
      kind: 'appointment_booked',
      ...TEXTS[language](title, formatMoment(starts, language, rep.time_zone, false)),
      entity: meetingEntity.name,
      recordId: meeting.id as string,
    });
    return { startsAt: starts.toISOString(), endsAt: ends.toISOString(), salesPerson: rep.name };
  });
}
