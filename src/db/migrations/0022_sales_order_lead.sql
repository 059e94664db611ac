-- The lead a sales order comes from (its quotation's, else its opportunity's), so a lead's page lists its orders
-- beside its opportunities and quotations: the chain read from either end (status-rules.md).
ALTER TABLE sales_orders ADD COLUMN lead_id uuid REFERENCES leads (id);

UPDATE sales_orders o SET lead_id = coalesce(q.lead_id, op.lead_id)
  FROM quotations q LEFT JOIN opportunities op ON op.id = q.opportunity_id
  WHERE q.id = o.quotation_id;

CREATE INDEX sales_orders_lead_id ON sales_orders (lead_id) WHERE lead_id IS NOT NULL;
