import { defineEntity } from '../../core/entity.js';
import { type FieldInput, type Label, selectOption as option } from '../../core/fields.js';

/**
 * What opportunities are sorted by and name: pipelines with their stages, lost reasons and competitors.
 * Pipelines, stages and lost reasons are settings (no owner, no tags, kept out of global search); their names are
 * data in both languages, `name` in English and `nameDe` in German, since the board shows them to German and
 * English users alike. Rules: pipelines.ts.
 */

/** Required text with something in it: text is trimmed when stored, so "" or "  " would leave no name. */
export const NOT_BLANK = '\\S';
/** A record's name in English (required) and German (optional): settings named in both languages. */
export const nameEn = (extra: Partial<FieldInput> = {}): FieldInput => ({
  type: 'text',
  label: { en: 'Name (English)', de: 'Name (Englisch)' },
  required: true,
  maxLength: 140,
  pattern: NOT_BLANK,
  ...extra,
});
export const nameDe: FieldInput = {
  type: 'text',
  label: { en: 'Name (German)', de: 'Name (Deutsch)' },
  maxLength: 140,
  description: 'Shown to German users; the English name stands in while empty.',
};
export const longText = (label: Label, extra: Partial<FieldInput> = {}): FieldInput => ({
  type: 'longText',
  label,
  maxLength: 5000,
  ...extra,
});

/** Where an open deal stands in the forecast, from least to most certain (forecast.ts). */
export const STAGE_FORECAST_CATEGORIES = [
  option('pipeline', 'Pipeline', 'Pipeline'),
  option('best_case', 'Best case', 'Bestfall'),
  option('commit', 'Commit', 'Zugesagt'),
];
export const FORECAST_CATEGORIES = [
  ...STAGE_FORECAST_CATEGORIES,
  option('closed', 'Closed', 'Abgeschlossen'),
  option('omitted', 'Omitted', 'Ausgelassen'),
];

export const pipelineEntity = defineEntity({
  name: 'pipeline',
  table: 'pipelines',
  label: { en: 'Pipeline', de: 'Pipeline' },
  labelPlural: { en: 'Pipelines', de: 'Pipelines' },
  owned: false,
  tagged: false,
  titleField: 'name',
  // Pipelines are set up in Settings; global search is for the deals in them.
  searchFields: [],
  defaultSort: 'sortOrder,name',
  fields: {
    name: nameEn({ unique: true }),
    nameDe,
    teamId: {
      type: 'link',
      target: 'salesTeam',
      label: { en: 'Sales team', de: 'Vertriebsteam' },
      description: 'The team that works this pipeline; empty for everyone.',
    },
    isDefault: {
      type: 'boolean',
      label: { en: 'Default pipeline', de: 'Standard-Pipeline' },
      required: true,
      default: false,
      description:
        'New opportunities go here unless they name a pipeline. Exactly one pipeline is the default: making ' +
        'another one the default takes the mark from this one.',
    },
    active: {
      type: 'boolean',
      label: { en: 'Active', de: 'Aktiv' },
      required: true,
      default: true,
      description: 'Inactive pipelines keep their opportunities but take no new ones.',
    },
    sortOrder: { type: 'integer', label: { en: 'Order', de: 'Reihenfolge' }, required: true, default: 0 },
  },
});

export const STAGE_KINDS = [
  option('open', 'Open', 'Offen'),
  option('won', 'Won', 'Gewonnen'),
  option('lost', 'Lost', 'Verloren'),
];
export type StageKind = 'open' | 'won' | 'lost';

export const pipelineStageEntity = defineEntity({
  name: 'pipelineStage',
  table: 'pipeline_stages',
  label: { en: 'Pipeline stage', de: 'Pipeline-Phase' },
  labelPlural: { en: 'Pipeline stages', de: 'Pipeline-Phasen' },
  owned: false,
  tagged: false,
  titleField: 'name',
  searchFields: [],
  defaultSort: 'pipelineId,position',
  fields: {
    pipelineId: {
      type: 'link',
      target: 'pipeline',
      label: { en: 'Pipeline', de: 'Pipeline' },
      required: true,
      // Its opportunities would otherwise sit in a stage of another pipeline than their own.
      createOnly: true,
    },
    name: nameEn(),
    nameDe,
    position: {
      type: 'integer',
      label: { en: 'Position', de: 'Position' },
      min: 0,
      max: 10_000,
      description: 'Order of the stage within its pipeline; a new stage goes last when left out.',
    },
    probability: {
      type: 'percent',
      label: { en: 'Probability', de: 'Wahrscheinlichkeit' },
      required: true,
      description: 'Given to opportunities entering the stage; 100 for the won stage, 0 for the lost one.',
    },
    kind: {
      type: 'select',
      label: { en: 'Kind', de: 'Art' },
      required: true,
      default: 'open',
      options: STAGE_KINDS,
      description:
        'A pipeline has one won and one lost stage; entering the won stage wins the opportunity, the lost ' +
        'stage is entered by declaring it lost.',
    },
    forecastCategory: {
      type: 'select',
      label: { en: 'Forecast category', de: 'Prognosekategorie' },
      required: true,
      default: 'pipeline',
      options: STAGE_FORECAST_CATEGORIES,
      description:
        'Given to opportunities entering an open stage unless their owner chose one; the won stage makes them ' +
        'closed, the lost stage omitted.',
    },
    folded: {
      type: 'boolean',
      label: { en: 'Folded', de: 'Eingeklappt' },
      required: true,
      default: false,
      description: 'Shown as a narrow column on the board.',
    },
    rottingDays: {
      type: 'integer',
      label: { en: 'Rotting after (days)', de: 'Veraltet nach (Tagen)' },
      min: 1,
      max: 3650,
      description: 'An opportunity left this many days in the stage is marked as stalling; empty: never.',
    },
  },
});

export const lostReasonEntity = defineEntity({
  name: 'lostReason',
  table: 'lost_reasons',
  label: { en: 'Lost reason', de: 'Verlustgrund' },
  labelPlural: { en: 'Lost reasons', de: 'Verlustgründe' },
  owned: false,
  tagged: false,
  titleField: 'name',
  searchFields: [],
  defaultSort: 'name',
  fields: { name: nameEn({ unique: true }), nameDe },
});

export const competitorEntity = defineEntity({
  name: 'competitor',
  table: 'competitors',
  label: { en: 'Competitor', de: 'Wettbewerber' },
  labelPlural: { en: 'Competitors', de: 'Wettbewerber' },
  owned: false,
  titleField: 'name',
  defaultSort: 'name',
  fields: {
    // A company's name is the same in both languages, so there is one; the description is free text.
    name: { ...nameEn({ unique: true }), label: { en: 'Name', de: 'Name' }, maxLength: 200 },
    website: { type: 'url', label: { en: 'Website', de: 'Website' } },
    description: longText({ en: 'Description', de: 'Beschreibung' }),
  },
});
