import type { FastifyInstance } from 'fastify';

/**
 * What the tests of web forms share: a visitor posting a form from a site, each from an address of its own.
 * Typed by what it uses rather than the test harness, so the server's build never pulls the harness in.
 */

export const ORIGIN = 'https://www.example.com';

export interface SubmitOptions {
  origin?: string | null;
  ip?: string;
  /** A plain HTML form post (form-encoded, asking for a page) instead of the snippet's script. */
  encoded?: boolean;
  headers?: Record<string, string>;
  slug?: string;
}

let addresses = 0;
/** Each request comes from an address of its own unless told, so the rate limit only bites where it is tested. */
const nextAddress = () => `198.51.${Math.floor(++addresses / 250)}.${addresses % 250}`;

export function visitor(crm: { server: { app: FastifyInstance } }) {
  return (body: Record<string, string>, options: SubmitOptions = {}) => {
    const { origin = ORIGIN, ip = nextAddress(), encoded = false, headers = {}, slug = 'contact' } = options;
    return crm.server.app.inject({
      method: 'POST',
      url: `/api/v1/web-forms/${slug}/submissions`,
      remoteAddress: ip,
      headers: {
        ...(origin ? { origin } : {}),
        'content-type': encoded ? 'application/x-www-form-urlencoded' : 'application/json',
        ...(encoded ? { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } : {}),
        ...headers,
      },
      payload: encoded ? new URLSearchParams(body).toString() : JSON.stringify(body),
    });
  };
}

/** The contact form most tests post to. */
export const CONTACT_FORM = {
  name: 'Contact us',
  slug: 'contact',
  fields: [
    { name: 'firstName' },
    { name: 'lastName', required: true },
    { name: 'email', required: true },
    { name: 'employees' },
    { name: 'notes' },
  ],
  allowedOrigins: [{ origin: ORIGIN }],
};
