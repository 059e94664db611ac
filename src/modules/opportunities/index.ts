import type { CrmModule } from '../module.js';
import { registerBoardRoutes } from './board-routes.js';
import { opportunityEntities } from './entities.js';
import { registerOpportunityOutcomeRoutes } from './outcome-routes.js';
import { registerOpportunityRoutes } from './routes.js';
import { registerOpportunityRules } from './service.js';

/** Opportunities in pipelines of stages, with lost reasons and competitors. */
export const opportunitiesModule: CrmModule = {
  name: 'opportunities',
  entities: opportunityEntities,
  register({ app, records }) {
    registerOpportunityRules(records);
    registerOpportunityRoutes(app, records);
    registerBoardRoutes(app, records);
    registerOpportunityOutcomeRoutes(app, records);
  },
};
