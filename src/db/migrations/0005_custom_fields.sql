-- Custom fields (src/modules/customization): fields an administrator adds to an entity at run time. Each is a
-- real column `cf_<snake name>` on the entity's table, so it can never clash with a built-in column; this table
-- describes it. A removed field (deleted_at set) is hidden everywhere but keeps its column and data until purged,
-- so its name stays taken: the unique indexes cover removed rows too.

CREATE TABLE custom_fields (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  entity text NOT NULL,
  name text NOT NULL,
  column_name text NOT NULL,
  type text NOT NULL,
  label_en text NOT NULL,
  label_de text NOT NULL,
  required boolean NOT NULL DEFAULT false,
  is_unique boolean NOT NULL DEFAULT false,
  options jsonb,
  target text,
  default_value jsonb,
  position integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX custom_fields_entity_name_key ON custom_fields (entity, name);
CREATE UNIQUE INDEX custom_fields_entity_column_key ON custom_fields (entity, column_name);
CREATE INDEX custom_fields_name_trgm ON custom_fields USING gin (crm_fold(name) gin_trgm_ops);

-- Every server keeps the definitions in memory (the entity registry); this announces each committed change so
-- all of them reload at once.
CREATE FUNCTION crm_notify_custom_fields_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM pg_notify('crm_custom_fields', TG_OP);
  RETURN NULL;
END
$$;

CREATE TRIGGER custom_fields_change AFTER INSERT OR UPDATE OR DELETE ON custom_fields
  FOR EACH STATEMENT EXECUTE FUNCTION crm_notify_custom_fields_change();
