/**
 * How the records of one entity belong to a record of another, read from the metadata: a link field to it
 * (`customerId`), a multilink (`customerIds`), or a `links` list of `{entity, id, role}` (contacts and addresses
 * belong to customers, leads … that way). The answer is the list filter that finds them and the value a new
 * one starts with, so "add a contact" on a customer's page arrives linked to the customer.
 */
import type { ListFilter } from '../list-query';
import type { EntityMeta } from '../meta';

export interface Relation {
  /** The API list to ask, below /api/v1/: the child's own, or the parent's linked-records route. */
  listPath: string;
  filters: ListFilter[];
  /** What "add one" starts with; null: none is added from here (the link is set by the system). */
  prefill: Record<string, unknown> | null;
}

export function relationTo(child: EntityMeta, parent: EntityMeta, id: string): Relation | null {
  const own = child.fields.filter((field) => !field.system);
  const link = own.find((field) => field.type === 'link' && field.target === parent.name);
  if (link) {
    return {
      listPath: child.path,
      filters: [{ field: link.name, operator: 'eq', value: id }],
      prefill: link.readOnly ? null : { [link.name]: id },
    };
  }
  const multi = own.find((field) => field.type === 'multilink' && field.target === parent.name);
  if (multi) {
    return {
      listPath: child.path,
      filters: [{ field: multi.name, operator: 'contains', value: id }],
      prefill: multi.readOnly ? null : { [multi.name]: [id] },
    };
  }
  // A link list is searched by containment on the server's linked-records route (GET /customers/{id}/contacts).
  // /meta does not say which entities a list may name; a parent it may not name answers 404 there.
  const links = own.find((field) => field.name === 'links' && field.type === 'json');
  if (links) {
    return {
      listPath: `${parent.path}/${encodeURIComponent(id)}/${child.path}`,
      filters: [],
      prefill: { links: [{ entity: parent.name, id, role: null }] },
    };
  }
  return null;
}
