import { checkLinkListTargets } from '../../core/link-lists.js';
import type { CrmModule } from '../module.js';
import { contactEntities } from './entities.js';
import { registerContactRoutes } from './routes.js';
import { registerContactRules } from './service.js';

/** Contacts, addresses and prospects: people and organisations, their links, duplicates and merges. */
export const contactsModule: CrmModule = {
  name: 'contacts',
  entities: contactEntities,
  register({ app, records, registry, config }) {
    checkLinkListTargets(registry);
    registerContactRules(records, config);
    registerContactRoutes(app, records);
  },
};
