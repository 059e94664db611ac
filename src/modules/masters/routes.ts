import type { FastifyInstance } from 'fastify';
import type { Records } from '../../core/records.js';
import { registerMergeRoutes } from '../../http/merge-routes.js';
import { registerRecordRoutes } from '../../http/record-routes.js';
import { masterEntities } from './entities.js';
import { customerDuplicates, customerMerge } from './service.js';

/**
 * The generic record routes of every master; sharing only where records have owners (customers), and the
 * duplicates and merge routes of customers.
 */
export function registerMasterRoutes(app: FastifyInstance, records: Records): void {
  registerMergeRoutes(app, records, customerDuplicates, customerMerge);
  for (const entity of masterEntities) {
    registerRecordRoutes(app, records, entity, entity.owned ? [] : ['share']);
  }
}
