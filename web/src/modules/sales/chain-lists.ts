/**
 * The chain Lead → Opportunity → Quotation → Sales order as related lists, so each record's page shows the
 * others with their statuses (status-rules.md): a lead or customer lists all three, an opportunity its quotations
 * and orders, a quotation its orders. Each list is found through the link its entity has to the page's record.
 */
import type { RelatedSpec } from '../../views/record/related-list';

export const CHAIN = {
  opportunities: { path: 'opportunities', columns: ['status', 'stageId', 'amount', 'expectedCloseDate'] },
  quotations: { path: 'quotations', columns: ['status', 'transactionDate', 'validTill', 'grandTotal'] },
  salesOrders: { path: 'sales-orders', columns: ['status', 'transactionDate', 'deliveryDate', 'grandTotal'] },
} satisfies Record<string, RelatedSpec>;
