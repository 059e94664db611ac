import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/harness.js';
import { loadConfig } from '../../config.js';
import { allModules } from '../index.js';
import { type Server, startServer } from '../../server.js';
import { bootstrapAdmin } from './service.js';

let server: Server;
let drop: () => Promise<void>;

beforeAll(async () => {
  const opened = await openTestDatabase();
  drop = async () => {
    await opened.database.close();
    await opened.drop();
  };
  const config = { ...loadConfig({}), runJobs: false };
  server = await startServer({ config, modules: allModules, logger: false, database: opened.database });
});
afterAll(async () => {
  await server?.close();
  await drop?.();
});

const login = (email: string, password: string) =>
  server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

describe('the first administrator', () => {
  it('is not created without credentials, and nobody can log in', async () => {
    expect(await bootstrapAdmin(server.database.db, undefined, undefined)).toBe('missing-credentials');
    expect((await login('admin@example.com', 'whatever password')).statusCode).toBe(401);
  });

  it('is created from CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD on a start with no users, once', async () => {
    await expect(bootstrapAdmin(server.database.db, 'admin@example.com', 'short')).rejects.toThrow(
      /at least 10/,
    );
    expect(await bootstrapAdmin(server.database.db, 'Admin@Example.com', 'a long admin password')).toBe(
      'created',
    );
    expect(await bootstrapAdmin(server.database.db, 'other@example.com', 'another long password')).toBe(
      'exists',
    );
    const response = await login('admin@example.com', 'a long admin password');
    expect(response.statusCode).toBe(200);
    const cookie = String(response.headers['set-cookie']).split(';')[0] as string;
    const me = await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json().data.role).toBe('CRM Administrator');
  });
});
