/**
 * The convert dialog's choices and the request made from them (POST /leads/{id}/convert, src/modules/leads/
 * convert.ts): a customer — new with a name, an existing one, or none —, the contact to link — new from the
 * lead's person or an existing one —, and an opportunity with its fields. Pure, so the rules are unit-tested.
 */
import type { FieldProblem } from '../../app/api';
import { type FormValues, fromInput, toInput } from '../../views/record/form-values';
import type { RecordFieldMeta } from '../../views/record/record-types';

/** Choice values besides a record's id. */
export const NEW = 'new';
export const NONE = 'none';

/** The opportunity's fields the dialog lets the user set; the rest come from the lead. */
export const OPPORTUNITY_FIELDS = ['title', 'amount', 'currency', 'expectedCloseDate'];

type Values = Record<string, unknown>;

export interface ConversionCandidate {
  /** `customer` or `contact`; absent for leads. */
  entity?: string;
  id: string;
  title: string;
  matches: string[];
}

/** GET /leads/{id}/conversion: what converting would make, and the records the lead resembles. */
export interface ConversionPreview {
  customer: Values;
  contact: Values | null;
  address: Values | null;
  opportunity: Values;
  candidates: ConversionCandidate[];
}

export interface ConvertState {
  /** NEW, NONE or the id of an existing customer. */
  customer: string;
  customerName: string;
  /** NEW or the id of an existing contact; used only with a customer. */
  contact: string;
  opportunity: boolean;
  opportunityValues: FormValues;
}

export interface ConvertBody {
  customer?: { create: { name: string } } | { id: string };
  contact?: { id: string };
  opportunity?: Values;
}

const isObject = (value: unknown): value is Values =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function candidate(value: unknown): ConversionCandidate | null {
  if (!isObject(value) || typeof value.id !== 'string') return null;
  return {
    ...(typeof value.entity === 'string' ? { entity: value.entity } : {}),
    id: value.id,
    title: typeof value.title === 'string' ? value.title : '',
    matches: Array.isArray(value.matches) ? value.matches.filter((m) => typeof m === 'string') : [],
  };
}

/** The preview as the server sent it, read defensively (every member of its schema is optional). */
export function previewOf(data: unknown): ConversionPreview {
  const values = isObject(data) ? data : {};
  const candidates = Array.isArray(values.candidates) ? values.candidates : [];
  return {
    customer: isObject(values.customer) ? values.customer : {},
    contact: isObject(values.contact) ? values.contact : null,
    address: isObject(values.address) ? values.address : null,
    opportunity: isObject(values.opportunity) ? values.opportunity : {},
    candidates: candidates.map(candidate).filter((c): c is ConversionCandidate => c !== null),
  };
}

/** Candidates of one kind: `lead` for those without an entity (other leads, to merge first). */
export function candidatesOf(candidates: ConversionCandidate[], entity: string): ConversionCandidate[] {
  return candidates.filter((c) => (c.entity ?? 'lead') === entity);
}

/** Adds look-alikes a 409 named to those the dialog offers, each once. */
export function withCandidates(
  candidates: ConversionCandidate[],
  entity: string,
  found: { id: string; title: string; matches: string[] }[],
): ConversionCandidate[] {
  const known = new Set(candidates.filter((c) => c.entity === entity).map((c) => c.id));
  const added = found.filter((c) => !known.has(c.id)).map((c) => ({ ...c, entity }));
  return [...candidates, ...added];
}

/** The dialog's start: what the server proposes — a new customer and contact, and an opportunity. */
export function initialState(preview: ConversionPreview, opportunityFields: RecordFieldMeta[]): ConvertState {
  const name = preview.customer.name;
  return {
    customer: NEW,
    customerName: typeof name === 'string' ? name : '',
    contact: NEW,
    opportunity: opportunityFields.length > 0,
    opportunityValues: Object.fromEntries(
      opportunityFields.map((field) => [
        field.name,
        toInput(field, preview.opportunity[field.name] ?? field.default ?? null),
      ]),
    ),
  };
}

/** A conversion makes a customer, an opportunity or both. */
export function canConvert(state: ConvertState): boolean {
  return state.customer !== NONE || state.opportunity;
}

const required = (field: string): FieldProblem => ({ field, message: 'is required', code: 'required' });

/**
 * The request body, or the problems found before asking the server, at the paths the server would name
 * (`customer/name`, `opportunity/amount`). Opportunity fields left empty are left out: the server takes the
 * lead's values or the field's default.
 */
export function conversionRequest(
  state: ConvertState,
  opportunityFields: RecordFieldMeta[],
): { body: ConvertBody; errors: FieldProblem[] } {
  const body: ConvertBody = {};
  const errors: FieldProblem[] = [];
  if (state.customer === NEW) {
    const name = state.customerName.trim();
    if (name) body.customer = { create: { name } };
    else errors.push(required('customer/name'));
  } else if (state.customer !== NONE) {
    body.customer = { id: state.customer };
  }
  if (state.customer !== NONE && state.contact !== NEW) body.contact = { id: state.contact };
  if (state.opportunity) {
    const opportunity: Values = {};
    for (const field of opportunityFields) {
      const path = `opportunity/${field.name}`;
      const converted = fromInput(field, state.opportunityValues[field.name]);
      if ('error' in converted) {
        errors.push({ field: path, message: converted.error, code: converted.error });
      } else if (converted.value === null || converted.value === undefined) {
        if (field.required) errors.push(required(path));
      } else {
        opportunity[field.name] = converted.value;
      }
    }
    body.opportunity = opportunity;
  }
  if (!canConvert(state))
    errors.push({ ...required('(body)'), message: 'choose a customer or an opportunity' });
  return { body, errors };
}

export interface ConversionProblems {
  /** At the new customer's name. */
  customerName: FieldProblem[];
  /** At the opportunity's inputs, by field name. */
  opportunity: Record<string, FieldProblem[]>;
  /** Everything else (the contact or address made from the lead, a customer picked meanwhile trashed). */
  general: FieldProblem[];
}

/** Problems from the server or the request builder, placed where the dialog can show them. */
export function placeProblems(problems: FieldProblem[]): ConversionProblems {
  const placed: ConversionProblems = { customerName: [], opportunity: {}, general: [] };
  for (const problem of problems) {
    const [part, name] = problem.field.split('/');
    if (part === 'customer' && name === 'name') placed.customerName.push(problem);
    else if (part === 'opportunity' && name && OPPORTUNITY_FIELDS.includes(name))
      (placed.opportunity[name] ??= []).push(problem);
    else placed.general.push(problem);
  }
  return placed;
}

/** The paths a change of the dialog's state answers: the edited inputs, and the choice of what to make. */
function editedPaths(change: Partial<ConvertState>, before: ConvertState): string[] {
  const paths: string[] = [];
  if (change.customerName !== undefined) paths.push('customer/name');
  if (change.customer !== undefined) paths.push('customer', '(body)');
  if (change.contact !== undefined) paths.push('contact');
  if (change.opportunity !== undefined) paths.push('opportunity', '(body)');
  for (const [name, value] of Object.entries(change.opportunityValues ?? {})) {
    if (value !== before.opportunityValues[name]) paths.push(`opportunity/${name}`);
  }
  return paths;
}

/** The problems still standing after a change: those of the inputs edited and the parts chosen anew go. */
export function withoutEdited(
  problems: FieldProblem[],
  change: Partial<ConvertState>,
  before: ConvertState,
): FieldProblem[] {
  const paths = editedPaths(change, before);
  return problems.filter(
    (problem) => !paths.some((path) => problem.field === path || problem.field.startsWith(`${path}/`)),
  );
}

/** Which record a 409 `duplicates` is about: the part its field errors name (`contact/emails/0/email`). */
export function duplicatePart(problems: FieldProblem[] | undefined): 'customer' | 'contact' {
  return problems?.some((problem) => problem.field.startsWith('contact/')) ? 'contact' : 'customer';
}
