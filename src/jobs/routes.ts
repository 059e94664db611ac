import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Forbidden, NotFound } from '../core/errors.js';
import type { Actor } from '../core/permissions.js';
import type { Db } from '../db/connect.js';
import { requireActor } from '../http/auth.js';
import { idParams, problemResponses } from '../http/openapi.js';

function requireAdministrator(actor: Actor): void {
  if (actor.permissions['*']?.update !== 'all')
    throw new Forbidden('Only a CRM Administrator sees background jobs.');
}

const jobSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'running', 'done', 'failed'] },
    attempts: { type: 'integer' },
    maxAttempts: { type: 'integer' },
    runAt: { type: 'string' },
    lastError: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
  },
};

/** Administrators see failed and pending background work and can send a failed job round again. */
export function registerJobRoutes(app: FastifyInstance, db: Db): void {
  app.get('/api/v1/jobs', {
    schema: {
      tags: ['Background jobs'],
      operationId: 'listJobs',
      summary: 'List background jobs (newest first)',
      querystring: {
        type: 'object',
        properties: { status: { type: 'string', enum: ['pending', 'running', 'done', 'failed'] } },
        additionalProperties: false,
      },
      response: {
        200: { type: 'object', properties: { data: { type: 'array', items: jobSchema } } },
        ...problemResponses(400, 401, 403),
      },
    },
    handler: async (request) => {
      requireAdministrator(requireActor(request));
      const { status } = request.query as { status?: string };
      const rows = await sql<Record<string, unknown>>`
        SELECT id, name, status, attempts, max_attempts AS "maxAttempts", run_at AS "runAt", last_error AS "lastError",
          created_at AS "createdAt", finished_at AS "finishedAt"
        FROM jobs WHERE ${status ? sql`status = ${status}` : sql`true`}
        ORDER BY created_at DESC LIMIT 200`.execute(db);
      return { data: rows.rows };
    },
  });
  app.post('/api/v1/jobs/:id/retry', {
    schema: {
      tags: ['Background jobs'],
      operationId: 'retryJob',
      summary: 'Run a failed job again',
      params: idParams,
      response: {
        204: { type: 'null', description: 'Queued again' },
        ...problemResponses(400, 401, 403, 404),
      },
    },
    handler: async (request, reply) => {
      requireAdministrator(requireActor(request));
      const { id } = request.params as { id: string };
      // last_error stays until the next attempt replaces it: it is why the administrator retried.
      const result =
        await sql`UPDATE jobs SET status = 'pending', run_at = now(), attempts = 0, updated_at = now(),
          finished_at = NULL
        WHERE id = ${id} AND status = 'failed'`.execute(db);
      if (Number(result.numAffectedRows ?? 0) === 0) throw new NotFound('No failed job with this id.');
      return reply.code(204).send();
    },
  });
}
