-- Opportunities (src/modules/opportunities): pipelines and their stages, lost reasons, competitors, the
-- opportunities themselves and the history of their stage changes. Statuses follow ../shared/spec/status-rules.md;
-- the CHECKs keep any path around the API from storing a status, kind or party the rules do not know. Names of
-- settings are data in two languages (name English, name_de German).
--
-- Lead status derivation (src/modules/leads/status.ts) reads opportunities.lead_id, opportunity_from, status and
-- deleted_at: keep those columns.

CREATE TABLE pipelines (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  name_de text,
  team_id uuid REFERENCES sales_teams (id),
  is_default boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX pipelines_name_key ON pipelines (name) WHERE deleted_at IS NULL;
-- Exactly one live default: the module moves the mark in one transaction (service), this index is the backstop.
CREATE UNIQUE INDEX pipelines_is_default_key ON pipelines (is_default) WHERE is_default AND deleted_at IS NULL;
CREATE INDEX pipelines_team_id ON pipelines (team_id);

-- One won and one lost stage per pipeline at most (the chain moves a converted or lost opportunity into it, so it
-- must be unambiguous); the module refuses with a message first, the index holds against concurrent writes.
CREATE TABLE pipeline_stages (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  pipeline_id uuid NOT NULL REFERENCES pipelines (id),
  name text NOT NULL,
  name_de text,
  position integer NOT NULL,
  probability numeric(7,4) NOT NULL CHECK (probability BETWEEN 0 AND 100),
  kind text NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'won', 'lost')),
  folded boolean NOT NULL DEFAULT false,
  rotting_days integer CHECK (rotting_days > 0)
);
CREATE INDEX pipeline_stages_pipeline_position ON pipeline_stages (pipeline_id, position, id);
CREATE UNIQUE INDEX pipeline_stages_name_key ON pipeline_stages (name, pipeline_id) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX pipeline_stages_kind_key ON pipeline_stages (kind, pipeline_id)
  WHERE kind IN ('won', 'lost') AND deleted_at IS NULL;

CREATE TABLE lost_reasons (
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
CREATE UNIQUE INDEX lost_reasons_name_key ON lost_reasons (name) WHERE deleted_at IS NULL;

CREATE TABLE competitors (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  website text,
  description text,
  tag_ids uuid[] NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX competitors_name_key ON competitors (name) WHERE deleted_at IS NULL;
CREATE INDEX competitors_name_trgm ON competitors USING gin (crm_fold(name) gin_trgm_ops);
CREATE INDEX competitors_tag_ids ON competitors USING gin (tag_ids);
CREATE TRIGGER competitors_search_words AFTER INSERT OR UPDATE OF name ON competitors
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name');

-- probability_manual: the probability was written by a user and survives stage changes until reset (service.ts).
-- competitor_ids and lost_reason_ids are multilinks (uuid[] with GIN, targets checked by the engine).
CREATE TABLE opportunities (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  title text NOT NULL,
  opportunity_from text NOT NULL CHECK (opportunity_from IN ('lead', 'customer', 'prospect')),
  lead_id uuid REFERENCES leads (id),
  customer_id uuid REFERENCES customers (id),
  prospect_id uuid REFERENCES prospects (id),
  contact_id uuid REFERENCES contacts (id),
  amount numeric(19,4) CHECK (amount >= 0),
  currency text NOT NULL DEFAULT 'EUR',
  probability numeric(7,4) CHECK (probability BETWEEN 0 AND 100),
  probability_manual boolean NOT NULL DEFAULT false,
  expected_close_date date,
  pipeline_id uuid NOT NULL REFERENCES pipelines (id),
  stage_id uuid NOT NULL REFERENCES pipeline_stages (id),
  status text NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'replied', 'quotation', 'converted', 'lost', 'closed')),
  sales_team_id uuid REFERENCES sales_teams (id),
  source_id uuid REFERENCES lead_sources (id),
  campaign_id uuid REFERENCES campaigns (id),
  competitor_ids uuid[] NOT NULL DEFAULT '{}',
  next_step text,
  priority integer NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 3),
  lost_reason_ids uuid[] NOT NULL DEFAULT '{}',
  lost_detail text,
  won_at timestamptz,
  lost_at timestamptz,
  stage_changed_at timestamptz NOT NULL DEFAULT now(),
  description text,
  tag_ids uuid[] NOT NULL DEFAULT '{}',
  CONSTRAINT opportunities_party CHECK (
    lead_id IS NOT NULL OR customer_id IS NOT NULL OR prospect_id IS NOT NULL)
);
-- Lists newest first (the default) over every owner's rows and over one owner's (see 0006).
CREATE INDEX opportunities_created_at ON opportunities (created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_owner_created_at ON opportunities (owner_id, created_at DESC, id)
  WHERE deleted_at IS NULL;
CREATE INDEX opportunities_lead_id ON opportunities (lead_id) WHERE lead_id IS NOT NULL;
CREATE INDEX opportunities_customer_id ON opportunities (customer_id);
CREATE INDEX opportunities_prospect_id ON opportunities (prospect_id);
CREATE INDEX opportunities_contact_id ON opportunities (contact_id);
CREATE INDEX opportunities_pipeline_id ON opportunities (pipeline_id);
-- The opportunities of a stage: the board's columns, and the checks before a stage is trashed or changes kind.
CREATE INDEX opportunities_stage_id ON opportunities (stage_id, created_at DESC, id);
CREATE INDEX opportunities_sales_team_id ON opportunities (sales_team_id);
CREATE INDEX opportunities_source_id ON opportunities (source_id);
CREATE INDEX opportunities_campaign_id ON opportunities (campaign_id);
CREATE INDEX opportunities_competitor_ids ON opportunities USING gin (competitor_ids);
CREATE INDEX opportunities_lost_reason_ids ON opportunities USING gin (lost_reason_ids);
CREATE INDEX opportunities_tag_ids ON opportunities USING gin (tag_ids);
CREATE INDEX opportunities_title_trgm ON opportunities USING gin (crm_fold(title) gin_trgm_ops);
CREATE TRIGGER opportunities_search_words AFTER INSERT OR UPDATE OF title ON opportunities
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('title');

-- Every stage an opportunity entered, written in the transaction that moved it: the first row (from_stage_id
-- NULL) is its creation. seconds_in_previous_stage is how long it stayed in from_stage_id, for velocity reports.
CREATE TABLE opportunity_stage_changes (
  id uuid PRIMARY KEY,
  opportunity_id uuid NOT NULL REFERENCES opportunities (id),
  from_stage_id uuid REFERENCES pipeline_stages (id),
  to_stage_id uuid NOT NULL REFERENCES pipeline_stages (id),
  changed_by uuid REFERENCES users (id),
  changed_at timestamptz NOT NULL,
  seconds_in_previous_stage integer CHECK (seconds_in_previous_stage >= 0)
);
CREATE INDEX opportunity_stage_changes_opportunity ON opportunity_stage_changes (opportunity_id, changed_at);
CREATE INDEX opportunity_stage_changes_from_stage_id ON opportunity_stage_changes (from_stage_id);
CREATE INDEX opportunity_stage_changes_to_stage_id ON opportunity_stage_changes (to_stage_id);

-- The defaults of a new installation (status-rules.md); administrators change all of them. Fixed ids, so a
-- second run (or an installation that has them) adds nothing.
INSERT INTO pipelines (id, name, name_de, is_default, sort_order) VALUES
  ('01900000-0000-7000-8001-000000000001', 'Sales', 'Vertrieb', true, 0)
ON CONFLICT DO NOTHING;

INSERT INTO pipeline_stages (id, pipeline_id, name, name_de, position, probability, kind) VALUES
  ('01900000-0000-7000-8002-000000000001', '01900000-0000-7000-8001-000000000001', 'Prospecting', 'Akquise',
    1, 10, 'open'),
  ('01900000-0000-7000-8002-000000000002', '01900000-0000-7000-8001-000000000001', 'Qualification',
    'Qualifizierung', 2, 20, 'open'),
  ('01900000-0000-7000-8002-000000000003', '01900000-0000-7000-8001-000000000001', 'Proposal', 'Angebot',
    3, 50, 'open'),
  ('01900000-0000-7000-8002-000000000004', '01900000-0000-7000-8001-000000000001', 'Negotiation',
    'Verhandlung', 4, 75, 'open'),
  ('01900000-0000-7000-8002-000000000005', '01900000-0000-7000-8001-000000000001', 'Won', 'Gewonnen',
    5, 100, 'won'),
  ('01900000-0000-7000-8002-000000000006', '01900000-0000-7000-8001-000000000001', 'Lost', 'Verloren',
    6, 0, 'lost')
ON CONFLICT DO NOTHING;

INSERT INTO lost_reasons (id, name, name_de) VALUES
  ('01900000-0000-7000-8003-000000000001', 'Price', 'Preis'),
  ('01900000-0000-7000-8003-000000000002', 'Competitor', 'Wettbewerber'),
  ('01900000-0000-7000-8003-000000000003', 'No budget', 'Kein Budget'),
  ('01900000-0000-7000-8003-000000000004', 'No decision', 'Keine Entscheidung'),
  ('01900000-0000-7000-8003-000000000005', 'Timing', 'Zeitpunkt')
ON CONFLICT DO NOTHING;
