/** The calendar in English and German, the i18next namespace `calendar`, added when its chunk loads. */
import { i18n } from '../../../app/i18n';

export const calendarEn = {
  title: 'Calendar',
  week: 'Week',
  month: 'Month',
  today: 'Today',
  previous: 'Previous',
  next: 'Next',
  whose: 'Whose calendar',
  allDay: 'All day',
  moved: '“{{title}}” moved to {{when}}.',
  moveFailed: '“{{title}}” was not moved: {{reason}}',
  more: '+{{count}} more',
  task: 'Task',
  meeting: 'Meeting',
  hint: 'Drag a meeting or task to another day or time to reschedule it.',
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export const calendarDe: Strings<typeof calendarEn> = {
  title: 'Kalender',
  week: 'Woche',
  month: 'Monat',
  today: 'Heute',
  previous: 'Zurück',
  next: 'Weiter',
  whose: 'Wessen Kalender',
  allDay: 'Ganztägig',
  moved: '„{{title}}“ verschoben auf {{when}}.',
  moveFailed: '„{{title}}“ wurde nicht verschoben: {{reason}}',
  more: '+{{count}} weitere',
  task: 'Aufgabe',
  meeting: 'Termin',
  hint: 'Ziehen Sie einen Termin oder eine Aufgabe auf einen anderen Tag oder eine andere Uhrzeit, um sie zu verschieben.',
};

// Deep and overwriting: loading the chunk again (a new build after a deployment) replaces the texts.
i18n.addResourceBundle('en', 'calendar', calendarEn, true, true);
i18n.addResourceBundle('de', 'calendar', calendarDe, true, true);
