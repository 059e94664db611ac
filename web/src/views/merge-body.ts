/**
 * What the merge dialog sends and shows, apart from merge.ts (which the list's selection bar imports): a module
 * both imported would land in the list's tools chunk and make the dialog's chunk depend on all of it.
 */
import type { EntityMeta } from './meta';

/** Per mergeable entity (merge.ts), the fields that tell its records apart in the merge dialog. */
const MERGE_FIELDS: Record<string, string[]> = {
  contacts: ['primaryEmail', 'primaryPhone', 'companyName', 'updatedAt'],
  customers: ['taxId', 'customerType', 'website', 'updatedAt'],
};

/** The fields of the entity shown beside each record's title, those the metadata knows (a user may not see all). */
export function keyFields(entity: EntityMeta): string[] {
  const names = new Set(entity.fields.map((field) => field.name));
  return (MERGE_FIELDS[entity.path] ?? []).filter((name) => names.has(name));
}

export interface MergeBody {
  survivorId: string;
  mergedIds: string[];
  version?: number;
}

/**
 * The request body: every selected record but the survivor is merged into it; the survivor's version as read,
 * so a change made meanwhile answers 412 instead of being merged over.
 */
export function mergeBody(ids: string[], survivorId: string, version: unknown): MergeBody {
  const body: MergeBody = { survivorId, mergedIds: ids.filter((id) => id !== survivorId) };
  if (typeof version === 'number') body.version = version;
  return body;
}
