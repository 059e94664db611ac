import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/connect.js';
import { BUILT_IN_ROLES } from './roles.js';

/** Any constant both servers agree on: start-ups of several servers seed one after the other. */
const SEED_LOCK = 0x43524d52; // "CRMR"

/**
 * Inserts the built-in roles that are missing, and offers each stored built-in role the permission entries it has
 * not been offered before (a capability added since): an entry is added only where the role has none, so an
 * administrator's edits are kept, and only once, so an entry an administrator removed stays removed.
 */
export async function seedRoles(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
    for (const role of BUILT_IN_ROLES) {
      await sql`INSERT INTO roles (id, name, description, permissions, built_in)
        VALUES (${uuidv7()}, ${role.name}, ${role.description}, ${JSON.stringify(role.permissions)}, true)
        ON CONFLICT (name) WHERE deleted_at IS NULL DO NOTHING`.execute(trx);
      const offered = await sql<{ entry: string }>`SELECT entry FROM built_in_grant_offers
        WHERE role_name = ${role.name}`.execute(trx);
      const known = new Set(offered.rows.map((row) => row.entry));
      const fresh = Object.entries(role.permissions).filter(([entry]) => !known.has(entry));
      if (fresh.length === 0) continue;
      // `||` keeps the right-hand side on equal keys: the stored entries win over the offered ones.
      await sql`UPDATE roles
        SET permissions = ${JSON.stringify(Object.fromEntries(fresh))}::jsonb || permissions,
          version = version + 1, updated_at = now()
        WHERE name = ${role.name} AND built_in AND deleted_at IS NULL
          AND NOT permissions ?& ${fresh.map(([entry]) => entry)}::text[]`.execute(trx);
      for (const [entry] of fresh) {
        await sql`INSERT INTO built_in_grant_offers (role_name, entry) VALUES (${role.name}, ${entry})`.execute(
          trx,
        );
      }
    }
  });
}
