import type { FastifyInstance } from 'fastify';
import type { Records } from '../../core/records.js';
import { registerRecordRoutes } from '../../http/record-routes.js';
import { masterEntities } from './entities.js';

/** The generic record routes of every master; sharing only where records have owners (customers). */
export function registerMasterRoutes(app: FastifyInstance, records: Records): void {
  for (const entity of masterEntities) {
    registerRecordRoutes(app, records, entity, entity.owned ? [] : ['share']);
  }
}
