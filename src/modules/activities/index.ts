import { registerRecordRoutes } from '../../http/record-routes.js';
import type { CrmModule } from '../module.js';
import { registerAttachmentRoutes } from './attachment-routes.js';
import { registerBookingRules } from './booking/availability.js';
import { bookingPageEntity } from './booking/entities.js';
import { registerBookingRoutes } from './booking/routes.js';
import { addressHasher } from '../leads/web-forms/rate-limit.js';
import { ACTIVITY_ENTITIES, attachmentEntity } from './entities.js';
import { registerCalendarRangeRoute } from './calendar-range.js';
import { registerCalendarRoutes } from './calendar-routes.js';
import { followUpRuleEntity, registerFollowUps } from './follow-ups.js';
import { registerMyDayRoute } from './my-day.js';
import { registerReminders } from './reminders.js';
import { registerTimelineRoutes } from './routes.js';
import { registerActivityRules } from './rules.js';

/** Notes, calls, meetings, tasks and attachments on any record, each record's timeline, reminders, calendars, My day, follow-up rules and appointment booking. */
export const activitiesModule: CrmModule = {
  name: 'activities',
  entities: [...ACTIVITY_ENTITIES, followUpRuleEntity, bookingPageEntity],
  register({ app, records, jobs, config }) {
    for (const entity of ACTIVITY_ENTITIES)
      if (entity !== attachmentEntity) registerRecordRoutes(app, records, entity);
    registerAttachmentRoutes(app, records, { dataDir: config.dataDir, maxBytes: config.attachmentMaxBytes });
    registerActivityRules(records);
    registerReminders(records, jobs);
    registerTimelineRoutes(app, records);
    registerCalendarRoutes(app, records);
    registerCalendarRangeRoute(app, records);
    registerMyDayRoute(app, records);
    registerRecordRoutes(app, records, followUpRuleEntity);
    registerFollowUps(records, jobs);
    registerBookingRules(records);
    registerBookingRoutes(app, records, addressHasher(records.db));
  },
};
