import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Forbidden, Unauthenticated } from '../core/errors.js';
import type { Actor } from '../core/permissions.js';
import type { Credentials } from '../modules/users/credentials.js';

export const SESSION_COOKIE = 'crm_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    authenticatedBy: 'session' | 'apiKey' | undefined;
  }
  interface FastifyContextConfig {
    /** Open to anyone, taking no credential at all (a web form's submissions): see installAuth. */
    public?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The CSRF rule: a browser sends Origin (or Sec-Fetch-Site) with every unsafe request; one that comes from
 * another site is refused. Bearer-key requests carry no ambient credential and need no such check.
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'same-origin') return true;
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    const from = new URL(origin);
    // Read the Host header with the Origin's scheme so default ports (":80", ":443") compare equal.
    return from.host === new URL(`${from.protocol}//${request.headers.host ?? ''}`).host;
  } catch {
    return false;
  }
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new Unauthenticated('Log in or send an API key (Authorization: Bearer …).');
  return request.actor;
}

export function installAuth(app: FastifyInstance, credentials: Credentials, publicPaths: Set<string>): void {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('authenticatedBy', undefined);
  app.addHook('onRequest', async (request) => {
    // Public routes ignore cookies and keys: a visitor who is logged in must not post a site's web form as that
    // user, and without a session there is nothing for the CSRF rule to guard (such routes check Origin themselves).
    if (request.routeOptions.config.public) return;
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/v1/')) return;
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match?.[1]) throw new Unauthenticated('The Authorization header must be "Bearer <api key>".');
      const actor = await credentials.fromApiKey(match[1]);
      if (!actor) throw new Unauthenticated('The API key is unknown, expired or revoked.');
      request.actor = actor;
      request.authenticatedBy = 'apiKey';
      return;
    }
    const unsafe = UNSAFE.has(request.method);
    // A cross-site form may not log a victim into the attacker's account either.
    if (unsafe && request.headers.origin && !isSameOrigin(request)) {
      throw new Forbidden('Cross-site request refused: the Origin does not match this server.');
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const actor = await credentials.fromSession(token);
      if (actor) {
        if (unsafe && !isSameOrigin(request)) {
          throw new Forbidden('Cross-site request refused: send an Origin header that matches this server.');
        }
        request.actor = actor;
        request.authenticatedBy = 'session';
        return;
      }
    }
    if (!publicPaths.has(path))
      throw new Unauthenticated('Log in or send an API key (Authorization: Bearer …).');
  });
}
