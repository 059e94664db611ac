-- Follow-up rules (src/modules/activities/follow-ups.ts): "an open opportunity with no activity for N hours" or "a
-- lead not contacted within N hours of its creation" gives the owner a task and tells their managers. A firing is
-- remembered per rule, record and period (for idle deals: the last activity they idled from), so each fires once.
CREATE TABLE follow_up_rules (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  kind text NOT NULL CHECK (kind IN ('opportunity_idle', 'lead_not_contacted')),
  after_hours integer NOT NULL CHECK (after_hours BETWEEN 1 AND 8760),
  task_title text,
  notify_managers boolean NOT NULL DEFAULT true
);
CREATE INDEX follow_up_rules_name ON follow_up_rules (name, id) WHERE deleted_at IS NULL;
CREATE INDEX follow_up_rules_name_trgm ON follow_up_rules USING gin (crm_fold(name) gin_trgm_ops);
CREATE TRIGGER follow_up_rules_search_words AFTER INSERT OR UPDATE OF name ON follow_up_rules
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name');

CREATE TABLE follow_up_firings (
  rule_id uuid NOT NULL REFERENCES follow_up_rules (id),
  record_id uuid NOT NULL,
  period text NOT NULL,
  task_id uuid REFERENCES tasks (id),
  fired_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_id, record_id, period)
);
