/**
 * Sets up who the benchmark acts as, over the public API like an administrator would: log in, create sales
 * representatives and give one of them an API key, and (bench/leads.ts) a sales manager with a team and a key.
 * Nothing here writes to the database directly.
 */

export const BENCH_ROLE = 'Sales Representative';

export interface BenchUsers {
  /** The representative the benchmark authenticates as. */
  repId: string;
  repKey: string;
  /** Every owner of seeded rows; the representative is one of them, so their scope sees 1/n of the table. */
  ownerIds: string[];
}

export class Api {
  #cookie = '';
  constructor(readonly baseUrl: string) {}

  /** The session cookie, for a request this class does not make (one timed with fetch). */
  get cookie(): string {
    return this.#cookie;
  }

  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { cookie: this.#cookie };
    if (body !== undefined) headers['content-type'] = 'application/json';
    // The CSRF rule: a cookie-authenticated write must come from the server's own origin.
    if (method !== 'GET') headers.origin = this.baseUrl;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    const session = response.headers.getSetCookie().find((c) => c.startsWith('crm_session='));
    if (session) this.#cookie = session.split(';')[0] ?? '';
    return JSON.parse(text) as T;
  }
}

type One<T> = { data: T };

/** The administrator's session, for settings the benchmark needs beyond users (bench/leads-assign.ts). */
export async function adminSession(
  baseUrl: string,
  admin: { email: string; password: string },
): Promise<Api> {
  const api = new Api(baseUrl);
  await api.call('POST', '/api/v1/auth/login', admin);
  return api;
}

async function roleId(api: Api, name: string): Promise<string> {
  const roles = await api.call<{ data: Array<{ id: string }> }>(
    'GET',
    `/api/v1/roles?filter[name]=${encodeURIComponent(name)}`,
  );
  const id = roles.data[0]?.id;
  if (!id) throw new Error(`no role "${name}"`);
  return id;
}

export async function createBenchUsers(
  baseUrl: string,
  admin: { email: string; password: string },
  owners: number,
): Promise<BenchUsers> {
  const api = await adminSession(baseUrl, admin);
  const repRole = await roleId(api, BENCH_ROLE);
  const ownerIds: string[] = [];
  for (let i = 1; i <= owners; i++) {
    const user = await api.call<One<{ id: string }>>('POST', '/api/v1/users', {
      email: `rep${i}@bench.example.com`,
      fullName: `Bench Representative ${i}`,
      roleId: repRole,
      password: 'bench-password-not-secret',
    });
    ownerIds.push(user.data.id);
  }
  const repId = ownerIds[0] as string;
  const key = await api.call<One<{ key: string }>>('POST', '/api/v1/api-keys', {
    name: 'benchmark',
    ownerId: repId,
  });
  return { repId, repKey: key.data.key, ownerIds };
}

export const MANAGER_ROLE = 'Sales Manager';

export interface BenchManager {
  managerId: string;
  managerKey: string;
  teamId: string;
}

/**
 * A Sales Manager (scope "team") leading a sales team of `memberIds`, with an API key: their scope is their own
 * records and those of the team's members.
 */
export async function createBenchManager(
  baseUrl: string,
  admin: { email: string; password: string },
  memberIds: string[],
): Promise<BenchManager> {
  const api = await adminSession(baseUrl, admin);
  const manager = await api.call<One<{ id: string }>>('POST', '/api/v1/users', {
    email: 'manager@bench.example.com',
    fullName: 'Bench Sales Manager',
    roleId: await roleId(api, MANAGER_ROLE),
    password: 'bench-password-not-secret',
  });
  const managerId = manager.data.id;
  const team = await api.call<One<{ id: string }>>('POST', '/api/v1/sales-teams', {
    name: 'Bench team',
    managerId,
    memberIds,
  });
  const key = await api.call<One<{ key: string }>>('POST', '/api/v1/api-keys', {
    name: 'benchmark manager',
    ownerId: managerId,
  });
  return { managerId, managerKey: key.data.key, teamId: team.data.id };
}

/** One request with an API key, the answer's JSON or an error naming the status and body. */
export async function callWithKey<T>(
  url: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  // 204 No Content (a share) has nothing to read.
  return (response.status === 204 ? undefined : await response.json()) as T;
}
