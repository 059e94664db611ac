import { Kysely, PostgresDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type EntityDef, EntityRegistry, defineEntity, fieldOperators } from './entity.js';
import { BadRequest } from './errors.js';
import type { FieldDef } from './fields.js';
import { type Filter, parseListQuery } from './filter.js';
import { filterCondition } from './query.js';

const l = (en: string) => ({ en, de: en });
const region = defineEntity({
  name: 'region',
  table: 'regions',
  label: l('Region'),
  labelPlural: l('Regions'),
  tree: true,
  titleField: 'name',
  fields: { name: { type: 'text', label: l('Name'), required: true } },
});
const shop = defineEntity({
  name: 'shop',
  table: 'shops',
  label: l('Shop'),
  labelPlural: l('Shops'),
  titleField: 'name',
  fields: {
    name: { type: 'text', label: l('Name'), required: true },
    regionId: { type: 'link', target: 'region', label: l('Region') },
    managerId: { type: 'link', target: 'shop', label: l('Parent shop') },
  },
});
const registry = new EntityRegistry([region, shop]);
const compiler = new Kysely<Record<string, never>>({
  dialect: new PostgresDialect({ pool: () => Promise.reject(new Error('compiles only; never connects')) }),
});
const id = '01890000-0000-7000-8000-0000000000aa';

describe('tree entities', () => {
  it('get a parentId linking to themselves, and refuse one that links elsewhere', () => {
    expect(region.fields.parentId).toMatchObject({ type: 'link', target: 'region', column: 'parent_id' });
    expect(() =>
      defineEntity({
        name: 'bad',
        table: 'bads',
        label: l('Bad'),
        labelPlural: l('Bads'),
        tree: true,
        titleField: 'name',
        fields: {
          name: { type: 'text', label: l('Name') },
          parentId: { type: 'link', target: 'user', label: l('Parent') },
        },
      }),
    ).toThrow(/must link to bad/);
  });

  it('offer `within` on links into the tree and on its own id and parentId only', () => {
    const ops = (entity: EntityDef, name: string) =>
      fieldOperators(entity, entity.allFields[name] as FieldDef, registry);
    expect(ops(shop, 'regionId')).toContain('within');
    expect(ops(shop, 'managerId')).not.toContain('within');
    expect(ops(shop, 'id')).not.toContain('within');
    expect(ops(region, 'id')).toContain('within');
    expect(ops(region, 'parentId')).toContain('within');
    expect(ops(region, 'name')).not.toContain('within');
  });

  it('parse `within` to one id with its tree, and walk the subtree in SQL with the id as a parameter', () => {
    const [filter] = parseListQuery(shop, { 'filter[regionId][within]': id }, registry).filters;
    expect(filter).toMatchObject({ op: 'within', value: id, tree: region });
    const compiled = filterCondition(filter as Filter, 't').compile(compiler);
    expect(compiled.sql).toContain('WITH RECURSIVE');
    expect(compiled.sql).toContain('"regions"');
    expect(compiled.sql).not.toContain(id);
    expect(compiled.parameters).toEqual([id]);
    // Without the registry the parser does not know the region is a tree: `within` is unknown there.
    expect(() => parseListQuery(shop, { 'filter[regionId][within]': id })).toThrow(BadRequest);
    expect(() => parseListQuery(shop, { 'filter[regionId][within]': `${id},${id}` }, registry)).toThrow(
      BadRequest,
    );
  });
});
