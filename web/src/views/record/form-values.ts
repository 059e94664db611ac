/**
 * The record form's values and the request body made from them. Inputs hold what is easy to edit (text, a
 * canonical decimal string, an ISO instant, id arrays); the body holds what the API reads. Pure, so the rules
 * (what is sent on create, only what changed on edit, empty means null) are unit-tested.
 */
import type { FieldProblem } from '../../app/api';
import type { EntityMeta } from '../meta';
import { isWholeNumber } from './numbers';
import type { RecordData, RecordFieldMeta } from './record-types';

export type Mode = 'create' | 'edit';
export type FormValues = Record<string, unknown>;

/** Something typed that cannot be read yet (a number or JSON with a typo): kept so the user can fix it. */
export interface Draft {
  draft: string;
  /** The error code shown at the field: `number`, `integer` or `json`. */
  code: string;
}

export function isDraft(value: unknown): value is Draft {
  return typeof value === 'object' && value !== null && 'draft' in value && 'code' in value;
}

/** Kept by the server, shown beside the form rather than in it. */
export const BOOKKEEPING_FIELDS = ['id', 'createdAt', 'updatedAt', 'createdBy', 'version', 'deletedAt'];

/** The entity's own fields lead; the owner and the tags, which every record has, follow them. */
export function formOrder<T extends { name: string; system: boolean }>(fields: T[]): T[] {
  const rank = (field: T) => (field.name === 'tagIds' ? 2 : field.system ? 1 : 0);
  return [...fields].sort((a, b) => rank(a) - rank(b));
}

export interface FormField {
  field: RecordFieldMeta;
  editable: boolean;
}

/**
 * The fields the form shows, in the definition's order: read-only ones only for a record that exists (there is
 * nothing to show before), create-only ones fixed once created, secrets other than passwords never, and the
 * owner only where records have owners.
 */
export function formFields(entity: EntityMeta, mode: Mode): FormField[] {
  const fields: FormField[] = [];
  for (const field of formOrder(entity.fields as RecordFieldMeta[])) {
    if (BOOKKEEPING_FIELDS.includes(field.name)) continue;
    if (field.name === 'ownerId' && !entity.owned) continue;
    if (field.writeOnly && field.type !== 'password') continue;
    if (field.readOnly) {
      if (mode === 'edit') fields.push({ field, editable: false });
      continue;
    }
    fields.push({ field, editable: !(mode === 'edit' && field.createOnly) });
  }
  return fields;
}

const NUMERIC = new Set(['integer', 'number', 'currency', 'percent']);
const ARRAYS = new Set(['multiselect', 'multilink']);

/** What an input holds for an API value. */
export function toInput(field: RecordFieldMeta, value: unknown): unknown {
  switch (field.type) {
    case 'password':
      return '';
    case 'boolean':
      return value === true;
    case 'multiselect':
    case 'multilink':
      return Array.isArray(value) ? value : [];
    case 'link':
      return typeof value === 'string' && value ? value : null;
    case 'json':
      return value ?? null;
    default:
      return value === null || value === undefined ? '' : String(value);
  }
}

export type Converted = { value: unknown } | { error: string };

/** What the API reads for an input's value; `undefined` leaves the field out (an untouched password). */
export function fromInput(field: RecordFieldMeta, value: unknown): Converted {
  if (isDraft(value)) return { error: value.code };
  if (field.type === 'password') return { value: value ? String(value) : undefined };
  if (field.type === 'boolean') return { value: value === true };
  if (ARRAYS.has(field.type)) return { value: Array.isArray(value) ? value : [] };
  if (field.type === 'json') return { value: value ?? null };
  if (value === null || value === undefined || value === '') return { value: null };
  if (NUMERIC.has(field.type)) {
    const text = String(value);
    if (field.type === 'currency') return { value: text };
    if (field.type === 'integer' && !isWholeNumber(text)) return { error: 'integer' };
    return { value: Number(text) };
  }
  return { value };
}

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * The form's starting values: the record's, or for a new one what the caller fills in (a link to the record
 * it was created from), else the field's default.
 */
export function initialValues(
  entity: EntityMeta,
  record: RecordData | null,
  prefill: Record<string, unknown> = {},
): FormValues {
  const values: FormValues = {};
  for (const { field } of formFields(entity, record ? 'edit' : 'create')) {
    const value = record ? record[field.name] : (prefill[field.name] ?? field.default ?? null);
    values[field.name] = toInput(field, value);
  }
  return values;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface Payload {
  body: Record<string, unknown>;
  /** Problems found before asking the server (unreadable numbers, missing required values). */
  errors: FieldProblem[];
}

/**
 * The body of POST (every field with a value; the server fills defaults) or PATCH (only the fields that
 * differ from the record as loaded, plus its version so a change by someone else in between answers 412).
 */
export function buildPayload(
  entity: EntityMeta,
  values: FormValues,
  record: RecordData | null,
  mode: Mode,
): Payload {
  const body: Record<string, unknown> = {};
  const errors: FieldProblem[] = [];
  for (const { field, editable } of formFields(entity, mode)) {
    if (!editable) continue;
    const converted = fromInput(field, values[field.name]);
    if ('error' in converted) {
      errors.push({ field: field.name, message: converted.error, code: converted.error });
      continue;
    }
    const { value } = converted;
    if (value === undefined) continue;
    // A required list (json with a default of []) may be empty; it must only be there.
    const missing = field.type === 'json' ? value === null : isEmpty(value);
    if (field.required && field.type !== 'boolean' && missing) {
      errors.push({ field: field.name, message: 'is required', code: 'required' });
      continue;
    }
    if (mode === 'create') {
      if (!isEmpty(value)) body[field.name] = value;
      continue;
    }
    // Compared with the record as the form would send it, so null and "" or 12.5 and "12.5" are no change.
    const loaded = fromInput(field, toInput(field, record?.[field.name]));
    if ('value' in loaded && same(loaded.value, value)) continue;
    body[field.name] = value;
  }
  if (mode === 'edit' && record) body.version = record.version;
  return { body, errors };
}

/** Whether the form differs from what it started with (the save button and the leave warning ask). */
export function isDirty(initial: FormValues, values: FormValues): boolean {
  return Object.keys(values).some((name) => !same(initial[name], values[name]));
}

/**
 * Field problems by the form field they belong to: `emails/0/email` belongs to `emails` (and its row), and
 * what belongs to no field of the form (`(body)`, a rule about the whole record) goes to the form's alert.
 */
export function splitProblems(
  problems: FieldProblem[],
  fieldNames: string[],
): { byField: Record<string, FieldProblem[]>; general: FieldProblem[] } {
  const byField: Record<string, FieldProblem[]> = {};
  const general: FieldProblem[] = [];
  for (const problem of problems) {
    const top = problem.field.split('/')[0] ?? '';
    if (fieldNames.includes(top)) (byField[top] ??= []).push(problem);
    else general.push(problem);
  }
  return { byField, general };
}
