import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';

/** Meetings as iCalendar: one meeting's `.ics`, and each user's feed behind its secret address. */

let crm: TestCrm;
let ann: TestUser;
let ben: TestUser;
let asAnn: Client;
let asBen: Client;
let customerId: string;
let contactId: string;

async function created(client: Client, path: string, body: Record<string, unknown>) {
  const response = await client.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

/** The calendar's lines, unfolded (RFC 5545 folds lines longer than 75 octets with CRLF and a space). */
function lines(text: string): string[] {
  return text.replace(/\r\n /g, '').split('\r\n');
}

beforeAll(async () => {
  crm = await createTestCrm();
  ann = await crm.createUser('Sales Representative', 'Ann Calendar');
  ben = await crm.createUser('Sales Representative', 'Ben Calendar');
  asAnn = crm.as(ann);
  asBen = crm.as(ben);
  await asAnn.patch('/api/v1/auth/me', { timeZone: 'Europe/Berlin' });
  customerId = (await created(asAnn, 'customers', { name: 'Kalender Werke GmbH' })).id;
  contactId = (
    await created(asAnn, 'contacts', {
      firstName: 'Klara',
      lastName: 'Kalender',
      emails: [{ email: 'klara@kalender.example' }],
      links: [{ entity: 'customer', id: customerId }],
    })
  ).id;
});
afterAll(() => crm?.close());

describe('a meeting as .ics', () => {
  it('has its times in UTC, organiser, attendees with addresses, and a SEQUENCE that follows its version', async () => {
    const meeting = await created(asAnn, 'meetings', {
      title: 'Kick-off, with “quotes”; and a very long title that has to be folded over more than one line',
      customerId,
      at: '2027-03-01T09:30:00Z',
      endsAt: '2027-03-01T10:45:00Z',
      location: 'Room 4',
      description: 'Agenda:\n1. Scope',
      attendeeUserIds: [ben.id],
      attendeeContactIds: [contactId],
    });
    const response = await asAnn.get(`/api/v1/meetings/${meeting.id}/ics`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="Kick-off-with-quotes-and-a-very-long-title-that-has-to-be-fo.ics"',
    );
    for (const line of response.body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const text = lines(response.body);
    expect(text[0]).toBe('BEGIN:VCALENDAR');
    expect(text).toContain(`UID:${meeting.id}@open-crm`);
    expect(text).toContain('SEQUENCE:1');
    expect(text).toContain('DTSTART:20270301T093000Z');
    expect(text).toContain('DTEND:20270301T104500Z');
    expect(text).toContain(
      'SUMMARY:Kick-off\\, with “quotes”\\; and a very long title that has to be folded over more than one line',
    );
    expect(text).toContain('LOCATION:Room 4');
    expect(text).toContain('DESCRIPTION:Agenda:\\n1. Scope');
    expect(text).toContain(`ORGANIZER;CN="Ann Calendar":mailto:${ann.email}`);
    expect(text.filter((line) => line.startsWith('ATTENDEE'))).toEqual([
      `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN="Ben Calendar":MAILTO:${ben.email}`,
      'ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN="Klara Kalender":MAILTO:klara@kalender.example',
    ]);
    expect(text).toContain(`URL;VALUE=URI:http://localhost:80/records/meetings/${meeting.id}`);

    await asAnn.patch(`/api/v1/meetings/${meeting.id}`, { location: 'Room 5', version: meeting.version });
    const again = lines((await asAnn.get(`/api/v1/meetings/${meeting.id}/ics`)).body);
    expect(again).toContain('SEQUENCE:2');
    expect(again).toContain(`UID:${meeting.id}@open-crm`);
  });

  it('gives an all-day meeting the days it has in the reader’s time zone, the end day exclusive', async () => {
    const meeting = await created(asAnn, 'meetings', {
      title: 'Trade fair',
      customerId,
      // Midnight in Berlin on the 1st, 23:59 on the 2nd: still the 28th and the 2nd in UTC.
      at: '2027-02-28T23:00:00Z',
      endsAt: '2027-03-02T22:59:00Z',
      allDay: true,
    });
    const text = lines((await asAnn.get(`/api/v1/meetings/${meeting.id}/ics`)).body);
    expect(text).toContain('DTSTART;VALUE=DATE:20270301');
    expect(text).toContain('DTEND;VALUE=DATE:20270303');
  });

  it('is a 404 for a meeting the reader may not see', async () => {
    const meeting = await created(asAnn, 'meetings', {
      title: 'Private',
      customerId,
      at: '2027-03-01T09:30:00Z',
      endsAt: '2027-03-01T10:00:00Z',
    });
    expect((await asBen.get(`/api/v1/meetings/${meeting.id}/ics`)).statusCode).toBe(404);
  });
});

describe('a calendar feed', () => {
  it('serves the meetings its user organises or attends at a secret address, until replaced or turned off', async () => {
    expect((await asBen.get('/api/v1/auth/me/calendar-feed')).json().data).toEqual({
      enabled: false,
      createdAt: null,
    });
    const made = await asBen.post('/api/v1/auth/me/calendar-feed');
    expect(made.statusCode, made.body).toBe(201);
    const url = new URL(made.json().data.url as string);
    expect(url.pathname).toMatch(/^\/api\/v1\/calendar-feeds\/crmcal_[\w-]{43}\/meetings\.ics$/);
    expect((await asBen.get('/api/v1/auth/me/calendar-feed')).json().data.enabled).toBe(true);

    await created(asBen, 'meetings', {
      title: 'Ben’s own',
      at: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
    });
    await created(asBen, 'meetings', {
      title: 'Long ago',
      at: '2020-01-01T09:00:00Z',
      endsAt: '2020-01-01T10:00:00Z',
    });
    // No login: the address is the key.
    const feed = await crm.anonymous.get(url.pathname);
    expect(feed.statusCode, feed.body).toBe(200);
    const summaries = lines(feed.body).filter((line) => line.startsWith('SUMMARY:'));
    expect(summaries).toContain('SUMMARY:Ben’s own');
    // Invited by Ann to her kick-off (above), not to her private meeting; the old one is past the feed's month.
    expect(summaries.some((line) => line.startsWith('SUMMARY:Kick-off'))).toBe(true);
    expect(summaries).not.toContain('SUMMARY:Private');
    expect(summaries).not.toContain('SUMMARY:Long ago');
    expect(lines(feed.body)).toContain('NAME:Open CRM – Ben Calendar');

    const replaced = new URL((await asBen.post('/api/v1/auth/me/calendar-feed')).json().data.url as string);
    expect((await crm.anonymous.get(url.pathname)).statusCode).toBe(404);
    expect((await crm.anonymous.get(replaced.pathname)).statusCode).toBe(200);
    expect((await asBen.delete('/api/v1/auth/me/calendar-feed')).statusCode).toBe(204);
    expect((await crm.anonymous.get(replaced.pathname)).statusCode).toBe(404);
    expect((await crm.anonymous.get('/api/v1/calendar-feeds/crmcal_guess/meetings.ics')).statusCode).toBe(
      404,
    );
  });
});
