/** Origins: the ones browsers send, and the CRM's own public address (CRM_PUBLIC_URL). */
import type { FastifyRequest } from 'fastify';

/**
 * An origin as browsers send it (`https://www.example.com`, `http://127.0.0.1:8080`): scheme, host and a port
 * other than the scheme's default, nothing else. Anything more (a path, a query) would never match a request.
 */
export function normaliseOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    (url.pathname !== '/' && url.pathname !== '')
  ) {
    return null;
  }
  return url.origin;
}

/** The CRM's address as other sites reach it: CRM_PUBLIC_URL, else the one the request came in on. */
export function publicUrlFrom(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const origin = normaliseOrigin(value.replace(/\/+$/, ''));
  if (!origin) throw new Error(`CRM_PUBLIC_URL must be an http(s) address without a path, got "${value}"`);
  return origin;
}

/** Where other sites and programs reach the CRM: its public address when set, else where the request came in. */
export function publicOrigin(publicUrl: string | undefined, request: FastifyRequest): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}
