import type { CrmModule } from '../module.js';
import { purgeExpiredCredentials } from './auth.js';
import { platformEntities } from './entities.js';
import { registerUserRoutes } from './routes.js';
import { registerPlatformRules } from './service.js';

export const usersModule: CrmModule = {
  name: 'users',
  entities: platformEntities,
  register({ app, db, records, registry, jobs, config, credentials }) {
    registerPlatformRules(records, registry, credentials);
    registerUserRoutes(app, db, records, credentials, config.secureCookies);
    jobs.every('users.purge-expired-credentials', 3600, (_job, trx) => purgeExpiredCredentials(trx));
  },
};
