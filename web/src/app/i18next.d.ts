import 'i18next';
import type { leadsEn } from '../modules/leads/texts';
import type { opportunitiesEn } from '../modules/opportunities/texts';
import type { salesEn } from '../modules/sales/texts';
import type { timelineEn } from '../views/record/timeline/texts';
import type { myDayEn } from '../modules/activities/texts';
import type { bookingEn } from '../modules/booking/texts';
import type { calendarEn } from '../modules/activities/calendar/texts';
import type { en } from './locales/en';

// Typed translation keys: t('nav.settigns') is a type error, not an English key shown on screen.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // Capabilities whose texts load with their screens (modules/<capability>/texts.ts) add a namespace here.
    resources: {
      translation: typeof en;
      leads: typeof leadsEn;
      opportunities: typeof opportunitiesEn;
      sales: typeof salesEn;
      timeline: typeof timelineEn;
      myDay: typeof myDayEn;
      booking: typeof bookingEn;
      calendar: typeof calendarEn;
    };
  }
}
