import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError, TooManyRequests } from '../core/errors.js';
import { fieldErrorsFromAjv } from '../core/validation.js';

export const PROBLEM_BASE = 'https://open-crm.dev/problems/';

export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } },
        required: ['field', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status'],
  additionalProperties: true,
} as const;

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: {
    status: number;
    type: string;
    detail: string;
    errors?: FieldError[];
    extra?: Record<string, unknown>;
  },
) {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: `${PROBLEM_BASE}${problem.type}`,
      title: TITLES[problem.status] ?? 'Error',
      status: problem.status,
      detail: problem.detail,
      instance: request.url.split('?')[0],
      ...(problem.errors?.length ? { errors: problem.errors } : {}),
      ...problem.extra,
    });
}

/** Fastify's own client errors (bad JSON, too large, wrong media type) keep their status under a stable type. */
function frameworkProblemType(code: string | undefined): string {
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'malformed-json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload-too-large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'unsupported-media-type';
    default:
      return 'bad-request';
  }
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      if (error instanceof TooManyRequests) reply.header('retry-after', String(error.retryAfterSeconds));
      return sendProblem(reply, request, {
        status: error.status,
        type: error.type,
        detail: error.message,
        errors: error.errors,
        extra: error.extensions(),
      });
    }
    if (error.validation) {
      const part = error.validationContext ?? 'body';
      const errors = fieldErrorsFromAjv(error.validation as never, part === 'body' ? '' : part);
      return sendProblem(reply, request, {
        status: part === 'body' ? 422 : 400,
        type: 'validation-failed',
        detail: `The request's ${part} is invalid.`,
        errors,
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const type = frameworkProblemType(error.code);
      const detail = type === 'malformed-json' ? 'The body is not valid JSON.' : error.message;
      return sendProblem(reply, request, { status, type, detail });
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, request, {
      status: 500,
      type: 'internal-error',
      detail: 'Something went wrong on the server; it has been logged.',
    });
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, {
      status: 404,
      type: 'not-found',
      detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
    }),
  );
}
