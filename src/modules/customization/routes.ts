import type { FastifyInstance, onSendHookHandler } from 'fastify';
import type { Records } from '../../core/records.js';
import { requireActor } from '../../http/auth.js';
import { idParams, problemResponses } from '../../http/openapi.js';
import { registerRecordRoutes } from '../../http/record-routes.js';
import { customFieldEntity } from './entities.js';
import type { CustomFieldLoader } from './loader.js';
import { purgeCustomField } from './service.js';

const BASE = `/api/v1/${customFieldEntity.path}`;
const CHANGES = new Set(['POST', 'PATCH', 'DELETE']);

/**
 * The generic record routes of definitions (create, change, remove = DELETE, restore, list, history), and purge.
 * A successful change answers only once this server has loaded the new definitions, so the client's next request
 * here already sees the field; other servers follow the database's notification.
 */
export function registerCustomFieldRoutes(
  app: FastifyInstance,
  records: Records,
  loader: CustomFieldLoader,
): void {
  const reloadAfterChange: onSendHookHandler = async (_request, reply, payload) => {
    if (reply.statusCode < 300) {
      await loader
        .reload()
        .catch((error: unknown) => reply.log.error({ err: error }, 'reloading custom fields failed'));
    }
    return payload;
  };
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!route.url.startsWith(BASE) || !methods.some((method) => CHANGES.has(method))) return;
    const existing = route.onSend ? (Array.isArray(route.onSend) ? route.onSend : [route.onSend]) : [];
    route.onSend = [...existing, reloadAfterChange];
  });
  registerRecordRoutes(app, records, customFieldEntity, ['share']);
  app.post(`${BASE}/:id/purge`, {
    schema: {
      tags: [customFieldEntity.labelPlural.en],
      operationId: 'purgeCustomField',
      summary: 'Drop a removed custom field with its column and data, for good',
      params: idParams,
      response: {
        204: { type: 'null', description: 'Purged' },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    },
    handler: async (request, reply) => {
      await purgeCustomField(records, requireActor(request), (request.params as { id: string }).id);
      return reply.code(204).send();
    },
  });
}
