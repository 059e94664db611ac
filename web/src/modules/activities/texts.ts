/**
 * "My day" in English and German, the i18next namespace `myDay`, added when its chunk loads (see
 * modules/sales/texts.ts).
 */
import { i18n } from '../../app/i18n';

export const myDayEn = {
  title: 'My day',
  today: '{{date}}',
  overdue: 'Overdue',
  dueToday: 'Due today',
  meetings: 'Today’s meetings',
  withoutNextStep: 'Without a next step',
  withoutNextStepHint: 'Your open leads and opportunities with no open task and no meeting to come.',
  nothingOverdue: 'Nothing overdue.',
  nothingDue: 'No tasks due today.',
  noMeetings: 'No meetings today.',
  allPlanned: 'Every open lead and opportunity has a next step.',
  markDone: 'Mark “{{title}}” done',
  done: '“{{title}}” done.',
  due: 'due {{date}}',
  lastActivity: 'last activity {{date}}',
  neverTouched: 'no activity yet',
  lead: 'Lead',
  opportunity: 'Opportunity',
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export const myDayDe: Strings<typeof myDayEn> = {
  title: 'Mein Tag',
  today: '{{date}}',
  overdue: 'Überfällig',
  dueToday: 'Heute fällig',
  meetings: 'Termine heute',
  withoutNextStep: 'Ohne nächsten Schritt',
  withoutNextStepHint:
    'Ihre offenen Leads und Verkaufschancen ohne offene Aufgabe und ohne kommenden Termin.',
  nothingOverdue: 'Nichts überfällig.',
  nothingDue: 'Heute ist keine Aufgabe fällig.',
  noMeetings: 'Heute keine Termine.',
  allPlanned: 'Jeder offene Lead und jede Verkaufschance hat einen nächsten Schritt.',
  markDone: '„{{title}}“ als erledigt markieren',
  done: '„{{title}}“ erledigt.',
  due: 'fällig {{date}}',
  lastActivity: 'letzte Aktivität {{date}}',
  neverTouched: 'noch keine Aktivität',
  lead: 'Lead',
  opportunity: 'Verkaufschance',
};

// Deep and overwriting: loading the chunk again (a new build after a deployment) replaces the texts.
i18n.addResourceBundle('en', 'myDay', myDayEn, true, true);
i18n.addResourceBundle('de', 'myDay', myDayDe, true, true);
