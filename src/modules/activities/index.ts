import { registerRecordRoutes } from '../../http/record-routes.js';
import type { CrmModule } from '../module.js';
import { registerAttachmentRoutes } from './attachment-routes.js';
import { ACTIVITY_ENTITIES, attachmentEntity } from './entities.js';
import { registerCalendarRoutes } from './calendar-routes.js';
import { followUpRuleEntity, registerFollowUps } from './follow-ups.js';
import { registerMyDayRoute } from './my-day.js';
import { registerReminders } from './reminders.js';
import { registerTimelineRoutes } from './routes.js';
import { registerActivityRules } from './rules.js';

/** Notes, calls, meetings, tasks and attachments on any record, each record's timeline, reminders, calendars, My day and follow-up rules. */
export const activitiesModule: CrmModule = {
  name: 'activities',
  entities: [...ACTIVITY_ENTITIES, followUpRuleEntity],
  register({ app, records, jobs, config }) {
    for (const entity of ACTIVITY_ENTITIES)
      if (entity !== attachmentEntity) registerRecordRoutes(app, records, entity);
    registerAttachmentRoutes(app, records, { dataDir: config.dataDir, maxBytes: config.attachmentMaxBytes });
    registerActivityRules(records);
    registerReminders(records, jobs);
    registerTimelineRoutes(app, records);
    registerCalendarRoutes(app, records);
    registerMyDayRoute(app, records);
    registerRecordRoutes(app, records, followUpRuleEntity);
    registerFollowUps(records, jobs);
  },
};
