import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/connect.js';
import { BUILT_IN_ROLES } from './roles.js';

/** Any constant both servers agree on: start-ups of several servers seed one after the other. */
const SEED_LOCK = 0x43524d52; // "CRMR"
/** The offer of the role itself, beside the offers of its permission entries. */
const THE_ROLE = '';

/**
 * Seeds the built-in roles, remembering every offer (built_in_grant_offers) so that each is made once: a role is
 * inserted on the first start only — one an administrator renamed or deleted stays so — and a stored role gets the
 * permission entries added to the product since, where it has none, so an administrator's edits are kept and an
 * entry they removed stays removed.
 */
export async function seedRoles(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
    for (const role of BUILT_IN_ROLES) {
      const offered = await sql<{ entry: string }>`SELECT entry FROM built_in_grant_offers
        WHERE role_name = ${role.name}`.execute(trx);
      const known = new Set(offered.rows.map((row) => row.entry));
      const fresh = Object.keys(role.permissions).filter((entry) => !known.has(entry));
      if (!known.has(THE_ROLE)) {
        await sql`INSERT INTO roles (id, name, description, permissions, built_in)
          VALUES (${uuidv7()}, ${role.name}, ${role.description}, ${JSON.stringify(role.permissions)}, true)
          ON CONFLICT (name) WHERE deleted_at IS NULL DO NOTHING`.execute(trx);
        fresh.unshift(THE_ROLE);
      }
      const entries = fresh.filter((entry) => entry !== THE_ROLE);
      if (entries.length > 0) {
        const offer = Object.fromEntries(entries.map((entry) => [entry, role.permissions[entry]]));
        // `||` keeps the right-hand side on equal keys: the stored entries win over the offered ones.
        await sql`UPDATE roles
          SET permissions = ${JSON.stringify(offer)}::jsonb || permissions,
            version = version + 1, updated_at = now()
          WHERE name = ${role.name} AND built_in AND deleted_at IS NULL
            AND NOT permissions ?& ${entries}::text[]`.execute(trx);
      }
      for (const entry of fresh) {
        await sql`INSERT INTO built_in_grant_offers (role_name, entry) VALUES (${role.name}, ${entry})`.execute(
          trx,
        );
      }
    }
  });
}
