/**
 * The one way the web app talks to the server: same-origin fetch with the session cookie. Failures become
 * `ApiError`s carrying the RFC 9457 problem details the API answers, so screens can show what went wrong.
 */

export interface FieldProblem {
  field: string;
  message: string;
  code?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
}

const PROBLEM_BASE = 'https://open-crm.dev/problems/';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    /** Seconds from a Retry-After header (login limits), when the server sent one. */
    readonly retryAfter: number | undefined,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  /** The problem type without its base URL, e.g. `unauthenticated`; stable, so it keys translations. */
  get type(): string {
    return this.problem.type.startsWith(PROBLEM_BASE)
      ? this.problem.type.slice(PROBLEM_BASE.length)
      : this.problem.type;
  }
}

/** What the server said against an action: the rule's own words at the fields when there are some. */
export function reasonOf(error: Error): string {
  const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return fields.map((problem) => problem.message).join(' ') || error.message;
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as Partial<Problem>;
    if (typeof body.type === 'string' && typeof body.status === 'number') return body as Problem;
  } catch {
    // Not JSON (a proxy's error page): described below from the status alone.
  }
  return { type: 'about:blank', title: response.statusText || 'Error', status: response.status };
}

/** The ApiError for a failed response: its problem details, and Retry-After when the server sent one. */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    await problemOf(response),
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

/** For paths made at run time from metadata (`/api/v1/<entity path>`); fixed routes use the typed client. */
/** JSON in and out; a FormData body (an upload) goes as multipart, its boundary set by the browser. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const json = body !== undefined && !(body instanceof FormData);
  // Browsers send Origin with unsafe same-origin requests, which is what the server's CSRF rule checks.
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(json ? { 'content-type': 'application/json' } : {}) },
    ...(body === undefined ? {} : { body: json ? JSON.stringify(body) : (body as FormData) }),
  });
  if (!response.ok) throw await apiErrorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
