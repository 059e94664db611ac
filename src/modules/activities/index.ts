import { registerRecordRoutes } from '../../http/record-routes.js';
import type { CrmModule } from '../module.js';
import { ACTIVITY_ENTITIES } from './entities.js';
import { registerCalendarRoutes } from './calendar-routes.js';
import { registerReminders } from './reminders.js';
import { registerTimelineRoutes } from './routes.js';
import { registerActivityRules } from './rules.js';

/** Notes, calls, meetings and tasks on any record, each record's timeline, reminders, calendars. */
export const activitiesModule: CrmModule = {
  name: 'activities',
  entities: ACTIVITY_ENTITIES,
  register({ app, records, jobs }) {
    for (const entity of ACTIVITY_ENTITIES) registerRecordRoutes(app, records, entity);
    registerActivityRules(records);
    registerReminders(records, jobs);
    registerTimelineRoutes(app, records);
    registerCalendarRoutes(app, records);
  },
};
