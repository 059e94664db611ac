import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';
import { TooManyRequests, Unauthenticated } from '../../core/errors.js';
import { burnPasswordCheck, verifyPassword } from '../../core/password.js';
import type { Actor, RolePermissions } from '../../core/permissions.js';

export const SESSION_DAYS = 14;
/** Failed logins allowed per account and per address within the window, counted across every server. */
export const LOGIN_LIMITS = { perAccount: 5, perAddress: 20, windowMinutes: 15 };

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

interface ActorRow {
  id: string;
  email: string;
  full_name: string;
  language: 'en' | 'de';
  time_zone: string;
  role_name: string;
  permissions: RolePermissions;
  team_user_ids: string[] | null;
  credential_id: string;
  last_used_at: Date | null;
}

/**
 * One round trip turns a credential into an actor: the user, their role's grants, and the owners in their team
 * scope (members and managers of every team they manage or belong to).
 */
function actorQuery(name: string, from: ReturnType<typeof sql>) {
  return sql<ActorRow>`/* prepared:${sql.raw(name)} */
    SELECT u.id, u.email, u.full_name, u.language, u.time_zone, r.name AS role_name, r.permissions,
      ARRAY(
        SELECT DISTINCT m FROM sales_teams t, unnest(t.member_ids || t.manager_id) AS m
        WHERE t.deleted_at IS NULL AND m IS NOT NULL AND (t.manager_id = u.id OR u.id = ANY(t.member_ids))
      ) AS team_user_ids,
      c.id AS credential_id, c.last_used_at
    FROM ${from}
    JOIN users u ON u.id = c.user_id
    JOIN roles r ON r.id = u.role_id
    WHERE u.enabled AND u.deleted_at IS NULL`;
}

function toActor(row: ActorRow, apiKeyId?: string): Actor {
  return {
    userId: row.id,
    email: row.email,
    fullName: row.full_name,
    language: row.language,
    timeZone: row.time_zone,
    roleName: row.role_name,
    permissions: row.permissions,
    teamUserIds: (row.team_user_ids ?? []).filter((id) => id !== row.id),
    ...(apiKeyId ? { apiKeyId } : {}),
  };
}

/** Touch timestamps at most once a minute, so reads do not turn into a write per request. */
const TOUCH_AFTER_MS = 60_000;

export async function actorFromSession(db: Db, token: string): Promise<Actor | undefined> {
  const result = await actorQuery(
    'actor_by_session',
    sql`(SELECT s.id, s.user_id, s.last_seen_at AS last_used_at FROM sessions s
         WHERE s.id = ${sha256(token)} AND s.expires_at > now()) c`,
  ).execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > TOUCH_AFTER_MS) {
    // Sliding expiry: a session in use stays alive.
    await sql`UPDATE sessions SET last_seen_at = now(), expires_at = now() + make_interval(days => ${SESSION_DAYS})
      WHERE id = ${row.credential_id}`.execute(db);
  }
  return toActor(row);
}

export async function actorFromApiKey(db: Db, key: string): Promise<Actor | undefined> {
  const result = await actorQuery(
    'actor_by_api_key',
    sql`(SELECT k.id, k.owner_id AS user_id, k.last_used_at FROM api_keys k
         WHERE k.key_hash = ${sha256(key)} AND k.revoked_at IS NULL AND k.deleted_at IS NULL AND k.expires_at > now()) c`,
  ).execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > TOUCH_AFTER_MS) {
    await sql`UPDATE api_keys SET last_used_at = now() WHERE id = ${row.credential_id}`.execute(db);
  }
  return toActor(row, row.credential_id);
}

async function checkLoginLimits(db: Db, email: string, ip: string): Promise<void> {
  const { perAccount, perAddress, windowMinutes } = LOGIN_LIMITS;
  const result = await sql<{
    by_email: number;
    by_ip: number;
    oldest_email: Date | null;
    oldest_ip: Date | null;
  }>`
    SELECT
      count(*) FILTER (WHERE email = ${email}) AS by_email,
      count(*) FILTER (WHERE ip = ${ip}) AS by_ip,
      min(at) FILTER (WHERE email = ${email}) AS oldest_email,
      min(at) FILTER (WHERE ip = ${ip}) AS oldest_ip
    FROM login_attempts
    WHERE NOT success AND at > now() - make_interval(mins => ${windowMinutes}) AND (email = ${email} OR ip = ${ip})`.execute(
    db,
  );
  const row = result.rows[0];
  if (!row) return;
  const blockedSince =
    Number(row.by_email) >= perAccount
      ? row.oldest_email
      : Number(row.by_ip) >= perAddress
        ? row.oldest_ip
        : null;
  if (!blockedSince) return;
  const retryAfter = Math.max(
    1,
    Math.ceil((new Date(blockedSince).getTime() + windowMinutes * 60_000 - Date.now()) / 1000),
  );
  throw new TooManyRequests(
    `Too many failed logins. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
    retryAfter,
  );
}

/** Namespace of the advisory locks that serialise login attempts per account and per address. */
const LOGIN_LOCK = 4_242_002;

/**
 * Checks the limits and records the attempt as failed in one transaction, under advisory locks on the account and
 * the address: concurrent guesses (even on several servers) each see the ones before them, so twenty parallel
 * requests cannot slip past a limit of five. A correct password later marks the attempt as a success.
 */
async function claimLoginAttempt(db: Db, email: string, ip: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    // Always the account first, then the address: one order everywhere, so two logins never deadlock.
    await sql`SELECT pg_advisory_xact_lock(${LOGIN_LOCK}, hashtext(${`email:${email}`}))`.execute(trx);
    await sql`SELECT pg_advisory_xact_lock(${LOGIN_LOCK}, hashtext(${`ip:${ip}`}))`.execute(trx);
    await checkLoginLimits(trx, email, ip);
    const attempt = await trx
      .insertInto('login_attempts')
      .values({ email, ip, success: false })
      .returning('id')
      .executeTakeFirstOrThrow();
    return String(attempt.id);
  });
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: { id: string; email: string; fullName: string; language: string; timeZone: string };
}

export async function login(
  db: Db,
  input: { email: string; password: string; ip: string; userAgent?: string },
) {
  const email = input.email.trim().toLowerCase();
  const attemptId = await claimLoginAttempt(db, email, input.ip);
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'email', 'full_name', 'language', 'time_zone'])
    .where('email', '=', email)
    .where('deleted_at', 'is', null)
    .where('enabled', '=', true)
    .executeTakeFirst();
  const ok = user?.password_hash
    ? await verifyPassword(user.password_hash, input.password)
    : (await burnPasswordCheck(input.password), false);
  if (ok) await db.updateTable('login_attempts').set({ success: true }).where('id', '=', attemptId).execute();
  if (!ok || !user) throw new Unauthenticated('E-mail or password is wrong.');
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: user.id,
      expires_at: expiresAt,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
  const profile = {
    id: user.id,
    email: user.email,
    fullName: user.full_name,
    language: user.language,
    timeZone: user.time_zone,
  };
  return { token, expiresAt, user: profile } satisfies LoginResult;
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

/** Expired sessions and old login attempts are removed by a scheduled job. */
export async function purgeExpiredCredentials(db: Db): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
  await sql`DELETE FROM login_attempts WHERE at < now() - interval '1 day'`.execute(db);
}
