-- Lead scoring (src/modules/leads/scoring): the rules that give a lead points, the grade thresholds, the behaviour
-- events rules count, and the learned model behind leads.probability.
--
-- A rule is a record (entity leadScoringRule, edited in Settings) with one condition: a field of the lead
-- (`field` `operator` `value`, value as JSON), "e-mail from a business domain", or a behaviour event
-- (`event_kind`, counted once or per occurrence, for `decay_days` after it happened). The CHECKs keep any path
-- around the API from storing a kind the code does not know; rules.ts checks the rest against lead metadata.

CREATE TABLE lead_scoring_rules (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  points integer NOT NULL CHECK (points BETWEEN -1000 AND 1000),
  condition_kind text NOT NULL CHECK (condition_kind IN ('field', 'businessEmail', 'event')),
  field text,
  operator text,
  value jsonb,
  event_kind text CHECK (event_kind IN ('form_submitted', 'email_replied', 'meeting_held')),
  counting text NOT NULL DEFAULT 'once' CHECK (counting IN ('once', 'each')),
  decay_days integer CHECK (decay_days BETWEEN 1 AND 3650),
  description text
);
CREATE INDEX lead_scoring_rules_name ON lead_scoring_rules (name, id) WHERE deleted_at IS NULL;
-- Global search finds rules by name like any record (see 0009).
CREATE INDEX lead_scoring_rules_name_trgm ON lead_scoring_rules USING gin (crm_fold(name) gin_trgm_ops);
CREATE TRIGGER lead_scoring_rules_search_words AFTER INSERT OR UPDATE OF name ON lead_scoring_rules
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name');

-- One row: the grade thresholds, how much history the learned probability needs, and `revision`, renewed (a new
-- UUID, so a rolled-back change can never lend its number to another) in the transaction of every change of
-- rules, thresholds or model. Servers keep rules and model in memory and reload them when the revision they read
-- differs, so no server scores with stale rules; a re-score batch holds the row FOR SHARE, so a change waits for
-- the batch in hand and then starts a new pass (scoring/jobs.ts).
CREATE TABLE lead_scoring_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  grade_a integer NOT NULL DEFAULT 80,
  grade_b integer NOT NULL DEFAULT 50,
  grade_c integer NOT NULL DEFAULT 20,
  min_won integer NOT NULL DEFAULT 20 CHECK (min_won >= 1),
  min_lost integer NOT NULL DEFAULT 20 CHECK (min_lost >= 1),
  revision uuid NOT NULL DEFAULT '00000000-0000-7000-8000-000000000000',
  -- Until when the decay job has re-scored leads whose events passed their rule's decay window.
  decay_checked_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  CHECK (grade_a > grade_b AND grade_b > grade_c)
);
INSERT INTO lead_scoring_settings (id) VALUES (true) ON CONFLICT DO NOTHING;

-- The naive Bayes model (scoring/model.ts): counts of feature values among won and lost leads, as JSON.
CREATE TABLE lead_scoring_model (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  trained_at timestamptz NOT NULL,
  won integer NOT NULL,
  lost integer NOT NULL,
  counts jsonb NOT NULL
);

-- What a lead did: submitted a web form, replied to an e-mail, met us. Written by recordLeadEvent
-- (scoring/events.ts) in the transaction of what it reports; `source` names that (a form, a message, an activity).
CREATE TABLE lead_events (
  id uuid PRIMARY KEY,
  lead_id uuid NOT NULL REFERENCES leads (id),
  kind text NOT NULL CHECK (kind IN ('form_submitted', 'email_replied', 'meeting_held')),
  occurred_at timestamptz NOT NULL,
  source text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lead_events_lead ON lead_events (lead_id, kind, occurred_at);
-- The decay job looks for events whose window ended since its last run.
CREATE INDEX lead_events_occurred_at ON lead_events (occurred_at);
