import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../../test/harness.js';
import { clockIn, dayIn } from '../../../shared/time-zones.js';
import { type BookingPage, findActivePage, pageSlots } from './slots.js';
import { type Visitor, bookableRep, created, mondayAhead, visitor } from './test-booking.js';

/**
 * Appointment booking: the slots a page offers in the visitor's time zone, bookings that land on a rep's calendar
 * with the visitor's contact or lead, and everything a page refuses.
 */

let crm: TestCrm;
let admin: Client;
let rita: { user: TestUser; salesPersonId: string };
let otto: { user: TestUser; salesPersonId: string };
let demo: Visitor;
const monday = mondayAhead();

type Day = { date: string; slots: Array<{ startsAt: string; time: string }> };
async function days(query: string, client = demo): Promise<Day[]> {
  const response = await client.slots(query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data.days;
}
const slotAt = async (time: string, date = monday) =>
  (await days(`timeZone=Europe/Berlin&from=${date}&days=1`))[0]?.slots.find((slot) => slot.time === time)
    ?.startsAt as string;

async function meeting(id: string) {
  return (await admin.get(`/api/v1/meetings?filter[id][eq]=${id}`)).json().data[0];
}
async function meetingsOf(user: TestUser) {
  return (await admin.get(`/api/v1/meetings?filter[ownerId][eq]=${user.id}&limit=100`)).json().data as Array<{
    id: string;
    title: string;
    at: string;
    endsAt: string;
    leadId: string | null;
    contactId: string | null;
    attendeeContactIds: string[];
  }>;
}

beforeAll(async () => {
  crm = await createTestCrm();
  admin = crm.as(await crm.createUser('CRM Administrator'));
  rita = await bookableRep(crm, admin, 'Rita Booking');
  otto = await bookableRep(crm, admin, 'Otto Booking', [{ day: 'mon', from: '10:00', to: '11:00' }]);
  await created(admin, 'booking-pages', {
    name: 'Product demo',
    slug: 'demo',
    durationMinutes: 30,
    minNoticeHours: 0,
    horizonDays: 365,
    salesPersonIds: [rita.salesPersonId],
  });
  demo = visitor(crm, 'demo');
});
afterAll(() => crm?.close());

describe('free slots', () => {
  it('offers each window cut into appointments, by day in the visitor’s time zone', async () => {
    const week = await days(`timeZone=Europe/Berlin&from=${monday}&days=7`);
    expect(week.map((day) => day.date)[0]).toBe(monday);
    expect(week.map((day) => day.slots.length)).toEqual([6, 6, 6, 6, 6, 0, 0]);
    expect(week[0]?.slots.map((slot) => slot.time)).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
    ]);
    // Berlin's 09:00 is 03:00 or 02:00 in New York, 17:00 or 16:00 in Tokyo; the same instants either way.
    const tokyo = await days(`timeZone=Asia/Tokyo&from=${monday}&days=1`);
    expect(tokyo[0]?.slots.map((slot) => slot.startsAt)).toEqual(week[0]?.slots.map((slot) => slot.startsAt));
    expect(['16:00', '17:00']).toContain(tokyo[0]?.slots[0]?.time);
  });

  it('keeps 09:00 at 09:00 in the rep’s zone across a year of clock changes', async () => {
    const page = (await findActivePage(crm.server.records, 'demo')) as BookingPage;
    const from = new Date(Date.now() + 86_400_000);
    const slots = await pageSlots(crm.database.db, page, {
      from,
      to: new Date(from.getTime() + 364 * 86_400_000),
    });
    const perDay = new Map<string, string[]>();
    for (const slot of slots) {
      const day = dayIn('Europe/Berlin', new Date(slot.startsAt));
      perDay.set(day, [...(perDay.get(day) ?? []), clockIn('Europe/Berlin', new Date(slot.startsAt))]);
    }
    expect(perDay.size).toBeGreaterThan(250);
    for (const times of perDay.values())
      expect(times).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
  });

  it('leaves out what notice, horizon and the rep’s own meetings exclude', async () => {
    await created(crm.as(rita.user), 'meetings', {
      title: 'Dentist',
      at: await slotAt('10:00', mondayAhead(21)),
      endsAt: await slotAt('11:00', mondayAhead(21)),
    });
    const times = (await days(`timeZone=Europe/Berlin&from=${mondayAhead(21)}&days=1`))[0]?.slots.map(
      (s) => s.time,
    );
    expect(times).toEqual(['09:00', '09:30', '11:00', '11:30']);
    const page = (await admin.get('/api/v1/booking-pages?filter[slug][eq]=demo')).json().data[0];
    await admin.patch(`/api/v1/booking-pages/${page.id}`, { horizonDays: 7 });
    expect(
      (await days(`timeZone=Europe/Berlin&from=${mondayAhead(21)}&days=7`)).flatMap((d) => d.slots),
    ).toEqual([]);
    await admin.patch(`/api/v1/booking-pages/${page.id}`, { horizonDays: 365 });
  });

  it('answers 404 for an unknown or inactive page and 422 for a zone nobody has', async () => {
    expect((await visitor(crm, 'nothing').slots('timeZone=UTC')).statusCode).toBe(404);
    expect((await crm.anonymous.get('/api/v1/booking-pages/%00/slots?timeZone=UTC')).statusCode).toBe(404);
    const bad = await demo.slots('timeZone=Mars/Olympus');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('timeZone');
    expect((await demo.slots('timeZone=UTC&days=43')).statusCode).toBe(400);
  });
});

describe('booking', () => {
  it('turns an unknown visitor into a lead of the rep, with a meeting on the rep’s calendar', async () => {
    const startsAt = await slotAt('09:00');
    const response = await demo.book({
      startsAt,
      firstName: 'Vera',
      lastName: 'Visitor',
      email: 'Vera.Visitor@Example.com',
      companyName: 'Visit GmbH',
      message: 'Pricing for 40 seats',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().data).toEqual({
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(),
      salesPerson: 'Rita Booking',
    });
    const mine = await meetingsOf(rita.user);
    const booked = mine.find((m) => Date.parse(m.at) === Date.parse(startsAt));
    expect(booked, JSON.stringify(mine)).toBeDefined();
    expect(booked).toMatchObject({ title: 'Product demo: Vera Visitor', leadId: expect.any(String) });
    const lead = (await admin.get(`/api/v1/leads/${booked?.leadId}`)).json().data;
    expect(lead).toMatchObject({
      firstName: 'Vera',
      lastName: 'Visitor',
      email: 'vera.visitor@example.com',
      companyName: 'Visit GmbH',
      ownerId: rita.user.id,
      sourceId: '01900000-0000-7000-8000-000000000001',
    });
    expect((await meeting(booked?.id as string)).description).toContain('Pricing for 40 seats');
    expect(await slotAt('09:00')).toBeUndefined();
    const inbox = (await crm.as(rita.user).get('/api/v1/notifications')).json().data;
    expect(inbox[0]).toMatchObject({ kind: 'appointment_booked', entity: 'meeting', recordId: booked?.id });
    expect(inbox[0].body).toMatch(/09:00/);
  });

  it('links a known contact’s booking to the contact, and a known lead’s to the lead, making no lead', async () => {
    const contact = await created(admin, 'contacts', {
      lastName: 'Known',
      emails: [{ email: 'known@example.com' }],
    });
    const leadsBefore = (await admin.get('/api/v1/leads?limit=100')).json().data.length;
    const withContact = await demo.book({
      startsAt: await slotAt('09:30'),
      lastName: 'Known',
      email: 'KNOWN@example.com',
    });
    expect(withContact.statusCode, withContact.body).toBe(201);
    const again = await demo.book({
      startsAt: await slotAt('10:00'),
      lastName: 'Visitor',
      email: 'vera.visitor@example.com',
    });
    expect(again.statusCode, again.body).toBe(201);
    expect((await admin.get('/api/v1/leads?limit=100')).json().data.length).toBe(leadsBefore);
    const mine = await meetingsOf(rita.user);
    expect(mine.find((m) => m.title === 'Product demo: Known')).toMatchObject({
      contactId: contact.id,
      attendeeContactIds: [contact.id],
      leadId: null,
    });
    const leadMeetings = mine.filter(
      (m) => m.title === 'Product demo: Visitor' || m.title === 'Product demo: Vera Visitor',
    );
    expect(new Set(leadMeetings.map((m) => m.leadId)).size).toBe(1);
  });

  it('gives a slot to whoever is free, the one with fewer appointments first', async () => {
    const page = (await admin.get('/api/v1/booking-pages?filter[slug][eq]=demo')).json().data[0];
    await admin.patch(`/api/v1/booking-pages/${page.id}`, {
      salesPersonIds: [rita.salesPersonId, otto.salesPersonId],
    });
    // Rita has three appointments, Otto none: 10:30 goes to Otto; at 11:00 only Rita is free (Otto's window ends).
    const first = await demo.book({
      startsAt: await slotAt('10:30'),
      lastName: 'Early',
      email: 'early@example.com',
    });
    expect(first.json().data.salesPerson).toBe('Otto Booking');
    const second = await demo.book({
      startsAt: await slotAt('11:00'),
      lastName: 'Late',
      email: 'late@example.com',
    });
    expect(second.json().data.salesPerson).toBe('Rita Booking');
    const otherMonday = mondayAhead(28);
    const both = await demo.book({
      startsAt: await slotAt('10:00', otherMonday),
      lastName: 'A',
      email: 'a@example.com',
    });
    expect(both.json().data.salesPerson).toBe('Otto Booking');
    const next = await demo.book({
      startsAt: await slotAt('10:00', otherMonday),
      lastName: 'B',
      email: 'b@example.com',
    });
    expect(next.json().data.salesPerson).toBe('Rita Booking');
    expect(await slotAt('10:00', otherMonday)).toBeUndefined();
    await admin.patch(`/api/v1/booking-pages/${page.id}`, { salesPersonIds: [rita.salesPersonId] });
  });

  it('refuses a taken slot (409), a time it does not offer and bad answers (422), floods (429)', async () => {
    const taken = await demo.book({
      startsAt: (await slotAt('11:30'))!,
      lastName: 'First',
      email: 'first@example.com',
    });
    expect(taken.statusCode).toBe(201);
    const startsAt = taken.json().data.startsAt;
    const twice = await demo.book({ startsAt, lastName: 'Second', email: 'second@example.com' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().errors).toEqual([{ field: 'startsAt', message: 'is no longer free', code: 'taken' }]);
    const offset = new Date(Date.parse(startsAt) + 10 * 60_000).toISOString();
    const odd = await demo.book({ startsAt: offset, lastName: 'Odd', email: 'odd@example.com' });
    expect(odd.statusCode).toBe(422);
    expect(odd.json().errors[0]).toMatchObject({ field: 'startsAt', code: 'slot' });
    const past = await demo.book({
      startsAt: '2020-01-06T08:00:00.000Z',
      lastName: 'Past',
      email: 'p@example.com',
    });
    expect(past.statusCode).toBe(422);
    const noMail = await demo.book({
      startsAt: await slotAt('09:00', mondayAhead(35)),
      lastName: 'X',
      email: 'nope',
    });
    expect(noMail.statusCode).toBe(422);
    const zone = await demo.book({
      startsAt,
      lastName: 'X',
      email: 'x@example.com',
      timeZone: 'Nowhere/Land',
    });
    expect(zone.json().errors[0].field).toBe('timeZone');
    const monday35 = (await days(`timeZone=Europe/Berlin&from=${mondayAhead(35)}&days=1`))[0]?.slots ?? [];
    const codes = [];
    for (const slot of monday35.slice(0, 4))
      codes.push(
        (await demo.book({ startsAt: slot.startsAt, lastName: 'Flood', email: 'f@example.com' }, '192.0.2.9'))
          .statusCode,
      );
    expect(codes).toEqual([201, 201, 201, 429]);
  });

  it('takes no bookings on an inactive page', async () => {
    const page = (await admin.get('/api/v1/booking-pages?filter[slug][eq]=demo')).json().data[0];
    await admin.patch(`/api/v1/booking-pages/${page.id}`, { active: false });
    const startsAt = await (async () => new Date(Date.parse(monday) + 86_400_000 * 3).toISOString())();
    expect((await demo.book({ startsAt, lastName: 'Late', email: 'late@example.com' })).statusCode).toBe(404);
    expect((await demo.slots('timeZone=UTC')).statusCode).toBe(404);
    await admin.patch(`/api/v1/booking-pages/${page.id}`, { active: true });
  });
});

describe('bookable hours and pages', () => {
  it('refuses hours that end before they begin and pages with people who cannot be booked', async () => {
    const reversed = await admin.post('/api/v1/sales-persons', {
      name: 'Backwards',
      availability: [{ day: 'mon', from: '12:00', to: '09:00' }],
    });
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().errors).toEqual([
      { field: 'availability/0/to', message: 'must be after from', code: 'range' },
    ]);
    const loose = await created(admin, 'sales-persons', { name: 'No Login' });
    const page = await admin.post('/api/v1/booking-pages', {
      name: 'X',
      slug: 'x',
      salesPersonIds: [loose.id],
    });
    expect(page.statusCode).toBe(422);
    expect(page.json().errors[0]).toMatchObject({ field: 'salesPersonIds', code: 'user' });
    expect((await admin.post('/api/v1/booking-pages', { name: 'Y', slug: 'y' })).json().errors[0].field).toBe(
      'salesPersonIds',
    );
  });

  it('lets a rep read and set their own hours, and tells others they are no sales person', async () => {
    const asRita = crm.as(rita.user);
    expect((await asRita.get('/api/v1/auth/me/availability')).json().data).toMatchObject({
      salesPersonId: rita.salesPersonId,
      availability: expect.arrayContaining([{ day: 'mon', from: '09:00', to: '12:00' }]),
    });
    const hours = [{ day: 'tue', from: '14:00', to: '24:00' }];
    const set = await asRita.put('/api/v1/auth/me/availability', { availability: hours });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().data.availability).toEqual(hours);
    expect(
      (
        await asRita.put('/api/v1/auth/me/availability', {
          availability: [{ day: 'tue', from: '9:00', to: '10:00' }],
        })
      ).statusCode,
    ).toBe(422);
    // Representatives may not change sales person records otherwise.
    expect(
      (await asRita.patch(`/api/v1/sales-persons/${rita.salesPersonId}`, { name: 'Rita' })).statusCode,
    ).toBe(403);
    expect((await admin.get('/api/v1/auth/me/availability')).statusCode).toBe(404);
    const tuesday = await days(`timeZone=Europe/Berlin&from=${mondayAhead(42)}&days=2`);
    expect(tuesday[0]?.slots).toEqual([]);
    expect(tuesday[1]?.slots.map((s) => s.time).at(-1)).toBe('23:30');
  });
});
