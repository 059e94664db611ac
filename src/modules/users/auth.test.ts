import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';
import { LOGIN_LIMITS } from './auth.js';

let crm: TestCrm;
let admin: TestUser;
const PASSWORD = 'correct horse battery';
const ORIGIN = 'http://localhost:80';

beforeAll(async () => {
  crm = await createTestCrm();
  admin = await crm.createUser('CRM Administrator', 'Auth Admin');
});
afterAll(() => crm?.close());

function login(email: string, password: string, remoteAddress = '127.0.0.1') {
  return crm.server.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'content-type': 'application/json', host: 'localhost:80' },
    payload: JSON.stringify({ email, password }),
    remoteAddress,
  });
}

function withCookie(
  cookie: string,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  headers: Record<string, string> = {},
  body?: unknown,
) {
  return crm.server.app.inject({
    method,
    url,
    headers: {
      cookie,
      host: 'localhost:80',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

async function sessionOf(user: TestUser): Promise<string> {
  const response = await login(user.email, PASSWORD, `10.0.0.${Math.floor(Math.random() * 200)}`);
  expect(response.statusCode).toBe(200);
  const cookie = String(response.headers['set-cookie']);
  expect(cookie).toMatch(/crm_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax/);
  return cookie.split(';')[0] as string;
}

describe('sessions', () => {
  it('logs in with the right password only, with the same answer for unknown accounts', async () => {
    const rep = await crm.createUser('Sales Representative');
    const cookie = await sessionOf(rep);
    const me = await withCookie(cookie, 'GET', '/api/v1/auth/me');
    expect(me.json().data).toMatchObject({
      id: rep.id,
      role: 'Sales Representative',
      authenticatedBy: 'session',
    });
    const wrong = await login(rep.email, 'wrong password', '10.1.0.1');
    const unknown = await login('nobody@example.com', 'wrong password', '10.1.0.1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
    expect((await crm.anonymous.get('/api/v1/users')).statusCode).toBe(401);
  });

  it('ends the session at logout and when the user is disabled', async () => {
    const rep = await crm.createUser('Sales Representative');
    const cookie = await sessionOf(rep);
    expect((await withCookie(cookie, 'POST', '/api/v1/auth/logout', { origin: ORIGIN }, {})).statusCode).toBe(
      204,
    );
    expect((await withCookie(cookie, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);

    const second = await sessionOf(rep);
    expect((await crm.as(admin).patch(`/api/v1/users/${rep.id}`, { enabled: false })).statusCode).toBe(200);
    expect((await withCookie(second, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await login(rep.email, PASSWORD, '10.2.0.1')).statusCode).toBe(401);
  });

  it('refuses cross-site writes made with the cookie (CSRF), but not same-origin ones or API keys', async () => {
    const rep = await crm.createUser('Sales Representative');
    const cookie = await sessionOf(rep);
    const body = { language: 'de' };
    expect((await withCookie(cookie, 'PATCH', '/api/v1/auth/me', {}, body)).statusCode).toBe(403);
    expect(
      (await withCookie(cookie, 'PATCH', '/api/v1/auth/me', { origin: 'https://evil.example' }, body))
        .statusCode,
    ).toBe(403);
    expect((await withCookie(cookie, 'PATCH', '/api/v1/auth/me', { origin: ORIGIN }, body)).statusCode).toBe(
      200,
    );
    expect(
      (await withCookie(cookie, 'PATCH', '/api/v1/auth/me', { 'sec-fetch-site': 'same-origin' }, body))
        .statusCode,
    ).toBe(200);
    expect((await withCookie(cookie, 'GET', '/api/v1/auth/me')).json().data.language).toBe('de');
    expect((await crm.as(rep).patch('/api/v1/auth/me', { language: 'en' })).statusCode).toBe(200);
  });

  it('limits failed logins per account and per address, across requests of every server (in the database)', async () => {
    const rep = await crm.createUser('Sales Representative');
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      expect((await login(rep.email, 'wrong', `10.3.0.${i}`)).statusCode).toBe(401);
    }
    const blocked = await login(rep.email, PASSWORD, '10.3.1.1');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().type).toContain('too-many-requests');

    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
      await login(`stranger${i}@example.com`, 'wrong', '10.4.0.1');
    }
    const other = await crm.createUser('Sales Representative');
    expect((await login(other.email, PASSWORD, '10.4.0.1')).statusCode).toBe(429);
    expect((await login(other.email, PASSWORD, '10.4.0.2')).statusCode).toBe(200);

    // Failures older than the window no longer count.
    await sql`UPDATE login_attempts SET at = at - interval '1 hour' WHERE email = ${rep.email}`.execute(
      crm.database.db,
    );
    expect((await login(rep.email, PASSWORD, '10.3.2.1')).statusCode).toBe(200);
  });
});

describe('login limits under concurrency', () => {
  it('lets no more guesses through than the limit when they arrive all at once', async () => {
    const rep = await crm.createUser('Sales Representative');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(rep.email, 'wrong guess', `10.5.0.${i}`)),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(LOGIN_LIMITS.perAccount);
    expect(codes.filter((c) => c === 429)).toHaveLength(20 - LOGIN_LIMITS.perAccount);
  });
});

describe('profile and administration rules', () => {
  it('lets users change their own profile but not their role', async () => {
    const rep = await crm.createUser('Sales Representative');
    const api = crm.as(rep);
    const changed = await api.patch('/api/v1/auth/me', {
      fullName: 'Renamed Rep',
      timeZone: 'Europe/Berlin',
    });
    expect(changed.json().data).toMatchObject({ fullName: 'Renamed Rep', timeZone: 'Europe/Berlin' });
    expect((await api.patch('/api/v1/auth/me', { roleId: admin.actor.userId })).statusCode).toBe(422);
    expect((await api.patch('/api/v1/auth/me', { timeZone: 'Mars/Olympus' })).json().errors[0].field).toBe(
      'timeZone',
    );
    expect((await api.patch(`/api/v1/users/${rep.id}`, { fullName: 'x' })).statusCode).toBe(403);
  });

  it('changes one’s own password only with the current one', async () => {
    const rep = await crm.createUser('Sales Representative');
    expect(
      (await crm.as(admin).patch(`/api/v1/users/${rep.id}`, { password: 'first-secret-1' })).statusCode,
    ).toBe(200);
    const api = crm.as(rep);
    const field = async (body: object) =>
      (await api.patch('/api/v1/auth/me', body)).json().errors?.[0]?.field;
    expect(await field({ password: 'second-secret-2' })).toBe('currentPassword');
    expect(await field({ password: 'second-secret-2', currentPassword: 'wrong-secret' })).toBe(
      'currentPassword',
    );
    const changed = await api.patch('/api/v1/auth/me', {
      password: 'second-secret-2',
      currentPassword: 'first-secret-1',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const login = (password: string) =>
      crm.anonymous.post('/api/v1/auth/login', { email: rep.email, password });
    expect((await login('first-secret-1')).statusCode).toBe(401);
    expect((await login('second-secret-2')).statusCode).toBe(200);
  });

  it('keeps one enabled administrator', async () => {
    const { rows } = await sql<{ id: string }>`SELECT u.id FROM users u JOIN roles r ON r.id = u.role_id
      WHERE r.name = 'CRM Administrator' AND u.id <> ${admin.id}`.execute(crm.database.db);
    for (const other of rows) await crm.as(admin).delete(`/api/v1/users/${other.id}`);
    const refused = await crm.as(admin).patch(`/api/v1/users/${admin.id}`, { enabled: false });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('last CRM Administrator');
    expect((await crm.as(admin).delete(`/api/v1/users/${admin.id}`)).statusCode).toBe(409);
  });

  it('guards roles: built-in ones stay, grants name real entities', async () => {
    const api = crm.as(admin);
    const roles = (await api.get('/api/v1/roles')).json().data as Array<{
      id: string;
      name: string;
      builtIn: boolean;
    }>;
    expect(roles.map((r) => r.name).sort()).toEqual([
      'CRM Administrator',
      'Marketing User',
      'Sales Manager',
      'Sales Representative',
    ]);
    expect((await api.delete(`/api/v1/roles/${roles[0]?.id}`)).statusCode).toBe(409);
    const bad = await api.post('/api/v1/roles', { name: 'Odd', permissions: { spaceship: { read: 'all' } } });
    expect(bad.json().errors[0].field).toBe('permissions/spaceship');
    const badScope = await api.post('/api/v1/roles', {
      name: 'Odd',
      permissions: { user: { read: 'everything' } },
    });
    expect(badScope.statusCode).toBe(422);
    const made = await api.post('/api/v1/roles', { name: 'Auditor', permissions: { '*': { read: 'all' } } });
    expect(made.statusCode).toBe(201);
  });
});

describe('API keys', () => {
  it('shows a key once, stores only its hash, and stops it when revoked or expired', async () => {
    const rep = await crm.createUser('Sales Representative');
    const created = await crm.as(rep).post('/api/v1/api-keys', { name: 'Zapier' });
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json().data;
    expect(key).toMatch(new RegExp(`^crm_${prefix}_`));
    const listed = (await crm.as(rep).get('/api/v1/api-keys')).json().data;
    expect(listed.map((k: { name: string }) => k.name)).toContain('Zapier');
    expect(JSON.stringify(listed)).not.toContain(key);
    const stored = await sql<{ key_hash: string }>`SELECT key_hash FROM api_keys WHERE id = ${id}`.execute(
      crm.database.db,
    );
    expect(stored.rows[0]?.key_hash).not.toContain(key);

    const bearer = { authorization: `Bearer ${key}` };
    expect((await crm.anonymous.get('/api/v1/auth/me', bearer)).json().data.authenticatedBy).toBe('apiKey');
    expect((await crm.as(rep).post(`/api/v1/api-keys/${id}/revoke`)).json().data.revokedAt).not.toBeNull();
    expect((await crm.anonymous.get('/api/v1/auth/me', bearer)).statusCode).toBe(401);

    const second = (await crm.as(rep).post('/api/v1/api-keys', { name: 'Short' })).json().data;
    await sql`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = ${second.id}`.execute(
      crm.database.db,
    );
    expect(
      (await crm.anonymous.get('/api/v1/auth/me', { authorization: `Bearer ${second.key}` })).statusCode,
    ).toBe(401);
    expect((await crm.anonymous.get('/api/v1/auth/me', { authorization: 'Basic abc' })).statusCode).toBe(401);
  });

  it('keeps keys private to their owner and refuses keys for other users', async () => {
    const rep = await crm.createUser('Sales Representative');
    const other = await crm.createUser('Sales Representative');
    const mine = (await crm.as(rep).post('/api/v1/api-keys', { name: 'Mine' })).json().data;
    expect((await crm.as(other).get(`/api/v1/api-keys/${mine.id}`)).statusCode).toBe(404);
    expect((await crm.as(admin).get(`/api/v1/api-keys/${mine.id}`)).statusCode).toBe(200);
    expect(
      (await crm.as(rep).post('/api/v1/api-keys', { name: 'Theirs', ownerId: other.id })).statusCode,
    ).toBe(403);
    const tooLong = await crm
      .as(rep)
      .post('/api/v1/api-keys', { name: 'Forever', expiresAt: '2999-01-01T00:00:00Z' });
    expect(tooLong.json().errors[0].field).toBe('expiresAt');
  });
});
