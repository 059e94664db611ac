import fc from 'fast-check';
import { Kysely, PostgresDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { defineEntity } from './entity.js';
import { BadRequest } from './errors.js';
import { FIELD_TYPES, type FieldDef } from './fields.js';
import { CURRENCY_PATTERN } from './field-values.js';
import { OPERATORS, type Operator, operatorsFor } from './fields.js';
import { type Filter, type SortKey, parseListQuery, parseSort } from './filter.js';
import { afterCursor, decodeCursor, encodeCursor, filterCondition } from './query.js';

const l = (en: string) => ({ en, de: en });
const options = ['new', 'won', 'lost'].map((value) => ({ value, label: l(value) }));
// A field of every type, named after it, so a new type is covered at once (options, target: where they apply).
const common = { options, target: 'probe' };
const secret = (t: string) => t === 'password';
const typeFields = FIELD_TYPES.map((t) => [t, { ...common, type: t, label: l(t), writeOnly: secret(t) }]);
const probe = defineEntity({
  name: 'probe',
  table: 'probes',
  label: l('Probe'),
  labelPlural: l('Probes'),
  titleField: 'title',
  fields: {
    ...Object.fromEntries(typeFields),
    title: { type: 'text', label: l('Title'), required: true, maxLength: 80 },
  },
});
const allFields = Object.values(probe.allFields);
const filterable = allFields.filter((f) => f.filterable);
const sortable = allFields.filter((f) => f.sortable);

/** A value as a client types it into a query string, and what the parser must make of it. */
type Sample = { raw: string; typed: unknown };
const same = (raw: string): Sample => ({ raw, typed: raw });
// -0 prints as "0": adding 0 turns it into the 0 the parser reads back.
const num = (n: number): Sample => ({ raw: String(n + 0), typed: n + 0 });
// The parser caps values at 1,000 UTF-16 units and refuses NUL, which PostgreSQL text cannot hold.
const noNul = (max: number) =>
  fc.string({ unit: 'binary', maxLength: max }).filter((s) => !s.includes('\0') && s.length <= 1000);
const dates = fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true });

/** A valid value of one item of the field (arrays filter by their items). */
function scalarSample(field: FieldDef): fc.Arbitrary<Sample> {
  switch (field.type) {
    case 'integer':
      return fc.integer({ min: field.min ?? -(2 ** 31), max: field.max ?? 2 ** 31 - 1 }).map(num);
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map(num);
    case 'percent':
      return fc.double({ min: 0, max: 100, noNaN: true }).map(num);
    case 'currency':
      return fc.stringMatching(new RegExp(CURRENCY_PATTERN)).map(same);
    case 'date':
    case 'datetime':
      return dates.map((d) => same(d.toISOString().slice(0, field.type === 'date' ? 10 : undefined)));
    case 'select':
    case 'multiselect':
      return fc.constantFrom(...options.map((o) => o.value)).map(same);
    case 'link':
    case 'multilink':
      return fc.uuid().map(same);
    case 'boolean':
      return fc.boolean().map((b) => ({ raw: String(b), typed: b }));
    default:
      return noNul(Math.min(field.maxLength ?? 255, 1000)).map(same);
  }
}

type Value = { raws: string[]; typed: unknown };
/** A value the parser must accept for the operator on the field, as raw query values and as parsed. */
function filterValue(field: FieldDef, op: Operator): fc.Arbitrary<Value> {
  const array = field.type === 'multiselect' || field.type === 'multilink';
  if (op === 'isNull') return fc.boolean().map((b) => ({ raws: [String(b)], typed: b }));
  if ((op === 'contains' || op === 'startsWith') && !array)
    return noNul(1000).map((s) => ({ raws: [s], typed: s }));
  if (op === 'in' || op === 'nin' || op === 'between') {
    const n = op === 'between' ? { minLength: 2, maxLength: 2 } : { minLength: 1, maxLength: 6 };
    // A JSON array keeps commas inside values; repeating the parameter must give the same list.
    return fc.tuple(fc.array(scalarSample(field), n), fc.boolean()).map(([items, repeat]) => ({
      raws: repeat ? items.map((i) => JSON.stringify([i.raw])) : [JSON.stringify(items.map((i) => i.raw))],
      typed: items.map((i) => i.typed),
    }));
  }
  return scalarSample(field).map((s) => ({ raws: [s.raw], typed: s.typed }));
}

/** A filterable field and one of the operators of its type. */
const fieldAndOp = fc
  .constantFrom(...filterable)
  .chain((f) => fc.tuple(fc.constant(f), fc.constantFrom(...operatorsFor(f.type))));
const validFilter = fieldAndOp.chain(([field, op]) =>
  fc.tuple(filterValue(field, op), fc.boolean()).map(([value, short]) => ({ field, op, value, short })),
);

const parse = (query: Record<string, string>) => () => parseListQuery(probe, query);
function expectBadRequest(run: () => unknown, field?: string, code?: string): BadRequest {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequest);
    const bad = error as BadRequest;
    if (field !== undefined) expect(bad.errors.map((e) => e.field)).toContain(field);
    if (code !== undefined) expect(bad.errors.map((e) => e.code)).toContain(code);
    return bad;
  }
  throw new Error('expected a BadRequest, got a result');
}

/** Names every object inherits: they must never be taken for fields. */
const prototypeNames = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const unknownName = fc
  .oneof(fc.stringMatching(/^[A-Za-z0-9_]{1,20}$/), fc.constantFrom(...prototypeNames, 'password'))
  .filter((name) => !Object.hasOwn(probe.allFields, name) || name === 'password');

describe('parseListQuery (property-based)', () => {
  it('throws nothing but BadRequest for any query object', () => {
    const name = fc.oneof(fc.constantFrom(...allFields.map((f) => f.name), ...prototypeNames), fc.string());
    const op = fc.oneof(fc.constantFrom(...OPERATORS), fc.string());
    const key = fc.oneof(
      fc.constantFrom('sort', 'limit', 'cursor', 'fields', 'total', 'trash'),
      fc.tuple(name, fc.option(op)).map(([n, o]) => (o === null ? `filter[${n}]` : `filter[${n}][${o}]`)),
      fc.string(),
    );
    const special = ['true', 'false', 'null', '[]', '[1,"a",null]', 'a,b', '1e999', 'NaN', '-0', '0x10', ''];
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...special), fc.uuid());
    const value = fc.oneof(text, fc.array(text, { maxLength: 3 }), fc.constant(undefined));
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (query) => {
        try {
          for (const f of parseListQuery(probe, query).filters)
            expect(probe.allFields[f.field.name]).toBe(f.field);
        } catch (error) {
          expect(error).toBeInstanceOf(BadRequest);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('parses every valid filter to its field, operator and typed value', () => {
    // `filter[f]` is short for `filter[f][eq]`.
    const keyOf = (f: { field: FieldDef; op: Operator; short: boolean }) =>
      f.short && f.op === 'eq' ? `filter[${f.field.name}]` : `filter[${f.field.name}][${f.op}]`;
    fc.assert(
      fc.property(fc.uniqueArray(validFilter, { minLength: 1, maxLength: 4, selector: keyOf }), (specs) => {
        const raw = (v: Value) => (v.raws.length === 1 ? (v.raws[0] as string) : v.raws);
        const query = Object.fromEntries(specs.map((f) => [keyOf(f), raw(f.value)]));
        const parsed = parseListQuery(probe, query).filters.map((f) => [f.field, f.op, f.value]);
        expect(parsed).toEqual(specs.map((s) => [s.field, s.op, s.value.typed]));
      }),
      { numRuns: 1000 },
    );
  });

  it('answers 400 naming the parameter for unknown fields, operators and parameters', () => {
    fc.assert(
      fc.property(unknownName, fc.option(fc.constantFrom(...OPERATORS)), (name, op) => {
        const key = op ? `filter[${name}][${op}]` : `filter[${name}]`;
        expectBadRequest(parse({ [key]: '1' }), key, 'unknownField');
        expectBadRequest(parse({ sort: `-${name}` }), 'sort', 'unknownField');
        expectBadRequest(parse({ fields: `title,${name}` }), 'fields', 'unknownField');
      }),
    );
    const badOp = fc.oneof(fc.stringMatching(/^[A-Za-z]{1,12}$/), fc.constantFrom(...OPERATORS));
    fc.assert(
      fc.property(fc.constantFrom(...filterable), badOp, (field, op) => {
        fc.pre(!operatorsFor(field.type).includes(op as Operator));
        const key = `filter[${field.name}][${op}]`;
        expectBadRequest(parse({ [key]: 'x' }), key, 'unknownOperator');
      }),
    );
    const param = fc.string().filter((k) => !/^(sort|limit|cursor|fields|total|trash|filter\[.*)$/.test(k));
    fc.assert(
      fc.property(fc.uniqueArray(param, { minLength: 1, maxLength: 4 }), (keys) => {
        const bad = expectBadRequest(parse(Object.fromEntries(keys.map((k) => [k, '1']))));
        expect(bad.errors.map((e) => e.field).sort()).toEqual([...keys].sort());
        expect(new Set(bad.errors.map((e) => e.code))).toEqual(new Set(['unknownParameter']));
      }),
    );
    expectBadRequest(parse({ 'filter[json]': '1' }), 'filter[json]', 'notFilterable');
    expectBadRequest(parse({ sort: 'multiselect' }), 'sort', 'notSortable');
    const notUuid = 'filter[multilink][contains]';
    expectBadRequest(parse({ [notUuid]: 'abc' }), notUuid);
    expectBadRequest(parse({ 'filter[title]': 'a\0b' }), 'filter[title]');
  });
});

const sortKey = fc.record({ field: fc.constantFrom(...sortable), desc: fc.boolean() });
const sortSpec = fc.uniqueArray(sortKey, { minLength: 1, maxLength: 5, selector: (k) => k.field.name });
const cursorValue = fc.option(fc.string({ unit: 'binary', maxLength: 1000 }), { nil: null });
const sortAndValues = sortSpec.chain((sort) =>
  fc.tuple(fc.constant(sort), fc.array(cursorValue, { minLength: sort.length, maxLength: sort.length })),
);

describe('parseSort and cursors (property-based)', () => {
  it('parses every valid sort and refuses repeats and more than five keys', () => {
    fc.assert(
      fc.property(sortSpec, fc.boolean(), (keys, plus) => {
        const raw = keys.map((k) => `${k.desc ? '-' : plus ? '+' : ''}${k.field.name}`).join(',');
        expect(parseSort(probe, raw)).toEqual(keys);
        const again = `${keys[0]?.desc ? '' : '-'}${keys[0]?.field.name}`;
        expectBadRequest(() => parseSort(probe, `${raw},${again}`), 'sort');
      }),
    );
    const six = sortable.slice(0, 6).map((f) => f.name);
    expectBadRequest(() => parseSort(probe, six.join(',')), 'sort');
  });

  // A cursor is not signed: an edited one may decode to other text values, which SQL then reads as data
  // (test/keyset.test.ts checks those answer 400). Anything else must be refused here.
  it('round-trips cursors, refuses them for another sort, and refuses tampered ones or reads them as text', () => {
    const sig = (s: SortKey[]) => s.map((k) => `${k.desc}${k.field.name}`).join();
    fc.assert(
      fc.property(sortAndValues, sortSpec, ([sort, values], other) => {
        const cursor = encodeCursor(sort, values);
        expect(decodeCursor(cursor, sort)).toEqual(values);
        if (sig(other) !== sig(sort)) expectBadRequest(() => decodeCursor(cursor, other), 'cursor');
      }),
    );
    const at = (c: string, n: number) => n % c.length;
    const replaceAt = (n: number, s: string) => (c: string) =>
      c.slice(0, at(c, n)) + s + c.slice(at(c, n) + 1);
    const tamper = fc.oneof(
      fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 3 })).map(([n, s]) => replaceAt(n, s)),
      fc.nat().map((n) => (c: string) => c.slice(0, at(c, n))),
      fc.string().map((s) => (c: string) => c + s),
      fc.string({ unit: 'binary' }).map((s) => () => s),
      fc.jsonValue().map((j) => () => Buffer.from(JSON.stringify(j)).toString('base64url')),
    );
    fc.assert(
      fc.property(sortAndValues, tamper, ([sort, values], change) => {
        try {
          const decoded = decodeCursor(change(encodeCursor(sort, values)), sort);
          expect(decoded).toHaveLength(sort.length);
          expect(decoded.every((v) => v === null || (typeof v === 'string' && v.length <= 1000))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(BadRequest);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

/** PostgreSQL's compiler without a database, so the SQL text can be checked for user input. */
const compiler = new Kysely<Record<string, never>>({
  dialect: new PostgresDialect({ pool: () => Promise.reject(new Error('compiles only; never connects')) }),
});
const field = (name: string) => probe.allFields[name] as FieldDef;
const F = (name: string, op: Operator, value: unknown): Filter => ({ field: field(name), op, value });
const evil = `x'); DROP TABLE probes; --`;

describe('SQL of filters and cursors', () => {
  it('puts filter and cursor values in parameters, cast to the column type; NULLs last ascending', () => {
    const examples: Array<[Filter, string, unknown[]]> = [
      [F('title', 'eq', evil), '"t"."title" = CAST($1 AS text)', [evil]],
      [F('title', 'contains', '50%_'), '"t"."title"::text ILIKE $1', ['%50\\%\\_%']],
      [
        F('integer', 'nin', [1, 2]),
        'NOT ("t"."integer" = ANY(CAST($1 AS integer[]))) OR "t"."integer" IS NULL',
        [[1, 2]],
      ],
      [F('multiselect', 'contains', evil), '"t"."multiselect" @> CAST($1 AS text[])', [[evil]]],
    ];
    for (const [filter, text, parameters] of examples) {
      expect(filterCondition(filter, 't').compile(compiler)).toMatchObject({ sql: text, parameters });
    }
    const sort = ['date', 'title'].map((name, i) => ({ field: field(name), desc: i === 0 }));
    expect(afterCursor(sort, [null, evil], 't').compile(compiler)).toMatchObject({
      sql: '("t"."date" IS NOT NULL OR ("t"."date" IS NULL AND ("t"."title" > CAST($1 AS text) OR "t"."title" IS NULL)))',
      parameters: [evil],
    });
  });

  it('never lets a value change the SQL text: the text depends on field and operator alone', () => {
    const twoValues = fieldAndOp
      .filter(([, op]) => op !== 'isNull')
      .chain(([f, op]) => fc.tuple(fc.constant(f), fc.constant(op), filterValue(f, op), filterValue(f, op)));
    fc.assert(
      fc.property(twoValues, ([f, op, a, b]) => {
        const sqlOf = (v: Value) =>
          filterCondition({ field: f, op, value: v.typed }, 't').compile(compiler).sql;
        expect(sqlOf(a)).toBe(sqlOf(b));
        expect(sqlOf(a).match(/\$\d+/g)).toHaveLength(op === 'between' ? 2 : 1);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(sortAndValues, ([sort, values]) => {
        const nulls = values.map((v) => (v === null ? null : 'v'));
        const compiled = afterCursor(sort, values, 't').compile(compiler);
        expect(compiled.sql).toBe(afterCursor(sort, nulls, 't').compile(compiler).sql);
        for (const p of compiled.parameters) expect(values).toContain(p);
      }),
    );
  });
});
