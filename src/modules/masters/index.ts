import type { CrmModule } from '../module.js';
import { masterEntities } from './entities.js';
import { registerMasterRoutes } from './routes.js';
import { registerMasterRules } from './service.js';

/** Territories, customer groups, industries, lead sources, campaigns, sales persons and customers. */
export const mastersModule: CrmModule = {
  name: 'masters',
  entities: masterEntities,
  register({ app, records }) {
    registerMasterRules(records);
    registerMasterRoutes(app, records);
  },
};
