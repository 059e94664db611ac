import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/connect.js';
import type { EntityRegistry } from '../../core/entity.js';
import { RuleViolation, ValidationFailed } from '../../core/errors.js';
import { hashPassword, verifyPassword } from '../../core/password.js';
import type { Actor, RolePermissions } from '../../core/permissions.js';
import type { Records } from '../../core/records.js';
import type { ApiRecord } from '../../core/row.js';
import { newToken, sha256 } from './auth.js';
import type { Credentials } from './credentials.js';
import { apiKeyEntity, platformEntities, roleEntity, userEntity } from './entities.js';
import { ADMIN_ROLE } from './roles.js';
import { isTimeZone } from '../../shared/time-zones.js';

export type BootstrapOutcome = 'exists' | 'created' | 'missing-credentials';

/** Creates the first administrator from the environment when the installation has no user yet. */
export async function bootstrapAdmin(
  db: Db,
  email: string | undefined,
  password: string | undefined,
): Promise<BootstrapOutcome> {
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (anyUser) return 'exists';
  if (!email || !password) return 'missing-credentials';
  if (password.length < 10) throw new Error('CRM_ADMIN_PASSWORD must have at least 10 characters');
  const role = await db
    .selectFrom('roles')
    .select('id')
    .where('name', '=', ADMIN_ROLE)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  const passwordHash = await hashPassword(password);
  await sql`INSERT INTO users (id, email, full_name, role_id, password_hash)
    VALUES (${uuidv7()}, ${email.trim().toLowerCase()}, 'Administrator', ${role.id}, ${passwordHash})
    ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING`.execute(db);
  return 'created';
}

/** The rules of users, roles and API keys that the engine cannot know. */
export function registerPlatformRules(
  records: Records,
  registry: EntityRegistry,
  credentials: Credentials,
): void {
  // The database announces these changes to every server on commit; this server drops its cached actors at once
  // too, so its own next request never waits for the notification to come back.
  for (const entity of platformEntities)
    records.on(entity.name, { afterWrite: () => credentials.invalidate() });
  records.on(userEntity.name, {
    async beforeWrite({ trx, columns, action, before }) {
      if (typeof columns.time_zone === 'string' && !isTimeZone(columns.time_zone)) {
        throw new ValidationFailed([
          { field: 'timeZone', message: 'is not an IANA time zone such as Europe/Berlin', code: 'format' },
        ]);
      }
      if (before) {
        await keepOneAdministrator(trx, before.id as string, {
          deleting: action === 'delete',
          enabled: columns.enabled as boolean | undefined,
          roleId: columns.role_id as string | undefined,
        });
      }
    },
    async afterWrite({ trx, action, after }) {
      // Someone disabled or removed is logged out everywhere at once.
      if (after && (action === 'delete' || after.enabled === false)) {
        await trx
          .deleteFrom('sessions')
          .where('user_id', '=', after.id as string)
          .execute();
      }
    },
  });
  records.on(roleEntity.name, {
    async beforeWrite({ trx, columns, action, before }) {
      if (action === 'delete' && before) {
        if (before.builtIn)
          throw new RuleViolation('Built-in roles cannot be deleted; change their permissions instead.');
        const inUse = await trx
          .selectFrom('users')
          .select('id')
          .where('role_id', '=', before.id as string)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (inUse)
          throw new RuleViolation('This role is still given to users; give them another role first.');
      }
      if (typeof columns.permissions === 'string') {
        const permissions = JSON.parse(columns.permissions) as RolePermissions;
        const unknown = Object.keys(permissions).filter((name) => name !== '*' && !registry.find(name));
        if (unknown.length) {
          throw new ValidationFailed(
            unknown.map((name) => ({
              field: `permissions/${name}`,
              message: 'is not an entity',
              code: 'unknownEntity',
            })),
          );
        }
      }
    },
  });
  records.on(apiKeyEntity.name, {
    beforeWrite({ action, before }) {
      if (action === 'restore' && before?.revokedAt)
        throw new RuleViolation('A revoked API key stays revoked; create a new one.');
    },
  });
}

async function isActiveAdministrator(trx: Db, userId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('users as u')
    .innerJoin('roles as r', 'r.id', 'u.role_id')
    .select('u.id')
    .where('u.id', '=', userId)
    .where('r.name', '=', ADMIN_ROLE)
    .where('u.enabled', '=', true)
    .where('u.deleted_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** An installation always keeps one enabled administrator, or nobody could manage users again. */
async function keepOneAdministrator(
  trx: Db,
  userId: string,
  change: { deleting: boolean; enabled: boolean | undefined; roleId: string | undefined },
): Promise<void> {
  if (!(await isActiveAdministrator(trx, userId))) return;
  let staysAdmin = !change.deleting && change.enabled !== false;
  if (staysAdmin && change.roleId !== undefined) {
    const role = await trx
      .selectFrom('roles')
      .select('name')
      .where('id', '=', change.roleId)
      .executeTakeFirst();
    staysAdmin = role?.name === ADMIN_ROLE;
  }
  if (staysAdmin) return;
  const others = await sql<{ count: number }>`
    SELECT count(*) AS count FROM users u JOIN roles r ON r.id = u.role_id
    WHERE r.name = ${ADMIN_ROLE} AND u.enabled AND u.deleted_at IS NULL AND u.id <> ${userId}`.execute(trx);
  if (Number(others.rows[0]?.count ?? 0) > 0) return;
  throw new RuleViolation('The last CRM Administrator cannot be removed, disabled or given another role.');
}

export const API_KEY_DAYS = 90;
const MAX_API_KEY_DAYS = 730;

/** Creates an API key; the plain key is in the answer once and only its hash is stored. */
export async function createApiKey(
  records: Records,
  actor: Actor,
  body: unknown,
): Promise<ApiRecord & { key: string }> {
  const input = (typeof body === 'object' && body !== null ? body : {}) as ApiRecord;
  const expiresAt = input.expiresAt
    ? new Date(String(input.expiresAt))
    : new Date(Date.now() + API_KEY_DAYS * 86_400_000);
  if (expiresAt.getTime() <= Date.now() || expiresAt.getTime() > Date.now() + MAX_API_KEY_DAYS * 86_400_000) {
    throw new ValidationFailed([
      {
        field: 'expiresAt',
        message: `must lie in the future, at most ${MAX_API_KEY_DAYS} days ahead`,
        code: 'range',
      },
    ]);
  }
  const prefix = newToken().slice(0, 8).replace(/[-_]/g, 'x');
  const key = `crm_${prefix}_${newToken()}`;
  const record = await records.create(
    actor,
    apiKeyEntity,
    { ...input, expiresAt: expiresAt.toISOString() },
    {
      system: { prefix, key_hash: sha256(key) },
    },
  );
  return { ...record, key };
}

export async function revokeApiKey(records: Records, actor: Actor, id: string): Promise<ApiRecord> {
  const current = await records.get(actor, apiKeyEntity, id);
  if (current.revokedAt) return current;
  return records.transaction(apiKeyEntity, (trx) =>
    records.patchIn(
      trx,
      actor,
      apiKeyEntity,
      id,
      {},
      {},
      { system: { revoked_at: new Date() }, permission: 'delete' },
    ),
  );
}

/**
 * Everyone may change their own name, language, time zone and password, although most roles may not edit users:
 * the route's schema admits only those fields, and the audit names the user.
 */
export async function updateOwnProfile(
  db: Db,
  records: Records,
  actor: Actor,
  body: unknown,
): Promise<ApiRecord> {
  if (!actor.userId)
    throw new ValidationFailed([{ field: '(actor)', message: 'the system has no profile', code: 'actor' }]);
  const { currentPassword, ...changes } = body as { currentPassword?: string; password?: string };
  if (changes.password !== undefined) {
    const stored = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', actor.userId)
      .executeTakeFirst();
    const hash = stored?.password_hash as string | null | undefined;
    if (!currentPassword || !hash || !(await verifyPassword(hash, currentPassword))) {
      throw new ValidationFailed([
        { field: 'currentPassword', message: 'is not your current password', code: 'currentPassword' },
      ]);
    }
  }
  const self: Actor = {
    ...actor,
    permissions: { ...actor.permissions, user: { read: 'all', update: 'all' } },
  };
  return records.patch(self, userEntity, actor.userId, changes);
}
