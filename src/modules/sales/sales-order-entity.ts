import { defineEntity } from '../../core/entity.js';
import { type FieldInput, linkField, selectOption as option, systemTimeField } from '../../core/fields.js';
import { longText } from '../opportunities/entities.js';
import { documentFields, linesSchema } from './document-fields.js';

/**
 * The sales order: what a customer ordered, made from a submitted quotation (all its lines or some quantities)
 * or on its own. Lines, taxes and totals as on the quotation (document-fields.ts); each line made from a
 * quotation line names it (`quotationLineId`), which is how a quotation knows how much of it is ordered.
 */

export const SALES_ORDER_STATUSES = [
  option('draft', 'Draft', 'Entwurf', 'gray'),
  option('to_deliver_and_bill', 'To Deliver and Bill', 'Zu liefern und abzurechnen', 'blue'),
  option('on_hold', 'On Hold', 'Angehalten', 'orange'),
  option('completed', 'Completed', 'Abgeschlossen', 'green'),
  option('cancelled', 'Cancelled', 'Storniert', 'dark'),
  option('closed', 'Closed', 'Geschlossen', 'gray'),
];
/** What a user sets on a submitted order (status-rules.md); to_deliver_and_bill resumes one on hold. */
export const ORDER_USER_STATUSES = ['on_hold', 'completed', 'closed', 'to_deliver_and_bill'] as const;

export const salesOrderEntity = defineEntity({
  name: 'salesOrder',
  table: 'sales_orders',
  path: 'sales-orders',
  label: { en: 'Sales order', de: 'Kundenauftrag' },
  labelPlural: { en: 'Sales orders', de: 'Kundenaufträge' },
  titleField: 'number',
  searchFields: ['number'],
  defaultSort: '-createdAt',
  systemFieldLabels: { ownerId: { en: 'Order owner', de: 'Verantwortlich' } },
  fields: {
    number: {
      type: 'text',
      label: { en: 'Number', de: 'Nummer' },
      readOnly: true,
      description: 'From the series SO-<year>-<five digits>.',
    },
    customerId: linkField('customer', 'Customer', 'Kunde', { required: true }),
    quotationId: linkField('quotation', 'Quotation', 'Angebot', { readOnly: true }),
    opportunityId: linkField('opportunity', 'Opportunity', 'Verkaufschance', { readOnly: true }),
    leadId: linkField('lead', 'Lead', 'Lead', {
      readOnly: true,
      description: 'The lead the order’s quotation (or its opportunity) was made for.',
    }),
    contactId: linkField('contact', 'Contact', 'Ansprechpartner'),
    addressId: linkField('address', 'Address', 'Adresse'),
    salesTeamId: linkField('salesTeam', 'Sales team', 'Vertriebsteam'),
    transactionDate: { type: 'date', label: { en: 'Order date', de: 'Auftragsdatum' } },
    deliveryDate: { type: 'date', label: { en: 'Delivery date', de: 'Liefertermin' } },
    ...documentFields,
    lines: {
      ...documentFields.lines,
      schema: linesSchema({
        quotationLineId: {
          type: ['string', 'null'],
          format: 'uuid',
          description: 'The quotation line it orders',
        },
      }),
    } as FieldInput,
    terms: longText({ en: 'Terms and conditions', de: 'Geschäftsbedingungen' }, { maxLength: 20_000 }),
    notes: longText({ en: 'Notes', de: 'Notizen' }),
    status: {
      type: 'select',
      label: { en: 'Status', de: 'Status' },
      options: SALES_ORDER_STATUSES,
      description:
        'Draft until submitted, then to deliver and bill; cancelled by cancel. On a submitted order you set on ' +
        'hold, completed or closed (and to deliver and bill again from on hold).',
    },
    submittedAt: systemTimeField('Submitted at', 'Eingereicht am'),
    cancelledAt: systemTimeField('Cancelled at', 'Storniert am'),
  },
});
