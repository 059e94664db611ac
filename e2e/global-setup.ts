import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { connect } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data directory with a migrated embedded database, copied by startCrm for every fresh CRM. */
    migratedDataDir: string;
  }
}

/**
 * Migrates one embedded database for all browser tests: a CRM started on a copy of it skips PGlite's initdb and
 * the migrations, about 6 s of every start on this machine.
 */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-e2e-migrated-'));
  const database = await connect({ dataDir: dir });
  try {
    await migrate(database.db);
  } finally {
    await database.close();
  }
  project.provide('migratedDataDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
