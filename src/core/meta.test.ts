import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCrm, type TestUser, createTestCrm } from '../../test/harness.js';

let crm: TestCrm;
let admin: TestUser;
let rep: TestUser;

beforeAll(async () => {
  crm = await createTestCrm();
  admin = await crm.createUser('CRM Administrator', 'Meta Admin');
  rep = await crm.createUser('Sales Representative', 'Greta Müller');
});
afterAll(() => crm?.close());

describe('GET /api/v1/meta', () => {
  it('describes every readable entity with fields, types, options and labels in English and German', async () => {
    const meta = (await crm.as(rep).get('/api/v1/meta')).json().data as Array<Record<string, unknown>>;
    const user = meta.find((e) => e.name === 'user') as {
      fields: Array<Record<string, unknown>>;
      permissions: object;
      label: object;
    };
    expect(user.label).toEqual({ en: 'User', de: 'Benutzer' });
    expect(user.permissions).toEqual({ read: 'all', create: null, update: null, delete: null, export: null });
    const language = user.fields.find((f) => f.name === 'language');
    expect(language).toMatchObject({
      type: 'select',
      default: 'en',
      label: { en: 'Language', de: 'Sprache' },
      options: [
        { value: 'en', label: { en: 'English', de: 'Englisch' } },
        { value: 'de', label: { en: 'German', de: 'Deutsch' } },
      ],
      operators: ['eq', 'ne', 'in', 'nin', 'isNull'],
    });
    expect(user.fields.find((f) => f.name === 'password')).toMatchObject({
      writeOnly: true,
      filterable: false,
    });
    expect(user.fields.find((f) => f.name === 'createdAt')).toMatchObject({
      system: true,
      readOnly: true,
      label: { de: 'Erstellt am' },
    });
    const platform = ['apiKey', 'role', 'salesTeam', 'user'];
    expect(meta.map((e) => e.name)).toEqual(expect.arrayContaining(platform));
    // What a Sales Representative may not read stays out (nothing yet: they read every master).
    expect(meta.every((e) => (e.permissions as { read: unknown }).read !== null)).toBe(true);
  });
});

describe('GET /api/v1/search', () => {
  it('finds records by a fragment or a misspelt name, best match first', async () => {
    const api = crm.as(admin);
    const byFragment = (await api.get('/api/v1/search?q=mül')).json().data;
    expect(byFragment[0]).toMatchObject({ entity: 'user', id: rep.id, title: 'Greta Müller' });
    const misspelt = (await api.get('/api/v1/search?q=Muller')).json().data;
    expect(misspelt.map((hit: { id: string }) => hit.id)).toContain(rep.id);
    const byEmail = (await api.get(`/api/v1/search?q=${encodeURIComponent(rep.email.slice(0, 8))}`)).json()
      .data;
    expect(byEmail[0].id).toBe(rep.id);
  });

  it('refuses text too short or too long', async () => {
    expect((await crm.as(admin).get('/api/v1/search?q=a')).statusCode).toBe(400);
    expect((await crm.as(admin).get(`/api/v1/search?q=${'a'.repeat(201)}`)).statusCode).toBe(400);
    expect((await crm.as(admin).get('/api/v1/search')).statusCode).toBe(400);
  });
});
