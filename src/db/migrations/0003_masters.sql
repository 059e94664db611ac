-- The CRM's masters (src/modules/masters): territories, customer groups, industries, lead sources, campaigns,
-- sales persons and customers. Every table has the system columns of 0001. Names are unique among live records
-- (partial indexes, so a trashed name can be used again). Trees link to their parent by parent_id; the index on
-- it serves the engine's child checks and the recursive walk of the `within` filter. No rows are seeded: a root
-- such as "All Territories" would be English-only data in a German install, and trees may have several roots.
-- Search fields get crm_fold trigram indexes like users in 0001, so global search never scans a table.

CREATE TABLE territories (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  parent_id uuid REFERENCES territories (id),
  manager_id uuid REFERENCES users (id)
);
CREATE UNIQUE INDEX territories_name_key ON territories (name) WHERE deleted_at IS NULL;
CREATE INDEX territories_parent_id ON territories (parent_id);
CREATE INDEX territories_manager_id ON territories (manager_id);
CREATE INDEX territories_name_trgm ON territories USING gin (crm_fold(name) gin_trgm_ops);

CREATE TABLE customer_groups (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  parent_id uuid REFERENCES customer_groups (id),
  default_payment_terms text
);
CREATE UNIQUE INDEX customer_groups_name_key ON customer_groups (name) WHERE deleted_at IS NULL;
CREATE INDEX customer_groups_parent_id ON customer_groups (parent_id);
CREATE INDEX customer_groups_name_trgm ON customer_groups USING gin (crm_fold(name) gin_trgm_ops);

CREATE TABLE industries (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL
);
CREATE UNIQUE INDEX industries_name_key ON industries (name) WHERE deleted_at IS NULL;
CREATE INDEX industries_name_trgm ON industries USING gin (crm_fold(name) gin_trgm_ops);

CREATE TABLE lead_sources (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  description text
);
CREATE UNIQUE INDEX lead_sources_name_key ON lead_sources (name) WHERE deleted_at IS NULL;
CREATE INDEX lead_sources_name_trgm ON lead_sources USING gin (crm_fold(name) gin_trgm_ops);

-- The date rule is checked in src/modules/masters/service.ts with a message at endDate; the CHECK keeps any
-- path around the API from storing a campaign that ends before it starts.
CREATE TABLE campaigns (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'planned',
  description text,
  start_date date,
  end_date date,
  budget numeric(19,4),
  utm_campaign text,
  CONSTRAINT campaigns_end_after_start CHECK (end_date >= start_date),
  CONSTRAINT campaigns_budget_not_negative CHECK (budget >= 0)
);
CREATE UNIQUE INDEX campaigns_name_key ON campaigns (name) WHERE deleted_at IS NULL;
CREATE INDEX campaigns_utm_campaign ON campaigns (utm_campaign) WHERE deleted_at IS NULL;
CREATE INDEX campaigns_name_trgm ON campaigns USING gin (crm_fold(name) gin_trgm_ops);
CREATE INDEX campaigns_utm_campaign_trgm ON campaigns USING gin (crm_fold(utm_campaign) gin_trgm_ops);

CREATE TABLE sales_persons (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  parent_id uuid REFERENCES sales_persons (id),
  user_id uuid REFERENCES users (id),
  commission_rate numeric(7,4),
  enabled boolean NOT NULL DEFAULT true
);
CREATE UNIQUE INDEX sales_persons_user_id_key ON sales_persons (user_id) WHERE deleted_at IS NULL;
CREATE INDEX sales_persons_parent_id ON sales_persons (parent_id);
CREATE INDEX sales_persons_name ON sales_persons (name, id) WHERE deleted_at IS NULL;
CREATE INDEX sales_persons_name_trgm ON sales_persons USING gin (crm_fold(name) gin_trgm_ops);

-- Customers are owned records (owner_id is the account manager), so role scopes apply: the owner index serves
-- the own/team conditions, (name, id) the default sort with keyset paging, the link indexes filters and the
-- recursive `within` filters on territory and customer group.
CREATE TABLE customers (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  customer_type text NOT NULL DEFAULT 'company',
  customer_group_id uuid REFERENCES customer_groups (id),
  territory_id uuid REFERENCES territories (id),
  industry_id uuid REFERENCES industries (id),
  website text,
  tax_id text,
  default_currency text
);
CREATE INDEX customers_name ON customers (name, id) WHERE deleted_at IS NULL;
CREATE INDEX customers_owner_id ON customers (owner_id, name) WHERE deleted_at IS NULL;
CREATE INDEX customers_customer_group_id ON customers (customer_group_id);
CREATE INDEX customers_territory_id ON customers (territory_id);
CREATE INDEX customers_industry_id ON customers (industry_id);
CREATE INDEX customers_tax_id ON customers (tax_id) WHERE deleted_at IS NULL;
CREATE INDEX customers_name_trgm ON customers USING gin (crm_fold(name) gin_trgm_ops);
CREATE INDEX customers_tax_id_trgm ON customers USING gin (crm_fold(tax_id) gin_trgm_ops);
