import { type EntityDef, finishField } from './entity.js';
import type { FieldInput } from './fields.js';

/**
 * An entity with fields added at run time (custom fields) after its own. Being fields of the definition, they
 * take part in everything it drives — validation, lists, filters, sorts, audit, meta, OpenAPI — like the module's.
 */
export function extendEntity(defined: EntityDef, extra: Record<string, FieldInput>): EntityDef {
  const added: Record<string, ReturnType<typeof finishField>> = {};
  for (const [name, input] of Object.entries(extra)) {
    if (Object.hasOwn(defined.allFields, name)) throw new Error(`${defined.name}.${name} exists already`);
    added[name] = finishField(name, { ...input, custom: true });
  }
  return {
    ...defined,
    fields: { ...defined.fields, ...added },
    allFields: { ...defined.allFields, ...added },
    readableFields: [...defined.readableFields, ...Object.values(added).filter((field) => !field.writeOnly)],
  };
}
