import type { FastifyInstance } from 'fastify';
import { NotFound, ValidationFailed } from '../../../core/errors.js';
import type { Records } from '../../../core/records.js';
import { requireActor } from '../../../http/auth.js';
import { problemResponses } from '../../../http/openapi.js';
import { slugParams as publicSlugParams } from '../../../http/public-pages.js';
import { registerRecordRoutes } from '../../../http/record-routes.js';
import { addDays, clockIn, dayIn, isTimeZone, startOfDayIn } from '../../../shared/time-zones.js';
import { salesPersonEntity } from '../../masters/entities.js';
import { BOOKING_LIMITS, type BookingRequest, bookAppointment } from './book.js';
import { bookingPageEntity } from './entities.js';
import { type BookingPage, findActivePage, freeStarts, pageSlots } from './slots.js';
import { ownAvailability, updateOwnAvailability } from './availability.js';

const tags = [bookingPageEntity.labelPlural.en];
const base = `/api/v1/${bookingPageEntity.path}/:slug`;
/** The most days one request for slots may span: six weeks, what a month view shows. */
export const MAX_DAYS = 42;

const slugParams = publicSlugParams('The booking page’s slug');
const timeZone = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  description: 'The visitor’s IANA time zone (Europe/Berlin); days and times are theirs',
};
const text = (maxLength: number, description?: string) => ({
  type: 'string',
  maxLength,
  ...(description ? { description } : {}),
});

const pageSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    language: { type: 'string', enum: ['en', 'de'] },
    durationMinutes: { type: 'integer' },
  },
  required: ['name', 'description', 'language', 'durationMinutes'],
};
const slotsResponse = {
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: {
        page: pageSchema,
        timeZone: { type: 'string' },
        days: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              date: { type: 'string', format: 'date' },
              slots: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    startsAt: { type: 'string', format: 'date-time' },
                    time: { type: 'string', description: 'HH:MM in the visitor’s time zone' },
                  },
                  required: ['startsAt', 'time'],
                },
              },
            },
            required: ['date', 'slots'],
          },
        },
      },
      required: ['page', 'timeZone', 'days'],
    },
  },
  required: ['data'],
};

function checkedZone(zone: string): string {
  if (!isTimeZone(zone)) {
    throw new ValidationFailed([
      { field: 'timeZone', message: 'is not an IANA time zone such as Europe/Berlin', code: 'format' },
    ]);
  }
  return zone;
}

export function registerBookingRoutes(
  app: FastifyInstance,
  records: Records,
  hashAddress: (ip: string) => Promise<string>,
): void {
  registerRecordRoutes(app, records, bookingPageEntity, ['share']);

  const activePage = async (slug: string): Promise<BookingPage> => {
    const page = await findActivePage(records, slug);
    if (!page) throw new NotFound('There is no active booking page at this address.');
    return page;
  };

  app.get(`${base}/slots`, {
    config: { public: true },
    schema: {
      tags,
      operationId: 'listBookingSlots',
      summary: 'The free slots of a booking page, by day in the visitor’s time zone (public)',
      security: [],
      params: slugParams,
      querystring: {
        type: 'object',
        properties: {
          timeZone,
          from: { type: 'string', format: 'date', description: 'The first day; default today in `timeZone`' },
          days: { type: 'integer', minimum: 1, maximum: MAX_DAYS, default: 7 },
        },
        required: ['timeZone'],
        additionalProperties: false,
      },
      response: { 200: slotsResponse, ...problemResponses(400, 404, 422) },
    },
    handler: async (request) => {
      const page = await activePage((request.params as { slug: string }).slug);
      const query = request.query as { timeZone: string; from?: string; days: number };
      const zone = checkedZone(query.timeZone);
      const first = query.from ?? dayIn(zone);
      const dates = Array.from({ length: query.days }, (_, i) => addDays(first, i));
      const range = { from: startOfDayIn(zone, first), to: startOfDayIn(zone, addDays(first, query.days)) };
      const byDay = new Map(dates.map((date) => [date, [] as Array<{ startsAt: string; time: string }>]));
      for (const startsAt of freeStarts(await pageSlots(records.db, page, range))) {
        const instant = new Date(startsAt);
        byDay.get(dayIn(zone, instant))?.push({ startsAt, time: clockIn(zone, instant) });
      }
      const { name, description, language, durationMinutes } = page;
      return {
        data: {
          page: { name, description, language, durationMinutes },
          timeZone: zone,
          days: dates.map((date) => ({ date, slots: byDay.get(date) ?? [] })),
        },
      };
    },
  });

  app.post(`${base}/bookings`, {
    config: { public: true },
    bodyLimit: 16 * 1024,
    schema: {
      tags,
      operationId: 'bookAppointment',
      summary: 'Book a slot of a booking page (public)',
      description:
        'Books the free slot starting at `startsAt` with one of the page’s sales persons: a meeting on their ' +
        'calendar, with the contact whose e-mail the visitor gave, else their lead, else a new lead. 409 when ' +
        'the slot was taken meanwhile; 422 when the page offers no slot then. ' +
        `At most ${BOOKING_LIMITS.perHour} bookings an hour and ${BOOKING_LIMITS.perDay} a day per address and page.`,
      security: [],
      params: slugParams,
      body: {
        type: 'object',
        properties: {
          startsAt: { type: 'string', format: 'date-time', description: 'A slot’s `startsAt`' },
          firstName: text(100),
          lastName: { ...text(100), minLength: 1, pattern: '\\S' },
          email: { type: 'string', format: 'email', maxLength: 254 },
          phone: text(40),
          companyName: text(200),
          message: text(2000, 'What the visitor wants to talk about'),
          timeZone,
        },
        required: ['startsAt', 'lastName', 'email', 'timeZone'],
        additionalProperties: false,
      },
      response: {
        201: {
          type: 'object',
          properties: {
            data: {
              type: 'object',
              properties: {
                startsAt: { type: 'string', format: 'date-time' },
                endsAt: { type: 'string', format: 'date-time' },
                salesPerson: { type: 'string', description: 'Whom the visitor will meet' },
              },
              required: ['startsAt', 'endsAt', 'salesPerson'],
            },
          },
          required: ['data'],
        },
        ...problemResponses(400, 404, 409, 413, 422, 429),
      },
    },
    handler: async (request, reply) => {
      const page = await activePage((request.params as { slug: string }).slug);
      const body = request.body as BookingRequest;
      checkedZone(body.timeZone);
      const booked = await bookAppointment(records, page, body, await hashAddress(request.ip));
      return reply.code(201).send({ data: booked });
    },
  });

  const hoursSchema = salesPersonEntity.fields.availability?.schema ?? {};
  const availabilityResponse = {
    type: 'object',
    properties: {
      data: {
        type: 'object',
        properties: { salesPersonId: { type: 'string', format: 'uuid' }, availability: hoursSchema },
        required: ['salesPersonId', 'availability'],
      },
    },
    required: ['data'],
  };
  app.get('/api/v1/auth/me/availability', {
    schema: {
      tags: ['Authentication'],
      operationId: 'getMyAvailability',
      summary: 'The weekly hours in which you can be booked (404 when you are no sales person)',
      response: { 200: availabilityResponse, ...problemResponses(401, 404) },
    },
    handler: async (request) => ({ data: await ownAvailability(records, requireActor(request)) }),
  });
  app.put('/api/v1/auth/me/availability', {
    schema: {
      tags: ['Authentication'],
      operationId: 'updateMyAvailability',
      summary: 'Set the weekly hours in which you can be booked, in your time zone',
      body: {
        type: 'object',
        properties: { availability: hoursSchema },
        required: ['availability'],
        additionalProperties: false,
      },
      response: { 200: availabilityResponse, ...problemResponses(400, 401, 404, 422) },
    },
    handler: async (request) => ({
      data: await updateOwnAvailability(records, requireActor(request), request.body),
    }),
  });
}
