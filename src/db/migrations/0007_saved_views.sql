-- Saved views of the generic lists (src/modules/views): a user's named filters, sort and columns for one entity's
-- list, optionally shared with everyone. Lists of views are read by owner or by the shared flag, per entity; the
-- partial indexes serve both halves of "mine or shared" without touching trashed views.

CREATE TABLE saved_views (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  tag_ids uuid[] NOT NULL DEFAULT '{}',
  name text NOT NULL,
  entity text NOT NULL,
  query jsonb NOT NULL,
  columns jsonb,
  shared boolean NOT NULL DEFAULT false
);
CREATE INDEX saved_views_owner ON saved_views (owner_id, entity, name) WHERE deleted_at IS NULL;
CREATE INDEX saved_views_shared ON saved_views (entity, name) WHERE shared AND deleted_at IS NULL;
CREATE INDEX saved_views_tag_ids ON saved_views USING gin (tag_ids);
CREATE INDEX saved_views_name_trgm ON saved_views USING gin (crm_fold(name) gin_trgm_ops);
