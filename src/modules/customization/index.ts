import type { CrmModule } from '../module.js';
import { customFieldEntity } from './entities.js';
import { CustomFieldLoader } from './loader.js';
import { registerCustomFieldRoutes } from './routes.js';
import { registerCustomFieldRules } from './rules.js';

/** Custom fields: typed, indexed columns an administrator adds to entities at run time. */
export const customizationModule: CrmModule = {
  name: 'customization',
  entities: [customFieldEntity],
  async register({ app, database, records, registry }) {
    registerCustomFieldRules(records);
    const loader = new CustomFieldLoader(database, registry, app.log);
    registerCustomFieldRoutes(app, records, loader);
    // Before the app serves: requests never meet an entity without its custom fields.
    const stop = await loader.start();
    app.addHook('onClose', stop);
  },
};
