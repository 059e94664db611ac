import type { CrmModule } from '../module.js';
import { closeRepliedOpportunities } from './auto-close.js';
import { salesEntities } from './entities.js';
import { registerOpportunityChain } from './chain.js';
import { registerItemRules } from './items.js';
import { registerOpportunityItems } from './opportunity-items.js';
import { registerQuotationRoutes } from './quotation-routes.js';
import { registerQuotationRules } from './quotations.js';
import { registerSalesRoutes } from './routes.js';
import { registerSalesOrderRoutes } from './sales-order-routes.js';
import { registerSalesOrderRules } from './sales-orders.js';
import { expireQuotations } from './quotation-actions.js';

const EXPIRY_JOB = 'sales.expire-quotations';
const AUTO_CLOSE_JOB = 'sales.close-replied-opportunities';
const DAY_SECONDS = 86_400;

/** Items, taxes, company settings, quotations and sales orders, with their status chain. */
export const salesModule: CrmModule = {
  name: 'sales',
  entities: salesEntities,
  register({ app, records, jobs }) {
    registerItemRules(records);
    registerQuotationRules(records);
    registerSalesRoutes(app, records);
    registerQuotationRoutes(app, records);
    registerSalesOrderRules(records);
    registerSalesOrderRoutes(app, records);
    registerOpportunityChain(records);
    registerOpportunityItems(records);
    jobs.every(EXPIRY_JOB, DAY_SECONDS, async (_job, trx) => {
      await expireQuotations(trx, records, new Date().toISOString().slice(0, 10));
    });
    jobs.every(AUTO_CLOSE_JOB, DAY_SECONDS, async (_job, trx) => {
      await closeRepliedOpportunities(trx, records);
    });
  },
};
