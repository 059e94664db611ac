/**
 * The texts of the quotation and sales order screens in English and German, as the i18next namespace `sales`,
 * added when this chunk loads (see modules/leads/texts.ts). Statuses and field labels come from /api/v1/meta.
 */
import { i18n } from '../../app/i18n';

export const salesEn = {
  pdf: {
    title: '{{number}} as PDF',
    language: 'Language of the PDF',
    english: 'English',
    german: 'German',
  },
  lines: {
    item: 'Item',
    description: 'Description',
    qty: 'Qty',
    unit: 'Unit',
    rate: 'Rate',
    discountPercent: 'Disc. %',
    tax: 'Taxes',
    amount: 'Amount',
    add: 'Add line',
    remove: 'Remove line {{number}}',
    none: 'No lines yet.',
    noTax: 'None',
    total: 'Total',
    taxOn: '{{tax}} on {{base}}',
    taxIncluded: '{{tax}} included in {{base}}',
    totalsWait: 'The totals follow once every number in the lines can be read.',
  },
  actions: {
    submit: 'Submit',
    cancel: 'Cancel',
    hold: 'Put on hold',
    resume: 'Resume',
    complete: 'Complete',
    close: 'Close',
    amend: 'Amend',
    declareLost: 'Declare lost',
    makeOrder: 'Make sales order',
    makeQuotation: 'Make quotation',
    pdf: 'PDF',
    download: 'Download PDF',
    refused: 'Not done',
    confirmCancel: 'Cancel {{number}}? It stays, marked cancelled, and can be amended.',
    done: {
      submit: '{{number}} submitted.',
      cancel: '{{number}} cancelled.',
      lost: '{{number}} declared lost.',
    },
  },
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type SalesMessages = Strings<typeof salesEn>;

export const salesDe: SalesMessages = {
  pdf: {
    title: '{{number}} als PDF',
    language: 'Sprache des PDFs',
    english: 'Englisch',
    german: 'Deutsch',
  },
  lines: {
    item: 'Artikel',
    description: 'Beschreibung',
    qty: 'Menge',
    unit: 'Einheit',
    rate: 'Einzelpreis',
    discountPercent: 'Rabatt %',
    tax: 'Steuern',
    amount: 'Betrag',
    add: 'Position hinzufügen',
    remove: 'Position {{number}} entfernen',
    none: 'Noch keine Positionen.',
    noTax: 'Keine',
    total: 'Summe',
    taxOn: '{{tax}} auf {{base}}',
    taxIncluded: '{{tax}} enthalten in {{base}}',
    totalsWait: 'Die Summen folgen, sobald jede Zahl der Positionen lesbar ist.',
  },
  actions: {
    submit: 'Einreichen',
    cancel: 'Stornieren',
    hold: 'Anhalten',
    resume: 'Fortsetzen',
    complete: 'Abschließen',
    close: 'Schließen',
    amend: 'Ändern',
    declareLost: 'Als verloren markieren',
    makeOrder: 'Kundenauftrag erstellen',
    makeQuotation: 'Angebot erstellen',
    pdf: 'PDF',
    download: 'PDF herunterladen',
    refused: 'Nicht ausgeführt',
    confirmCancel: '{{number}} stornieren? Es bleibt als storniert erhalten und kann geändert werden.',
    done: {
      submit: '{{number}} eingereicht.',
      cancel: '{{number}} storniert.',
      lost: '{{number}} als verloren markiert.',
    },
  },
};

// Deep and overwriting: loading the chunk again (a new build after a deployment) replaces the texts.
i18n.addResourceBundle('en', 'sales', salesEn, true, true);
i18n.addResourceBundle('de', 'sales', salesDe, true, true);
