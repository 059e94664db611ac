import { defineEntity } from '../../core/entity.js';
import { type FieldInput, selectOption as option, textField as text } from '../../core/fields.js';
import { salutationField } from '../contacts/entities.js';

/**
 * The lead: a person or organisation that showed interest and is not yet a customer. Its status follows
 * ../shared/spec/status-rules.md (status.ts); score, grade and probability are kept by scoring; the owner is set
 * by assignment rules when the creator leaves it open.
 */

const note = (en: string, de: string): FieldInput => ({
  type: 'longText',
  label: { en, de },
  maxLength: 5000,
});

export const LEAD_STATUSES = [
  option('lead', 'Lead', 'Lead', 'gray'),
  option('open', 'Open', 'Offen', 'blue'),
  option('replied', 'Replied', 'Beantwortet', 'cyan'),
  option('interested', 'Interested', 'Interessiert', 'violet'),
  option('do_not_contact', 'Do Not Contact', 'Nicht kontaktieren', 'red'),
  option('opportunity', 'Opportunity', 'Chance', 'grape'),
  option('quotation', 'Quotation', 'Angebot', 'orange'),
  option('lost_quotation', 'Lost Quotation', 'Verlorenes Angebot', 'pink'),
  option('converted', 'Converted', 'Umgewandelt', 'green'),
];

/** What a user may set; every other status is derived from the lead's opportunities, quotations and customer. */
export const USER_STATUSES = ['lead', 'open', 'replied', 'interested', 'do_not_contact'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const GRADES = ['A', 'B', 'C', 'D'] as const;
const GRADE_COLOURS = { A: 'teal', B: 'blue', C: 'yellow', D: 'gray' };

export const leadEntity = defineEntity({
  name: 'lead',
  table: 'leads',
  label: { en: 'Lead', de: 'Lead' },
  labelPlural: { en: 'Leads', de: 'Leads' },
  titleField: 'title',
  searchFields: ['title', 'companyName', 'email'],
  defaultSort: '-createdAt',
  systemFieldLabels: { ownerId: { en: 'Lead owner', de: 'Lead-Verantwortlicher' } },
  fields: {
    salutation: salutationField,
    firstName: text({ en: 'First name', de: 'Vorname' }, 100),
    lastName: text({ en: 'Last name', de: 'Nachname' }, 100),
    title: text({ en: 'Lead', de: 'Lead' }, 310, {
      readOnly: true,
      description: 'The person’s name, else the company; set by the system. A lead needs one of them.',
    }),
    jobTitle: text({ en: 'Job title', de: 'Position' }, 140),
    companyName: text({ en: 'Company', de: 'Firma' }, 200),
    email: {
      type: 'email',
      label: { en: 'E-mail', de: 'E-Mail' },
      description: 'Stored in lower case.',
    },
    phone: {
      type: 'phone',
      label: { en: 'Phone', de: 'Telefon' },
      description: 'Stored in E.164 (+4930…); read in the lead’s country, else CRM_DEFAULT_COUNTRY.',
    },
    mobile: { type: 'phone', label: { en: 'Mobile', de: 'Mobil' } },
    website: { type: 'url', label: { en: 'Website', de: 'Website' } },
    industryId: { type: 'link', target: 'industry', label: { en: 'Industry', de: 'Branche' } },
    employees: {
      type: 'integer',
      label: { en: 'Employees', de: 'Mitarbeiter' },
      min: 0,
      max: 10_000_000,
    },
    annualRevenue: {
      type: 'currency',
      label: { en: 'Annual revenue', de: 'Jahresumsatz' },
      description: 'In the company currency; not negative.',
    },
    addressLine1: text({ en: 'Street', de: 'Straße' }, 200),
    addressLine2: text({ en: 'Address line 2', de: 'Adresszusatz' }, 200),
    postalCode: text({ en: 'Postal code', de: 'PLZ' }, 20),
    city: text({ en: 'City', de: 'Ort' }, 100),
    state: text({ en: 'State', de: 'Bundesland' }, 100),
    country: text({ en: 'Country', de: 'Land' }, 2, {
      pattern: '^[A-Za-z]{2}$',
      description: 'ISO 3166-1 code such as DE; stored in capitals.',
    }),
    territoryId: { type: 'link', target: 'territory', label: { en: 'Territory', de: 'Gebiet' } },
    sourceId: { type: 'link', target: 'leadSource', label: { en: 'Source', de: 'Quelle' } },
    campaignId: { type: 'link', target: 'campaign', label: { en: 'Campaign', de: 'Kampagne' } },
    utmSource: text({ en: 'UTM source', de: 'UTM-Quelle' }, 200),
    utmMedium: text({ en: 'UTM medium', de: 'UTM-Medium' }, 200),
    utmCampaign: text({ en: 'UTM campaign', de: 'UTM-Kampagne' }, 200),
    rating: {
      type: 'select',
      label: { en: 'Rating', de: 'Bewertung' },
      options: [
        option('hot', 'Hot', 'Heiß', 'red'),
        option('warm', 'Warm', 'Warm', 'orange'),
        option('cold', 'Cold', 'Kalt', 'blue'),
      ],
    },
    status: {
      type: 'select',
      label: { en: 'Status', de: 'Status' },
      required: true,
      default: 'lead',
      options: LEAD_STATUSES,
      description:
        'You set lead, open, replied, interested and do_not_contact; opportunity, quotation, lost_quotation ' +
        'and converted follow from the lead’s opportunities, quotations and customer.',
    },
    doNotContact: {
      type: 'boolean',
      label: { en: 'Do not contact', de: 'Nicht kontaktieren' },
      required: true,
      default: false,
      description: 'Consent: no e-mail goes to the lead while set, whatever its status.',
    },
    qualificationStatus: {
      type: 'select',
      label: { en: 'Qualification', de: 'Qualifizierung' },
      required: true,
      default: 'unqualified',
      options: [
        option('unqualified', 'Unqualified', 'Nicht qualifiziert', 'gray'),
        option('in_process', 'In Process', 'In Bearbeitung', 'yellow'),
        option('qualified', 'Qualified', 'Qualifiziert', 'green'),
      ],
    },
    qualifiedBy: {
      type: 'link',
      target: 'user',
      label: { en: 'Qualified by', de: 'Qualifiziert von' },
      description: 'Set to you when you mark the lead qualified, unless you name someone.',
    },
    qualifiedOn: { type: 'date', label: { en: 'Qualified on', de: 'Qualifiziert am' } },
    budget: note('Budget', 'Budget'),
    authority: note('Authority', 'Entscheidungsbefugnis'),
    need: note('Need', 'Bedarf'),
    timeline: note('Timeline', 'Zeitrahmen'),
    notes: note('Notes', 'Notizen'),
    score: {
      type: 'integer',
      label: { en: 'Score', de: 'Punktzahl' },
      readOnly: true,
      description: 'Points of the scoring rules; GET /leads/{id}/score explains them.',
    },
    grade: {
      type: 'select',
      label: { en: 'Grade', de: 'Einstufung' },
      readOnly: true,
      options: GRADES.map((g) => option(g, g, g, GRADE_COLOURS[g])),
    },
    probability: {
      type: 'percent',
      label: { en: 'Conversion probability', de: 'Abschlusswahrscheinlichkeit' },
      readOnly: true,
      description: 'Learned from this team’s won and lost leads; empty until there is enough history.',
    },
    customerId: {
      type: 'link',
      target: 'customer',
      label: { en: 'Customer', de: 'Kunde' },
      readOnly: true,
      description: 'The customer made from this lead.',
    },
    convertedAt: { type: 'datetime', label: { en: 'Converted at', de: 'Umgewandelt am' }, readOnly: true },
    // The status the user last set: it stands again when no derived status applies (status.ts).
    userStatus: {
      type: 'select',
      label: { en: 'Status set by hand', de: 'Manuell gesetzter Status' },
      readOnly: true,
      options: LEAD_STATUSES.filter((o) => (USER_STATUSES as readonly string[]).includes(o.value)),
    },
  },
});

export const leadEntities = [leadEntity];
