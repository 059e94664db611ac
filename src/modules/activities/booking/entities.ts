import { defineEntity } from '../../../core/entity.js';
import { publicAddressFields } from '../../../http/public-pages.js';
import { WEBSITE_SOURCE_ID } from '../../leads/web-forms/entities.js';

/**
 * A booking page: what a visitor books (a 30-minute demo), with whom (its sales persons, each free in the weekly
 * hours of their record and not in a meeting) and how far ahead. Its public address is /book/{slug}; the slots
 * and the booking itself are public endpoints under /api/v1/booking-pages/{slug}/ (routes.ts).
 */
export const bookingPageEntity = defineEntity({
  name: 'bookingPage',
  table: 'booking_pages',
  label: { en: 'Booking page', de: 'Buchungsseite' },
  labelPlural: { en: 'Booking pages', de: 'Buchungsseiten' },
  owned: false,
  tagged: false,
  titleField: 'name',
  defaultSort: 'name',
  fields: {
    name: {
      type: 'text',
      label: { en: 'Name', de: 'Name' },
      required: true,
      maxLength: 140,
      pattern: '\\S',
      description:
        'What the visitor books, shown as the page’s heading and the meeting’s title: “Product demo”.',
    },
    ...publicAddressFields({
      slug: 'Names the page in its public address /book/{slug}: lower-case letters, digits and hyphens.',
      active: 'An inactive page shows no slots and takes no bookings (404).',
      language: 'The language the public page opens in.',
    }),
    description: {
      type: 'longText',
      label: { en: 'Description', de: 'Beschreibung' },
      maxLength: 2000,
      description: 'Shown to visitors under the heading (plain text).',
    },
    durationMinutes: {
      type: 'integer',
      label: { en: 'Duration (minutes)', de: 'Dauer (Minuten)' },
      required: true,
      default: 30,
      min: 5,
      max: 480,
      description:
        'The length of an appointment; slots start every this many minutes from each window’s start.',
    },
    minNoticeHours: {
      type: 'integer',
      label: { en: 'Notice (hours)', de: 'Vorlauf (Stunden)' },
      required: true,
      default: 4,
      min: 0,
      max: 720,
      description: 'How long before a slot it can be booked at the latest.',
    },
    horizonDays: {
      type: 'integer',
      label: { en: 'Bookable ahead (days)', de: 'Buchbar im Voraus (Tage)' },
      required: true,
      default: 60,
      min: 1,
      max: 365,
    },
    salesPersonIds: {
      type: 'multilink',
      target: 'salesPerson',
      label: { en: 'Sales persons', de: 'Vertriebsmitarbeiter' },
      description:
        'Who may be booked; each needs a user (whose calendar and time zone their hours are in). A booking goes ' +
        'to the one free at the time with the fewest appointments lately.',
    },
    sourceId: {
      type: 'link',
      target: 'leadSource',
      label: { en: 'Lead source', de: 'Lead-Quelle' },
      default: WEBSITE_SOURCE_ID,
      description: 'Leads made from bookings of unknown visitors are filed under it.',
    },
    campaignId: { type: 'link', target: 'campaign', label: { en: 'Campaign', de: 'Kampagne' } },
  },
});
