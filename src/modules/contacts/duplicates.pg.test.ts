import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, createTestCrm } from '../../../test/harness.js';

// Simultaneous writes need a server database: PGlite serves one transaction at a time, so there they never overlap.
let crm: TestCrm;
let api: Client;

beforeAll(async () => {
  crm = await createTestCrm();
  api = crm.as(await crm.createUser('CRM Administrator'));
});
afterAll(() => crm?.close());

const statuses = (responses: Array<{ statusCode: number }>) => responses.map((r) => r.statusCode).sort();

describe('duplicate checks under concurrency', () => {
  it('lets one of several simultaneous creates of the same e-mail through; the others see it', async () => {
    const responses = await Promise.all(
      ['Max@Race.example', 'max@race.example', 'MAX@race.example', 'max@RACE.example'].map((email, i) =>
        api.post('/api/v1/contacts', { lastName: `Racer ${i}`, emails: [{ email }] }),
      ),
    );
    expect(statuses(responses), responses.map((r) => r.body).join('\n')).toEqual([201, 409, 409, 409]);
    const winner = responses.find((r) => r.statusCode === 201)?.json().data.id;
    for (const refused of responses.filter((r) => r.statusCode === 409)) {
      expect(refused.json().candidates.map((c: { id: string }) => c.id)).toEqual([winner]);
    }
  });

  it('does the same for a name compared folded, and for writes sharing several keys in any order', async () => {
    const names = await Promise.all(
      ['Rennbahn GmbH', 'RENNBAHN GMBH', 'rennbahn gmbh', 'Rénnbahn GmbH'].map((name) =>
        api.post('/api/v1/customers', { name }),
      ),
    );
    expect(statuses(names)).toEqual([201, 409, 409, 409]);
    // Each write locks both values; in opposite orders they would deadlock without a common order.
    const pairs = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        api.post('/api/v1/contacts', {
          lastName: `Pair ${i}`,
          emails:
            i % 2
              ? [{ email: 'a@pair.example' }, { email: 'b@pair.example' }]
              : [{ email: 'b@pair.example' }, { email: 'a@pair.example' }],
        }),
      ),
    );
    expect(statuses(pairs)).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it('takes no turn for confirmed duplicates', async () => {
    const responses = await Promise.all(
      [0, 1, 2].map((i) =>
        api.post('/api/v1/contacts?duplicates=allow', {
          lastName: `Twin ${i}`,
          emails: [{ email: 'twin@race.example' }],
        }),
      ),
    );
    expect(statuses(responses)).toEqual([201, 201, 201]);
  });
});
