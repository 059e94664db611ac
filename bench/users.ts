/**
 * Sets up who the benchmark acts as, over the public API like an administrator would: log in, create sales
 * representatives, and give one of them an API key. Nothing here writes to the database directly.
 */

export const BENCH_ROLE = 'Sales Representative';

export interface BenchUsers {
  /** The representative the benchmark authenticates as. */
  repId: string;
  repKey: string;
  /** Every owner of seeded rows; the representative is one of them, so their scope sees 1/n of the table. */
  ownerIds: string[];
}

class Api {
  #cookie = '';
  constructor(readonly baseUrl: string) {}

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

export async function createBenchUsers(
  baseUrl: string,
  admin: { email: string; password: string },
  owners: number,
): Promise<BenchUsers> {
  const api = new Api(baseUrl);
  await api.call('POST', '/api/v1/auth/login', admin);
  const roles = await api.call<{ data: Array<{ id: string }> }>(
    'GET',
    `/api/v1/roles?filter[name]=${encodeURIComponent(BENCH_ROLE)}`,
  );
  const roleId = roles.data[0]?.id;
  if (!roleId) throw new Error(`no role "${BENCH_ROLE}"`);
  const ownerIds: string[] = [];
  for (let i = 1; i <= owners; i++) {
    const user = await api.call<One<{ id: string }>>('POST', '/api/v1/users', {
      email: `rep${i}@bench.example.com`,
      fullName: `Bench Representative ${i}`,
      roleId,
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
