import { type SqlBool, sql } from 'kysely';
import { type EntityDef, defineEntity } from '../../core/entity.js';
import { type FieldInput, linkField, selectOption as option, textField } from '../../core/fields.js';
import { contactEntity, prospectEntity } from '../contacts/entities.js';
import { leadEntity } from '../leads/entities.js';
import { customerEntity } from '../masters/entities.js';
import { opportunityEntity } from '../opportunities/entities.js';
import { NOT_BLANK, longText } from '../opportunities/pipeline-entities.js';
import { quotationEntity } from '../sales/quotation-entity.js';
import { salesOrderEntity } from '../sales/sales-order-entity.js';

/**
 * Notes, calls, meetings and tasks (migration 0023). Each is about records — the links below, at least one — and,
 * where one of them has a customer, that customer too (set by regarding.ts), so a customer's timeline shows what
 * happened on its contacts, opportunities and documents. They are read through those records: whoever may see the
 * record sees its activities (`readThrough`), while changing one stays with its owner (the author, or a task's
 * assignee) and their managers.
 */

/** What an activity can be about: a link field per entity, whose timeline then shows the activity. */
export const REGARDING: Array<{ field: string; target: EntityDef; label: { en: string; de: string } }> = [
  { field: 'leadId', target: leadEntity, label: { en: 'Lead', de: 'Lead' } },
  { field: 'customerId', target: customerEntity, label: { en: 'Customer', de: 'Kunde' } },
  { field: 'contactId', target: contactEntity, label: { en: 'Contact', de: 'Ansprechpartner' } },
  { field: 'prospectId', target: prospectEntity, label: { en: 'Prospect', de: 'Interessent' } },
  { field: 'opportunityId', target: opportunityEntity, label: { en: 'Opportunity', de: 'Verkaufschance' } },
  { field: 'quotationId', target: quotationEntity, label: { en: 'Quotation', de: 'Angebot' } },
  { field: 'salesOrderId', target: salesOrderEntity, label: { en: 'Sales order', de: 'Kundenauftrag' } },
];

const REGARDING_FIELDS: Record<string, FieldInput> = Object.fromEntries(
  REGARDING.map(({ field, target, label }) => [
    field,
    linkField(target.name, label.en, label.de, {
      ...(field === 'customerId'
        ? { description: 'Set from the contact, opportunity or document when left out.' }
        : {}),
    }),
  ]),
);

const at = (en: string, de: string, extra: Partial<FieldInput> = {}): FieldInput => ({
  type: 'datetime',
  label: { en, de },
  ...extra,
});

/** A meeting's or task's reminder (reminders.ts): minutes before it starts or is due, up to four weeks. */
const REMINDER_FIELDS: Record<string, FieldInput> = {
  reminderMinutes: {
    type: 'integer',
    label: { en: 'Remind (minutes before)', de: 'Erinnern (Minuten vorher)' },
    min: 0,
    max: 40_320,
  },
  remindAt: at('Reminder at', 'Erinnerung um', { readOnly: true }),
  remindedAt: at('Reminded at', 'Erinnert am', { readOnly: true }),
};

const common = {
  owned: true,
  tagged: false,
  defaultSort: '-at',
  // The customer opens an activity only when it names nothing more specific: one about a deal the reader may not
  // see stays closed, though its customer (derived from the deal) is one they see.
  readThrough: REGARDING.map(({ field, target }) => ({
    field,
    target,
    ...(field === 'customerId'
      ? { unlessSet: REGARDING.map((entry) => entry.field).filter((other) => other !== 'customerId') }
      : {}),
  })),
} as const;

export const noteEntity = defineEntity({
  ...common,
  name: 'note',
  table: 'notes',
  label: { en: 'Note', de: 'Notiz' },
  labelPlural: { en: 'Notes', de: 'Notizen' },
  titleField: 'summary',
  searchFields: ['summary'],
  systemFieldLabels: { ownerId: { en: 'Author', de: 'Verfasst von' } },
  fields: {
    body: {
      type: 'html',
      label: { en: 'Note', de: 'Notiz' },
      required: true,
      maxLength: 100_000,
      description:
        'HTML, cleaned on the server: formatting, lists, links and mentions ' +
        '(`<span data-mention="<user id>">@Name</span>`) stay; scripts, styles and event handlers do not.',
    },
    summary: {
      type: 'text',
      label: { en: 'Summary', de: 'Kurzfassung' },
      readOnly: true,
      description: 'The start of the note as plain text: its title in lists and search.',
    },
    mentionedUserIds: {
      type: 'multilink',
      target: 'user',
      label: { en: 'Mentioned', de: 'Erwähnt' },
      readOnly: true,
      description: 'The users the note mentions; each is notified once, when first mentioned.',
    },
    at: at('Written at', 'Geschrieben am', { readOnly: true }),
    ...REGARDING_FIELDS,
  },
});

export const callEntity = defineEntity({
  ...common,
  name: 'call',
  table: 'calls',
  label: { en: 'Call', de: 'Anruf' },
  labelPlural: { en: 'Calls', de: 'Anrufe' },
  titleField: 'subject',
  searchFields: ['subject'],
  systemFieldLabels: { ownerId: { en: 'Called by', de: 'Angerufen von' } },
  fields: {
    subject: textField({ en: 'Subject', de: 'Betreff' }, 200, {
      description: 'What the call was about; "Outbound call" or "Inbound call" when left out.',
    }),
    direction: {
      type: 'select',
      label: { en: 'Direction', de: 'Richtung' },
      required: true,
      default: 'outbound',
      options: [option('outbound', 'Outbound', 'Ausgehend'), option('inbound', 'Inbound', 'Eingehend')],
    },
    phone: textField({ en: 'Number', de: 'Nummer' }, 40),
    at: at('Called at', 'Angerufen am', { description: 'When the call began; now when left out.' }),
    durationSeconds: {
      type: 'integer',
      label: { en: 'Duration (seconds)', de: 'Dauer (Sekunden)' },
      min: 0,
      max: 86_400,
    },
    outcome: {
      type: 'select',
      label: { en: 'Outcome', de: 'Ergebnis' },
      options: [
        option('connected', 'Connected', 'Erreicht', 'green'),
        option('no_answer', 'No answer', 'Nicht erreicht', 'gray'),
        option('busy', 'Busy', 'Besetzt', 'orange'),
        option('voicemail', 'Voicemail', 'Mailbox', 'blue'),
        option('wrong_number', 'Wrong number', 'Falsche Nummer', 'red'),
      ],
    },
    notes: longText({ en: 'Notes', de: 'Notizen' }, { maxLength: 20_000 }),
    ...REGARDING_FIELDS,
  },
});

export const meetingEntity = defineEntity({
  ...common,
  name: 'meeting',
  table: 'meetings',
  label: { en: 'Meeting', de: 'Termin' },
  labelPlural: { en: 'Meetings', de: 'Termine' },
  titleField: 'title',
  searchFields: ['title', 'location'],
  systemFieldLabels: { ownerId: { en: 'Organiser', de: 'Organisiert von' } },
  // Whoever is invited reads the meeting: it is on their calendar, in their feed and in their My day.
  readers: ['attendeeUserIds'],
  fields: {
    title: textField({ en: 'Title', de: 'Titel' }, 200, { required: true, pattern: NOT_BLANK }),
    at: at('Starts', 'Beginn', { required: true }),
    endsAt: at('Ends', 'Ende', { required: true }),
    allDay: { type: 'boolean', label: { en: 'All day', de: 'Ganztägig' }, required: true, default: false },
    location: textField({ en: 'Location', de: 'Ort' }, 300),
    description: longText({ en: 'Description', de: 'Beschreibung' }, { maxLength: 20_000 }),
    attendeeUserIds: {
      type: 'multilink',
      target: 'user',
      label: { en: 'Attendees (users)', de: 'Teilnehmer (Benutzer)' },
    },
    attendeeContactIds: {
      type: 'multilink',
      target: 'contact',
      label: { en: 'Attendees (contacts)', de: 'Teilnehmer (Kontakte)' },
    },
    ...REMINDER_FIELDS,
    ...REGARDING_FIELDS,
  },
});

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;

/**
 * "The task is still to do", on `column`. Constants, not parameters, so the planner sees it imply the predicate of
 * the partial index `tasks_owner_due` (migration 0023).
 */
export const openTask = (column = 'status') => sql<SqlBool>`${sql.ref(column)} IN ('open', 'in_progress')`;

export const taskEntity = defineEntity({
  ...common,
  name: 'task',
  table: 'tasks',
  label: { en: 'Task', de: 'Aufgabe' },
  labelPlural: { en: 'Tasks', de: 'Aufgaben' },
  titleField: 'title',
  searchFields: ['title'],
  systemFieldLabels: { ownerId: { en: 'Assigned to', de: 'Zugewiesen an' } },
  fields: {
    title: textField({ en: 'Title', de: 'Titel' }, 200, { required: true, pattern: NOT_BLANK }),
    description: longText({ en: 'Description', de: 'Beschreibung' }, { maxLength: 20_000 }),
    dueAt: at('Due', 'Fällig'),
    priority: {
      type: 'select',
      label: { en: 'Priority', de: 'Priorität' },
      required: true,
      default: 'normal',
      options: [
        option('low', 'Low', 'Niedrig', 'gray'),
        option('normal', 'Normal', 'Normal', 'blue'),
        option('high', 'High', 'Hoch', 'red'),
      ],
    },
    status: {
      type: 'select',
      label: { en: 'Status', de: 'Status' },
      required: true,
      default: 'open',
      options: [
        option('open', 'Open', 'Offen', 'blue'),
        option('in_progress', 'In progress', 'In Arbeit', 'orange'),
        option('done', 'Done', 'Erledigt', 'green'),
        option('cancelled', 'Cancelled', 'Abgebrochen', 'gray'),
      ],
    },
    doneAt: at('Done at', 'Erledigt am', { readOnly: true }),
    ...REMINDER_FIELDS,
    at: at('Logged at', 'Erfasst am', { readOnly: true }),
    ...REGARDING_FIELDS,
  },
});

/** A file on a record; uploaded and downloaded through attachments.ts, never created from JSON. */
export const attachmentEntity = defineEntity({
  ...common,
  name: 'attachment',
  table: 'attachments',
  label: { en: 'Attachment', de: 'Anhang' },
  labelPlural: { en: 'Attachments', de: 'Anhänge' },
  titleField: 'fileName',
  searchFields: ['fileName'],
  systemFieldLabels: { ownerId: { en: 'Uploaded by', de: 'Hochgeladen von' } },
  fields: {
    fileName: textField({ en: 'File name', de: 'Dateiname' }, 255, { required: true, pattern: NOT_BLANK }),
    contentType: textField({ en: 'Type', de: 'Typ' }, 200, {
      readOnly: true,
      description: 'Detected from the bytes, not taken from the upload',
    }),
    sizeBytes: { type: 'integer', label: { en: 'Size (bytes)', de: 'Größe (Bytes)' }, readOnly: true },
    sha256: textField({ en: 'SHA-256', de: 'SHA-256' }, 64, { readOnly: true }),
    storageKey: textField({ en: 'Storage key', de: 'Speicherschlüssel' }, 64, {
      readOnly: true,
      writeOnly: true,
    }),
    at: at('Uploaded at', 'Hochgeladen am', { readOnly: true }),
    ...REGARDING_FIELDS,
  },
});

export const ACTIVITY_ENTITIES = [noteEntity, callEntity, meetingEntity, taskEntity, attachmentEntity];
