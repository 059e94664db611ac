import type { EntityDef, EntityRegistry } from '../core/entity.js';
import type { FieldDef } from '../core/fields.js';
import { readSchema, writeSchema } from '../core/validation.js';
import { schemaId } from './record-routes.js';

type Schema = Record<string, unknown>;
type Document = Schema & {
  paths?: Record<string, Record<string, Schema>>;
  components?: { schemas?: Schema };
};

/** The JSON body schema of an operation, if the document has that operation. */
function bodyOf(document: Document, path: string, method: string): Schema | undefined {
  const operation = document.paths?.[path]?.[method] as Schema | undefined;
  const body = operation?.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined;
  return body?.content?.['application/json']?.schema;
}

/** The items of a bulk body: `{ items: [ … ] }`. */
function itemsOf(schema: Schema | undefined): Schema | undefined {
  const items = (schema?.properties as Record<string, Schema> | undefined)?.items;
  return items?.items as Schema | undefined;
}

/** Adds the fields to an object schema as `complete` (the schema the current definition gives) has them. */
function addFields(target: Schema | undefined, complete: Schema, fields: FieldDef[]): void {
  if (!target) return;
  const from = complete.properties as Record<string, Schema>;
  const properties = { ...((target.properties as Schema | undefined) ?? {}) };
  const required = new Set((target.required as string[] | undefined) ?? []);
  for (const field of fields) {
    if (!from[field.name]) continue;
    properties[field.name] = from[field.name];
    if (((complete.required as string[] | undefined) ?? []).includes(field.name)) required.add(field.name);
  }
  target.properties = properties;
  if (required.size) target.required = [...required];
}

function addEntityFields(document: Document, entity: EntityDef, defined: EntityDef): void {
  const added = Object.values(entity.allFields).filter(
    (field) => !Object.hasOwn(defined.allFields, field.name),
  );
  if (added.length === 0) return;
  addFields(
    document.components?.schemas?.[schemaId(entity)] as Schema | undefined,
    readSchema(entity),
    added,
  );
  const create = writeSchema(entity, 'create');
  const patch = writeSchema(entity, 'patch');
  const base = `/api/v1/${entity.path}`;
  addFields(bodyOf(document, base, 'post'), create, added);
  addFields(bodyOf(document, `${base}/{id}`, 'patch'), patch, added);
  addFields(itemsOf(bodyOf(document, `${base}/bulk`, 'post')), create, added);
  addFields(itemsOf(bodyOf(document, `${base}/bulk`, 'patch')), patch, added);
}

/**
 * The OpenAPI document with the fields added at run time (custom fields). @fastify/swagger builds the document once
 * from the route schemas, which know the entities as their modules define them; the record components and the
 * write bodies of the generic routes get the current fields here. Renewed when the registry changes.
 */
export function runTimeDocument(registry: EntityRegistry): (document: object) => object {
  let cache: { source: object; revision: number; document: object } | undefined;
  return (source) => {
    if (cache?.source === source && cache.revision === registry.revision) return cache.document;
    const document = structuredClone(source) as Document;
    for (const entity of registry.all()) {
      const defined = registry.defined(entity.name);
      if (defined && defined !== entity) addEntityFields(document, entity, defined);
    }
    cache = { source, revision: registry.revision, document };
    return document;
  };
}
