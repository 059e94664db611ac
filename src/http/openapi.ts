import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

/** Marks a schema that documents a body the core validates itself (so bulk and import give the same errors). */
export const CORE_VALIDATED = 'x-validated-by-core';

type Schema = Record<string, unknown>;

/** Removes the internal marker from what the published document shows. */
function withoutMarker(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || !(CORE_VALIDATED in schema)) return schema;
  const { [CORE_VALIDATED]: _marker, ...rest } = schema as Schema;
  return rest;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request: unreadable JSON, query parameters or ids',
  401: 'Not logged in, or an unknown, expired or revoked API key',
  403: 'Your role may not do this, or a cross-site request',
  404: 'Missing, or not visible to you',
  409: 'A business rule or a unique value refuses the change',
  412: 'The record changed since you read it',
  422: 'Invalid fields; errors[] names each',
  429: 'Too many attempts; see Retry-After',
};

/** Error answers in the document, as `application/problem+json` with the Problem schema. */
export function problemResponses(...statuses: number[]): Record<number, Schema> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: STATUS_TEXT[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
      },
    ]),
  );
}

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' } },
  required: ['id'],
  additionalProperties: false,
} as const;

export const openApiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Open CRM API',
      version: '1.0.0',
      description:
        'REST API of the CRM. JSON in camelCase; errors are RFC 9457 problem details. Authenticate with the session ' +
        'cookie from POST /api/v1/auth/login (unsafe requests must carry a matching Origin) or with ' +
        '`Authorization: Bearer <api key>`.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'crm_session' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key created under /api/v1/api-keys' },
      },
    },
    security: [{ session: [] }, { apiKey: [] }],
  },
  refResolver: {
    // Component names are the schemas' $id, so references read `#/components/schemas/User`.
    buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
  },
  transform: ({ schema, url }) => {
    if (!schema) return { schema, url };
    const { body, querystring, ...rest } = schema as Schema;
    return {
      schema: {
        ...rest,
        ...(body ? { body: withoutMarker(body) } : {}),
        ...(querystring ? { querystring: withoutMarker(querystring) } : {}),
      } as typeof schema,
      url,
    };
  },
};
