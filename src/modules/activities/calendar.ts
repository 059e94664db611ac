import { sql } from 'kysely';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod } from 'ical-generator';
import type { Db } from '../../db/connect.js';

/**
 * Meetings as iCalendar (RFC 5545), for calendar programs: one meeting as an `.ics` download, and a user's meetings
 * as a feed they subscribe to. UID and SEQUENCE (the record's version) let a program update an event it already
 * has instead of adding a second one.
 */

export interface CalendarMeeting {
  id: string;
  title: string;
  at: string;
  endsAt: string;
  allDay: boolean;
  location: string | null;
  description: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  organizer: Person | null;
  attendees: Person[];
}

interface Person {
  name: string;
  email: string;
}

/** The UTC midnight of the day `instant` falls on in `timeZone`: what an all-day event's date is written from. */
function dayIn(instant: string, timeZone: string, plusDays = 0): Date {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(instant));
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + plusDays);
  return day;
}

/**
 * The calendar text of `meetings`. All-day meetings keep the days they fall on in `timeZone` (the reader's), with
 * the exclusive end day the format asks for.
 */
export function meetingsCalendar(
  meetings: CalendarMeeting[],
  options: { name: string; timeZone: string; recordUrl?: (id: string) => string },
): string {
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Open CRM', product: 'Open CRM', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    // Feeds are polled; an hour is what calendar programs are told to wait between two reads.
    ttl: 3600,
  });
  for (const meeting of meetings) {
    calendar.createEvent({
      id: `${meeting.id}@open-crm`,
      sequence: meeting.version,
      stamp: new Date(meeting.updatedAt),
      created: new Date(meeting.createdAt),
      lastModified: new Date(meeting.updatedAt),
      allDay: meeting.allDay,
      start: meeting.allDay ? dayIn(meeting.at, options.timeZone) : new Date(meeting.at),
      end: meeting.allDay ? dayIn(meeting.endsAt, options.timeZone, 1) : new Date(meeting.endsAt),
      summary: meeting.title,
      location: meeting.location,
      description: meeting.description,
      url: options.recordUrl?.(meeting.id) ?? null,
      organizer: meeting.organizer,
      attendees: meeting.attendees.map((person) => ({
        ...person,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.NEEDSACTION,
      })),
    });
  }
  return calendar.toString();
}

/**
 * The meetings with these ids, or those `userId` organises or attends from `from` on, with their organiser's and
 * attendees' names and e-mail addresses (a contact's first address; people without one are left out).
 */
export async function readCalendarMeetings(
  db: Db,
  which: { ids: string[] } | { userId: string; from: Date },
): Promise<CalendarMeeting[]> {
  const filter =
    'ids' in which
      ? sql`m.id = ANY(${which.ids}::uuid[])`
      : sql`(m.owner_id = ${which.userId} OR m.attendee_user_ids @> ARRAY[CAST(${which.userId} AS uuid)]) AND m.ends_at >= ${which.from}`;
  const { rows } = await sql<CalendarMeeting>`
    SELECT m.id, m.title, m.at, m.ends_at AS "endsAt", m.all_day AS "allDay", m.location, m.description, m.version,
      m.created_at AS "createdAt", m.updated_at AS "updatedAt",
      (SELECT json_build_object('name', u.full_name, 'email', u.email) FROM users u WHERE u.id = m.owner_id)
        AS organizer,
      COALESCE((SELECT jsonb_agg(jsonb_build_object('name', u.full_name, 'email', u.email) ORDER BY u.full_name)
        FROM users u WHERE u.id = ANY(m.attendee_user_ids)), '[]'::jsonb)
      || COALESCE((SELECT jsonb_agg(jsonb_build_object('name', c.full_name, 'email', c.emails->0->>'email')
          ORDER BY c.full_name)
        FROM contacts c WHERE c.id = ANY(m.attendee_contact_ids) AND c.emails->0->>'email' IS NOT NULL), '[]'::jsonb)
        AS attendees
    FROM meetings m
    WHERE m.deleted_at IS NULL AND ${filter}
    ORDER BY m.at, m.id`.execute(db);
  return rows;
}
