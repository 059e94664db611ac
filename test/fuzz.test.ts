import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { defineEntity } from '../src/core/entity.js';
import { FIELD_TYPES } from '../src/core/fields.js';
import { registerRecordRoutes } from '../src/http/record-routes.js';
import { allModules } from '../src/modules/index.js';
import type { CrmModule } from '../src/modules/module.js';
import { recordTableSql } from './record-table.js';
import { createTestCrm } from './harness.js';

// Runs per operation: each schema branch a few times in < 30 s. Raise FUZZ_RUNS for a deeper search.
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
type Schema = Record<string, unknown>;

const l = (en: string) => ({ en, de: en });
const options = ['a', 'b'].map((value) => ({ value, label: l(value) }));
// A field of every type, named after it, so a new type is fuzzed at once; links of both kinds point at users.
const common = { options, target: 'user' };
const secret = (t: string) => t === 'password';
const typeFields = FIELD_TYPES.map((t) => [t, { ...common, type: t, label: l(t), writeOnly: secret(t) }]);
const gadget = defineEntity({
  name: 'fuzzGadget',
  table: 'fuzz_gadgets',
  label: l('Gadget'),
  labelPlural: l('Gadgets'),
  titleField: 'name',
  searchFields: ['name', 'email'],
  fields: {
    ...Object.fromEntries(typeFields),
    name: { type: 'text', label: l('Name'), required: true, unique: true, maxLength: 40 },
  },
});
const gadgetModule: CrmModule = {
  name: 'fuzz-test',
  entities: [gadget],
  register: ({ app, records }) => registerRecordRoutes(app, records, gadget),
};

// Top-level await: the operations come from the running app's OpenAPI document, and each becomes one test.
const crm = await createTestCrm({ modules: [...allModules, gadgetModule] });
// A unique constraint and a foreign key, so the fuzzer meets PostgreSQL's refusals too (409, 422).
await sql
  .raw(recordTableSql(gadget, ['UNIQUE (name)', 'FOREIGN KEY (link) REFERENCES users (id)']))
  .execute(crm.database.db);
const admin = await crm.createUser('CRM Administrator');
const other = await crm.createUser('Sales Representative');
const api = crm.as(admin);
afterAll(() => crm.close());

const spec = (await crm.anonymous.get('/api/openapi.json')).json() as {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
};
type MetaField = { name: string; type: string; operators: string[] };
const meta = (await api.get('/api/v1/meta')).json().data as Array<{ path: string; fields: MetaField[] }>;

type Named = { id: string; name: string };
/** Ids of records that exist (never the administrator's own user, role or key, which would lock the fuzzer out). */
const pool: string[] = [other.id];
const created = await Promise.all([
  api.post('/api/v1/sales-teams', { name: 'Fuzz team', memberIds: [other.id] }),
  api.post('/api/v1/roles', { name: 'Fuzz role', permissions: {} }),
  api.post('/api/v1/fuzz-gadgets', { name: 'seed', ownerId: other.id }),
  api.post('/api/v1/api-keys', { name: 'other', ownerId: other.id }),
]);
for (const response of created) pool.push(response.json().data.id);
const builtIn = (await api.get('/api/v1/roles?filter[builtIn]=true')).json().data as Named[];
pool.push(...builtIn.filter((r) => r.name !== 'CRM Administrator').map((r) => r.id));

const refName = (ref: unknown) => String(ref).replace(/^#\/components\/schemas\/|#$/g, '');
const resolve = (s: Schema): Schema => (s.$ref ? resolve(spec.components.schemas[refName(s.$ref)] ?? {}) : s);

/** Strings that have broken servers before: NUL (PostgreSQL text refuses it), lone surrogates, SQL, LIKE wildcards. */
const nasty = fc.constantFrom('\u0000', 'ab\u0000cd', '\ud800x', '%_\\', '__proto__', 'constructor');
const huge = fc.constantFrom('9'.repeat(400), 'ä'.repeat(3000), "'; DROP TABLE users; --");
const text = (max = 30, min = 0) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: Math.max(min, max) }) },
    { weight: 1, arbitrary: fc.oneof(nasty, huge) },
  );

const urn = fc.uuid().map((u) => `urn:uuid:${u}`);
const anyId = fc.oneof(fc.constantFrom(...pool), fc.uuid(), urn, text());

const merge = (vs: unknown[]) => Object.assign({}, ...vs.filter((v): v is object => typeof v === 'object'));
/** Values that fit the schema (to get past validation and reach the database), at a bounded depth. */
function fromSchema(input: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  const sub = (s: Schema) => fromSchema(s, depth + 1);
  if (depth > 4) return fc.constant(null);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union) return fc.oneof(...union.map(sub));
  if (Array.isArray(schema.allOf)) return fc.tuple(...(schema.allOf as Schema[]).map(sub)).map(merge);
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  return fc.oneof(...types.map((type) => fromType(schema, type, depth)));
}

const isoDates = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
function fromType(schema: Schema, type: string | undefined, depth: number): fc.Arbitrary<unknown> {
  const [min, max] = [schema.minimum, schema.maximum] as Array<number | undefined>;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...pool), fc.uuid());
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'date') return isoDates.map((d) => d.slice(0, 10));
      if (schema.format === 'date-time') return isoDates;
      if (schema.format === 'uri') return fc.webUrl();
      if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern));
      return text(Math.min((schema.maxLength as number | undefined) ?? 30, 30), schema.minLength as number);
    case 'integer':
      return fc.integer({ min: min ?? -1000, max: max ?? 1000 });
    case 'number':
      return fc.double({ min: min ?? -1e12, max: max ?? 1e12, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fromSchema((schema.items as Schema | undefined) ?? {}, depth + 1), { maxLength: 3 });
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const extra = schema.additionalProperties;
      if (Object.keys(props).length === 0 && typeof extra === 'object') {
        const names = fc.constantFrom('*', 'user', 'nope');
        return fc.dictionary(names, fromSchema(extra as Schema, depth + 1), { maxKeys: 2 });
      }
      const shape = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, fromSchema(s, depth + 1)]));
      const required = ((schema.required as string[] | undefined) ?? []).filter((k) => k in shape);
      return fc.record(shape, { requiredKeys: required });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Mostly invalid bodies: valid ones, valid ones with one member broken, any JSON, and payloads that are not JSON. */
type Body = Pick<InjectOptions, 'payload' | 'headers'>;
function bodyArb(schema: Schema): fc.Arbitrary<Body> {
  const valid = fromSchema(schema);
  // One member (an existing one, or a new one when the index runs past them) replaced by any JSON.
  const broken = fc
    .tuple(valid, fc.nat(12), fc.string(), fc.jsonValue({ maxDepth: 2 }))
    .map(([v, i, key, junk]) =>
      typeof v === 'object' && v && !Array.isArray(v) ? { ...v, [Object.keys(v)[i] ?? key]: junk } : junk,
    );
  const as = (type: string) => (payload: string) => ({ payload, headers: { 'content-type': type } });
  const json = (value: unknown) => as('application/json')(JSON.stringify(value));
  return fc.oneof(
    { weight: 2, arbitrary: valid.map(json) },
    { weight: 3, arbitrary: broken.map(json) },
    { weight: 2, arbitrary: fc.jsonValue().map(json) },
    { weight: 1, arbitrary: fc.string().map(as('application/json')) },
    { weight: 1, arbitrary: valid.map((v) => as('text/plain')(JSON.stringify(v))) },
  );
}

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
/** A lone surrogate has no UTF-8 form; it goes as the bytes a careless client would send, invalid UTF-8. */
const encodePart = (part: string, i: number) => (i % 2 ? '%ED%A0%80' : encodeURIComponent(part));
const encode = (text: string) =>
  text
    .split(/([\ud800-\udfff])/u)
    .map(encodePart)
    .join('');

/** A filter value that fits the field's type, so that requests with several filters still reach the SQL. */
function byType(type: string): fc.Arbitrary<string> {
  if (['integer', 'number', 'percent', 'currency'].includes(type)) return fc.integer().map(String);
  const year0 = fc.constantFrom('0000-01-01T00:00:00Z');
  if (type === 'datetime') return fc.oneof(isoDates, year0);
  if (type === 'date') return fc.oneof(isoDates, year0).map((d) => d.slice(0, 10));
  if (type === 'boolean') return fc.constantFrom('true', 'false');
  if (type.endsWith('link')) return fc.oneof(fc.uuid(), text());
  return text();
}

/** Query pairs: the declared parameters (typed or not) and, on lists, filters on the entity's fields. */
function queryArb(path: string, params: Schema[]): fc.Arbitrary<Array<[string, string]>> {
  const entity = meta.find((e) => path === `/api/v1/${e.path}`);
  // On lists, sort and fields name real fields, so most requests get past them to the filters and the SQL.
  const names = entity ? fc.constantFrom(...entity.fields.map((f) => f.name)) : text();
  const known: Record<string, fc.Arbitrary<string>> = {
    sort: fc.tuple(fc.boolean(), names).map(([desc, name]) => `${desc ? '-' : ''}${name}`),
    fields: fc.array(names, { maxLength: 3 }).map((list) => list.join(',')),
    cursor: fc.constant(''),
  };
  const typed = (p: Schema) => known[p.name as string] ?? fromSchema((p.schema as Schema) ?? {}).map(asText);
  const value = (p: Schema) => fc.oneof({ weight: 4, arbitrary: typed(p) }, { weight: 1, arbitrary: text() });
  const pair = (p: Schema) => value(p).map((v): [string, string] => [p.name as string, v]);
  const declared = params.map((p) => fc.option(pair(p), { freq: 2 }));
  const special = fc.constantFrom('true', 'a,b', '[1,"x"]', '1e400', 'NaN');
  // eq also on fields without operators (json, password), which must answer 400.
  const op = (ops: string[]) =>
    fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ops, 'eq') }, { weight: 1, arbitrary: text() });
  const key = (f: MetaField) => op(f.operators).map((o) => `filter[${f.name}][${o}]`);
  const filter = (f: MetaField) => fc.tuple(key(f), fc.oneof(byType(f.type), special));
  const filters = entity
    ? fc.array(fc.constantFrom(...entity.fields).chain(filter), { maxLength: 3 })
    : fc.constant<Array<[string, string]>>([]);
  const extra = fc.option(fc.tuple(text(), text()), { freq: 8 });
  return fc
    .tuple(fc.tuple(...declared), filters, extra)
    .map(([d, f, e]) => [...d.filter((p): p is [string, string] => p !== null), ...f, ...(e ? [e] : [])]);
}

const problemShape = { type: expect.any(String), title: expect.any(String), detail: expect.any(String) };
const operations = Object.entries(spec.paths)
  .flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  )
  .filter(({ op }) => op.requestBody || (op.parameters as unknown[] | undefined)?.length);
if (operations.length < 50) throw new Error('too few operations with input in the OpenAPI document');

describe('schema-driven fuzzing: no 5xx, every 4xx a problem document', () => {
  it.each(operations)('$method $path', async ({ path, method, op }) => {
    const params = (op.parameters as Schema[] | undefined) ?? [];
    const pathNames = params.filter((p) => p.in === 'path').map((p) => p.name as string);
    const queryParams = params.filter((p) => p.in === 'query');
    const bodySchema = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)
      ?.content?.['application/json']?.schema;
    const request = fc.record({
      ids: fc.tuple(...pathNames.map(() => anyId), fc.constant('')),
      query: queryArb(path, queryParams),
      body: bodySchema ? bodyArb(bodySchema) : fc.constant<Body>({}),
      // Printable ASCII only: anything else is not a header a client can send.
      ifMatch: fc.option(fc.oneof(fc.constantFrom('"1"', 'W/"2"', '*'), fc.string()), { freq: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ ids, query, body, ifMatch }) => {
        let url = path;
        pathNames.forEach((name, i) => (url = url.replace(`{${name}}`, encode(ids[i] as string))));
        const search = query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
        const response = await crm.server.app.inject({
          method: method as InjectOptions['method'],
          url: search ? `${url}?${search}` : url,
          payload: body.payload,
          headers: {
            authorization: `Bearer ${admin.key}`,
            ...body.headers,
            ...(ifMatch !== null ? { 'if-match': ifMatch } : {}),
          },
        });
        const context = `${method} ${url}?${search} ${String(body.payload).slice(0, 300)} → ${response.body.slice(0, 300)}`;
        expect(response.statusCode, context).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(response.headers['content-type'], context).toContain('application/problem+json');
          expect(response.json(), context).toMatchObject({ ...problemShape, status: response.statusCode });
        }
      }),
      { numRuns: RUNS },
    );
  });

  // Inputs that answered 500 before the fixes in src/core: each must now be a 400 problem document.
  it.each([
    '/api/v1/search?q=ab%00cd',
    '/api/v1/users?filter[timeZone]=%00',
    '/api/v1/users?filter[createdAt][gt]=0000-01-01T00:00:00Z',
    '/api/v1/sales-teams?filter[memberIds][contains]=abc',
    '/api/v1/users/urn:uuid:00000000-0000-4000-8000-000000000000/history',
    '/api/v1/users?fields=constructor',
  ])('GET %s answers 400', async (url) => {
    const response = await api.get(url);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a login with U+0000 in the e-mail with a problem document', async () => {
    const nul = { email: 'a\u0000@example.com', password: 'x' };
    const response = await crm.anonymous.post('/api/v1/auth/login', nul);
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0].field).toBe('email');
  });

  for (const id of ['%ED%A0%80', '9'.repeat(101)]) {
    it(`GET /api/v1/users/${id.slice(0, 12)}… (refused before routing) answers a problem document`, async () => {
      const response = await api.get(`/api/v1/users/${id}`);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });
  }
});
