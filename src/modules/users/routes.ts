import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/connect.js';
import type { Records } from '../../core/records.js';
import { SESSION_COOKIE, requireActor } from '../../http/auth.js';
import { idParams, problemResponses } from '../../http/openapi.js';
import { oneRecord, registerRecordRoutes, schemaId, sendRecord } from '../../http/record-routes.js';
import { SESSION_DAYS, login, logout } from './auth.js';
import type { Credentials } from './credentials.js';
import { apiKeyEntity, roleEntity, salesTeamEntity, userEntity } from './entities.js';
import { createApiKey, revokeApiKey, updateOwnProfile } from './service.js';

const profileProperties = {
  id: { type: ['string', 'null'] },
  email: { type: 'string' },
  fullName: { type: 'string' },
  language: { type: 'string' },
  timeZone: { type: 'string' },
};
const PROFILE_FIELDS = ['id', 'email', 'fullName', 'language', 'timeZone'];

/** What a login answers: the user's profile (the web app asks /auth/me for the rest). */
const loginSchema = {
  type: 'object',
  properties: { data: { type: 'object', properties: profileProperties, required: PROFILE_FIELDS } },
  required: ['data'],
};

const meSchema = {
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: {
        ...profileProperties,
        role: { type: 'string' },
        teamUserIds: { type: 'array', items: { type: 'string' } },
        authenticatedBy: { type: 'string', enum: ['session', 'apiKey'] },
      },
      required: [...PROFILE_FIELDS, 'role', 'teamUserIds', 'authenticatedBy'],
    },
  },
  required: ['data'],
};

export function registerUserRoutes(
  app: FastifyInstance,
  db: Db,
  records: Records,
  credentials: Credentials,
  secureCookies: boolean,
): void {
  const tags = ['Authentication'];
  app.post('/api/v1/auth/login', {
    schema: {
      tags,
      operationId: 'login',
      summary: 'Log in; sets the session cookie',
      body: {
        type: 'object',
        properties: {
          // PostgreSQL text cannot hold U+0000; refused here, such an address never reaches SQL.
          email: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^\\u0000]*$' },
          password: { type: 'string', minLength: 1, maxLength: 200 },
        },
        required: ['email', 'password'],
        additionalProperties: false,
      },
      response: { 200: loginSchema, ...problemResponses(401, 403, 422, 429) },
    },
    handler: async (request, reply) => {
      const { email, password } = request.body as { email: string; password: string };
      const session = await login(db, {
        email,
        password,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        maxAge: SESSION_DAYS * 86_400,
      });
      return { data: session.user };
    },
  });
  app.post('/api/v1/auth/logout', {
    schema: {
      tags,
      operationId: 'logout',
      summary: 'Log out; ends the session everywhere it is used',
      response: { 204: { type: 'null', description: 'Logged out' }, ...problemResponses(403) },
    },
    handler: async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        await logout(db, token);
        credentials.forgetSession(token);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  });
  app.get('/api/v1/auth/me', {
    schema: {
      tags,
      operationId: 'getMe',
      summary: 'The logged-in user',
      response: { 200: meSchema, ...problemResponses(401) },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      return {
        data: {
          id: actor.userId,
          email: actor.email,
          fullName: actor.fullName,
          language: actor.language,
          timeZone: actor.timeZone,
          role: actor.roleName,
          teamUserIds: actor.teamUserIds,
          authenticatedBy: request.authenticatedBy,
        },
      };
    },
  });
  app.patch('/api/v1/auth/me', {
    schema: {
      tags,
      operationId: 'updateMe',
      response: { 200: oneRecord(userEntity), ...problemResponses(401, 403, 422) },
      summary: 'Change your own name, language, time zone or password',
      body: {
        type: 'object',
        properties: {
          fullName: { type: 'string', minLength: 1, maxLength: 200 },
          language: { type: 'string', enum: ['en', 'de'] },
          timeZone: { type: 'string', maxLength: 64 },
          password: { type: 'string', minLength: 10, maxLength: 200 },
          currentPassword: {
            type: 'string',
            maxLength: 200,
            description:
              'Required with `password`: whoever holds a stolen session must not lock the owner out.',
          },
        },
        additionalProperties: false,
      },
    },
    handler: async (request, reply) => {
      return sendRecord(reply, await updateOwnProfile(db, records, requireActor(request), request.body));
    },
  });

  registerRecordRoutes(app, records, userEntity);
  registerRecordRoutes(app, records, roleEntity);
  registerRecordRoutes(app, records, salesTeamEntity);
  registerRecordRoutes(app, records, apiKeyEntity, ['create', 'patch', 'bulk', 'share']);
  app.post(`/api/v1/${apiKeyEntity.path}`, {
    schema: {
      tags: [apiKeyEntity.labelPlural.en],
      operationId: 'createApiKey',
      summary: 'Create an API key; the key is shown in this answer only',
      body: {
        type: 'object',
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100 },
          expiresAt: { type: 'string', format: 'date-time' },
          ownerId: { type: 'string', format: 'uuid' },
        },
        required: ['name'],
        additionalProperties: false,
      },
      response: {
        201: {
          type: 'object',
          properties: {
            data: {
              allOf: [
                { $ref: `${schemaId(apiKeyEntity)}#` },
                { type: 'object', properties: { key: { type: 'string' } } },
              ],
            },
          },
        },
        ...problemResponses(401, 403, 422),
      },
    },
    handler: async (request, reply) =>
      sendRecord(reply, await createApiKey(records, requireActor(request), request.body), 201),
  });
  app.post(`/api/v1/${apiKeyEntity.path}/:id/revoke`, {
    schema: {
      tags: [apiKeyEntity.labelPlural.en],
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key for good',
      params: idParams,
      response: { 200: oneRecord(apiKeyEntity), ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      const { id } = request.params as { id: string };
      return sendRecord(reply, await revokeApiKey(records, requireActor(request), id));
    },
  });
}
