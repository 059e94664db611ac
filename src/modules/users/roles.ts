import type { Grants, RolePermissions } from '../../core/permissions.js';

const EVERYTHING: Grants = { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' };
const READ_ALL: Grants = { read: 'all' };
const OWN_KEYS: Grants = { read: 'own', create: 'own', delete: 'own' };
const PLATFORM_FOR_EVERYONE: RolePermissions = {
  user: READ_ALL,
  role: READ_ALL,
  salesTeam: READ_ALL,
  apiKey: OWN_KEYS,
  // Anyone may label a record with a new tag; renaming or removing one changes every record that carries it.
  tag: { read: 'all', create: 'all' },
  // Saved list views are personal; shared ones are readable by all through the views module's own queries.
  savedView: { read: 'own', create: 'own', update: 'own', delete: 'own' },
  // Custom field definitions: readable by all; only administrators (through `*`) add, change or remove them.
  customField: READ_ALL,
  // Web forms (src/modules/leads/web-forms): everyone sees where leads come from; marketing builds them.
  webForm: READ_ALL,
  // Lead scoring rules (src/modules/leads/scoring): everyone may see why a lead scores; marketing sets them.
  leadScoringRule: READ_ALL,
  // Lead assignment rules and rep capacities (src/modules/leads/assignment): read by all, run by sales managers.
  assignmentRule: READ_ALL,
  repCapacity: READ_ALL,
  // Follow-up rules (src/modules/activities): everyone may see why a task was made for them; managers set them.
  followUpRule: READ_ALL,
  // Booking pages (src/modules/activities/booking): everyone may see how visitors book them; managers and marketing
  // publish them.
  bookingPage: READ_ALL,
  // The company's details print on every document; administrators change them (through `*`).
  companySettings: READ_ALL,
};

/**
 * Settings-like masters (src/modules/masters, the pipelines, stages, lost reasons and competitors of
 * src/modules/opportunities, the items and taxes of src/modules/sales): every role picks from them; few may change them.
 */
const SETTINGS_MASTERS = [
  'territory',
  'customerGroup',
  'industry',
  'leadSource',
  'salesPerson',
  'campaign',
  'pipeline',
  'pipelineStage',
  'lostReason',
  'competitor',
  'itemGroup',
  'item',
  'taxTemplate',
];
const MARKETING_MASTERS = ['leadSource', 'campaign'];
/** Marketing reads the people and organisations it targets (src/modules/contacts); sales roles have them by `*`. */
const MARKETING_READS = ['contact', 'address', 'prospect'];
const mastersWith = (grants: Grants, names = SETTINGS_MASTERS): RolePermissions =>
  Object.fromEntries(names.map((name) => [name, grants]));

export interface BuiltInRole {
  name: string;
  description: string;
  permissions: RolePermissions;
}

/**
 * The four roles of the product. `*` covers every CRM record type (customers among them); settings-like masters
 * have entries of their own: readable by all, changed by administrators and sales managers, lead sources and
 * campaigns by marketing too. Later capabilities add entries (a Marketing User will read and write leads;
 * quotations stay closed to them). Stored roles get entries added since they were seeded, once (seed-roles.ts).
 */
const OWN_WORK: Grants = { read: 'own', create: 'own', update: 'own', delete: 'own' };

export const BUILT_IN_ROLES: BuiltInRole[] = [
  {
    name: 'CRM Administrator',
    description: 'Everything: users, roles, settings and every record.',
    permissions: { '*': EVERYTHING },
  },
  {
    name: 'Sales Manager',
    description: 'All records of their teams; assignment and reports.',
    permissions: {
      '*': { read: 'team', create: 'team', update: 'team', delete: 'team', export: 'team' },
      ...PLATFORM_FOR_EVERYONE,
      ...mastersWith(EVERYTHING),
      tag: EVERYTHING,
      // Changing assignment rules is also what lets a manager assign leads in bulk (POST /leads/assign).
      assignmentRule: EVERYTHING,
      repCapacity: EVERYTHING,
      followUpRule: EVERYTHING,
      bookingPage: EVERYTHING,
    },
  },
  {
    name: 'Sales Representative',
    description: 'Their own records and those shared with them.',
    permissions: {
      '*': { read: 'own', create: 'own', update: 'own', delete: 'own' },
      ...PLATFORM_FOR_EVERYONE,
      ...mastersWith(READ_ALL),
      // Quotas are set by managers; a representative sees their own.
      salesQuota: { read: 'own' },
    },
  },
  {
    name: 'Marketing User',
    description: 'Leads, campaigns, lead sources and import; no quotations.',
    permissions: {
      ...PLATFORM_FOR_EVERYONE,
      ...mastersWith(READ_ALL),
      ...mastersWith(EVERYTHING, MARKETING_MASTERS),
      ...mastersWith(READ_ALL, MARKETING_READS),
      // Marketing captures, qualifies and nurtures every lead; deals and quotations stay with sales.
      lead: EVERYTHING,
      webForm: EVERYTHING,
      bookingPage: EVERYTHING,
      leadScoringRule: EVERYTHING,
      // Their own notes, calls, meetings, tasks and files; others' they read through the leads they see.
      ...mastersWith(OWN_WORK, ['note', 'call', 'meeting', 'task', 'attachment']),
    },
  },
];

export const ADMIN_ROLE = 'CRM Administrator';
