/**
 * The timeline's texts in English and German, the i18next namespace `timeline`, added when its chunk loads (see
 * modules/sales/texts.ts). Field and entity names come from /api/v1/meta.
 */
import { i18n } from '../../../app/i18n';

export const timelineEn = {
  all: 'All',
  types: {
    note: 'Notes',
    call: 'Calls',
    meeting: 'Meetings',
    task: 'Tasks',
    attachment: 'Files',
    change: 'Changes',
  },
  empty: 'Nothing has happened here yet.',
  more: 'Show older',
  note: {
    placeholder: 'Write a note…',
    add: 'Add note',
    added: 'Note added.',
    noUser: 'No user of that name',
  },
  log: { call: 'Log a call', meeting: 'Plan a meeting', task: 'Add a task' },
  created: '{{entity}} created',
  changed: 'changed {{entity}}',
  on: 'on {{title}}',
  done: 'Done',
  markDone: 'Mark “{{title}}” done',
  due: 'due {{date}}',
  minutes: '{{count}} min',
  ics: 'Add to calendar (.ics)',
  attach: 'Attach a file',
  attached: '{{name}} attached.',
  preview: 'Open {{name}}',
  system: 'System',
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export const timelineDe: Strings<typeof timelineEn> = {
  all: 'Alle',
  types: {
    note: 'Notizen',
    call: 'Anrufe',
    meeting: 'Termine',
    task: 'Aufgaben',
    attachment: 'Dateien',
    change: 'Änderungen',
  },
  empty: 'Hier ist noch nichts geschehen.',
  more: 'Ältere zeigen',
  note: {
    placeholder: 'Notiz schreiben…',
    add: 'Notiz hinzufügen',
    added: 'Notiz hinzugefügt.',
    noUser: 'Kein Benutzer dieses Namens',
  },
  log: { call: 'Anruf erfassen', meeting: 'Termin planen', task: 'Aufgabe anlegen' },
  created: '{{entity}} angelegt',
  changed: 'hat {{entity}} geändert',
  on: 'zu {{title}}',
  done: 'Erledigt',
  markDone: '„{{title}}“ als erledigt markieren',
  due: 'fällig {{date}}',
  minutes: '{{count}} Min.',
  ics: 'In den Kalender (.ics)',
  attach: 'Datei anhängen',
  attached: '{{name}} angehängt.',
  preview: '{{name}} öffnen',
  system: 'System',
};

// Deep and overwriting: loading the chunk again (a new build after a deployment) replaces the texts.
i18n.addResourceBundle('en', 'timeline', timelineEn, true, true);
i18n.addResourceBundle('de', 'timeline', timelineDe, true, true);
