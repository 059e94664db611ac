import { expect } from 'vitest';
import type { Client, TestCrm, TestUser } from '../../../../test/harness.js';

/** What the booking tests share: reps with weekday mornings in Berlin, a page offering them, a visitor. */

export const WEEKDAY_MORNINGS = ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({
  day,
  from: '09:00',
  to: '12:00',
}));

export async function created(client: Client, path: string, body: Record<string, unknown>) {
  const response = await client.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

/** A representative in Berlin who is a bookable sales person with the given hours. */
export async function bookableRep(
  crm: TestCrm,
  admin: Client,
  name: string,
  availability = WEEKDAY_MORNINGS,
) {
  const user = await crm.createUser('Sales Representative', name);
  expect((await crm.as(user).patch('/api/v1/auth/me', { timeZone: 'Europe/Berlin' })).statusCode).toBe(200);
  const salesPerson = await created(admin, 'sales-persons', { name, userId: user.id, availability });
  return { user, salesPersonId: salesPerson.id as string };
}

/** The first Monday at least `days` from now (YYYY-MM-DD), well past any page's notice. */
export function mondayAhead(days = 14): string {
  const date = new Date(Date.now() + days * 86_400_000);
  while (date.getUTCDay() !== 1) date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

let addresses = 0;
/** Each booking comes from an address of its own unless told, so the rate limit only bites where it is tested. */
const nextAddress = () => `203.0.${Math.floor(++addresses / 250)}.${addresses % 250}`;

export function visitor(crm: TestCrm, slug: string) {
  return {
    slots: (query: string) => crm.anonymous.get(`/api/v1/booking-pages/${slug}/slots?${query}`),
    book: (body: Record<string, unknown>, ip = nextAddress()) =>
      crm.server.app.inject({
        method: 'POST',
        url: `/api/v1/booking-pages/${slug}/bookings`,
        remoteAddress: ip,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ timeZone: 'Europe/Berlin', ...body }),
      }),
  };
}

export type Visitor = ReturnType<typeof visitor>;
export type { TestUser };
