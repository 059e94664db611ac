import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';
import { TooManyRequests, Unauthenticated } from '../../core/errors.js';
import { burnPasswordCheck, verifyPassword } from '../../core/password.js';

export const SESSION_DAYS = 14;
/** Failed logins allowed per account and per address within the window, counted across every server. */
export const LOGIN_LIMITS = { perAccount: 5, perAddress: 20, windowMinutes: 15 };

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
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
