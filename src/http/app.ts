import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import { EntityRegistry } from '../core/entity.js';
import { coreEntities, tagEntity } from '../core/tags.js';
import { describeEntities } from '../core/meta.js';
import { Records } from '../core/records.js';
import { globalSearch } from '../core/search.js';
import { ajv, queryAjv, readSchema } from '../core/validation.js';
import type { Database } from '../db/connect.js';
import { Credentials } from '../modules/users/credentials.js';
import { JobRunner } from '../jobs/runner.js';
import { registerJobRoutes } from '../jobs/routes.js';
import type { CrmModule } from '../modules/module.js';
import { installAuth, requireActor } from './auth.js';
import { installErrorHandling, problemSchema, sendProblem } from './errors.js';
import { CORE_VALIDATED, openApiOptions, problemResponses } from './openapi.js';
import { runTimeDocument } from './openapi-fields.js';
import { registerRecordRoutes, schemaId } from './record-routes.js';
import { lazySerializers } from './serializers.js';
import { findWebDir, serveWebApp } from './web-app.js';

export interface AppOptions {
  database: Database;
  config: Config;
  modules: CrmModule[];
  logger?: boolean | { level: string };
  jobRunnerOptions?: ConstructorParameters<typeof JobRunner>[1];
}

export interface Crm {
  app: FastifyInstance;
  records: Records;
  registry: EntityRegistry;
  jobs: JobRunner;
  credentials: Credentials;
  /** Compiles the response serializers no request has needed yet (a test checks every schema compiles). */
  compileAllSerializers(): number;
}

export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;
const PUBLIC_API_PATHS = new Set(['/api/v1/auth/login', '/api/v1/auth/logout']);

export async function createApp(options: AppOptions): Promise<Crm> {
  const { database, config, modules } = options;
  const db = database.db;
  const registry = new EntityRegistry([...coreEntities, ...modules.flatMap((m) => m.entities)]);
  registry.checkLinks();
  const records = new Records(db, registry);
  const serializers = lazySerializers();
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: process.env.CRM_TRUST_PROXY === 'true',
    // Every request id shows in the log line of its error; clients may pass theirs for tracing.
    requestIdHeader: 'x-request-id',
    // Errors found before routing (a URL that is not UTF-8, an over-long path parameter) get problem details too.
    frameworkErrors: (error, request, reply) =>
      sendProblem(reply, request, { status: 400, type: 'bad-request', detail: error.message }),
    schemaController: { compilersFactory: { buildSerializer: serializers.factory } },
  });
  const jobs = new JobRunner(db, { log: app.log, ...options.jobRunnerOptions });

  app.setValidatorCompiler(({ schema, httpPart }) => {
    if ((schema as Record<string, unknown>)[CORE_VALIDATED]) return () => true;
    return (httpPart === 'body' ? ajv : queryAjv).compile(schema);
  });
  installErrorHandling(app);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, openApiOptions);
  // The document shows the custom fields of the moment (both here and at /api/openapi.json).
  const openApiDocument = runTimeDocument(registry);
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    // Over a hundred paths: expanded, Swagger UI renders hundreds of operations before a reader sees anything.
    // Collapsed tags with a filter box open at once; deep links (#/Tag/operationId) still open their operation.
    uiConfig: { docExpansion: 'none', filter: true, deepLinking: true },
    transformSpecificationClone: false,
    transformSpecification: (document) => openApiDocument(document),
  });
  app.addSchema(problemSchema);
  app.addSchema({
    $id: 'AuditEntry',
    type: 'object',
    properties: {
      id: { type: 'string' },
      action: { type: 'string', enum: ['create', 'update', 'delete', 'restore', 'merge', 'share'] },
      actorId: { type: ['string', 'null'] },
      actorName: { type: ['string', 'null'] },
      apiKeyId: { type: ['string', 'null'] },
      at: { type: 'string', format: 'date-time' },
      changes: { type: 'object', additionalProperties: { type: 'object', properties: { from: {}, to: {} } } },
    },
  });
  for (const entity of registry.all()) {
    app.addSchema({ $id: schemaId(entity), title: entity.label.en, ...readSchema(entity) });
  }
  const credentials = new Credentials(db);
  const stopListening = await database.listen('crm_auth', {
    onNotify: () => credentials.invalidate(),
    onLive: (live) => credentials.setLive(live),
  });
  app.addHook('onClose', stopListening);
  installAuth(app, credentials, PUBLIC_API_PATHS);

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['Operations'],
        operationId: 'health',
        summary: 'Answers 200 when the database answers',
        security: [],
        response: {
          200: { type: 'object', properties: { status: { type: 'string' } } },
          503: { type: 'object', properties: { status: { type: 'string' } } },
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(db);
        return { status: 'ok' };
      } catch {
        return reply.code(503).send({ status: 'database unavailable' });
      }
    },
  );
  app.get(
    '/api/v1/meta',
    {
      schema: {
        tags: ['Metadata'],
        operationId: 'getMeta',
        response: {
          // Entity descriptions are nested and open-ended; serialised as they are.
          200: {
            type: 'object',
            properties: { data: { type: 'array', items: { type: 'object', additionalProperties: true } } },
          },
          ...problemResponses(401),
        },
        summary: 'Every entity you may read: fields, types, options, labels (en, de)',
      },
    },
    async (request) => ({
      data: describeEntities(registry, requireActor(request)),
    }),
  );
  app.get('/api/v1/search', {
    schema: {
      tags: ['Search'],
      operationId: 'search',
      summary: 'Search every record you may read by name, e-mail and the other search fields (typo tolerant)',
      querystring: {
        type: 'object',
        properties: {
          q: { type: 'string' },
          limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
        },
        required: ['q'],
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          properties: {
            data: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  entity: { type: 'string' },
                  id: { type: 'string' },
                  title: { type: 'string' },
                  score: { type: 'number' },
                },
                required: ['entity', 'id', 'title', 'score'],
              },
            },
          },
          required: ['data'],
        },
        ...problemResponses(400, 401),
      },
    },
    handler: async (request) => {
      const { q, limit } = request.query as { q: string; limit: number };
      return { data: await globalSearch(db, registry, requireActor(request), q, limit) };
    },
  });
  registerJobRoutes(app, db);
  // Tags are the engine's own records; unowned, so nothing to share.
  registerRecordRoutes(app, records, tagEntity, ['share']);
  // A module's register may be async (custom fields load their definitions): the app serves once all are done.
  for (const module of modules) {
    await module.register({ app, db, database, records, registry, jobs, config, credentials });
  }
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => openApiDocument(app.swagger()));
  await serveWebApp(app, findWebDir());
  return { app, records, registry, jobs, credentials, compileAllSerializers: serializers.compileAll };
}
