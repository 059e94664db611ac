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
    loadMore: 'Loading more',
    unfold: 'Unfold',
    unfoldNamed: 'Unfold “{{name}}”',
    foldNamed: 'Fold “{{name}}”',
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
  forecast: {
    description: 'What the team expects to close, month by month, against its quotas.',
    pipeline: 'Pipeline',
    allPipelines: 'All pipelines',
    groupBy: 'Group by',
    owner: 'Owner',
    team: 'Team',
    from: 'From',
    months: 'Months',
    quotas: 'Quotas',
    noOwner: 'No owner',
    noTeam: 'No team',
    total: 'Total',
    empty: 'No opportunities close in these months.',
    undated_one: '{{n}} open opportunity has no expected closing date and is in no month.',
    undated_other: '{{n}} open opportunities have no expected closing date and are in no month.',
    closed: 'Closed',
    commit: 'Commit',
    bestCase: 'Best case',
    pipelineCategory: 'Pipeline',
    weighted: 'Weighted',
    quota: 'Quota',
    attainment: '{{percent}} of quota closed',
    legend:
      'Closed: won in the month. Commit, best case, pipeline: open opportunities expected to close in the month, by forecast category. Weighted: amount × probability.',
    accuracy: 'Forecast accuracy',
    accuracyDescription:
      'The weighted forecast for each month as it stood in the week the month began (or weeks before), against what was won in it.',
    weeksBefore: 'Forecast as of',
    asOfStart: 'the week the month began',
    asOfWeeks_one: '{{count}} week before',
    asOfWeeks_other: '{{count}} weeks before',
    forecastAsOf: 'Forecast (as of {{date}})',
    won: 'Won',
    ratio: 'Won ÷ forecast',
    noSnapshots:
      'No snapshots for these months yet: the weekly snapshot of open opportunities starts with the first week this CRM runs.',
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
    loadMore: 'Weitere werden geladen',
    unfold: 'Aufklappen',
    unfoldNamed: '„{{name}}“ aufklappen',
    foldNamed: '„{{name}}“ einklappen',
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
  forecast: {
    description: 'Was das Team Monat für Monat abzuschließen erwartet, gemessen an seinen Zielen.',
    pipeline: 'Pipeline',
    allPipelines: 'Alle Pipelines',
    groupBy: 'Gruppieren nach',
    owner: 'Verantwortlich',
    team: 'Team',
    from: 'Ab',
    months: 'Monate',
    quotas: 'Vertriebsziele',
    noOwner: 'Ohne Verantwortlichen',
    noTeam: 'Ohne Team',
    total: 'Summe',
    empty: 'In diesen Monaten schließt keine Verkaufschance ab.',
    undated_one: '{{n}} offene Verkaufschance hat kein erwartetes Abschlussdatum und fällt in keinen Monat.',
    undated_other:
      '{{n}} offene Verkaufschancen haben kein erwartetes Abschlussdatum und fallen in keinen Monat.',
    closed: 'Abgeschlossen',
    commit: 'Zugesagt',
    bestCase: 'Bestfall',
    pipelineCategory: 'Pipeline',
    weighted: 'Gewichtet',
    quota: 'Ziel',
    attainment: '{{percent}} des Ziels abgeschlossen',
    legend:
      'Abgeschlossen: im Monat gewonnen. Zugesagt, Bestfall, Pipeline: offene Verkaufschancen mit erwartetem Abschluss im Monat, nach Prognosekategorie. Gewichtet: Betrag × Wahrscheinlichkeit.',
    accuracy: 'Prognosegenauigkeit',
    accuracyDescription:
      'Die gewichtete Prognose jedes Monats, wie sie in der Woche des Monatsbeginns (oder Wochen davor) stand, gegenüber dem, was im Monat gewonnen wurde.',
    weeksBefore: 'Prognose vom Stand',
    asOfStart: 'in der Woche des Monatsbeginns',
    asOfWeeks_one: '{{count}} Woche davor',
    asOfWeeks_other: '{{count}} Wochen davor',
    forecastAsOf: 'Prognose (Stand {{date}})',
    won: 'Gewonnen',
    ratio: 'Gewonnen ÷ Prognose',
    noSnapshots:
      'Für diese Monate gibt es noch keine Stände: der wöchentliche Stand der offenen Verkaufschancen beginnt mit der ersten Woche, in der dieses CRM läuft.',
  },
};

// Deep and overwriting: loading the chunk again (a new build after a deployment) replaces the texts.
i18n.addResourceBundle('en', 'opportunities', opportunitiesEn, true, true);
i18n.addResourceBundle('de', 'opportunities', opportunitiesDe, true, true);
