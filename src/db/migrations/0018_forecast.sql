-- The sales forecast (src/modules/opportunities/forecast*.ts).

-- Forecast categories as sales teams commit to them: what an open stage implies (pipeline, best case, commit),
-- which an opportunity follows on every stage change unless its owner set one by hand, as with probability. An
-- opportunity in the won stage is "closed", in the lost stage "omitted".
ALTER TABLE pipeline_stages ADD COLUMN forecast_category text NOT NULL DEFAULT 'pipeline'
  CHECK (forecast_category IN ('pipeline', 'best_case', 'commit'));
ALTER TABLE opportunities ADD COLUMN forecast_category text NOT NULL DEFAULT 'pipeline'
  CHECK (forecast_category IN ('pipeline', 'best_case', 'commit', 'closed', 'omitted'));
ALTER TABLE opportunities ADD COLUMN forecast_category_manual boolean NOT NULL DEFAULT false;
UPDATE opportunities o SET forecast_category = CASE s.kind WHEN 'won' THEN 'closed' ELSE 'omitted' END
  FROM pipeline_stages s WHERE s.id = o.stage_id AND s.kind <> 'open';

-- Quota of a sales representative (the owner) for a calendar month, in one currency.
CREATE TABLE sales_quotas (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid NOT NULL REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  currency text NOT NULL DEFAULT 'EUR',
  amount numeric(19,4) NOT NULL CHECK (amount >= 0),
  note text
);
-- One quota per rep, month and currency; "month" first so a second one is refused naming the month.
CREATE UNIQUE INDEX sales_quotas_month_owner ON sales_quotas (month, owner_id, currency) WHERE deleted_at IS NULL;
CREATE INDEX sales_quotas_owner ON sales_quotas (owner_id, month);

-- What the open opportunities looked like week by week, for forecast accuracy. Compact: one row holds an
-- opportunity's state for every consecutive week it stayed the same (first_week to last_week, Mondays), so the
-- weekly job (forecast-snapshots.ts) extends most rows instead of copying them, and "the forecast as of week W"
-- is the rows with first_week <= W <= last_week.
CREATE TABLE opportunity_snapshots (
  opportunity_id uuid NOT NULL REFERENCES opportunities (id),
  first_week date NOT NULL,
  last_week date NOT NULL,
  stage_id uuid NOT NULL REFERENCES pipeline_stages (id),
  owner_id uuid,
  sales_team_id uuid,
  currency text NOT NULL,
  amount numeric(19,4),
  probability numeric(7,4),
  expected_close_date date,
  forecast_category text NOT NULL,
  PRIMARY KEY (opportunity_id, first_week),
  CHECK (last_week >= first_week)
);
CREATE INDEX opportunity_snapshots_week ON opportunity_snapshots (last_week, first_week);

-- The forecast reads open deals by expected closing and won ones by won date.
CREATE INDEX opportunities_expected_close_date ON opportunities (expected_close_date) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_won_at ON opportunities (won_at) WHERE won_at IS NOT NULL;
