import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../../test/harness.js';
import { bookableRep, created, mondayAhead, visitor } from './test-booking.js';

// Simultaneous bookings need a server database: PGlite serves one transaction at a time, so there they never race.
let crm: TestCrm;
let admin: Client;

beforeAll(async () => {
  crm = await createTestCrm();
  admin = crm.as(await crm.createUser('CRM Administrator'));
});
afterAll(() => crm?.close());

async function raceFor(slug: string, people: number) {
  const page = visitor(crm, slug);
  const day = (await page.slots(`timeZone=Europe/Berlin&from=${mondayAhead()}&days=1`)).json().data.days[0];
  const startsAt = day.slots[0].startsAt as string;
  const responses = await Promise.all(
    Array.from({ length: people }, (_, i) =>
      page.book({ startsAt, lastName: `Racer ${i}`, email: `racer${i}@${slug}.example` }),
    ),
  );
  return { startsAt, statuses: responses.map((response) => response.statusCode).sort() };
}

describe('booking one slot from many browsers at once', () => {
  it('lets exactly one of 16 simultaneous bookings of a person’s slot through', async () => {
    const rep = await bookableRep(crm, admin, 'Solo Racer');
    await created(admin, 'booking-pages', {
      name: 'Solo',
      slug: 'solo',
      salesPersonIds: [rep.salesPersonId],
    });
    const { startsAt, statuses } = await raceFor('solo', 16);
    expect(statuses).toEqual([201, ...Array<number>(15).fill(409)]);
    const meetings = (await admin.get(`/api/v1/meetings?filter[ownerId][eq]=${rep.user.id}`)).json().data;
    expect(meetings.filter((m: { at: string }) => Date.parse(m.at) === Date.parse(startsAt))).toHaveLength(1);
  });

  it('fills each of two people’s slot once, also across pages that share them', async () => {
    const one = await bookableRep(crm, admin, 'Pair One');
    const two = await bookableRep(crm, admin, 'Pair Two');
    const both = [one.salesPersonId, two.salesPersonId];
    await created(admin, 'booking-pages', { name: 'Pair A', slug: 'pair-a', salesPersonIds: both });
    await created(admin, 'booking-pages', {
      name: 'Pair B',
      slug: 'pair-b',
      salesPersonIds: both.toReversed(),
    });
    const [a, b] = await Promise.all([raceFor('pair-a', 8), raceFor('pair-b', 8)]);
    expect(a?.startsAt).toBe(b?.startsAt);
    const won = [...(a?.statuses ?? []), ...(b?.statuses ?? [])].filter((status) => status === 201);
    expect(won).toHaveLength(2);
    expect([...(a?.statuses ?? []), ...(b?.statuses ?? [])].filter((s) => s !== 201 && s !== 409)).toEqual(
      [],
    );
  });
});
