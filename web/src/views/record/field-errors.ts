/**
 * The API's field errors in the user's language. The server words its messages in English for integrators
 * ("must match format \"uri\""); its stable `code` (the JSON-schema keyword or a rule's name) picks a text of
 * ours instead, with the limit read from the message where one is needed.
 */
import type { FieldProblem } from '../../app/api';

export const ERROR_KEYS = [
  'required',
  'email',
  'url',
  'date',
  'phone',
  'link',
  'format',
  'pattern',
  'maxLength',
  'minLength',
  'minimum',
  'maximum',
  'maxItems',
  'unique',
  'type',
  'enum',
  'currency',
  'number',
  'integer',
  'json',
  'readOnly',
  'unknownField',
  'range',
  'other',
] as const;
export type ErrorKey = (typeof ERROR_KEYS)[number];

export interface ErrorText {
  key: ErrorKey;
  values: { limit?: string; detail?: string };
}

const FORMAT_BY_TYPE: Record<string, ErrorKey> = {
  email: 'email',
  url: 'url',
  uri: 'url',
  date: 'date',
  'date-time': 'date',
  datetime: 'date',
  phone: 'phone',
  link: 'link',
  uuid: 'link',
  multilink: 'link',
};

/** "must be on or after the start date" → "Must be on or after the start date." */
function sentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  return `${text[0]?.toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}

/**
 * The text for one problem at a field of the given type (for a nested json value, the schema `format` or the
 * property's type stands in).
 */
export function errorText(problem: FieldProblem, fieldType: string | undefined): ErrorText {
  const limit = /(\d+)/.exec(problem.message)?.[1];
  const detail = sentence(problem.message);
  switch (problem.code) {
    case 'required':
    case 'unique':
    case 'enum':
    case 'currency':
    case 'number':
    case 'integer':
    case 'json':
    case 'range':
      return { key: problem.code, values: { detail } };
    case 'link':
      return { key: 'link', values: {} };
    case 'format':
      return { key: FORMAT_BY_TYPE[fieldType ?? ''] ?? 'format', values: {} };
    case 'pattern':
      // A money value that does not match the decimal pattern is a number the user mistyped.
      return { key: fieldType === 'currency' ? 'number' : 'pattern', values: {} };
    case 'type':
      return {
        key: ['integer', 'number', 'percent', 'currency'].includes(fieldType ?? '') ? 'number' : 'type',
        values: {},
      };
    case 'maxLength':
    case 'minLength':
    case 'minimum':
    case 'maximum':
    case 'maxItems':
      return limit ? { key: problem.code, values: { limit } } : { key: 'other', values: { detail } };
    case 'readOnly':
    case 'createOnly':
      return { key: 'readOnly', values: {} };
    case 'additionalProperties':
      return { key: 'unknownField', values: {} };
    default:
      return { key: 'other', values: { detail } };
  }
}
