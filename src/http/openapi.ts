import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

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
};
