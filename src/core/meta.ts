import {
  type EntityDef,
  type EntityLookup,
  type EntityRegistry,
  fieldOperators,
  soloLookup,
} from './entity.js';
import { ACTIONS, type Actor, grantOf } from './permissions.js';

/** What `GET /api/v1/meta` tells the UI and integrators about one entity, including what this actor may do. */
export function describeEntity(entity: EntityDef, actor: Actor, lookup: EntityLookup = soloLookup(entity)) {
  return {
    name: entity.name,
    path: entity.path,
    label: entity.label,
    labelPlural: entity.labelPlural,
    titleField: entity.titleField,
    searchFields: entity.searchFields,
    defaultSort: entity.defaultSort,
    owned: entity.owned,
    tree: entity.tree,
    permissions: Object.fromEntries(
      ACTIONS.map((action) => [action, grantOf(actor, entity, action) ?? null]),
    ),
    fields: Object.values(entity.allFields)
      .filter((field) => !(field.writeOnly && field.readOnly))
      .map((field) => ({
        name: field.name,
        type: field.type,
        label: field.label,
        required: field.required ?? false,
        unique: field.unique ?? false,
        readOnly: field.readOnly ?? false,
        writeOnly: field.writeOnly ?? false,
        createOnly: field.createOnly ?? false,
        system: !(field.name in entity.fields),
        custom: field.custom ?? false,
        ...(field.default !== undefined ? { default: field.default } : {}),
        ...(field.options ? { options: field.options } : {}),
        ...(field.target ? { target: field.target } : {}),
        ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
        ...(field.pattern !== undefined ? { pattern: field.pattern } : {}),
        filterable: field.filterable,
        sortable: field.sortable,
        operators: field.filterable ? fieldOperators(entity, field, lookup) : [],
      })),
  };
}

export function describeEntities(registry: EntityRegistry, actor: Actor) {
  return registry
    .all()
    .filter((entity) => grantOf(actor, entity, 'read'))
    .map((entity) => describeEntity(entity, actor, registry));
}
