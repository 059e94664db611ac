import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './connect.js';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Any constant shared by every server of one installation; it keeps two starting servers from migrating twice. */
const MIGRATION_LOCK_KEY = 4_242_001;

export interface Migration {
  version: string;
  sql: string;
}

export function readMigrations(dir = migrationsDir): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: file.replace(/\.sql$/, ''),
      sql: fs.readFileSync(path.join(dir, file), 'utf8'),
    }));
}

/**
 * Applies every migration not yet recorded, all in one transaction under a transaction-scoped advisory lock:
 * a second server starting at the same moment waits, then finds nothing left to do.
 */
export async function migrate(db: Db, migrations: Migration[] = readMigrations()): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`.execute(trx);
    const done = await trx.selectFrom('schema_migrations').select('version').execute();
    const applied = new Set(done.map((row) => String(row.version)));
    const pending = migrations.filter((m) => !applied.has(m.version));
    for (const migration of pending) {
      await sql.raw(migration.sql).execute(trx);
      await trx.insertInto('schema_migrations').values({ version: migration.version }).execute();
    }
    return pending.map((m) => m.version);
  });
}
