import { registerRecordRoutes } from '../../http/record-routes.js';
import type { CrmModule } from '../module.js';
import { ACTIVITY_ENTITIES } from './entities.js';
import { registerTimelineRoutes } from './routes.js';
import { registerActivityRules } from './rules.js';

/** Notes, calls, meetings and tasks on any record, and each record's timeline. */
export const activitiesModule: CrmModule = {
  name: 'activities',
  entities: ACTIVITY_ENTITIES,
  register({ app, records }) {
    for (const entity of ACTIVITY_ENTITIES) registerRecordRoutes(app, records, entity);
    registerActivityRules(records);
    registerTimelineRoutes(app, records);
  },
};
