import type { FastifyInstance } from 'fastify';
import type { Records } from '../../core/records.js';
import { registerRecordRoutes } from '../../http/record-routes.js';
import { salesEntities } from './entities.js';

/** The generic record routes of the sales entities; sharing only where records have owners (quotations). */
export function registerSalesRoutes(app: FastifyInstance, records: Records): void {
  for (const entity of salesEntities)
    registerRecordRoutes(app, records, entity, entity.owned ? [] : ['share']);
}
