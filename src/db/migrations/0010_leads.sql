-- Leads (src/modules/leads): people and organisations that showed interest, with the status of
-- ../shared/spec/status-rules.md, qualification, score and grade, and where they came from. Customers remember the
-- lead they were made from (lead_id), which is what makes a lead "converted".
--
-- status is what the API shows; user_status is what a user last set, which stands again when no derived status
-- applies (src/modules/leads/status.ts). Both are checked here too, so no write path can store a status the spec
-- does not know.

CREATE TABLE leads (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  salutation text,
  first_name text,
  last_name text,
  title text NOT NULL,
  job_title text,
  company_name text,
  email text,
  phone text,
  mobile text,
  website text,
  industry_id uuid REFERENCES industries (id),
  employees integer CHECK (employees >= 0),
  annual_revenue numeric(19, 4) CHECK (annual_revenue >= 0),
  address_line1 text,
  address_line2 text,
  postal_code text,
  city text,
  state text,
  country text,
  territory_id uuid REFERENCES territories (id),
  source_id uuid REFERENCES lead_sources (id),
  campaign_id uuid REFERENCES campaigns (id),
  utm_source text,
  utm_medium text,
  utm_campaign text,
  rating text,
  status text NOT NULL DEFAULT 'lead' CHECK (status IN ('lead', 'open', 'replied', 'interested',
    'do_not_contact', 'opportunity', 'quotation', 'lost_quotation', 'converted')),
  user_status text NOT NULL DEFAULT 'lead' CHECK (user_status IN ('lead', 'open', 'replied', 'interested',
    'do_not_contact')),
  do_not_contact boolean NOT NULL DEFAULT false,
  qualification_status text NOT NULL DEFAULT 'unqualified',
  qualified_by uuid REFERENCES users (id),
  qualified_on date,
  budget text,
  authority text,
  need text,
  timeline text,
  notes text,
  score integer NOT NULL DEFAULT 0,
  grade text,
  probability numeric(7, 4),
  customer_id uuid REFERENCES customers (id),
  converted_at timestamptz,
  tag_ids uuid[] NOT NULL DEFAULT '{}'
);
-- Lists newest first (the default) and by title, over every owner's rows and over one owner's (see 0006).
CREATE INDEX leads_created_at ON leads (created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_owner_created_at ON leads (owner_id, created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_title ON leads (title, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_owner_title ON leads (owner_id, title, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_status ON leads (status, created_at DESC) WHERE deleted_at IS NULL;
-- "Open leads, best first": without it the list walked leads_score past every lead of other statuses.
CREATE INDEX leads_status_score ON leads (status, score DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_score ON leads (score DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_territory_id ON leads (territory_id);
CREATE INDEX leads_source_id ON leads (source_id);
CREATE INDEX leads_campaign_id ON leads (campaign_id);
CREATE INDEX leads_industry_id ON leads (industry_id);
CREATE INDEX leads_customer_id ON leads (customer_id);
-- Duplicate keys (src/modules/leads/duplicates.ts): e-mail, phone and mobile, and company with name, folded.
CREATE INDEX leads_email_fold ON leads (crm_fold(email)) WHERE deleted_at IS NULL;
CREATE INDEX leads_phone_fold ON leads (crm_fold(phone)) WHERE deleted_at IS NULL;
CREATE INDEX leads_mobile_fold ON leads (crm_fold(mobile)) WHERE deleted_at IS NULL;
-- The planner ignores the statistics of a partial index's expression; without these it guessed 0.5 % of the table
-- per phone value and the duplicate check walked every lead by id (docs/performance.md, "Leads").
CREATE STATISTICS leads_phone_fold_stats ON (crm_fold(phone)) FROM leads;
CREATE STATISTICS leads_mobile_fold_stats ON (crm_fold(mobile)) FROM leads;
CREATE INDEX leads_company_title_fold ON leads (crm_fold(company_name), crm_fold(title)) WHERE deleted_at IS NULL;
CREATE INDEX leads_title_trgm ON leads USING gin (crm_fold(title) gin_trgm_ops);
CREATE INDEX leads_company_name_trgm ON leads USING gin (crm_fold(company_name) gin_trgm_ops);
CREATE INDEX leads_email_trgm ON leads USING gin (crm_fold(email) gin_trgm_ops);
CREATE INDEX leads_tag_ids ON leads USING gin (tag_ids);
CREATE TRIGGER leads_search_words AFTER INSERT OR UPDATE OF title, company_name ON leads
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('title', 'company_name');

ALTER TABLE customers ADD COLUMN lead_id uuid REFERENCES leads (id);
CREATE INDEX customers_lead_id ON customers (lead_id) WHERE lead_id IS NOT NULL;
-- A lead meets contacts by company and name (customers by folded name: customers_name_fold, 0006).
CREATE INDEX contacts_company_name_fold ON contacts (crm_fold(company_name), crm_fold(full_name))
  WHERE deleted_at IS NULL;

-- Where leads come from, to start with; administrators rename and add. Web forms file their leads under "Website".
INSERT INTO lead_sources (id, name) VALUES
  ('01900000-0000-7000-8000-000000000001', 'Website'),
  ('01900000-0000-7000-8000-000000000002', 'E-mail'),
  ('01900000-0000-7000-8000-000000000003', 'Phone'),
  ('01900000-0000-7000-8000-000000000004', 'Referral'),
  ('01900000-0000-7000-8000-000000000005', 'Trade show'),
  ('01900000-0000-7000-8000-000000000006', 'Advertisement'),
  ('01900000-0000-7000-8000-000000000007', 'Cold call'),
  ('01900000-0000-7000-8000-000000000008', 'Campaign'),
  ('01900000-0000-7000-8000-000000000009', 'Import')
ON CONFLICT DO NOTHING;
