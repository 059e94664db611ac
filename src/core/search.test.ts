import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../test/harness.js';
import { uuidv7 } from 'uuidv7';

/** Global search's typo tolerance: the vocabulary of search_words (migration 0009) and the correction step. */

let crm: TestCrm;
let admin: Client;
let rep: TestUser;

beforeAll(async () => {
  crm = await createTestCrm();
  admin = crm.as(await crm.createUser('CRM Administrator'));
  rep = await crm.createUser('Sales Representative', 'Search Rep');
});
afterAll(() => crm?.close());

const words = async (...candidates: string[]) => {
  const { rows } = await sql<{ word: string }>`SELECT word FROM search_words
    WHERE word = ANY(CAST(${candidates} AS text[])) ORDER BY word`.execute(crm.database.db);
  return rows.map((row) => row.word);
};

const contact = async (body: Record<string, unknown>, ownerId?: string) => {
  const response = await admin.post('/api/v1/contacts?duplicates=allow', { ...body, ownerId });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data as { id: string; fullName: string };
};

type Hit = { entity: string; id: string; title: string; score: number };
const search = async (client: Client, q: string) => {
  const response = await client.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data as Hit[];
};

describe('the vocabulary of typo-tolerant fields', () => {
  it('splits folded text into words of three letters or more at spaces, punctuation and digits', async () => {
    const { rows } = await sql<{ words: string[] }>`
      SELECT crm_words('Müller-Lüdenscheidt GmbH & Co. KG, Werk 2b, Şahin') AS words`.execute(
      crm.database.db,
    );
    expect(rows[0]?.words).toEqual(['gmbh', 'ludenscheidt', 'muller', 'sahin', 'werk']);
  });

  it('gains the words of each record written, in its transaction; on update, of the fields changed', async () => {
    expect(await words('zahnradfabrik', 'oberndorf')).toEqual([]);
    const created = await admin.post('/api/v1/customers', { name: 'Zahnradfabrik Oberndorf' });
    expect(created.statusCode, created.body).toBe(201);
    expect(await words('zahnradfabrik', 'oberndorf')).toEqual(['oberndorf', 'zahnradfabrik']);

    const { id } = created.json().data as { id: string };
    const patch = async (body: Record<string, unknown>) => {
      const version = (await admin.get(`/api/v1/customers/${id}`)).json().data.version as number;
      expect((await admin.patch(`/api/v1/customers/${id}`, { ...body, version })).statusCode).toBe(200);
    };
    await patch({ name: 'Getriebewerk Oberndorf' });
    // Old words stay (the trash may bring a name back; a stale word costs one useless probe).
    expect(await words('getriebewerk', 'zahnradfabrik')).toEqual(['getriebewerk', 'zahnradfabrik']);
    // An update collects the words of the fields it changed only.
    await sql`DELETE FROM search_words WHERE word = 'oberndorf'`.execute(crm.database.db);
    await patch({ website: 'https://getriebewerk.example' });
    expect(await words('oberndorf')).toEqual([]);
    await patch({ name: 'Getriebewerk Oberndorf GmbH' });
    expect(await words('oberndorf')).toEqual(['oberndorf']);

    // A write that fails leaves no words behind.
    await expect(
      crm.database.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO customers (id, name) VALUES (${uuidv7()}, 'Kugellagerhaus')`.execute(trx);
        const inside = await sql`SELECT 1 FROM search_words WHERE word = 'kugellagerhaus'`.execute(trx);
        expect(inside.rows).toHaveLength(1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await words('kugellagerhaus')).toEqual([]);
  });
});

describe('search with typos', () => {
  it('corrects each misspelt word against the vocabulary and ranks the closest record first', async () => {
    const wilhelmina = await contact({ firstName: 'Wilhelmina', lastName: 'Oberkirchner' });
    const wilhelm = await contact({ firstName: 'Wilhelm', lastName: 'Oberkircher' });
    for (const q of ['Wilhelmina Oberkirchnr', 'wilhemina oberkirchner', 'Oberkirchnerr']) {
      const hits = (await search(admin, q)).filter((h) => h.entity === 'contact');
      expect(hits[0]?.id, q).toBe(wilhelmina.id);
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    }
    const both = await search(admin, 'Oberkirchr');
    expect(both.map((h) => h.id)).toEqual(expect.arrayContaining([wilhelmina.id, wilhelm.id]));
  });

  it('finds nothing by typo when a word resembles no word at all', async () => {
    await contact({ firstName: 'Theodora', lastName: 'Quastenberg' });
    expect((await search(admin, 'Quastenbrg')).map((h) => h.title)).toContain('Theodora Quastenberg');
    expect(await search(admin, 'Quastenbrg Xqzvwpt')).toEqual([]);
  });

  it('keeps to what the actor may read: another owner’s word corrects, their record stays hidden', async () => {
    const others = await contact({ firstName: 'Leopoldine', lastName: 'Haselsteiner' });
    const mine = await contact({ firstName: 'Leopold', lastName: 'Haselsteiner' }, rep.id);
    const hits = await search(crm.as(rep), 'Haselsteinr');
    expect(hits.map((h) => h.id)).toContain(mine.id);
    expect(hits.map((h) => h.id)).not.toContain(others.id);
  });
});
