import type { CrmModule } from '../module.js';
import { registerBoardRoutes } from './board-routes.js';
import { opportunityEntities } from './entities.js';
import { registerForecastRoutes } from './forecast-routes.js';
import { registerSnapshotJob } from './forecast-snapshots.js';
import { registerOpportunityOutcomeRoutes } from './outcome-routes.js';
import { registerOpportunityRoutes } from './routes.js';
import { registerOpportunityRules } from './service.js';

/** Opportunities in pipelines of stages, with lost reasons and competitors; the board and the forecast. */
export const opportunitiesModule: CrmModule = {
  name: 'opportunities',
  entities: opportunityEntities,
  register({ app, records, jobs }) {
    registerOpportunityRules(records);
    registerOpportunityRoutes(app, records);
    registerBoardRoutes(app, records);
    registerOpportunityOutcomeRoutes(app, records);
    registerForecastRoutes(app, records);
    registerSnapshotJob(jobs);
  },
};
