import { sql } from 'kysely';
import { type Db, PREPARE_MARK } from '../../db/connect.js';
import type { Actor, RolePermissions } from '../../core/permissions.js';
import { SESSION_DAYS, sha256 } from './auth.js';

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
  expires_at: Date;
}

/**
 * One round trip turns a credential into an actor: the user, their role's grants, and the owners in their team
 * scope (members and managers of every team they manage or belong to).
 */
function actorQuery(from: ReturnType<typeof sql>) {
  return sql<ActorRow>`${sql.raw(PREPARE_MARK)}
    SELECT u.id, u.email, u.full_name, u.language, u.time_zone, r.name AS role_name, r.permissions,
      ARRAY(
        SELECT DISTINCT m FROM sales_teams t, unnest(t.member_ids || t.manager_id) AS m
        WHERE t.deleted_at IS NULL AND m IS NOT NULL AND (t.manager_id = u.id OR u.id = ANY(t.member_ids))
      ) AS team_user_ids,
      c.id AS credential_id, c.last_used_at, c.expires_at
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
/** A safety net only: every change to users, roles, teams, keys and sessions clears the cache at once. */
const CACHE_TTL_MS = 30_000;
const CACHE_MAX_ENTRIES = 10_000;

type Kind = 'session' | 'apiKey';

interface Lookup {
  actor: Actor;
  credentialId: string;
  expiresAt: number;
  lastUsedAt: number;
}

async function lookUp(db: Db, kind: Kind, hash: string): Promise<Lookup | undefined> {
  const from =
    kind === 'session'
      ? sql`(SELECT s.id, s.user_id, s.last_seen_at AS last_used_at, s.expires_at FROM sessions s
           WHERE s.id = ${hash} AND s.expires_at > now()) c`
      : sql`(SELECT k.id, k.owner_id AS user_id, k.last_used_at, k.expires_at FROM api_keys k
           WHERE k.key_hash = ${hash} AND k.revoked_at IS NULL AND k.deleted_at IS NULL AND k.expires_at > now()) c`;
  const row = (await actorQuery(from).execute(db)).rows[0];
  if (!row) return undefined;
  return {
    actor: toActor(row, kind === 'apiKey' ? row.credential_id : undefined),
    credentialId: row.credential_id,
    expiresAt: new Date(row.expires_at).getTime(),
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at).getTime() : 0,
  };
}

/** Records that a credential is in use: sessions slide their expiry, keys show when they were last used. */
async function touch(db: Db, kind: Kind, credentialId: string): Promise<number | undefined> {
  if (kind === 'apiKey') {
    await sql`UPDATE api_keys SET last_used_at = now() WHERE id = ${credentialId}`.execute(db);
    return undefined;
  }
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await sql`UPDATE sessions SET last_seen_at = now(), expires_at = ${expiresAt} WHERE id = ${credentialId}`.execute(
    db,
  );
  return expiresAt.getTime();
}

interface Entry extends Lookup {
  cachedAt: number;
}

/**
 * Turns a session token or API key into an actor. Looking it up costs a round trip per request, so actors are
 * kept in memory — but only while this server hears the database's `crm_auth` notifications, which triggers
 * send on every change to users, roles, teams, API keys and sessions (migration 0002): any server's logout,
 * revocation or role change clears every server's cache as it commits. When the channel is down nothing is
 * cached and every request asks the database.
 */
export class Credentials {
  readonly #cache = new Map<string, Entry>();
  #live = false;

  constructor(readonly db: Db) {}

  /** Whether the change feed is connected; caching is on only while it is. */
  setLive(live: boolean): void {
    this.#live = live;
    this.#cache.clear();
  }

  invalidate(): void {
    this.#cache.clear();
  }

  /** This server's own logout must not wait for the notification to come back to it. */
  forgetSession(token: string): void {
    this.#cache.delete(`session:${sha256(token)}`);
  }

  fromSession(token: string): Promise<Actor | undefined> {
    return this.#resolve('session', sha256(token));
  }

  fromApiKey(key: string): Promise<Actor | undefined> {
    return this.#resolve('apiKey', sha256(key));
  }

  async #resolve(kind: Kind, hash: string): Promise<Actor | undefined> {
    const key = `${kind}:${hash}`;
    const now = Date.now();
    let entry = this.#cache.get(key);
    if (entry && (now - entry.cachedAt > CACHE_TTL_MS || now >= entry.expiresAt)) {
      this.#cache.delete(key);
      entry = undefined;
    }
    if (!entry) {
      const found = await lookUp(this.db, kind, hash);
      if (!found) return undefined;
      entry = { ...found, cachedAt: now };
      if (this.#live) {
        if (this.#cache.size >= CACHE_MAX_ENTRIES) this.#cache.clear();
        this.#cache.set(key, entry);
      }
    }
    if (now - entry.lastUsedAt > TOUCH_AFTER_MS) {
      entry.lastUsedAt = now;
      entry.expiresAt = (await touch(this.db, kind, entry.credentialId)) ?? entry.expiresAt;
    }
    return entry.actor;
  }
}

/** An uncached lookup, for tests and tools that hold a key and want its actor. */
export async function actorFromApiKey(db: Db, key: string): Promise<Actor | undefined> {
  return (await lookUp(db, 'apiKey', sha256(key)))?.actor;
}
