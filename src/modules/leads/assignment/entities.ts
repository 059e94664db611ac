import { defineEntity } from '../../../core/entity.js';
import { type SelectOption, selectOption as option } from '../../../core/fields.js';
import { isCountryCode } from '../../contacts/address-format.js';

/**
 * Assignment rules decide who owns a new lead; rep capacities say how many leads a rep may take and when they are
 * away. Both are settings (no owner): a capacity belongs to the rep, not to a rule, so one limit holds however many
 * rules name the rep. How the rules run is in allocation.ts.
 */

export const STRATEGIES = ['round_robin', 'least_open', 'weighted'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/**
 * Every ISO 3166-1 country ICU knows, named in both languages, so rules pick countries from a list rather than
 * typing codes (multiselect values are checked against it).
 */
function countryOptions(): SelectOption[] {
  const en = new Intl.DisplayNames(['en'], { type: 'region' });
  const de = new Intl.DisplayNames(['de'], { type: 'region' });
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const codes = [...letters].flatMap((a) => [...letters].map((b) => a + b)).filter(isCountryCode);
  return codes.map((code) => option(code, en.of(code) ?? code, de.of(code) ?? code));
}

export const assignmentRuleEntity = defineEntity({
  name: 'assignmentRule',
  table: 'assignment_rules',
  label: { en: 'Assignment rule', de: 'Zuweisungsregel' },
  labelPlural: { en: 'Assignment rules', de: 'Zuweisungsregeln' },
  owned: false,
  tagged: false,
  titleField: 'name',
  // Settings, not something people look for in the global search.
  searchFields: [],
  defaultSort: 'position',
  fields: {
    name: {
      type: 'text',
      label: { en: 'Name', de: 'Name' },
      required: true,
      maxLength: 140,
      pattern: '\\S',
    },
    position: {
      type: 'integer',
      label: { en: 'Position', de: 'Reihenfolge' },
      required: true,
      default: 0,
      min: 0,
      max: 100_000,
      description: 'Rules run in ascending position (equal positions in the order they were created).',
    },
    active: { type: 'boolean', label: { en: 'Active', de: 'Aktiv' }, required: true, default: true },
    strategy: {
      type: 'select',
      label: { en: 'Strategy', de: 'Verteilung' },
      required: true,
      default: 'round_robin',
      options: [
        option('round_robin', 'Round robin', 'Reihum'),
        option('least_open', 'Fewest open leads', 'Wenigste offene Leads'),
        option('weighted', 'Weighted', 'Gewichtet'),
      ],
      description:
        'round_robin: each rep in turn; least_open: the rep with the fewest open leads; weighted: in ' +
        'proportion to each rep’s weight (smooth weighted round robin).',
    },
    salesTeamId: {
      type: 'link',
      target: 'salesTeam',
      label: { en: 'Sales team', de: 'Vertriebsteam' },
      description: 'Assign to the members of this team; or list the reps under memberIds (one of the two).',
    },
    memberIds: {
      type: 'multilink',
      target: 'user',
      label: { en: 'Reps', de: 'Vertriebsmitarbeiter' },
      default: [],
      description: 'The reps who take the leads, in turn order; or name a sales team instead.',
    },
    weights: {
      type: 'json',
      label: { en: 'Weights', de: 'Gewichte' },
      description: 'For the weighted strategy: a rep’s share relative to the others (1 when not listed).',
      schema: {
        type: 'array',
        maxItems: 1000,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['userId', 'weight'],
          properties: {
            userId: {
              type: 'string',
              format: 'uuid',
              'x-label': { en: 'Rep (user id)', de: 'Mitarbeiter (ID)' },
            },
            weight: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
              'x-label': { en: 'Weight', de: 'Gewicht' },
            },
          },
        },
      },
    },
    territoryIds: {
      type: 'multilink',
      target: 'territory',
      label: { en: 'Territories', de: 'Gebiete' },
      default: [],
      description: 'Leads in one of these territories or below them; empty: any.',
    },
    sourceIds: {
      type: 'multilink',
      target: 'leadSource',
      label: { en: 'Sources', de: 'Quellen' },
      default: [],
      description: 'Leads from one of these sources; empty: any.',
    },
    countries: {
      type: 'multiselect',
      label: { en: 'Countries', de: 'Länder' },
      default: [],
      options: countryOptions(),
      description: 'Leads in one of these countries; empty: any.',
    },
    industryIds: {
      type: 'multilink',
      target: 'industry',
      label: { en: 'Industries', de: 'Branchen' },
      default: [],
      description: 'Leads in one of these industries; empty: any.',
    },
    minScore: {
      type: 'integer',
      label: { en: 'Score from', de: 'Punktzahl ab' },
      description: 'Leads scoring at least this; empty: any.',
    },
    maxScore: {
      type: 'integer',
      label: { en: 'Score up to', de: 'Punktzahl bis' },
      description: 'Leads scoring at most this; empty: any.',
    },
    description: {
      type: 'longText',
      label: { en: 'Description', de: 'Beschreibung' },
      maxLength: 2000,
    },
  },
});

export const repCapacityEntity = defineEntity({
  name: 'repCapacity',
  table: 'rep_capacities',
  path: 'rep-capacities',
  label: { en: 'Rep capacity', de: 'Kapazität' },
  labelPlural: { en: 'Rep capacities', de: 'Kapazitäten' },
  owned: false,
  tagged: false,
  titleField: 'name',
  searchFields: [],
  defaultSort: 'name',
  fields: {
    userId: {
      type: 'link',
      target: 'user',
      required: true,
      unique: true,
      label: { en: 'Rep', de: 'Mitarbeiter' },
      description: 'The user whose capacity this is; one per user.',
    },
    name: {
      type: 'text',
      label: { en: 'Name', de: 'Name' },
      readOnly: true,
      description: 'The rep’s name; set by the system.',
    },
    maxPerDay: {
      type: 'integer',
      label: { en: 'New leads per day', de: 'Neue Leads pro Tag' },
      min: 0,
      max: 100_000,
      description:
        'At most this many leads assigned per calendar day in the rep’s time zone; empty: no limit.',
    },
    maxPer30Days: {
      type: 'integer',
      column: 'max_per_30_days',
      label: { en: 'New leads per 30 days', de: 'Neue Leads pro 30 Tage' },
      min: 0,
      max: 1_000_000,
      description: 'At most this many leads assigned in the last 30 days; empty: no limit.',
    },
    outOfOfficeFrom: {
      type: 'datetime',
      label: { en: 'Out of office from', de: 'Abwesend ab' },
      description: 'From this moment rules skip the rep (with no end: until it is cleared).',
    },
    outOfOfficeUntil: {
      type: 'datetime',
      label: { en: 'Out of office until', de: 'Abwesend bis' },
      description: 'Rules skip the rep until this moment (with no start: from now).',
    },
  },
});

export const assignmentEntities = [assignmentRuleEntity, repCapacityEntity];
