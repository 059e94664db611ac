import type { EntityDef } from '../core/entity.js';
import type { FieldInput } from '../core/fields.js';
import type { Records } from '../core/records.js';
import { type ApiRecord, rowToRecord } from '../core/row.js';

/**
 * Records that visitors reach without a login at an address named by a slug (web forms, booking pages): the
 * fields that name and switch such a record, the route parameter and the lookup of the live one.
 */

/** A slug: lower-case letters, digits and single hyphens. */
export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
const slugPattern = new RegExp(SLUG_PATTERN);
const MAX_SLUG = 80;

/** The slug, `active` and `language` fields, each described for the entity's own address and behaviour. */
export function publicAddressFields(describe: {
  slug: string;
  active: string;
  language: string;
}): Record<'slug' | 'active' | 'language', FieldInput> {
  return {
    slug: {
      type: 'text',
      label: { en: 'Address name (slug)', de: 'Adressname (Slug)' },
      required: true,
      unique: true,
      maxLength: MAX_SLUG,
      pattern: SLUG_PATTERN,
      description: describe.slug,
    },
    active: {
      type: 'boolean',
      label: { en: 'Active', de: 'Aktiv' },
      required: true,
      default: true,
      description: describe.active,
    },
    language: {
      type: 'select',
      label: { en: 'Language', de: 'Sprache' },
      required: true,
      default: 'en',
      options: [
        { value: 'en', label: { en: 'English', de: 'Englisch' } },
        { value: 'de', label: { en: 'German', de: 'Deutsch' } },
      ],
      description: describe.language,
    },
  };
}

/** The `{slug}` route parameter. */
export function slugParams(description: string) {
  return {
    type: 'object',
    properties: { slug: { type: 'string', maxLength: MAX_SLUG, description } },
    required: ['slug'],
    additionalProperties: false,
  } as const;
}

/** The live, active record with this slug, or null; what is not shaped like a slug (NUL …) is not looked up. */
export async function findActiveBySlug(
  records: Records,
  entity: EntityDef,
  slug: string,
): Promise<ApiRecord | null> {
  if (!slugPattern.test(slug) || slug.length > MAX_SLUG) return null;
  const current = records.current(entity);
  const row = await records.db
    .selectFrom(current.table)
    .selectAll()
    .where('slug', '=', slug)
    .where('deleted_at', 'is', null)
    .where('active', '=', true)
    .executeTakeFirst();
  return row ? rowToRecord(current, row) : null;
}
