import type { Grants, RolePermissions } from '../../core/permissions.js';

const EVERYTHING: Grants = { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' };
const READ_ALL: Grants = { read: 'all' };
const OWN_KEYS: Grants = { read: 'own', create: 'own', delete: 'own' };
const PLATFORM_FOR_EVERYONE: RolePermissions = {
  user: READ_ALL,
  role: READ_ALL,
  salesTeam: READ_ALL,
  apiKey: OWN_KEYS,
};

export interface BuiltInRole {
  name: string;
  description: string;
  permissions: RolePermissions;
}

/**
 * The four roles of the product. `*` covers every CRM record type; later capabilities add entries of their own
 * (a Marketing User reads and writes leads and campaigns; quotations stay closed to them).
 */
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
    },
  },
  {
    name: 'Sales Representative',
    description: 'Their own records and those shared with them.',
    permissions: {
      '*': { read: 'own', create: 'own', update: 'own', delete: 'own' },
      ...PLATFORM_FOR_EVERYONE,
    },
  },
  {
    name: 'Marketing User',
    description: 'Leads, campaigns, lead sources and import; no quotations.',
    permissions: { ...PLATFORM_FOR_EVERYONE },
  },
];

export const ADMIN_ROLE = 'CRM Administrator';
