-- Tags (src/core/tags.ts): one list of coloured labels for the whole CRM, and a `tag_ids` array on every tagged
-- record table. An array with a GIN index rather than a join table, like sales_teams.member_ids: one row read
-- gives the record with its tags, and "tagged VIP or Hot" (`&&`) and "tagged both" (`@>`) use the index.
-- Names are unique among live tags regardless of case and accents ("Messe" and "messe" are one tag).

CREATE TABLE tags (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  colour text NOT NULL DEFAULT 'gray',
  description text
);
CREATE UNIQUE INDEX tags_name_key ON tags (crm_fold(name)) WHERE deleted_at IS NULL;
CREATE INDEX tags_name_trgm ON tags USING gin (crm_fold(name) gin_trgm_ops);

-- Every record table so far except roles and API keys (settings of access, not records a team labels). Later
-- migrations give their new tables the same column.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'sales_teams', 'territories', 'customer_groups', 'industries', 'lead_sources',
    'campaigns', 'sales_persons', 'customers']
  LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN tag_ids uuid[] NOT NULL DEFAULT ''{}''', t);
    EXECUTE format('CREATE INDEX %I ON %I USING gin (tag_ids)', t || '_tag_ids', t);
  END LOOP;
END $$;
