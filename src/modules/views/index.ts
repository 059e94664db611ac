import type { CrmModule } from '../module.js';
import { viewEntities } from './entities.js';
import { registerSavedViewRoutes } from './routes.js';
import { registerSavedViewRules } from './service.js';

/** Saved views of the generic lists: per user, and shared with everyone. */
export const viewsModule: CrmModule = {
  name: 'views',
  entities: viewEntities,
  register({ app, records, registry }) {
    registerSavedViewRules(records, registry);
    registerSavedViewRoutes(app, records);
  },
};
