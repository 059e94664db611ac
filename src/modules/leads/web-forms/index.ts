import type { ModuleContext } from '../../module.js';
import { webFormEntities, webFormEntity } from './entities.js';
import { addressHasher, purgeWebFormHits } from './rate-limit.js';
import { registerWebFormRoutes } from './routes.js';
import { webFormRules } from './rules.js';

export { webFormEntities };

/** Capture through web forms: the form records, their public submission endpoint and the snippet. */
export function registerWebForms({
  app,
  records,
  jobs,
}: Pick<ModuleContext, 'app' | 'records' | 'jobs'>): void {
  records.on(webFormEntity.name, webFormRules);
  registerWebFormRoutes(app, records, addressHasher(records.db));
  jobs.every('webForms.purge-hits', 3600, (_job, trx) => purgeWebFormHits(trx));
}
