/**
 * The texts of the opportunity screens in English and German, as the i18next namespace `opportunities`, added
 * when this chunk loads (see modules/leads/texts.ts for why capabilities bring their own). Stage names come from
 * the pipeline, field labels from /api/v1/meta.
 */
import { i18n } from '../../app/i18n';

export const opportunitiesEn = {
  board: {
    description: 'Drag the opportunities through the stages of the pipeline.',
    pipeline: 'Pipeline',
    count_one: '{{n}} opportunity',
    count_other: '{{n}} opportunities',
    weighted: 'weighted {{amount}}',
    empty: 'No opportunities',
    loadMore: 'Load more',
    rotting: 'In this stage for {{days}} days',
    priority: 'Priority: {{n}} of 3',
    moved: 'Moved to “{{stage}}”.',
    refused: 'Not moved',
    dragHint:
      'To move a card with the keyboard, press space to pick it up, the arrow keys to move it, and space again to drop it.',
  },
  lost: {
    title: 'Why was “{{title}}” lost?',
    reasons: 'Lost reasons',
    reasonsRequired: 'Choose at least one reason',
    detail: 'Detail',
    competitors: 'Won by competitors',
    submit: 'Declare lost',
    cancel: 'Cancel',
    failed: 'Not declared lost',
    done: '“{{title}}” declared lost.',
  },
  record: {
    stages: 'Stages of the pipeline',
    markWon: 'Mark won',
    markLost: 'Mark lost',
    reopen: 'Reopen',
    refused: 'Not changed',
  },
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type OpportunitiesMessages = Strings<typeof opportunitiesEn>;

export const opportunitiesDe: OpportunitiesMessages = {
  board: {
    description: 'Ziehen Sie die Verkaufschancen durch die Phasen der Pipeline.',
    pipeline: 'Pipeline',
    count_one: '{{n}} Verkaufschance',
    count_other: '{{n}} Verkaufschancen',
    weighted: 'gewichtet {{amount}}',
    empty: 'Keine Verkaufschancen',
    loadMore: 'Weitere laden',
    rotting: 'Seit {{days}} Tagen in dieser Phase',
    priority: 'Priorität: {{n}} von 3',
    moved: 'Nach „{{stage}}“ verschoben.',
    refused: 'Nicht verschoben',
    dragHint:
      'Mit der Tastatur: Leertaste nimmt die Karte auf, die Pfeiltasten bewegen sie, die Leertaste legt sie ab.',
  },
  lost: {
    title: 'Warum ging „{{title}}“ verloren?',
    reasons: 'Verlustgründe',
    reasonsRequired: 'Wählen Sie mindestens einen Grund',
    detail: 'Einzelheiten',
    competitors: 'Gewonnen von Wettbewerbern',
    submit: 'Als verloren markieren',
    cancel: 'Abbrechen',
    failed: 'Nicht als verloren markiert',
    done: '„{{title}}“ als verloren markiert.',
  },
  record: {
    stages: 'Phasen der Pipeline',
    markWon: 'Als gewonnen markieren',
    markLost: 'Als verloren markieren',
    reopen: 'Wieder öffnen',
    refused: 'Nicht geändert',
  },
};

// Deep and overwriting: loading the chunk again (a new build after a deployment) replaces the texts.
i18n.addResourceBundle('en', 'opportunities', opportunitiesEn, true, true);
i18n.addResourceBundle('de', 'opportunities', opportunitiesDe, true, true);
