/**
 * Where a record's page lives in the app, from its entity's API path. Entities with a section of their own
 * (customers, contacts) open there, administration entities inside Settings, any other under `/records/`, so a
 * link to any record always leads somewhere, even for an entity no screen was written for.
 */

/** Entities with their own entry in the main navigation. */
const SECTIONS: Record<string, string> = {
  leads: '/leads',
  opportunities: '/opportunities',
  customers: '/customers',
  contacts: '/contacts',
  quotations: '/quotations',
  'sales-orders': '/sales-orders',
};

/** Entities administered under Settings (see modules/settings/sections.ts). */
export const SETTINGS_PATHS = [
  'users',
  'roles',
  'sales-teams',
  'api-keys',
  'custom-fields',
  'tags',
  'territories',
  'customer-groups',
  'sales-persons',
  'industries',
  'lead-sources',
  'campaigns',
  'item-groups',
  'items',
  'tax-templates',
  'company-settings',
  'sales-quotas',
] as const;

export function recordBase(path: string): string {
  if (SECTIONS[path]) return SECTIONS[path];
  if ((SETTINGS_PATHS as readonly string[]).includes(path)) return `/settings/${path}`;
  return `/records/${path}`;
}

export function recordHref(path: string, id: string): string {
  return `${recordBase(path)}/${encodeURIComponent(id)}`;
}

/**
 * The create form, optionally with values to start from (`?set.customerType=company`): a contact created from
 * its customer's page arrives with the link to the customer filled in.
 */
export function newRecordHref(path: string, prefill: Record<string, unknown> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(prefill)) {
    params.set(`set.${name}`, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const query = params.toString();
  return `${recordBase(path)}/new${query ? `?${query}` : ''}`;
}

export function trashHref(path: string): string {
  return `${recordBase(path)}/trash`;
}

/** Reads what newRecordHref wrote: text as it is, JSON (arrays, objects, numbers, booleans) parsed. */
export function prefillFromSearch(search: URLSearchParams): Record<string, unknown> {
  const prefill: Record<string, unknown> = {};
  for (const [key, text] of search) {
    if (!key.startsWith('set.')) continue;
    let value: unknown = text;
    if (/^[[{]|^(true|false)$/.test(text)) {
      try {
        value = JSON.parse(text);
      } catch {
        // Not JSON after all: the text itself is the value.
      }
    }
    prefill[key.slice(4)] = value;
  }
  return prefill;
}
