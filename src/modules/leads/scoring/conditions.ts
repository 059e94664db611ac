import type { ValidateFunction } from 'ajv';
import type { EntityDef } from '../../../core/entity.js';
import type { FieldError } from '../../../core/errors.js';
import { scalarSchema } from '../../../core/field-values.js';
import { type FieldDef, type FieldType, type Operator, operatorsFor } from '../../../core/fields.js';
import type { ApiRecord } from '../../../core/row.js';
import { ajv, fieldErrorsFromAjv } from '../../../core/validation.js';
import type { RuleOperator } from './entities.js';
import type { LeadEventKind } from './events.js';

/** A scoring rule as the scorer uses it: the record's columns read into one of three kinds of condition. */
export type Condition =
  | { kind: 'field'; field: string; operator: RuleOperator; value: unknown }
  | { kind: 'businessEmail' }
  | { kind: 'event'; eventKind: LeadEventKind; counting: 'once' | 'each'; decayDays: number | null };

export interface ScoringRule {
  id: string;
  name: string;
  points: number;
  condition: Condition;
}

/** Column names of a stored rule (the rule cache reads them as one JSON array). */
export function ruleFromRow(row: Record<string, unknown>): ScoringRule {
  const kind = row.condition_kind;
  const condition: Condition =
    kind === 'field'
      ? {
          kind,
          field: row.field as string,
          operator: row.operator as RuleOperator,
          value: row.value ?? null,
        }
      : kind === 'event'
        ? {
            kind,
            eventKind: row.event_kind as LeadEventKind,
            counting: row.counting === 'each' ? 'each' : 'once',
            decayDays: (row.decay_days as number | null) ?? null,
          }
        : { kind: 'businessEmail' };
  return { id: row.id as string, name: row.name as string, points: row.points as number, condition };
}

const TEXTUAL = new Set<FieldType>(['text', 'email', 'phone', 'url']);
const RANGES = new Set<Operator>(['lt', 'lte', 'gt', 'gte']);

/**
 * What a rule may ask of a field of this type: what a list filter may, less ranges of text ("name ≥ M" says
 * nothing about a lead's worth). Every filter operator but `within` is a rule operator (RULE_OPERATORS).
 */
export function ruleOperatorsFor(field: FieldDef): RuleOperator[] {
  const operators = operatorsFor(field.type) as RuleOperator[];
  return TEXTUAL.has(field.type) ? operators.filter((operator) => !RANGES.has(operator)) : operators;
}

/**
 * Why a field cannot carry a rule, if it cannot. Fields the system sets (score itself, title, conversion) and the
 * status — which follows opportunities and customers in writes that do not pass the lead's rules — would leave a
 * score that the next write of the lead changes for no visible reason.
 */
export function unscorable(field: FieldDef | undefined, name: string): string | undefined {
  if (!field || field.writeOnly) return `the lead has no field "${name}"`;
  if (name === 'status')
    return 'the status follows opportunities and customers; score the qualification instead';
  if (field.readOnly) return `"${name}" is set by the system and cannot be scored`;
  if (ruleOperatorsFor(field).length === 0)
    return `"${name}" holds structured data that rules cannot compare`;
  return undefined;
}

const isArrayType = (field: FieldDef) => field.type === 'multiselect' || field.type === 'multilink';

/** The JSON schema of a rule's value for this field and operator. */
function valueSchemaOf(field: FieldDef, operator: RuleOperator): Record<string, unknown> {
  const scalar = scalarSchema(field);
  const list = (min: number, max: number) => ({ type: 'array', minItems: min, maxItems: max, items: scalar });
  if (operator === 'isNull') return { type: 'boolean' };
  if (operator === 'in' || operator === 'nin' || (operator === 'contains' && isArrayType(field))) {
    return list(1, 100);
  }
  if (operator === 'between') return list(2, 2);
  if (operator === 'contains' || operator === 'startsWith')
    return { type: 'string', minLength: 1, maxLength: 200 };
  return scalar;
}

const validators = new Map<string, ValidateFunction>();
function validatorOf(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  return validate;
}

/**
 * Checks a field condition against the lead's metadata as it is now (custom fields included): the field exists and
 * can be scored, the operator applies to its type, and the value is what the operator needs. Errors name the
 * rule's field that is wrong, so the client can show them at the input.
 */
export function checkFieldCondition(lead: EntityDef, rule: ApiRecord): FieldError[] {
  const name = rule.field;
  if (typeof name !== 'string' || name === '') {
    return [{ field: 'field', message: 'is required for a field condition', code: 'required' }];
  }
  // Own fields only: a name such as "__proto__" must find nothing, not Object's prototype.
  const field = Object.hasOwn(lead.allFields, name) ? lead.allFields[name] : undefined;
  const problem = unscorable(field, name);
  if (problem || !field) return [{ field: 'field', message: problem ?? '', code: 'field' }];
  const operator = rule.operator as RuleOperator | null;
  if (!operator)
    return [{ field: 'operator', message: 'is required for a field condition', code: 'required' }];
  const allowed = ruleOperatorsFor(field);
  if (!allowed.includes(operator)) {
    const message = `"${operator}" does not apply to ${field.label.en} (${field.type}); use ${allowed.join(', ')}`;
    return [{ field: 'operator', message, code: 'operator' }];
  }
  const value = rule.value;
  if (value === null || value === undefined) {
    return [{ field: 'value', message: `is required for "${operator}"`, code: 'required' }];
  }
  const validate = validatorOf(valueSchemaOf(field, operator));
  if (!validate(value)) return fieldErrorsFromAjv(validate.errors, 'value');
  if (operator === 'between') {
    const [from, to] = value as unknown[];
    if (compare(field, from, to) > 0) return [{ field: 'value', message: 'from is after to', code: 'range' }];
  }
  return [];
}

/** Compares two values of a field: numbers and money by amount, times by instant, text without regard to case. */
export function compare(field: FieldDef, a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (field.type === 'currency') return compareDecimal(String(a), String(b));
  if (field.type === 'datetime') return Date.parse(String(a)) - Date.parse(String(b));
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b ? 0 : 1;
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Exact comparison of decimal strings ("-12.5" < "3"), so money never passes through binary floating point. */
export function compareDecimal(a: string, b: string): number {
  const difference = scaled(a) - scaled(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** A decimal as an integer count of ten-thousandths: money has at most four decimals (CURRENCY_PATTERN). */
function scaled(text: string): bigint {
  const [whole = '0', fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const amount = BigInt(whole || '0') * 10_000n + BigInt(`${fraction}0000`.slice(0, 4));
  return text.startsWith('-') ? -amount : amount;
}

const empty = (value: unknown) =>
  value === null || value === undefined || (Array.isArray(value) && !value.length);

/**
 * Whether a lead's value meets a field condition. A lead without a value meets only `isNull`: a rule about a
 * value says nothing about leads that lack it, as a list filter would not select them either.
 */
export function meets(field: FieldDef, operator: RuleOperator, ruleValue: unknown, value: unknown): boolean {
  if (operator === 'isNull') return empty(value) === ruleValue;
  if (empty(value)) return false;
  const equal = (other: unknown) => compare(field, value, other) === 0;
  if (isArrayType(field)) {
    const items = (value as unknown[]).map((item) => String(item).toLowerCase());
    const wanted = (ruleValue as unknown[]).map((item) => String(item).toLowerCase());
    return operator === 'contains'
      ? wanted.every((item) => items.includes(item))
      : wanted.some((item) => items.includes(item));
  }
  switch (operator) {
    case 'eq':
      return equal(ruleValue);
    case 'ne':
      return !equal(ruleValue);
    case 'in':
      return (ruleValue as unknown[]).some(equal);
    case 'nin':
      return !(ruleValue as unknown[]).some(equal);
    case 'lt':
      return compare(field, value, ruleValue) < 0;
    case 'lte':
      return compare(field, value, ruleValue) <= 0;
    case 'gt':
      return compare(field, value, ruleValue) > 0;
    case 'gte':
      return compare(field, value, ruleValue) >= 0;
    case 'between': {
      const [from, to] = ruleValue as unknown[];
      return compare(field, value, from) >= 0 && compare(field, value, to) <= 0;
    }
    case 'contains':
      return String(value).toLowerCase().includes(String(ruleValue).toLowerCase());
    case 'startsWith':
      return String(value).toLowerCase().startsWith(String(ruleValue).toLowerCase());
  }
}
