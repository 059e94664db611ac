-- What a company sells and on what terms (src/modules/sales): item groups, items with selling prices per
-- currency, tax templates, the company's own details for its documents, numbering series, and quotations.

CREATE TABLE item_groups (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  name_de text
);
CREATE UNIQUE INDEX item_groups_name_key ON item_groups (name) WHERE deleted_at IS NULL;

-- One rate per template (German VAT 19 %, 7 %, exempt 0 %); inclusive: prices already contain the tax. At most
-- one live default, which new documents take.
CREATE TABLE tax_templates (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  name_de text,
  rate numeric(7,4) NOT NULL CHECK (rate BETWEEN 0 AND 100),
  inclusive boolean NOT NULL DEFAULT false,
  is_default boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX tax_templates_name_key ON tax_templates (name) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX tax_templates_one_default ON tax_templates ((true)) WHERE is_default AND deleted_at IS NULL;
INSERT INTO tax_templates (id, name, name_de, rate, inclusive, is_default) VALUES
  ('01900000-0000-7000-8004-000000000001', 'VAT 19%', 'USt. 19 %', 19, false, true),
  ('01900000-0000-7000-8004-000000000002', 'VAT 7%', 'USt. 7 %', 7, false, false),
  ('01900000-0000-7000-8004-000000000003', 'Tax exempt', 'Steuerfrei', 0, false, false);

-- prices: [{currency, rate}], at most one per currency (src/modules/sales/items.ts).
CREATE TABLE items (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  code text NOT NULL,
  name text NOT NULL,
  name_de text,
  description text,
  description_de text,
  unit text NOT NULL DEFAULT 'unit',
  item_group_id uuid REFERENCES item_groups (id),
  tax_template_id uuid REFERENCES tax_templates (id),
  prices jsonb NOT NULL DEFAULT '[]',
  active boolean NOT NULL DEFAULT true,
  tag_ids uuid[] NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX items_code_key ON items (code) WHERE deleted_at IS NULL;
CREATE INDEX items_item_group_id ON items (item_group_id);
CREATE INDEX items_tax_template_id ON items (tax_template_id);
CREATE INDEX items_tag_ids ON items USING gin (tag_ids);
CREATE INDEX items_name_trgm ON items USING gin (crm_fold(name) gin_trgm_ops);
CREATE INDEX items_code_trgm ON items USING gin (crm_fold(code) gin_trgm_ops);
CREATE TRIGGER items_search_words AFTER INSERT OR UPDATE OF code, name ON items
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('code', 'name');

-- The company's own details for its documents: one row, made here and never trashed (items.ts).
CREATE TABLE company_settings (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  street text,
  postcode text,
  city text,
  country text,
  email text,
  phone text,
  website text,
  tax_id text,
  bank_name text,
  iban text,
  bic text,
  default_currency text NOT NULL DEFAULT 'EUR',
  terms text,
  terms_de text,
  logo text
);
CREATE UNIQUE INDEX company_settings_one ON company_settings ((true)) WHERE deleted_at IS NULL;
INSERT INTO company_settings (id, name) VALUES ('01900000-0000-7000-8005-000000000001', 'My Company');

-- Readable numbers (QTN-2026-00001): one counter per series and year, taken under the row's lock in the
-- transaction of the document it numbers, so a number is never handed out twice nor skipped by a rollback.
CREATE TABLE number_series (
  series text NOT NULL,
  year integer NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (series, year)
);

-- Quotations (src/modules/sales/quotations*.ts). lines: [{id, itemId, description, qty, unit, rate,
-- discountPercent, taxTemplateId, amount}] with amounts and every total computed by the server
-- (src/shared/document-totals.ts). A number is never reused, not even after the trash. amended_from and
-- amendment link an amended draft (QTN-2026-00001-1) to the cancelled quotation it replaces.
CREATE TABLE quotations (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  number text NOT NULL,
  amended_from uuid REFERENCES quotations (id),
  amendment integer NOT NULL DEFAULT 0,
  quotation_to text NOT NULL CHECK (quotation_to IN ('lead', 'customer', 'prospect')),
  lead_id uuid REFERENCES leads (id),
  customer_id uuid REFERENCES customers (id),
  prospect_id uuid REFERENCES prospects (id),
  opportunity_id uuid REFERENCES opportunities (id),
  contact_id uuid REFERENCES contacts (id),
  address_id uuid REFERENCES addresses (id),
  sales_team_id uuid REFERENCES sales_teams (id),
  transaction_date date NOT NULL,
  valid_till date,
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
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'replied', 'partially_ordered',
    'ordered', 'lost', 'cancelled', 'expired')),
  submitted_at timestamptz,
  cancelled_at timestamptz,
  expired_at timestamptz,
  lost_at timestamptz,
  lost_reason_ids uuid[] NOT NULL DEFAULT '{}',
  lost_detail text,
  competitor_ids uuid[] NOT NULL DEFAULT '{}',
  tag_ids uuid[] NOT NULL DEFAULT '{}',
  CONSTRAINT quotations_party CHECK (lead_id IS NOT NULL OR customer_id IS NOT NULL OR prospect_id IS NOT NULL)
);
CREATE UNIQUE INDEX quotations_number_key ON quotations (number);
CREATE INDEX quotations_created_at ON quotations (created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX quotations_owner_created_at ON quotations (owner_id, created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX quotations_opportunity_id ON quotations (opportunity_id) WHERE opportunity_id IS NOT NULL;
CREATE INDEX quotations_lead_id ON quotations (lead_id) WHERE lead_id IS NOT NULL;
CREATE INDEX quotations_customer_id ON quotations (customer_id);
CREATE INDEX quotations_prospect_id ON quotations (prospect_id);
CREATE INDEX quotations_contact_id ON quotations (contact_id);
CREATE INDEX quotations_address_id ON quotations (address_id);
CREATE INDEX quotations_sales_team_id ON quotations (sales_team_id);
CREATE INDEX quotations_tax_template_id ON quotations (tax_template_id);
CREATE INDEX quotations_amended_from ON quotations (amended_from);
CREATE INDEX quotations_lost_reason_ids ON quotations USING gin (lost_reason_ids);
CREATE INDEX quotations_competitor_ids ON quotations USING gin (competitor_ids);
CREATE INDEX quotations_tag_ids ON quotations USING gin (tag_ids);
-- The daily expiry job: submitted quotations past their validity.
CREATE INDEX quotations_valid_till ON quotations (valid_till) WHERE status IN ('open', 'replied');
CREATE INDEX quotations_number_trgm ON quotations USING gin (crm_fold(number) gin_trgm_ops);
CREATE TRIGGER quotations_search_words AFTER INSERT OR UPDATE OF number ON quotations
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('number');

-- What a user last set on an opportunity (open, replied, closed): it stands again when no status derived from
-- quotations applies (status-rules.md), as leads.user_status does for leads.
ALTER TABLE opportunities ADD COLUMN user_status text NOT NULL DEFAULT 'open'
  CHECK (user_status IN ('open', 'replied', 'closed'));
UPDATE opportunities SET user_status = status WHERE status IN ('open', 'replied', 'closed');
-- The opportunity was made lost by its quotations (not declared lost by a user): cancelling the lost quotation
-- opens it again (status-rules.md, action 9).
ALTER TABLE opportunities ADD COLUMN lost_by_quotation boolean NOT NULL DEFAULT false;
