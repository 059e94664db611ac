import { describe, expect, it } from 'vitest';
import type { EntityMeta } from '../meta';
import { errorText } from './field-errors';
import { buildPayload, formFields, initialValues, isDirty, splitProblems } from './form-values';
import { itemFields } from './json-items';
import { newRecordHref, prefillFromSearch, recordHref } from './record-href';
import type { RecordData, RecordFieldMeta } from './record-types';

const field = (name: string, type: string, extra: Partial<RecordFieldMeta> = {}): RecordFieldMeta => ({
  name,
  type,
  label: { en: name, de: name },
  required: false,
  readOnly: false,
  writeOnly: false,
  system: false,
  filterable: true,
  sortable: true,
  operators: [],
  ...extra,
});

const system = { system: true, readOnly: true };
const entity: EntityMeta = {
  name: 'customer',
  path: 'customers',
  label: { en: 'Customer', de: 'Kunde' },
  labelPlural: { en: 'Customers', de: 'Kunden' },
  titleField: 'name',
  searchFields: ['name'],
  defaultSort: 'name',
  owned: true,
  permissions: { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' },
  fields: [
    field('id', 'link', system),
    field('version', 'integer', system),
    field('createdAt', 'datetime', system),
    field('ownerId', 'link', { system: true, target: 'user' }),
    field('name', 'text', { required: true }),
    field('kind', 'select', { default: 'company' }),
    field('budget', 'currency'),
    field('employees', 'integer'),
    field('active', 'boolean'),
    field('tagIds', 'multilink', { target: 'tag' }),
    field('code', 'text', { createOnly: true }),
    field('builtIn', 'boolean', { readOnly: true }),
    field('password', 'password', { writeOnly: true }),
    field('secret', 'text', { writeOnly: true }),
  ],
};

const record: RecordData = {
  id: 'c1',
  version: 4,
  deletedAt: null,
  ownerId: 'u1',
  name: 'ACME',
  kind: 'company',
  budget: '1234.50',
  employees: 12,
  active: null,
  tagIds: [],
  code: 'A1',
  builtIn: false,
};

describe('formFields', () => {
  it('shows read-only fields only once a record exists and fixes create-only fields after creation', () => {
    const create = formFields(entity, 'create').map((f) => `${f.field.name}${f.editable ? '' : '(ro)'}`);
    expect(create).toEqual([
      'name',
      'kind',
      'budget',
      'employees',
      'active',
      'code',
      'password',
      'ownerId',
      'tagIds',
    ]);
    const edit = formFields(entity, 'edit').map((f) => `${f.field.name}${f.editable ? '' : '(ro)'}`);
    expect(edit).toContain('code(ro)');
    expect(edit).toContain('builtIn(ro)');
    expect(edit).not.toContain('secret');
    expect(formFields({ ...entity, owned: false }, 'edit').map((f) => f.field.name)).not.toContain('ownerId');
  });
});

describe('buildPayload', () => {
  it('creates with the values given and the defaults filled in, leaving empty fields to the server', () => {
    const values = initialValues(entity, null, { name: 'Neu GmbH' });
    expect(values.kind).toBe('company');
    const { body, errors } = buildPayload(entity, { ...values, budget: '99.90' }, null, 'create');
    expect(errors).toEqual([]);
    expect(body).toEqual({ name: 'Neu GmbH', kind: 'company', budget: '99.90', active: false });
  });

  it('patches only what changed, with the version read, and sends null for a cleared field', () => {
    const values = initialValues(entity, record);
    expect(isDirty(values, values)).toBe(false);
    const changed = { ...values, budget: '', employees: '13', password: 'a new secret' };
    expect(isDirty(values, changed)).toBe(true);
    const { body } = buildPayload(entity, changed, record, 'edit');
    expect(body).toEqual({ budget: null, employees: 13, password: 'a new secret', version: 4 });
  });

  it('refuses a missing required value, an unreadable number and a fraction in an integer field', () => {
    const values = initialValues(entity, record);
    const { errors } = buildPayload(
      entity,
      { ...values, name: '  ', budget: { draft: '12x', code: 'number' }, employees: '1.5' },
      record,
      'edit',
    );
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual(['budget:number', 'employees:integer']);
    const missing = buildPayload(entity, { ...values, name: '' }, record, 'edit');
    expect(missing.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['name:required']);
  });
});

describe('field problems', () => {
  it('puts nested problems at their top-level field and the rest in the general list', () => {
    const { byField, general } = splitProblems(
      [
        { field: 'emails/0/email', message: 'must match format "email"', code: 'format' },
        { field: 'name', message: 'is required', code: 'required' },
        { field: '(body)', message: 'must be a JSON object', code: 'type' },
      ],
      ['name', 'emails'],
    );
    expect(Object.keys(byField)).toEqual(['emails', 'name']);
    expect(general.map((p) => p.field)).toEqual(['(body)']);
  });

  it('words problems by their code, with the limit the server named', () => {
    expect(
      errorText({ field: 'website', message: 'must match format "uri"', code: 'format' }, 'url'),
    ).toEqual({
      key: 'url',
      values: {},
    });
    expect(
      errorText(
        { field: 'name', message: 'must NOT have more than 200 characters', code: 'maxLength' },
        'text',
      ),
    ).toEqual({ key: 'maxLength', values: { limit: '200' } });
    expect(
      errorText({ field: 'budget', message: 'must match pattern "…"', code: 'pattern' }, 'currency').key,
    ).toBe('number');
    expect(
      errorText({ field: 'endDate', message: 'must be on or after the start date', code: 'range' }, 'date'),
    ).toEqual({ key: 'range', values: { detail: 'Must be on or after the start date.' } });
  });
});

describe('json lists of objects', () => {
  it('takes row inputs from the schema', () => {
    const fields = itemFields(
      {
        type: 'array',
        items: {
          type: 'object',
          required: ['email'],
          properties: {
            email: { type: 'string', format: 'email' },
            kind: { type: 'string', enum: ['work', 'home'] },
            primary: { type: 'boolean' },
          },
        },
      },
      [],
    );
    expect(fields?.map((f) => `${f.name}:${f.type}${f.required ? '!' : ''}`)).toEqual([
      'email:email!',
      'kind:select',
      'primary:boolean',
    ]);
  });

  it('infers them from the values without a schema, and gives up on nested or non-list values', () => {
    expect(itemFields(undefined, [{ phone: '+49 30 1234', isPrimary: true }])?.map((f) => f.type)).toEqual([
      'phone',
      'boolean',
    ]);
    expect(itemFields(undefined, [{ a: { b: 1 } }])).toBeNull();
    expect(itemFields(undefined, { read: 'all' })).toBeNull();
    expect(itemFields(undefined, [])).toBeNull();
  });
});

describe('record links', () => {
  it('sends each entity to its section, administration to Settings, the rest to /records', () => {
    expect(recordHref('customers', 'c1')).toBe('/customers/c1');
    expect(recordHref('users', 'u1')).toBe('/settings/users/u1');
    expect(recordHref('addresses', 'a1')).toBe('/records/addresses/a1');
  });

  it('carries values for a new record in the URL and reads them back', () => {
    const href = newRecordHref('contacts', { customerId: 'c1', links: [{ entity: 'customer', id: 'c1' }] });
    const search = new URLSearchParams(href.split('?')[1]);
    expect(href.startsWith('/contacts/new?')).toBe(true);
    expect(prefillFromSearch(search)).toEqual({
      customerId: 'c1',
      links: [{ entity: 'customer', id: 'c1' }],
    });
  });
});
