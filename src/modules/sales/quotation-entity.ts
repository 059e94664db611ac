import { defineEntity } from '../../core/entity.js';
import { linkField, selectOption as option, systemTimeField } from '../../core/fields.js';
import { longText } from '../opportunities/entities.js';
import { documentFields } from './document-fields.js';

/**
 * The quotation: an offer to a lead, customer or prospect, often made from an opportunity, with lines, taxes and
 * totals the server computes (src/shared/document-totals.ts). Drafts are edited; submitted ones only change
 * through their actions (quotation-actions.ts), and their statuses follow ../shared/spec/status-rules.md.
 */

export const QUOTATION_STATUSES = [
  option('draft', 'Draft', 'Entwurf', 'gray'),
  option('open', 'Open', 'Offen', 'blue'),
  option('replied', 'Replied', 'Beantwortet', 'cyan'),
  option('partially_ordered', 'Partially Ordered', 'Teilweise bestellt', 'teal'),
  option('ordered', 'Ordered', 'Bestellt', 'green'),
  option('lost', 'Lost', 'Verloren', 'red'),
  option('cancelled', 'Cancelled', 'Storniert', 'dark'),
  option('expired', 'Expired', 'Abgelaufen', 'orange'),
];
/** Submitted and still in play: what keeps an opportunity at "quotation" and blocks declaring it lost. */
export const ACTIVE_STATUSES = ['open', 'replied', 'partially_ordered', 'ordered'] as const;

export const quotationEntity = defineEntity({
  name: 'quotation',
  table: 'quotations',
  label: { en: 'Quotation', de: 'Angebot' },
  labelPlural: { en: 'Quotations', de: 'Angebote' },
  titleField: 'number',
  searchFields: ['number'],
  defaultSort: '-createdAt',
  systemFieldLabels: { ownerId: { en: 'Quotation owner', de: 'Verantwortlich' } },
  fields: {
    number: {
      type: 'text',
      label: { en: 'Number', de: 'Nummer' },
      readOnly: true,
      description: 'From the series QTN-<year>-<five digits>; an amended quotation adds -1, -2 …',
    },
    quotationTo: {
      type: 'select',
      label: { en: 'Quotation to', de: 'Angebot an' },
      readOnly: true,
      options: [
        option('lead', 'Lead', 'Lead'),
        option('customer', 'Customer', 'Kunde'),
        option('prospect', 'Prospect', 'Interessent'),
      ],
      description: 'Customer when a customer is set, else prospect, else lead.',
    },
    customerId: linkField('customer', 'Customer', 'Kunde', {
      description: 'A quotation needs a customer, a prospect or a lead; made from an opportunity, its party.',
    }),
    prospectId: linkField('prospect', 'Prospect', 'Interessent'),
    leadId: linkField('lead', 'Lead', 'Lead'),
    opportunityId: linkField('opportunity', 'Opportunity', 'Verkaufschance', { createOnly: true }),
    contactId: linkField('contact', 'Contact', 'Ansprechpartner'),
    addressId: linkField('address', 'Address', 'Adresse'),
    salesTeamId: linkField('salesTeam', 'Sales team', 'Vertriebsteam'),
    transactionDate: {
      type: 'date',
      label: { en: 'Date', de: 'Datum' },
      description: 'Today when left out.',
    },
    validTill: { type: 'date', label: { en: 'Valid till', de: 'Gültig bis' } },
    ...documentFields,
    terms: longText({ en: 'Terms and conditions', de: 'Geschäftsbedingungen' }, { maxLength: 20_000 }),
    notes: longText({ en: 'Notes', de: 'Notizen' }),
    status: {
      type: 'select',
      label: { en: 'Status', de: 'Status' },
      readOnly: true,
      options: QUOTATION_STATUSES,
      description: 'Follows the actions: submit, cancel, declare lost, orders and the daily expiry.',
    },
    amendedFrom: linkField('quotation', 'Amended from', 'Geändert aus', { readOnly: true }),
    amendment: { type: 'integer', label: { en: 'Amendment', de: 'Änderung' }, readOnly: true },
    submittedAt: systemTimeField('Submitted at', 'Eingereicht am'),
    cancelledAt: systemTimeField('Cancelled at', 'Storniert am'),
    expiredAt: systemTimeField('Expired at', 'Abgelaufen am'),
    lostAt: systemTimeField('Lost at', 'Verloren am'),
    lostReasonIds: {
      type: 'multilink',
      target: 'lostReason',
      label: { en: 'Lost reasons', de: 'Verlustgründe' },
      readOnly: true,
    },
    lostDetail: longText({ en: 'Why it was lost', de: 'Verlustdetails' }, { readOnly: true }),
    competitorIds: {
      type: 'multilink',
      target: 'competitor',
      label: { en: 'Competitors', de: 'Wettbewerber' },
      readOnly: true,
    },
  },
});
