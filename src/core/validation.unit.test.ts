import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineEntity } from './entity.js';
import type { FieldError } from './errors.js';
import { type FieldDef } from './fields.js';
import { CURRENCY_PATTERN, DEFAULT_TEXT_LENGTH } from './field-values.js';
import { type WriteMode, validateWrite, writeSchema } from './validation.js';

const l = (en: string) => ({ en, de: en });
const options = ['new', 'won', 'lost'].map((value) => ({ value, label: l(value) }));

const shapeSchema = { type: 'object', properties: { n: { type: 'integer' } }, additionalProperties: false };
/** Every field type, with the flags that change what a write may carry. */
const probe = defineEntity({
  name: 'probe',
  table: 'probes',
  label: l('Probe'),
  labelPlural: l('Probes'),
  titleField: 'title',
  fields: {
    title: { type: 'text', label: l('Title'), required: true, maxLength: 80 },
    code: { type: 'text', label: l('Code'), required: true, default: 'X' },
    notes: { type: 'longText', label: l('Notes'), maxLength: 500 },
    body: { type: 'html', label: l('Body'), maxLength: 300 },
    email: { type: 'email', label: l('E-mail') },
    phone: { type: 'phone', label: l('Phone') },
    website: { type: 'url', label: l('Website') },
    count: { type: 'integer', label: l('Count'), min: -50, max: 5000 },
    ratio: { type: 'number', label: l('Ratio'), min: -1, max: 1 },
    amount: { type: 'currency', label: l('Amount') },
    share: { type: 'percent', label: l('Share') },
    due: { type: 'date', label: l('Due') },
    at: { type: 'datetime', label: l('At') },
    stage: { type: 'select', label: l('Stage'), options, required: true },
    tags: { type: 'multiselect', label: l('Tags'), options },
    parentId: { type: 'link', label: l('Parent'), target: 'probe' },
    relatedIds: { type: 'multilink', label: l('Related'), target: 'probe' },
    active: { type: 'boolean', label: l('Active') },
    extra: { type: 'json', label: l('Extra') },
    shape: { type: 'json', label: l('Shape'), schema: shapeSchema },
    secret: { type: 'password', label: l('Secret'), writeOnly: true },
    frozen: { type: 'text', label: l('Frozen'), readOnly: true },
    fixed: { type: 'text', label: l('Fixed'), createOnly: true },
  },
});

const fields = Object.values(probe.allFields);
const writable = (mode: WriteMode) =>
  fields.filter((f) => !f.readOnly && !(mode === 'patch' && f.createOnly));
const text = (max: number) => fc.string({ unit: 'binary', maxLength: max });
const dates = fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true });

/** A value of the field's type as a client writes it in JSON. */
function validValue(field: FieldDef): fc.Arbitrary<unknown> {
  switch (field.type) {
    case 'text':
    case 'phone':
    case 'longText':
    case 'html':
      return text(field.maxLength ?? DEFAULT_TEXT_LENGTH);
    case 'password':
      return text(200).filter((s) => [...s].length >= 10);
    case 'email':
      return fc.emailAddress().filter((s) => s.length <= DEFAULT_TEXT_LENGTH);
    case 'url':
      return fc.webUrl({ withQueryParameters: true, withFragments: true }).filter((s) => s.length <= 2048);
    case 'integer':
      return fc.integer({ min: field.min ?? -(2 ** 31), max: field.max ?? 2 ** 31 - 1 });
    case 'number':
      return fc.double({ min: field.min ?? -1e300, max: field.max ?? 1e300, noNaN: true });
    case 'percent':
      return fc.double({ min: 0, max: 100, noNaN: true });
    case 'currency':
      return fc.stringMatching(new RegExp(CURRENCY_PATTERN));
    case 'date':
      return dates.map((d) => d.toISOString().slice(0, 10));
    case 'datetime':
      return dates.map((d) => d.toISOString());
    case 'select':
      return fc.constantFrom(...options.map((o) => o.value));
    case 'multiselect':
      return fc.uniqueArray(fc.constantFrom(...options.map((o) => o.value)));
    case 'link':
      return fc.uuid();
    case 'multilink':
      return fc.uniqueArray(fc.uuid(), { maxLength: 5 });
    case 'boolean':
      return fc.boolean();
    case 'json':
      return field.schema ? fc.record({ n: fc.integer() }, { requiredKeys: [] }) : fc.jsonValue();
  }
}

const scalars = { str: fc.string(), int: fc.integer(), frac: fc.double({ noInteger: true, noNaN: true }) };
const containers = fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.object());
const noAt = fc.string().filter((s) => !s.includes('@'));
const notOption = fc.string().filter((s) => !options.some((o) => o.value === s));
const urn = fc.uuid().map((u) => `urn:uuid:${u}`);

/** A value of another JSON type, or outside the field's domain; json fields without a schema take anything. */
function invalidValue(field: FieldDef): fc.Arbitrary<unknown> | undefined {
  const notString = fc.oneof(scalars.int, fc.boolean(), containers);
  const notNumber = fc.oneof(scalars.str, fc.boolean(), containers);
  switch (field.type) {
    case 'text':
    case 'phone':
    case 'longText':
    case 'html':
    case 'password':
      return notString;
    case 'email':
      return fc.oneof(notString, noAt);
    case 'url':
      return fc.oneof(notString, fc.constantFrom('no scheme', 'http://exa mple.com', '://x'));
    case 'integer':
      return fc.oneof(notNumber, scalars.frac, fc.integer({ min: (field.max ?? 0) + 1 }));
    case 'number':
    case 'percent':
      return fc.oneof(notNumber, fc.double({ min: 101, noNaN: true }), fc.double({ max: -51, noNaN: true }));
    case 'currency':
      return fc.oneof(notString, fc.constantFrom('1.23456', '1e3', '', ' 1', 'NaN'));
    case 'date':
    case 'datetime':
      return fc.oneof(notString, fc.constantFrom('2024-02-30', '2024-13-01', '2024-01-01T25:00:00Z'));
    case 'select':
      return fc.oneof(notString, notOption);
    case 'multiselect':
      return fc.oneof(scalars.str, scalars.int, fc.constant(['new', 'new']), fc.constant(['nope']));
    case 'link':
      return fc.oneof(notString, fc.string(), urn);
    case 'multilink':
      return fc.oneof(scalars.str, fc.dictionary(fc.string(), fc.string()), fc.constant(['not-a-uuid']));
    case 'boolean':
      return fc.oneof(scalars.str, scalars.int, containers, fc.constantFrom('true', 0, 1));
    case 'json':
      return field.schema ? fc.oneof(scalars.str, fc.constant({ n: 'x' }), fc.constant({ m: 1 })) : undefined;
  }
}

/** A valid body: on create every required field without default, and some others (null where optional). */
function validBody(mode: WriteMode): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of writable(mode)) shape[f.name] = f.required ? validValue(f) : fc.option(validValue(f));
  if (mode === 'patch') shape.version = fc.integer({ min: 1 });
  const requiredKeys =
    mode === 'create' ? writable(mode).filter((f) => f.required && f.default === undefined) : [];
  return fc.record(shape, { requiredKeys: requiredKeys.map((f) => f.name) });
}

const mode = fc.constantFrom<WriteMode>('create', 'patch');
/** A mode and a body valid in it. */
const modeAndBody = mode.chain((m) => fc.tuple(fc.constant(m), validBody(m)));
const prefix = fc.constantFrom('', 'items/7');
const at = (p: string, name: string) => (p ? `${p}/${name}` : name);
const names = (errors: FieldError[]) => errors.map((e) => e.field);

describe('validateWrite (property-based)', () => {
  it('accepts bodies whose values match each field type', () => {
    fc.assert(
      fc.property(modeAndBody, ([m, body]) => {
        expect(validateWrite(probe, m, body)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('names exactly the field that has a value of the wrong type or outside its domain', () => {
    const broken = mode.chain((m) =>
      fc
        .constantFrom(...writable(m).filter((f) => invalidValue(f)))
        .chain((f) =>
          fc.tuple(fc.constant(m), fc.constant(f), validBody(m), invalidValue(f) as fc.Arbitrary<unknown>),
        ),
    );
    fc.assert(
      fc.property(broken, prefix, ([m, field, body, value], p) => {
        const errors = validateWrite(probe, m, { ...body, [field.name]: value }, p);
        expect(errors.length).toBeGreaterThan(0);
        for (const name of names(errors))
          expect(name === at(p, field.name) || name.startsWith(`${at(p, field.name)}/`)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses null for required fields and names what a create leaves out', () => {
    const required = fields.filter((f) => f.required && !f.readOnly);
    fc.assert(
      fc.property(
        modeAndBody,
        validBody('create'),
        fc.constantFrom(...required),
        ([m, body], full, field) => {
          expect(names(validateWrite(probe, m, { ...body, [field.name]: null }))).toEqual([field.name]);
          const { [field.name]: _left, ...rest } = full;
          const missing = validateWrite(probe, 'create', rest);
          expect(missing).toEqual(
            field.default === undefined
              ? [{ field: field.name, message: 'is required', code: 'required' }]
              : [],
          );
        },
      ),
    );
  });

  it('names strings longer than the field allows', () => {
    const limited = fields.filter(
      (f) => ['text', 'phone', 'longText', 'html', 'email'].includes(f.type) && !f.readOnly,
    );
    fc.assert(
      fc.property(
        modeAndBody,
        fc.constantFrom(...limited),
        fc.integer({ min: 1, max: 50 }),
        ([m, body], field, extra) => {
          fc.pre(writable(m).includes(field));
          const max = field.type === 'email' ? DEFAULT_TEXT_LENGTH : (field.maxLength ?? DEFAULT_TEXT_LENGTH);
          const long =
            field.type === 'email' ? `${'a'.repeat(max + extra - 12)}@example.com` : 'ü'.repeat(max + extra);
          const errors = validateWrite(probe, m, { ...body, [field.name]: long });
          expect(errors).toEqual([expect.objectContaining({ field: field.name, code: 'maxLength' })]);
        },
      ),
    );
  });

  it('names unknown fields, read-only fields and create-only fields on patch, once each', () => {
    // The empty name is left out: it is reported as the body itself, which is what a form can show.
    const unknown = fc
      .string({ minLength: 1 })
      .filter((k) => !Object.hasOwn(probe.allFields, k) && k !== 'version');
    fc.assert(
      fc.property(
        modeAndBody,
        fc.uniqueArray(unknown, { minLength: 1, maxLength: 3 }),
        prefix,
        ([m, body], keys, p) => {
          const withUnknown = { ...body, ...Object.fromEntries(keys.map((k) => [k, 1])) };
          const errors = validateWrite(probe, m, withUnknown, p);
          expect(errors.every((e) => e.code === 'additionalProperties')).toBe(true);
          expect(names(errors).sort()).toEqual(keys.map((k) => at(p, k)).sort());
        },
      ),
    );
    const readOnly = fields.filter((f) => f.readOnly);
    fc.assert(
      fc.property(modeAndBody, fc.constantFrom(...readOnly), fc.jsonValue(), ([m, body], field, value) => {
        fc.pre(!(m === 'patch' && field.name === 'version'));
        const errors = validateWrite(probe, m, { ...body, [field.name]: value });
        expect(errors).toEqual([expect.objectContaining({ field: field.name, code: 'readOnly' })]);
      }),
    );
    fc.assert(
      fc.property(validBody('patch'), validValue(probe.allFields.fixed as FieldDef), (body, fixed) => {
        expect(validateWrite(probe, 'patch', { ...body, fixed })).toEqual([
          expect.objectContaining({ field: 'fixed', code: 'createOnly' }),
        ]);
      }),
    );
  });

  it('never throws, whatever the body', () => {
    const anything = fc.anything({
      withBoxedValues: true,
      withMap: true,
      withNullPrototype: true,
      withDate: true,
    });
    const key = fc.constantFrom(...fields.map((f) => f.name), 'version', 'constructor', '__proto__');
    const keyed = fc.dictionary(key, anything);
    fc.assert(
      fc.property(mode, fc.oneof(anything, keyed), prefix, (m, body, p) => {
        const errors = validateWrite(probe, m, body, p);
        for (const e of errors) expect(e.field === (p || '(body)') || e.field.startsWith(p)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('derives the documented schema: required fields only on create, version only on patch', () => {
    const create = writeSchema(probe, 'create');
    const patch = writeSchema(probe, 'patch');
    expect(create.required).toEqual(['title', 'stage']);
    expect(patch.required).toBeUndefined();
    expect(Object.keys(create.properties as object)).not.toContain('version');
    expect(Object.keys(patch.properties as object)).toContain('version');
    expect(Object.keys(patch.properties as object)).not.toContain('fixed');
    for (const f of fields.filter((x) => x.readOnly)) expect(create.properties).not.toHaveProperty(f.name);
  });
});
