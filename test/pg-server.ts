import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connect } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PgServer {
  url: string;
  port: number;
  dir: string;
  stop(): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** PostgreSQL refuses to run as root; as root the server runs as the `postgres` system user instead. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

function run(command: string, args: string[]): void {
  const [cmd, argv] = asServerUser(command, args);
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
}

/**
 * Starts a throwaway PostgreSQL 15 in a temporary directory on a free loopback port, tuned for tests
 * (no fsync: the data is thrown away), and returns how to reach and stop it.
 */
export async function startPostgres(): Promise<PgServer> {
  if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) {
    throw new Error(
      `PostgreSQL 15 is not installed at ${PG_BIN}: run "apt-get install postgresql-15" (as root).`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const dataDir = path.join(dir, 'data');
  run(path.join(PG_BIN, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-locale',
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
  ].join(' ');
  run(path.join(PG_BIN, 'pg_ctl'), [
    '-D',
    dataDir,
    '-o',
    options,
    '-l',
    path.join(dir, 'log'),
    '-w',
    'start',
  ]);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(path.join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The migrated database every test database copies: migrating each one anew costs seconds per test file. */
const MIGRATED_TEMPLATE = 'crm_migrated';

/** Creates and migrates the template on a fresh test server (once per run, in the global setup). */
export async function createMigratedTemplate(serverUrl: string): Promise<void> {
  await adminQuery(serverUrl, `CREATE DATABASE ${MIGRATED_TEMPLATE}`);
  // Only a template nobody is connected to can be copied, so this connection must be closed before any copy.
  const database = await connect({ databaseUrl: databaseUrlOn(serverUrl, MIGRATED_TEMPLATE), poolSize: 1 });
  try {
    await migrate(database.db);
  } finally {
    await database.close();
  }
}

export interface ServerDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own on the test server: a copy of the migrated template, or an empty one when a test needs
 * to watch the migrations run (the template exists only where the global setup made it).
 */
export async function createServerDatabase(
  serverUrl: string,
  prefix: string,
  { empty = false }: { empty?: boolean } = {},
): Promise<ServerDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(
    serverUrl,
    `CREATE DATABASE ${name}${empty ? '' : ` TEMPLATE ${MIGRATED_TEMPLATE} STRATEGY FILE_COPY`}`,
  );
  return {
    url: databaseUrlOn(serverUrl, name),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

function databaseUrlOn(serverUrl: string, name: string): string {
  return serverUrl.replace(/\/postgres$/, `/${name}`);
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
