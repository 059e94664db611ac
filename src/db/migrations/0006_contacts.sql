-- Contacts, addresses and prospects (src/modules/contacts), the primary contact and address of customers, and the
-- merges table that makes merging duplicates undoable (src/core/merge.ts, merge-undo.ts).
--
-- E-mail addresses, phone numbers and links are jsonb arrays on the record (one row read gives the whole record);
-- jsonb_path_ops GIN indexes answer the containment tests that find duplicates (`emails @> '[{"email":…}]'`) and
-- the records linked to one record (`links @> '[{"entity":"customer","id":…}]'`). primary_email/primary_phone are
-- kept by the module for lists and sorting. Global search reads the name, the company and search_keys — every
-- e-mail and phone in one column, derived by the database itself (a generated column), so no write path can let it
-- drift, and one trigram index serves all of them.

CREATE FUNCTION crm_contact_search_keys(emails jsonb, phones jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT string_agg(v, ' ') FROM (
      SELECT e ->> 'email' AS v
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(emails) = 'array' THEN emails ELSE '[]'::jsonb END) e
      UNION ALL
      SELECT p ->> 'phone'
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(phones) = 'array' THEN phones ELSE '[]'::jsonb END) p
    ) keys
  $$;

CREATE TABLE contacts (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  salutation text,
  first_name text,
  middle_name text,
  last_name text,
  full_name text NOT NULL,
  job_title text,
  company_name text,
  emails jsonb NOT NULL DEFAULT '[]',
  phones jsonb NOT NULL DEFAULT '[]',
  primary_email text,
  primary_phone text,
  links jsonb NOT NULL DEFAULT '[]',
  search_keys text GENERATED ALWAYS AS (crm_contact_search_keys(emails, phones)) STORED,
  tag_ids uuid[] NOT NULL DEFAULT '{}',
  CONSTRAINT contacts_lists_are_arrays CHECK (
    jsonb_typeof(emails) = 'array' AND jsonb_typeof(phones) = 'array' AND jsonb_typeof(links) = 'array')
);
-- Lists in their usual orders, by name (the default) and newest first, each ending in the id as every list's
-- sort does: over every owner's rows (scope "all") and over one owner's (scopes "own" and "team": a list reads the
-- owners' rows and the rows shared with the actor as two parts, core/record-reads.ts, so PostgreSQL walks the
-- owner's index in list order instead of reading the whole table in that order and skipping other owners' rows).
CREATE INDEX contacts_full_name ON contacts (full_name, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_created_at ON contacts (created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_owner_full_name ON contacts (owner_id, full_name, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_owner_created_at ON contacts (owner_id, created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_primary_email ON contacts (primary_email) WHERE deleted_at IS NULL;
CREATE INDEX contacts_primary_phone ON contacts (primary_phone) WHERE deleted_at IS NULL;
-- Duplicate keys: the folded name by equality, e-mails and phones by containment.
CREATE INDEX contacts_full_name_fold ON contacts (crm_fold(full_name)) WHERE deleted_at IS NULL;
CREATE INDEX contacts_emails ON contacts USING gin (emails jsonb_path_ops);
CREATE INDEX contacts_phones ON contacts USING gin (phones jsonb_path_ops);
CREATE INDEX contacts_links ON contacts USING gin (links jsonb_path_ops);
CREATE INDEX contacts_full_name_trgm ON contacts USING gin (crm_fold(full_name) gin_trgm_ops);
CREATE INDEX contacts_company_name_trgm ON contacts USING gin (crm_fold(company_name) gin_trgm_ops);
CREATE INDEX contacts_search_keys_trgm ON contacts USING gin (crm_fold(search_keys) gin_trgm_ops);
CREATE INDEX contacts_tag_ids ON contacts USING gin (tag_ids);

-- formatted_lines and summary are derived from the other columns on every write (the country's address format).
CREATE TABLE addresses (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  address_type text NOT NULL DEFAULT 'billing',
  line1 text NOT NULL,
  line2 text,
  city text,
  postal_code text,
  state text,
  country text NOT NULL,
  links jsonb NOT NULL DEFAULT '[]',
  formatted_lines jsonb NOT NULL DEFAULT '[]',
  summary text NOT NULL,
  tag_ids uuid[] NOT NULL DEFAULT '{}',
  CONSTRAINT addresses_links_are_arrays CHECK (jsonb_typeof(links) = 'array')
);
CREATE INDEX addresses_summary ON addresses (summary, id) WHERE deleted_at IS NULL;
CREATE INDEX addresses_owner_id ON addresses (owner_id, summary) WHERE deleted_at IS NULL;
CREATE INDEX addresses_links ON addresses USING gin (links jsonb_path_ops);
CREATE INDEX addresses_summary_trgm ON addresses USING gin (crm_fold(summary) gin_trgm_ops);
CREATE INDEX addresses_tag_ids ON addresses USING gin (tag_ids);

CREATE TABLE prospects (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'open',
  industry_id uuid REFERENCES industries (id),
  territory_id uuid REFERENCES territories (id),
  company_size text,
  annual_revenue numeric(19,4),
  currency text,
  website text,
  primary_contact_id uuid REFERENCES contacts (id),
  primary_address_id uuid REFERENCES addresses (id),
  customer_id uuid REFERENCES customers (id),
  converted_at timestamptz,
  tag_ids uuid[] NOT NULL DEFAULT '{}',
  CONSTRAINT prospects_revenue_not_negative CHECK (annual_revenue >= 0)
);
CREATE INDEX prospects_name ON prospects (name, id) WHERE deleted_at IS NULL;
CREATE INDEX prospects_owner_id ON prospects (owner_id, name) WHERE deleted_at IS NULL;
CREATE INDEX prospects_industry_id ON prospects (industry_id);
CREATE INDEX prospects_territory_id ON prospects (territory_id);
CREATE INDEX prospects_primary_contact_id ON prospects (primary_contact_id);
CREATE INDEX prospects_primary_address_id ON prospects (primary_address_id);
CREATE INDEX prospects_customer_id ON prospects (customer_id);
CREATE INDEX prospects_name_trgm ON prospects USING gin (crm_fold(name) gin_trgm_ops);
CREATE INDEX prospects_tag_ids ON prospects USING gin (tag_ids);

ALTER TABLE customers ADD COLUMN primary_contact_id uuid REFERENCES contacts (id);
ALTER TABLE customers ADD COLUMN primary_address_id uuid REFERENCES addresses (id);
CREATE INDEX customers_primary_contact_id ON customers (primary_contact_id);
CREATE INDEX customers_primary_address_id ON customers (primary_address_id);
-- Customer duplicates are found by folded name (core/duplicates.ts).
CREATE INDEX customers_name_fold ON customers (crm_fold(name)) WHERE deleted_at IS NULL;

-- One row per merge: what moved (relinked rows with their values before) and what each merged record gave the
-- survivor, so restoring a merged record can put its part back. restored_ids lists those already restored.
CREATE TABLE merges (
  id uuid PRIMARY KEY,
  entity text NOT NULL,
  survivor_id uuid NOT NULL,
  merged_ids uuid[] NOT NULL,
  restored_ids uuid[] NOT NULL DEFAULT '{}',
  details jsonb NOT NULL,
  actor_id uuid REFERENCES users (id),
  at timestamptz NOT NULL
);
CREATE INDEX merges_merged_ids ON merges USING gin (merged_ids);
CREATE INDEX merges_survivor ON merges (entity, survivor_id);

