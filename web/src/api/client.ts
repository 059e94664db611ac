/**
 * The typed client for the API's fixed routes (auth, meta, search, module actions), generated from the server's
 * OpenAPI document (openapi.d.ts, `npm run generate:api`): a path, parameter or answer the server no longer has is
 * a type error here. Failures throw the same ApiError as `api()`, so screens handle both alike.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { apiErrorOf } from '../app/api';
import type { paths } from './openapi';

/** Turns every failed response into an ApiError before openapi-fetch parses it. */
const throwProblems: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await apiErrorOf(response);
    return undefined;
  },
};

export const apiClient = createClient<paths>({
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
});
apiClient.use(throwProblems);

/** The answer's body: failures have thrown already, so what remains is the success type. */
export async function body<T>(request: Promise<{ data?: T }>): Promise<T> {
  const { data } = await request;
  return data as T;
}
