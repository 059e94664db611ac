import {
  type FieldDef,
  type FieldInput,
  type Label,
  type FieldType,
  type Operator,
  kebabCase,
  operatorsFor,
  snakeCase,
} from './fields.js';

export interface EntityInput {
  /** camelCase singular, the key of permissions and audit: `salesTeam`. */
  name: string;
  table: string;
  label: Label;
  labelPlural: Label;
  /** URL segment under /api/v1; defaults to the kebab-case plural of the name. */
  path?: string;
  fields: Record<string, FieldInput>;
  titleField: string;
  searchFields?: string[];
  /** Default order of lists: `-createdAt`, `name`. */
  defaultSort?: string;
  /** Records without an owner (settings-like entities) are governed by the role's scope `all` only. */
  owned?: boolean;
  /**
   * Records form a tree through `parentId`, a link to the entity itself (added when not declared). The engine then
   * refuses cycles, refuses trashing a node with live children, and offers the `within` filter on links to it.
   */
  tree?: boolean;
  /** Entity-specific labels of system fields: a customer's `ownerId` is its account manager. */
  systemFieldLabels?: Partial<Record<string, Label>>;
  /** Records carry tags (`tagIds`, see core/tags.ts) unless this is false: tags themselves, roles, API keys. */
  tagged?: boolean;
  /**
   * Links through which a record is readable besides its own scope: whoever may read the linked record may read
   * this one (an activity is seen by those who see the customer it is about). Changing it stays within the scope.
   */
  readThrough?: ReadThrough[];
  /**
   * Multilinks to users whose users may read the record besides its scope: a meeting's attending users see the
   * meeting they are invited to, whoever organised it.
   */
  readers?: string[];
}

/** A link field of the entity and the entity it points to (a module's own definition of it). */
export interface ReadThrough {
  field: string;
  target: EntityDef;
  /**
   * Only while these other links are empty: a link the system derives from them (an activity's customer, from
   * its opportunity) must not open what the more specific record keeps closed.
   */
  unlessSet?: string[];
}

export interface EntityDef extends Omit<EntityInput, 'fields' | 'path'> {
  path: string;
  fields: Record<string, FieldDef>;
  /** Fields plus the system fields every record has. */
  allFields: Record<string, FieldDef>;
  /** The fields a record shows: every field but secrets, in definition order. */
  readableFields: FieldDef[];
  searchFields: string[];
  defaultSort: string;
  owned: boolean;
  tree: boolean;
  tagged: boolean;
}

function systemField(type: FieldType, label: Label, extra: Partial<FieldInput> = {}): FieldInput {
  return { type, label, readOnly: true, ...extra };
}

/** The columns every record table has (see docs/architecture.md, "Records"). */
export const SYSTEM_FIELDS: Record<string, FieldInput> = {
  id: systemField('link', { en: 'ID', de: 'ID' }),
  createdAt: systemField('datetime', { en: 'Created at', de: 'Erstellt am' }),
  updatedAt: systemField('datetime', { en: 'Updated at', de: 'Geändert am' }),
  createdBy: systemField('link', { en: 'Created by', de: 'Erstellt von' }, { target: 'user' }),
  ownerId: { type: 'link', label: { en: 'Owner', de: 'Verantwortlich' }, target: 'user' },
  version: systemField('integer', { en: 'Version', de: 'Version' }),
  deletedAt: systemField('datetime', { en: 'Deleted at', de: 'Gelöscht am' }),
};

/** A field as the engine uses it; also how fields added at run time (custom fields) are finished. */
export function finishField(name: string, input: FieldInput): FieldDef {
  const scalar = operatorsFor(input.type).length > 0;
  return {
    ...input,
    name,
    column: input.column ?? snakeCase(name),
    filterable: scalar && !input.writeOnly,
    sortable:
      scalar && !input.writeOnly && !['multiselect', 'multilink', 'longText', 'html'].includes(input.type),
  };
}

const PARENT_FIELD = 'parentId';

/** A tree's `parentId`: declared by the entity (for its own labels) or added with a general one. */
function treeFields(input: EntityInput): Record<string, FieldInput> {
  if (!input.tree) return input.fields;
  const parent = input.fields[PARENT_FIELD];
  if (parent && (parent.type !== 'link' || parent.target !== input.name)) {
    throw new Error(`${input.name}.${PARENT_FIELD} of a tree must link to ${input.name}`);
  }
  if (parent) return input.fields;
  const label = { en: 'Parent', de: 'Übergeordnet' };
  return { ...input.fields, [PARENT_FIELD]: { type: 'link', target: input.name, label } };
}

/** The entity that tags are (core/tags.ts); named here because every tagged entity links to it. */
export const TAG_ENTITY = 'tag';
export const TAGS_FIELD = 'tagIds';

/**
 * Tags are an ordinary multilink field added to every tagged entity, so that writing, link checks, the `in`/`all`
 * filters, audit, bulk changes and merges treat them like any other field.
 */
function taggedFields(input: EntityInput, fields: Record<string, FieldInput>): Record<string, FieldInput> {
  if (TAGS_FIELD in input.fields) throw new Error(`${input.name}.${TAGS_FIELD} is reserved for tags`);
  if (input.tagged === false) return fields;
  const label = { en: 'Tags', de: 'Schlagwörter' };
  return { ...fields, [TAGS_FIELD]: { type: 'multilink', target: TAG_ENTITY, label } };
}

export function defineEntity(input: EntityInput): EntityDef {
  const fields: Record<string, FieldDef> = {};
  for (const [name, field] of Object.entries(taggedFields(input, treeFields(input)))) {
    if (name in SYSTEM_FIELDS) throw new Error(`${input.name}.${name} is a system field`);
    if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) throw new Error(`${input.name}.${name} must be camelCase`);
    if ((field.type === 'link' || field.type === 'multilink') && !field.target) {
      throw new Error(`${input.name}.${name} is a link without a target`);
    }
    fields[name] = finishField(name, field);
  }
  const system = Object.fromEntries(
    Object.entries(SYSTEM_FIELDS).map(([n, f]) => {
      const label = input.systemFieldLabels?.[n];
      return [n, finishField(n, label ? { ...f, label } : f)];
    }),
  );
  for (const name of Object.keys(input.systemFieldLabels ?? {})) {
    if (!(name in SYSTEM_FIELDS)) throw new Error(`${input.name}: ${name} is no system field`);
  }
  if (!(input.titleField in fields))
    throw new Error(`${input.name}: titleField ${input.titleField} is no field`);
  for (const { field, target } of input.readThrough ?? []) {
    if (fields[field]?.type !== 'link' || fields[field]?.target !== target.name)
      throw new Error(`${input.name}: read through ${field}, which is no link to ${target.name}`);
  }
  for (const field of input.readers ?? []) {
    if (fields[field]?.type !== 'multilink' || fields[field]?.target !== 'user')
      throw new Error(`${input.name}: readers ${field} is no multilink to users`);
  }
  const searchFields = input.searchFields ?? [input.titleField];
  for (const name of searchFields) {
    if (!(name in fields)) throw new Error(`${input.name}: search field ${name} is no field`);
  }
  return {
    ...input,
    path: input.path ?? `${kebabCase(input.name)}s`,
    fields,
    allFields: { ...system, ...fields },
    readableFields: Object.values({ ...system, ...fields }).filter((field) => !field.writeOnly),
    searchFields,
    defaultSort: input.defaultSort ?? '-createdAt',
    owned: input.owned ?? true,
    tree: input.tree ?? false,
    tagged: input.tagged ?? true,
  };
}

/** Entities by name: the registry, or a lone entity that knows only itself (unit tests, tools). */
export interface EntityLookup {
  find(name: string): EntityDef | undefined;
}

export function soloLookup(entity: EntityDef): EntityLookup {
  return { find: (name) => (name === entity.name ? entity : undefined) };
}

/** The tree a link field of `entity` points into, if its target is a tree; a tree's own `id` points into itself. */
export function treeTargetOf(
  entity: EntityDef,
  field: FieldDef,
  lookup: EntityLookup,
): EntityDef | undefined {
  if (field.type !== 'link') return undefined;
  const targetName = field.name === 'id' ? entity.name : field.target;
  const target = targetName === entity.name ? entity : targetName ? lookup.find(targetName) : undefined;
  return target?.tree ? target : undefined;
}

/** The filter operators a field takes: those of its type, plus `within` on links into a tree. */
export function fieldOperators(entity: EntityDef, field: FieldDef, lookup: EntityLookup): Operator[] {
  const operators = operatorsFor(field.type);
  return treeTargetOf(entity, field, lookup) ? [...operators, 'within'] : operators;
}

/**
 * The entities of the app. Each is known in two versions: as its module defines it, and as it currently is —
 * with the fields an administrator added at run time (custom fields). Lookups answer the current version.
 */
export class EntityRegistry {
  readonly #byName = new Map<string, EntityDef>();
  readonly #byPath = new Map<string, EntityDef>();
  readonly #defined = new Map<string, EntityDef>();
  #revision = 0;

  constructor(entities: EntityDef[] = []) {
    for (const entity of entities) this.register(entity);
  }

  register(entity: EntityDef): void {
    if (this.#byName.has(entity.name)) throw new Error(`entity ${entity.name} is defined twice`);
    if (this.#byPath.has(entity.path)) throw new Error(`path ${entity.path} is used twice`);
    this.#byName.set(entity.name, entity);
    this.#byPath.set(entity.path, entity);
    this.#defined.set(entity.name, entity);
  }

  /** The entity as its module defines it, without run-time fields. */
  defined(name: string): EntityDef | undefined {
    return this.#defined.get(name);
  }

  /**
   * Puts run-time versions of entities in place of the current ones, all in one synchronous step: a request
   * that looked an entity up keeps the version it got, and the next lookup gets the new one, never a mixture.
   */
  replace(entities: EntityDef[]): void {
    for (const entity of entities) {
      const defined = this.#defined.get(entity.name);
      if (!defined || defined.path !== entity.path || defined.table !== entity.table) {
        throw new Error(`${entity.name} is no version of a registered entity`);
      }
    }
    for (const entity of entities) {
      this.#byName.set(entity.name, entity);
      this.#byPath.set(entity.path, entity);
    }
    this.#revision++;
  }

  /** Counts replacements, so what is derived from the definitions (the OpenAPI document) knows when to renew. */
  get revision(): number {
    return this.#revision;
  }

  get(name: string): EntityDef {
    const entity = this.#byName.get(name);
    if (!entity) throw new Error(`unknown entity ${name}`);
    return entity;
  }

  find(name: string): EntityDef | undefined {
    return this.#byName.get(name);
  }

  all(): EntityDef[] {
    return [...this.#byName.values()];
  }

  /** Every link must point at a registered entity; checked once when the app is assembled. */
  checkLinks(): void {
    for (const entity of this.all()) {
      for (const field of Object.values(entity.allFields)) {
        if (field.target && !this.#byName.has(field.target)) {
          throw new Error(`${entity.name}.${field.name} links to unknown entity ${field.target}`);
        }
      }
    }
  }
}
