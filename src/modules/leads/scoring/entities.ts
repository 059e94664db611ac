import { defineEntity } from '../../../core/entity.js';
import { type Label, selectOption as option } from '../../../core/fields.js';

/**
 * A scoring rule: points a lead gets while one condition holds. The condition is a field of the lead compared
 * with a value, "the e-mail address is not at a free-mail provider", or something the lead did (a behaviour
 * event), counted once or per occurrence and only for `decayDays` after it happened. conditions.ts checks a rule
 * against the lead's metadata, since which fields and operators exist is only known at run time (custom fields).
 */

export const EVENT_KIND_OPTIONS = [
  option('form_submitted', 'Form submitted', 'Formular abgeschickt'),
  option('email_replied', 'E-mail replied', 'Auf E-Mail geantwortet'),
  option('meeting_held', 'Meeting held', 'Termin stattgefunden'),
];

export const RULE_OPERATORS = [
  'eq',
  'ne',
  'in',
  'nin',
  'lt',
  'lte',
  'gt',
  'gte',
  'between',
  'contains',
  'startsWith',
  'isNull',
] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export const OPERATOR_LABELS: Record<RuleOperator, Label> = {
  eq: { en: 'is', de: 'ist' },
  ne: { en: 'is not', de: 'ist nicht' },
  in: { en: 'is one of', de: 'ist eines von' },
  nin: { en: 'is none of', de: 'ist keines von' },
  lt: { en: 'is less than', de: 'ist kleiner als' },
  lte: { en: 'is at most', de: 'ist höchstens' },
  gt: { en: 'is more than', de: 'ist größer als' },
  gte: { en: 'is at least', de: 'ist mindestens' },
  between: { en: 'is between', de: 'liegt zwischen' },
  contains: { en: 'contains', de: 'enthält' },
  startsWith: { en: 'starts with', de: 'beginnt mit' },
  isNull: { en: 'is empty', de: 'ist leer' },
};

export const leadScoringRuleEntity = defineEntity({
  name: 'leadScoringRule',
  table: 'lead_scoring_rules',
  label: { en: 'Lead scoring rule', de: 'Lead-Bewertungsregel' },
  labelPlural: { en: 'Lead scoring rules', de: 'Lead-Bewertungsregeln' },
  owned: false,
  tagged: false,
  titleField: 'name',
  defaultSort: 'name',
  fields: {
    name: { type: 'text', label: { en: 'Name', de: 'Name' }, required: true, maxLength: 140, pattern: '\\S' },
    active: { type: 'boolean', label: { en: 'Active', de: 'Aktiv' }, required: true, default: true },
    points: {
      type: 'integer',
      label: { en: 'Points', de: 'Punkte' },
      required: true,
      min: -1000,
      max: 1000,
      description: 'Added to the score while the condition holds; negative points lower it.',
    },
    conditionKind: {
      type: 'select',
      label: { en: 'Condition', de: 'Bedingung' },
      required: true,
      default: 'field',
      options: [
        option('field', 'Field of the lead', 'Feld des Leads'),
        option(
          'businessEmail',
          'E-mail not at a free-mail provider',
          'E-Mail nicht bei einem Freemail-Anbieter',
        ),
        option('event', 'Something the lead did', 'Aktion des Leads'),
      ],
    },
    field: {
      type: 'text',
      label: { en: 'Lead field', de: 'Lead-Feld' },
      maxLength: 64,
      description:
        'For field conditions: the name of a lead field as /api/v1/meta lists it, e.g. industryId.',
    },
    operator: {
      type: 'select',
      label: { en: 'Operator', de: 'Operator' },
      options: RULE_OPERATORS.map((op) => option(op, OPERATOR_LABELS[op].en, OPERATOR_LABELS[op].de)),
      description: 'For field conditions. A lead without a value matches only isNull.',
    },
    value: {
      type: 'json',
      label: { en: 'Value', de: 'Wert' },
      description:
        'For field conditions: one value of the field; a list for in, nin and contains; [from, to] for ' +
        'between; true (empty) or false (filled) for isNull.',
    },
    eventKind: {
      type: 'select',
      label: { en: 'Event', de: 'Ereignis' },
      options: EVENT_KIND_OPTIONS,
      description: 'For event conditions.',
    },
    counting: {
      type: 'select',
      label: { en: 'Counts', de: 'Zählt' },
      required: true,
      default: 'once',
      options: [option('once', 'Once', 'Einmal'), option('each', 'Per occurrence', 'Je Vorkommen')],
      description: 'For event conditions: the points once, or per event (at most 100 events).',
    },
    decayDays: {
      type: 'integer',
      label: { en: 'Counts for days', de: 'Zählt für Tage' },
      min: 1,
      max: 3650,
      description: 'For event conditions: an event counts this many days after it happened; empty: always.',
    },
    description: { type: 'longText', label: { en: 'Description', de: 'Beschreibung' }, maxLength: 2000 },
  },
});
