import { defineEntity } from '../../core/entity.js';
import { linkField, selectOption as option, systemTimeField } from '../../core/fields.js';
import { linesSchema } from '../sales/document-fields.js';
import {
  FORECAST_CATEGORIES,
  NOT_BLANK,
  competitorEntity,
  longText,
  lostReasonEntity,
  pipelineEntity,
  pipelineStageEntity,
} from './pipeline-entities.js';
import { salesQuotaEntity } from './quota-entity.js';

export * from './pipeline-entities.js';
export { salesQuotaEntity } from './quota-entity.js';

/**
 * The opportunity: a deal with a customer, prospect or lead, sitting in a stage of a pipeline. Its statuses follow
 * ../shared/spec/status-rules.md; stages, probability and dates are kept by service.ts.
 */

export const OPPORTUNITY_STATUSES = [
  option('open', 'Open', 'Offen'),
  option('replied', 'Replied', 'Beantwortet'),
  option('quotation', 'Quotation', 'Angebot'),
  option('converted', 'Converted', 'Umgewandelt'),
  option('lost', 'Lost', 'Verloren'),
  option('closed', 'Closed', 'Geschlossen'),
];
/** What a user may set; the others follow stages, quotations and declare-lost (status-rules.md). */
export const USER_STATUSES = ['open', 'replied', 'closed'] as const;

export const OPPORTUNITY_FROM = [
  option('lead', 'Lead', 'Lead'),
  option('customer', 'Customer', 'Kunde'),
  option('prospect', 'Prospect', 'Interessent'),
];

export const opportunityEntity = defineEntity({
  name: 'opportunity',
  table: 'opportunities',
  path: 'opportunities',
  label: { en: 'Opportunity', de: 'Verkaufschance' },
  labelPlural: { en: 'Opportunities', de: 'Verkaufschancen' },
  titleField: 'title',
  defaultSort: '-createdAt',
  systemFieldLabels: { ownerId: { en: 'Opportunity owner', de: 'Verantwortlich' } },
  fields: {
    title: {
      type: 'text',
      label: { en: 'Title', de: 'Titel' },
      required: true,
      maxLength: 200,
      pattern: NOT_BLANK,
    },
    opportunityFrom: {
      type: 'select',
      label: { en: 'Opportunity from', de: 'Chance aus' },
      readOnly: true,
      options: OPPORTUNITY_FROM,
      description: 'Customer when a customer is set, else prospect when a prospect is, else lead.',
    },
    leadId: linkField('lead', 'Lead', 'Lead', {
      description: 'The lead it came from; stays set when the lead becomes a customer.',
    }),
    customerId: linkField('customer', 'Customer', 'Kunde', {
      description: 'An opportunity needs a customer, a prospect or a lead.',
    }),
    prospectId: linkField('prospect', 'Prospect', 'Interessent'),
    contactId: linkField('contact', 'Contact', 'Ansprechpartner'),
    amount: {
      type: 'currency',
      label: { en: 'Expected amount', de: 'Erwarteter Betrag' },
      description:
        'What the deal is expected to bring, in `currency`; not negative. The sum of the products of interest ' +
        'while there are any.',
    },
    items: {
      type: 'json',
      label: { en: 'Products of interest', de: 'Interessante Produkte' },
      required: true,
      default: [],
      schema: linesSchema(),
      description:
        'Lines as on a quotation (item, description, qty, unit, rate, discount %); a line with an itemId takes ' +
        'the item’s name, unit and price in the opportunity’s currency for what it leaves out. A quotation made ' +
        'from the opportunity starts with them.',
    },
    currency: {
      type: 'text',
      label: { en: 'Currency', de: 'Währung' },
      required: true,
      default: 'EUR',
      maxLength: 3,
      pattern: '^[A-Z]{3}$',
      description: 'ISO 4217 code in capitals, e.g. EUR.',
    },
    probability: {
      type: 'percent',
      label: { en: 'Probability', de: 'Wahrscheinlichkeit' },
      description:
        'Taken from the stage whenever the stage changes, unless a user set it by hand (it then stays until ' +
        'they send null, which returns to the stage’s). 100 while won, 0 while lost.',
    },
    probabilityManual: {
      type: 'boolean',
      label: { en: 'Probability set by hand', de: 'Wahrscheinlichkeit manuell gesetzt' },
      readOnly: true,
      description: 'The probability was written by a user, not taken from the stage.',
    },
    forecastCategory: {
      type: 'select',
      label: { en: 'Forecast category', de: 'Prognosekategorie' },
      options: FORECAST_CATEGORIES,
      description:
        'Pipeline, best case or commit: taken from the stage whenever the stage changes, unless a user set it ' +
        'by hand (it then stays until they send null). Closed while won, omitted while lost.',
    },
    forecastCategoryManual: {
      type: 'boolean',
      label: { en: 'Forecast category set by hand', de: 'Prognosekategorie manuell gesetzt' },
      readOnly: true,
    },
    expectedCloseDate: { type: 'date', label: { en: 'Expected closing', de: 'Erwarteter Abschluss' } },
    pipelineId: linkField('pipeline', 'Pipeline', 'Pipeline', {
      description: 'Always set; the default pipeline when left out.',
    }),
    stageId: linkField('pipelineStage', 'Stage', 'Phase', {
      description:
        'Always set, a stage of the pipeline; its first open stage when left out. Entering the won stage wins ' +
        'the opportunity; the lost stage is entered by declaring it lost.',
    }),
    status: {
      type: 'select',
      label: { en: 'Status', de: 'Status' },
      required: true,
      default: 'open',
      options: OPPORTUNITY_STATUSES,
      description:
        'You set open, replied and closed; quotation, converted and lost follow from stages, quotations and ' +
        'declaring it lost.',
    },
    // The status the user last set: it stands again when no status derived from quotations applies.
    userStatus: {
      type: 'select',
      label: { en: 'Status set by hand', de: 'Manuell gesetzter Status' },
      readOnly: true,
      options: OPPORTUNITY_STATUSES.filter((o) => (USER_STATUSES as readonly string[]).includes(o.value)),
    },
    salesTeamId: linkField('salesTeam', 'Sales team', 'Vertriebsteam'),
    sourceId: linkField('leadSource', 'Source', 'Quelle'),
    campaignId: linkField('campaign', 'Campaign', 'Kampagne'),
    competitorIds: {
      type: 'multilink',
      target: 'competitor',
      label: { en: 'Competitors', de: 'Wettbewerber' },
    },
    nextStep: { type: 'text', label: { en: 'Next step', de: 'Nächster Schritt' }, maxLength: 255 },
    priority: {
      type: 'integer',
      label: { en: 'Priority', de: 'Priorität' },
      required: true,
      default: 0,
      min: 0,
      max: 3,
      description: 'Stars from 0 to 3.',
    },
    lostReasonIds: {
      type: 'multilink',
      target: 'lostReason',
      label: { en: 'Lost reasons', de: 'Verlustgründe' },
      readOnly: true,
    },
    lostDetail: longText({ en: 'Why it was lost', de: 'Verlustdetails' }, { readOnly: true }),
    lostByQuotation: {
      type: 'boolean',
      label: { en: 'Lost with its quotation', de: 'Mit dem Angebot verloren' },
      readOnly: true,
      description: 'Lost because its quotation was; cancelling that quotation opens it again.',
    },
    wonByQuotation: {
      type: 'boolean',
      label: { en: 'Won with its quotation', de: 'Mit dem Angebot gewonnen' },
      readOnly: true,
      description: 'Won because a quotation of it was ordered; cancelling the order derives it again.',
    },
    wonAt: systemTimeField('Won at', 'Gewonnen am'),
    lostAt: systemTimeField('Lost at', 'Verloren am'),
    stageChangedAt: systemTimeField('In stage since', 'In Phase seit'),
    rank: {
      type: 'text',
      label: { en: 'Board position', de: 'Position im Board' },
      readOnly: true,
      description: 'Order in its stage’s board column (ascending); set on create, stage change and move.',
    },
    description: longText({ en: 'Description', de: 'Beschreibung' }, { maxLength: 20_000 }),
  },
});

export const opportunityEntities = [
  pipelineEntity,
  pipelineStageEntity,
  lostReasonEntity,
  competitorEntity,
  opportunityEntity,
  salesQuotaEntity,
];
