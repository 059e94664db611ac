import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, NotFound } from '../../../core/errors.js';
import type { Records } from '../../../core/records.js';
import { requireActor } from '../../../http/auth.js';
import { normaliseOrigin, publicOrigin, publicUrlFrom } from '../../../http/origins.js';
import { idParams, problemResponses } from '../../../http/openapi.js';
import { slugParams as publicSlugParams } from '../../../http/public-pages.js';
import { registerRecordRoutes } from '../../../http/record-routes.js';
import { leadEntity } from '../entities.js';
import { webFormEntity } from './entities.js';
import { claimSubmission } from './rate-limit.js';
import { type SnippetForm, renderSnippet, thankYouPage } from './snippet.js';
import { type WebForm, findActiveForm, honeypotFilled, submitWebForm, thankYouText } from './submit.js';

/** A form's fields and a page's UTM parameters fit easily; anything larger is not a person typing. */
export const SUBMISSION_BODY_LIMIT = 16 * 1024;

const tags = [webFormEntity.labelPlural.en];
const base = `/api/v1/${webFormEntity.path}`;
const submissionsPath = `${base}/:slug/submissions`;
const slugParams = publicSlugParams('The form’s slug');

const hidden = (description: string) => ({ type: 'string', maxLength: 2048, description });
const submissionBody = {
  type: 'object',
  description:
    'The form’s fields by their names (lead field names such as `email`); other members are ignored and not ' +
    'stored. The snippet adds the UTM parameters of the page’s address and the page itself.',
  maxProperties: 100,
  properties: {
    utm_source: hidden('utm_source of the page’s address'),
    utm_medium: hidden('utm_medium of the page’s address'),
    utm_campaign: hidden('utm_campaign of the page’s address; finds the campaign when the form names none'),
    page_url: hidden('The page the form was on'),
    referrer: hidden('Where the visitor came from (document.referrer)'),
  },
  additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
};
const thanks = {
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: {
        message: { type: 'string', description: 'The thank-you text in the form’s language' },
        redirectUrl: { type: ['string', 'null'], description: 'Where to send the visitor instead' },
      },
      required: ['message', 'redirectUrl'],
    },
  },
  required: ['data'],
};

/** The site a request comes from: its Origin, else the origin of its Referer (older browsers on form posts). */
function originOf(request: FastifyRequest): string | null {
  const { origin, referer } = request.headers;
  if (origin !== undefined) return origin === 'null' ? null : normaliseOrigin(origin);
  if (!referer) return null;
  try {
    return normaliseOrigin(new URL(referer).origin);
  } catch {
    return null;
  }
}

/** JSON for script and integration callers; a plain HTML form post gets a page. */
function wantsJson(request: FastifyRequest): boolean {
  if (request.headers['content-type']?.startsWith('application/json')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export function registerWebFormRoutes(
  app: FastifyInstance,
  records: Records,
  hashAddress: (ip: string) => Promise<string>,
): void {
  const publicUrl = publicUrlFrom(process.env.CRM_PUBLIC_URL);
  const admitted = new WeakMap<FastifyRequest, WebForm>();
  registerRecordRoutes(app, records, webFormEntity, ['share']);

  app.get(`${base}/:id/snippet`, {
    schema: {
      tags,
      operationId: 'getWebFormSnippet',
      summary: 'The HTML to paste into a site’s page to show the form',
      params: idParams,
      response: {
        200: {
          type: 'object',
          properties: {
            data: {
              type: 'object',
              properties: {
                html: { type: 'string', description: 'The form, its labels and a small inline script' },
                submitUrl: { type: 'string', description: 'Where the form posts' },
              },
              required: ['html', 'submitUrl'],
            },
          },
          required: ['data'],
        },
        ...problemResponses(400, 401, 403, 404),
      },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const form = (await records.get(requireActor(request), webFormEntity, id)) as unknown as SnippetForm;
      const origin = publicOrigin(publicUrl, request);
      const submitUrl = `${origin}${base}/${form.slug}/submissions`;
      return { data: { html: renderSnippet(records.current(leadEntity), form, submitUrl), submitUrl } };
    },
  });

  /**
   * Before the body is read: the form must be live and the page on one of its sites. The answer then carries
   * CORS headers for that site (errors too, so the snippet's script can read them), and for no other.
   */
  const admit = async (request: FastifyRequest, reply: FastifyReply) => {
    const { slug } = request.params as { slug: string };
    const form = await findActiveForm(records, slug);
    if (!form) throw new NotFound('There is no active web form at this address.');
    const origin = originOf(request);
    if (!origin || !form.allowedOrigins.includes(origin)) {
      throw new Forbidden('This form accepts submissions only from the pages of its allowed sites.');
    }
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    admitted.set(request, form);
  };

  // Its own context, so form-encoded bodies are read for these routes only.
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );

    scope.options(submissionsPath, {
      config: { public: true },
      onRequest: admit,
      schema: {
        tags,
        operationId: 'preflightWebFormSubmission',
        summary: 'CORS preflight of a submission (public)',
        security: [],
        params: slugParams,
        response: { 204: { type: 'null', description: 'The site may post' }, ...problemResponses(403, 404) },
      },
      handler: async (_request, reply) =>
        reply
          .header('access-control-allow-methods', 'POST')
          .header('access-control-allow-headers', 'content-type, accept')
          .header('access-control-max-age', '600')
          .code(204)
          .send(),
    });

    scope.post(submissionsPath, {
      config: { public: true },
      bodyLimit: SUBMISSION_BODY_LIMIT,
      onRequest: admit,
      schema: {
        tags,
        operationId: 'submitWebForm',
        summary: 'Submit a web form (public: no login, from the form’s allowed sites only)',
        description:
          'Makes a lead with the form’s source and campaign and the page’s UTM parameters, or attaches the ' +
          'submission to the open lead the person already is. JSON or `application/x-www-form-urlencoded` ' +
          '(a plain HTML form); callers that accept JSON get JSON, a form post the thank-you page or a 303 to ' +
          'the form’s redirect page. At most 16 KB; 5 submissions a minute and 50 a day per address and form.',
        security: [],
        params: slugParams,
        body: {
          content: {
            'application/json': { schema: submissionBody },
            'application/x-www-form-urlencoded': { schema: submissionBody },
          },
        },
        response: {
          200: {
            description: 'Received (a bot’s submission is answered alike and thrown away)',
            content: {
              'application/json': { schema: thanks },
              'text/html': { schema: { type: 'string', description: 'The thank-you page' } },
            },
          },
          303: { type: 'null', description: 'A plain form post, sent on to the form’s redirect page' },
          ...problemResponses(400, 403, 404, 413, 415, 422, 429),
        },
      },
      handler: async (request, reply) => {
        const form = admitted.get(request);
        if (!form) throw new NotFound('There is no active web form at this address.');
        const body = (request.body ?? {}) as Record<string, unknown>;
        const ipHash = await hashAddress(request.ip);
        await claimSubmission(records.db, form.id, ipHash);
        if (honeypotFilled(form, body)) {
          request.log.info({ form: form.slug }, 'web form submission with the honeypot filled, discarded');
        } else {
          await submitWebForm(records, form, body, {
            ipHash,
            userAgent: request.headers['user-agent'],
            referer: request.headers.referer,
          });
        }
        const message = thankYouText(form);
        if (wantsJson(request)) return { data: { message, redirectUrl: form.redirectUrl } };
        if (form.redirectUrl) return reply.redirect(form.redirectUrl, 303);
        const page = typeof body.page_url === 'string' ? body.page_url : null;
        // A way back only to a page of the form's own sites, not to wherever a bot pointed it.
        const back = page && form.allowedOrigins.includes(originOfUrl(page)) ? page : null;
        return reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
          .send(thankYouPage(form.language, message, back));
      },
    });
  });
}

function originOfUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
