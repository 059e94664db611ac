-- Sales orders (src/modules/sales/sales-order*.ts): made from a submitted quotation or on their own, for a customer.
-- lines as on quotations, each made from a quotation line naming it (quotationLineId): how much of a quotation is
-- ordered is the sum over its submitted orders' lines.
CREATE TABLE sales_orders (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  number text NOT NULL,
  customer_id uuid NOT NULL REFERENCES customers (id),
  quotation_id uuid REFERENCES quotations (id),
  opportunity_id uuid REFERENCES opportunities (id),
  contact_id uuid REFERENCES contacts (id),
  address_id uuid REFERENCES addresses (id),
  sales_team_id uuid REFERENCES sales_teams (id),
  transaction_date date NOT NULL,
  delivery_date date,
  currency text NOT NULL DEFAULT 'EUR',
  language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'de')),
  tax_template_id uuid REFERENCES tax_templates (id),
  lines jsonb NOT NULL DEFAULT '[]',
  taxes jsonb NOT NULL DEFAULT '[]',
  total_before_discount numeric(19,4) NOT NULL DEFAULT 0,
  discount_total numeric(19,4) NOT NULL DEFAULT 0,
  net_total numeric(19,4) NOT NULL DEFAULT 0,
  tax_total numeric(19,4) NOT NULL DEFAULT 0,
  grand_total numeric(19,4) NOT NULL DEFAULT 0,
  rounded_total numeric(19,4) NOT NULL DEFAULT 0,
  rounding_adjustment numeric(19,4) NOT NULL DEFAULT 0,
  in_words text,
  terms text,
  notes text,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'to_deliver_and_bill', 'on_hold', 'completed',
    'cancelled', 'closed')),
  submitted_at timestamptz,
  cancelled_at timestamptz,
  tag_ids uuid[] NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX sales_orders_number_key ON sales_orders (number);
CREATE INDEX sales_orders_created_at ON sales_orders (created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX sales_orders_owner_created_at ON sales_orders (owner_id, created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX sales_orders_quotation_id ON sales_orders (quotation_id) WHERE quotation_id IS NOT NULL;
CREATE INDEX sales_orders_opportunity_id ON sales_orders (opportunity_id) WHERE opportunity_id IS NOT NULL;
CREATE INDEX sales_orders_customer_id ON sales_orders (customer_id);
CREATE INDEX sales_orders_contact_id ON sales_orders (contact_id);
CREATE INDEX sales_orders_address_id ON sales_orders (address_id);
CREATE INDEX sales_orders_sales_team_id ON sales_orders (sales_team_id);
CREATE INDEX sales_orders_tax_template_id ON sales_orders (tax_template_id);
CREATE INDEX sales_orders_tag_ids ON sales_orders USING gin (tag_ids);
CREATE INDEX sales_orders_number_trgm ON sales_orders USING gin (crm_fold(number) gin_trgm_ops);
CREATE TRIGGER sales_orders_search_words AFTER INSERT OR UPDATE OF number ON sales_orders
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('number');

-- The opportunity was won because a quotation of it was ordered (not marked won by a user): cancelling the order
-- derives it again (status-rules.md, action 8).
ALTER TABLE opportunities ADD COLUMN won_by_quotation boolean NOT NULL DEFAULT false;

-- Opportunities replied to and then left alone are closed after this many days (status-rules.md, action 12);
-- empty: never.
ALTER TABLE company_settings ADD COLUMN auto_close_replied_days integer DEFAULT 15
  CHECK (auto_close_replied_days BETWEEN 1 AND 3650);
