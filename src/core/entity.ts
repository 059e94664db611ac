import {
  type FieldDef,
  type FieldInput,
  type Label,
  type FieldType,
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

function finishField(name: string, input: FieldInput): FieldDef {
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

export function defineEntity(input: EntityInput): EntityDef {
  const fields: Record<string, FieldDef> = {};
  for (const [name, field] of Object.entries(input.fields)) {
    if (name in SYSTEM_FIELDS) throw new Error(`${input.name}.${name} is a system field`);
    if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) throw new Error(`${input.name}.${name} must be camelCase`);
    if ((field.type === 'link' || field.type === 'multilink') && !field.target) {
      throw new Error(`${input.name}.${name} is a link without a target`);
    }
    fields[name] = finishField(name, field);
  }
  const system = Object.fromEntries(Object.entries(SYSTEM_FIELDS).map(([n, f]) => [n, finishField(n, f)]));
  if (!(input.titleField in fields))
    throw new Error(`${input.name}: titleField ${input.titleField} is no field`);
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
  };
}

export class EntityRegistry {
  readonly #byName = new Map<string, EntityDef>();
  readonly #byPath = new Map<string, EntityDef>();

  constructor(entities: EntityDef[] = []) {
    for (const entity of entities) this.register(entity);
  }

  register(entity: EntityDef): void {
    if (this.#byName.has(entity.name)) throw new Error(`entity ${entity.name} is defined twice`);
    if (this.#byPath.has(entity.path)) throw new Error(`path ${entity.path} is used twice`);
    this.#byName.set(entity.name, entity);
    this.#byPath.set(entity.path, entity);
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
