/**
 * Which lists offer "Merge". Only contacts and customers have the API's
 * merge routes (`POST /api/v1/<path>/merge`, src/http/merge-routes.ts); the list names them explicitly rather
 * than probing the OpenAPI document, so no request is spent finding out on every list.
 */
import type { EntityMeta } from './meta';

/** Entities with merge routes. */
export const MERGEABLE = new Set(['leads', 'contacts', 'customers']);

/** The API merges up to ten records into a survivor (MAX_MERGED in src/core/merge.ts). */
export const MAX_MERGED = 10;

/** Merging needs the routes, and the right to change the survivor and to delete the others. */
export function canMerge(entity: EntityMeta): boolean {
  return (
    MERGEABLE.has(entity.path) && Boolean(entity.permissions.update) && Boolean(entity.permissions.delete)
  );
}

/** Whether a selection of this many rows can be merged in one request. */
export function mergeableCount(count: number): boolean {
  return count >= 2 && count <= MAX_MERGED + 1;
}
