-- Web forms (src/modules/leads/web-forms): forms on public sites whose submissions become leads. A form's fields
-- and allowed sites are json lists of small objects, as the record form edits them. The slug names the form in its
-- public address and is unique among live forms (a trashed form's slug may be used again).

CREATE TABLE web_forms (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  active boolean NOT NULL DEFAULT true,
  language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'de')),
  fields jsonb NOT NULL,
  honeypot_field text NOT NULL DEFAULT 'website_url',
  thank_you_en text,
  thank_you_de text,
  redirect_url text,
  allowed_origins jsonb NOT NULL DEFAULT '[]',
  source_id uuid REFERENCES lead_sources (id),
  campaign_id uuid REFERENCES campaigns (id)
);
CREATE UNIQUE INDEX web_forms_slug_key ON web_forms (slug) WHERE deleted_at IS NULL;
CREATE INDEX web_forms_name ON web_forms (name, id) WHERE deleted_at IS NULL;
CREATE INDEX web_forms_source_id ON web_forms (source_id);
CREATE INDEX web_forms_campaign_id ON web_forms (campaign_id);

-- What each submission brought and which lead it made or was attached to (`duplicate`: the lead existed). Only
-- the form's own fields are kept in `data`; the address is kept as a keyed hash (see web_form_secrets).
CREATE TABLE web_form_submissions (
  id uuid PRIMARY KEY,
  form_id uuid NOT NULL REFERENCES web_forms (id),
  lead_id uuid NOT NULL REFERENCES leads (id),
  duplicate boolean NOT NULL DEFAULT false,
  data jsonb NOT NULL,
  utm_source text,
  utm_medium text,
  utm_campaign text,
  page_url text,
  referrer text,
  ip_hash text NOT NULL,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX web_form_submissions_form ON web_form_submissions (form_id, created_at DESC);
CREATE INDEX web_form_submissions_lead ON web_form_submissions (lead_id);

-- Every submission attempt that passed the origin check, for the limits per address and form (rate-limit.ts).
-- In the database, so every server counts the same attempts; rows older than a day are purged by a job.
CREATE TABLE web_form_hits (
  form_id uuid NOT NULL REFERENCES web_forms (id),
  ip_hash text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX web_form_hits_form_ip_at ON web_form_hits (form_id, ip_hash, at);
CREATE INDEX web_form_hits_at ON web_form_hits (at);

-- The key of the address hashes: without it, the hash of an IPv4 address is undone by trying all 2^32. One row,
-- made here so every server hashes alike; gen_random_uuid draws from a strong random source.
CREATE TABLE web_form_secrets (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  ip_key text NOT NULL
);
INSERT INTO web_form_secrets (ip_key)
  VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
