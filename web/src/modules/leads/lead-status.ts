/**
 * What the leads screens read from a lead's status metadata. Which statuses a user may set is not written down
 * here: the server describes `userStatus` (the status the user last set) with exactly those options, so the
 * screens follow the server when its rules change.
 */
import type { EntityMeta, FieldMeta } from '../../views/meta';

export const LEADS_PATH = 'leads';
export const CONVERTED = 'converted';

type Option = NonNullable<FieldMeta['options']>[number];

/** The statuses a user may set; the others (opportunity, quotation, converted …) follow related records. */
export function settableStatuses(lead: EntityMeta | undefined): Option[] {
  const field = lead?.fields.find((candidate) => candidate.name === 'userStatus');
  return field?.options ?? [];
}

export function isSettable(lead: EntityMeta | undefined, status: unknown): boolean {
  return settableStatuses(lead).some((option) => option.value === status);
}

/** The option describing a select field's value (label and colour), if the field and value are known. */
export function optionOf(entity: EntityMeta | undefined, field: string, value: unknown): Option | undefined {
  return entity?.fields
    .find((candidate) => candidate.name === field)
    ?.options?.find((o) => o.value === value);
}
