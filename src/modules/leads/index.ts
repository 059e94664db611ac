import type { CrmModule } from '../module.js';
import { assignmentEntities, registerAssignment } from './assignment/index.js';
import { leadEntities } from './entities.js';
import { registerLeadRoutes } from './routes.js';
import { registerScoring, scoringEntities } from './scoring/index.js';
import { registerLeadRules } from './service.js';
import { registerWebForms, webFormEntities } from './web-forms/index.js';

/** Leads: capture, statuses, qualification, duplicates and conversion. */
export const leadsModule: CrmModule = {
  name: 'leads',
  entities: [...leadEntities, ...webFormEntities, ...scoringEntities, ...assignmentEntities],
  register(ctx) {
    const { app, records, config, jobs } = ctx;
    registerLeadRules(records, config);
    registerScoring({ app, records, jobs });
    // After the lead's rules and scoring: the rules see the lead as it will be stored, score included.
    registerAssignment(ctx);
    registerLeadRoutes(app, records);
    registerWebForms({ app, records, jobs });
  },
};
