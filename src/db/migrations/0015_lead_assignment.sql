-- Lead assignment (src/modules/leads/assignment): rules that pick the owner of a new lead, each rep's capacity
-- and absence, the state the strategies carry from one lead to the next, and the log of every assignment.
--
-- Capacities belong to the rep, not to a rule: one limit holds however many rules name the rep. The log is what
-- capacities count ("leads assigned today / in the last 30 days"), read under the assignment lock (allocation.ts),
-- so two servers assigning at the same moment cannot both give a rep their last free place.

CREATE TABLE assignment_rules (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  position integer NOT NULL DEFAULT 0 CHECK (position >= 0),
  active boolean NOT NULL DEFAULT true,
  strategy text NOT NULL DEFAULT 'round_robin' CHECK (strategy IN ('round_robin', 'least_open', 'weighted')),
  sales_team_id uuid REFERENCES sales_teams (id),
  member_ids uuid[] NOT NULL DEFAULT '{}',
  weights jsonb,
  territory_ids uuid[] NOT NULL DEFAULT '{}',
  source_ids uuid[] NOT NULL DEFAULT '{}',
  countries text[] NOT NULL DEFAULT '{}',
  industry_ids uuid[] NOT NULL DEFAULT '{}',
  min_score integer,
  max_score integer,
  description text
);
-- The order rules run in (and their list's default order).
CREATE INDEX assignment_rules_position ON assignment_rules (position, id) WHERE deleted_at IS NULL;

CREATE TABLE rep_capacities (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  user_id uuid NOT NULL REFERENCES users (id),
  name text NOT NULL,
  max_per_day integer CHECK (max_per_day >= 0),
  max_per_30_days integer CHECK (max_per_30_days >= 0),
  out_of_office_from timestamptz,
  out_of_office_until timestamptz
);
CREATE UNIQUE INDEX rep_capacities_user_id_key ON rep_capacities (user_id) WHERE deleted_at IS NULL;
CREATE INDEX rep_capacities_name ON rep_capacities (name, id) WHERE deleted_at IS NULL;

-- Per rule: the rep who got its last lead (round robin goes on after them) and the running weights of smooth
-- weighted round robin. Read and written only under the assignment lock.
CREATE TABLE lead_assignment_state (
  rule_id uuid PRIMARY KEY REFERENCES assignment_rules (id),
  last_user_id uuid,
  current_weights jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every assignment: on create, on demand (POST /leads/{id}/assign) or in bulk (POST /leads/assign). rule_id is
-- empty when a user named the owner in a bulk assignment. The lead is checked at commit: on create the rules run
-- (and log) before the lead's row is inserted, in the same transaction.
CREATE TABLE lead_assignments (
  id uuid PRIMARY KEY,
  lead_id uuid NOT NULL REFERENCES leads (id) DEFERRABLE INITIALLY DEFERRED,
  user_id uuid NOT NULL REFERENCES users (id),
  previous_owner_id uuid REFERENCES users (id),
  rule_id uuid REFERENCES assignment_rules (id),
  how text NOT NULL CHECK (how IN ('create', 'on_demand', 'bulk')),
  actor_id uuid REFERENCES users (id),
  at timestamptz NOT NULL
);
CREATE INDEX lead_assignments_lead ON lead_assignments (lead_id, at DESC);
-- Capacities count a rep's assignments since a moment: an index range per rep.
CREATE INDEX lead_assignments_user_at ON lead_assignments (user_id, at);

-- "Fewest open leads" counts each candidate's live leads that are neither converted nor do-not-contact; the
-- predicate is spelt exactly as the query spells it (allocation-store.ts), so the count is read from this index.
CREATE INDEX leads_owner_open ON leads (owner_id)
  WHERE deleted_at IS NULL AND status NOT IN ('converted', 'do_not_contact');
