import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../src/config.js';
import type { Actor } from '../src/core/permissions.js';
import { SYSTEM_ACTOR } from '../src/core/permissions.js';
import { type Database, connect } from '../src/db/connect.js';
import { allModules } from '../src/modules/index.js';
import type { CrmModule } from '../src/modules/module.js';
import { actorFromApiKey } from '../src/modules/users/credentials.js';
import { userEntity } from '../src/modules/users/entities.js';
import { createApiKey } from '../src/modules/users/service.js';
import { type Server, startServer } from '../src/server.js';
import { createServerDatabase } from './pg-server.js';

export type Role = 'CRM Administrator' | 'Sales Manager' | 'Sales Representative' | 'Marketing User';

export interface TestUser {
  id: string;
  email: string;
  key: string;
  actor: Actor;
}

export interface Client {
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export interface TestCrm {
  server: Server;
  database: Database;
  /** Statements sent to the database since the last reset. */
  queries: string[];
  /** The server's data directory (attachments' files), removed on close. */
  dataDir: string;
  as(user: TestUser): Client;
  anonymous: Client;
  createUser(role: Role, name?: string): Promise<TestUser>;
  close(): Promise<void>;
}

/**
 * A database of its own for every test file: a PGlite in memory, or a new database on the test server. Both
 * start migrated (PGlite from the dump of test/pglite-template.ts, the server's as a copy of the template of
 * test/global-setup.ts) unless `empty` asks for a database without migrations; the server's start migrates
 * either way.
 */
export async function openTestDatabase(
  onQuery?: (sql: string) => void,
  { empty = false }: { empty?: boolean } = {},
): Promise<{ database: Database; drop(): Promise<void> }> {
  const log = onQuery ? { onQuery: (event: { query: { sql: string } }) => onQuery(event.query.sql) } : {};
  if (process.env.TEST_DB !== 'postgres') {
    const template = empty ? undefined : migratedPgliteDump();
    const database = await connect({ ...(template ? { template } : {}), ...log });
    return { database, drop: async () => undefined };
  }
  const created = await createServerDatabase(inject('pgUrl'), 't', { empty });
  const database = await connect({ databaseUrl: created.url, poolSize: 10, ...log });
  return { database, drop: created.drop };
}

/** The migrated embedded database of test/pglite-template.ts, for PGlite's `loadDataDir`. */
export function migratedPgliteDump(): Blob {
  return new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
}

export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DB === 'postgres' ? inject('pgUrl') : undefined;
}

function client(server: Server, headers: Record<string, string>): Client {
  const send = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ) =>
    server.app.inject({
      method,
      url,
      headers: {
        ...headers,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...extra,
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
  return {
    get: (url, extra) => send('GET', url, undefined, extra),
    post: (url, body, extra) => send('POST', url, body ?? {}, extra),
    patch: (url, body, extra) => send('PATCH', url, body, extra),
    put: (url, body, extra) => send('PUT', url, body, extra),
    delete: (url, extra) => send('DELETE', url, undefined, extra),
  };
}

let userCounter = 0;

export async function createTestCrm(
  options: { modules?: CrmModule[]; config?: Partial<Config> } = {},
): Promise<TestCrm> {
  const queries: string[] = [];
  const { database, drop } = await openTestDatabase((sql) => queries.push(sql));
  // Files (attachments) go to a directory of the test's own, never to ./data of the working copy.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-test-data-'));
  const config = {
    ...loadConfig({}),
    dataDir,
    runJobs: false,
    adminEmail: undefined,
    adminPassword: undefined,
    ...options.config,
  };
  const server = await startServer({
    config,
    modules: options.modules ?? allModules,
    logger: false,
    database,
  });
  const roleIds = new Map<string, string>();
  for (const row of await database.db.selectFrom('roles').select(['id', 'name']).execute())
    roleIds.set(row.name, row.id);

  async function createUser(role: Role, name = `${role} ${++userCounter}`): Promise<TestUser> {
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${userCounter}@example.com`;
    const user = await server.records.create(SYSTEM_ACTOR, userEntity, {
      email,
      fullName: name,
      roleId: roleIds.get(role),
      password: 'correct horse battery',
    });
    const owner = { ...SYSTEM_ACTOR, userId: user.id as string };
    const { key } = await createApiKey(server.records, owner, { name: 'tests', ownerId: user.id });
    const actor = await actorFromApiKey(database.db, key);
    if (!actor) throw new Error('test user has no actor');
    return { id: user.id as string, email, key, actor };
  }

  return {
    server,
    database,
    queries,
    dataDir,
    as: (user) => client(server, { authorization: `Bearer ${user.key}` }),
    anonymous: client(server, {}),
    createUser,
    close: async () => {
      await server.close();
      await database.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
