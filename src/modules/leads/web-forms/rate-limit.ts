import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { TooManyRequests } from '../../../core/errors.js';
import type { Db } from '../../../db/connect.js';

/** Submissions one address may send to one form, counted across every server. */
export const WEB_FORM_LIMITS = { perMinute: 5, perDay: 50 };

/** Namespace of the advisory locks that serialise the attempts of one address on one form. */
const HIT_LOCK = 4_242_013;

/**
 * Addresses are personal data: they are stored only as an HMAC under the key of migration 0013, which is the same
 * on every server (so limits hold across them) and never leaves the database (so the hash cannot be reversed by
 * trying every IPv4 address).
 */
export function addressHasher(db: Db): (ip: string) => Promise<string> {
  let key: Promise<string> | undefined;
  const load = async () => {
    const { rows } = await sql<{ ip_key: string }>`SELECT ip_key FROM web_form_secrets`.execute(db);
    const found = rows[0]?.ip_key;
    if (!found) throw new Error('web_form_secrets has no key: migration 0013 did not run');
    return found;
  };
  return async (ip) => {
    key ??= load().catch((error: unknown) => {
      key = undefined;
      throw error;
    });
    return createHmac('sha256', await key)
      .update(ip)
      .digest('base64url');
  };
}

/**
 * Counts the attempt and refuses it when the address already sent `perMinute` within the last minute or
 * `perDay` within the last day to this form: one transaction under an advisory lock per form and address, so
 * parallel requests (on several servers too) each see the ones before them. Refused attempts are not counted,
 * so a flood ends once it stops instead of extending itself. Retry-After says when the oldest counted attempt
 * leaves the window that is full.
 */
export async function claimSubmission(db: Db, formId: string, ipHash: string): Promise<void> {
  const { perMinute, perDay } = WEB_FORM_LIMITS;
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${HIT_LOCK}, hashtext(${`${formId}:${ipHash}`}))`.execute(trx);
    const { rows } = await sql<{ minute: number; day: number; minute_since: string; day_since: string }>`
      SELECT count(*) FILTER (WHERE at > now() - interval '1 minute') AS minute, count(*) AS day,
        extract(epoch FROM now() - min(at) FILTER (WHERE at > now() - interval '1 minute'))::float8 AS minute_since,
        extract(epoch FROM now() - min(at))::float8 AS day_since
      FROM (SELECT at FROM web_form_hits
        WHERE form_id = ${formId} AND ip_hash = ${ipHash} AND at > now() - interval '1 day'
        ORDER BY at DESC LIMIT ${perDay}) recent`.execute(trx);
    const row = rows[0];
    const wait = (window: number, since: unknown) => Math.max(1, Math.ceil(window - Number(since ?? 0)));
    if (row && Number(row.day) >= perDay) {
      throw new TooManyRequests(
        'Too many submissions from your address today; please try again later.',
        wait(86_400, row.day_since),
      );
    }
    if (row && Number(row.minute) >= perMinute) {
      throw new TooManyRequests(
        'Too many submissions from your address; please wait a minute.',
        wait(60, row.minute_since),
      );
    }
    await sql`INSERT INTO web_form_hits (form_id, ip_hash) VALUES (${formId}, ${ipHash})`.execute(trx);
  });
}

/** Attempts older than the longest window count for nothing. */
export async function purgeWebFormHits(db: Db): Promise<void> {
  await sql`DELETE FROM web_form_hits WHERE at < now() - interval '1 day'`.execute(db);
}
