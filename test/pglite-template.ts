import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/db/migrate.js';
import { PglitePool, openPglite } from '../src/db/pglite-pool.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A file holding a dump of a migrated embedded database (see openTestDatabase in harness.ts). */
    pgliteTemplate: string;
  }
}

/**
 * Migrates one embedded database for the whole run and dumps it to a file: every test file then starts from
 * the dump (about 1 s) instead of PGlite's initdb and all migrations (about 4 s, more under load).
 */
export default async function setup(project: TestProject) {
  const pglite = await openPglite(undefined);
  const db = new Kysely({
    dialect: new PostgresDialect({ pool: new PglitePool(pglite) as unknown as pg.Pool }),
  });
  await migrate(db);
  const dump = await pglite.dumpDataDir('none');
  await db.destroy();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crm-pglite-')), 'migrated.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
