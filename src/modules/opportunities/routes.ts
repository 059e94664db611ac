import type { FastifyInstance } from 'fastify';
import type { Records } from '../../core/records.js';
import { registerRecordRoutes } from '../../http/record-routes.js';
import { opportunityEntities } from './entities.js';

/**
 * The generic record routes of opportunities, pipelines, stages, lost reasons and competitors; sharing only where
 * records have owners (opportunities). The board and moves are in board-routes.ts, the outcomes in outcome-routes.ts.
 */
export function registerOpportunityRoutes(app: FastifyInstance, records: Records): void {
  for (const entity of opportunityEntities) {
    registerRecordRoutes(app, records, entity, entity.owned ? [] : ['share']);
  }
}
