-- The platform: users, roles, teams, API keys, sessions, login throttling, audit, sharing and jobs.
-- Every record table has the same system columns (see docs/architecture.md, "Records").

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Search compares folded text: lower case without accents, so "muller" finds "Müller". unaccent() is only
-- STABLE; naming the dictionary makes the wrapper safe to declare IMMUTABLE and to use in indexes.
CREATE FUNCTION crm_fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

CREATE TABLE roles (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  owner_id uuid,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  description text,
  permissions jsonb NOT NULL DEFAULT '{}'::jsonb,
  built_in boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX roles_name_key ON roles (name) WHERE deleted_at IS NULL;

CREATE TABLE users (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  email text NOT NULL,
  full_name text NOT NULL,
  role_id uuid NOT NULL REFERENCES roles (id),
  language text NOT NULL DEFAULT 'en',
  time_zone text NOT NULL DEFAULT 'UTC',
  enabled boolean NOT NULL DEFAULT true,
  password_hash text
);
CREATE UNIQUE INDEX users_email_key ON users (email) WHERE deleted_at IS NULL;
CREATE INDEX users_full_name_trgm ON users USING gin (crm_fold(full_name) gin_trgm_ops);
CREATE INDEX users_email_trgm ON users USING gin (crm_fold(email) gin_trgm_ops);

ALTER TABLE roles ADD FOREIGN KEY (created_by) REFERENCES users (id);
ALTER TABLE roles ADD FOREIGN KEY (owner_id) REFERENCES users (id);

CREATE TABLE sales_teams (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  manager_id uuid REFERENCES users (id),
  member_ids uuid[] NOT NULL DEFAULT '{}',
  description text
);
CREATE UNIQUE INDEX sales_teams_name_key ON sales_teams (name) WHERE deleted_at IS NULL;
CREATE INDEX sales_teams_member_ids ON sales_teams USING gin (member_ids);
CREATE INDEX sales_teams_manager_id ON sales_teams (manager_id);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_keys_owner_id ON api_keys (owner_id);

-- Sessions are keyed by the SHA-256 of the cookie's token: a leaked table grants no login.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Failed logins, shared by every server so a rate limit holds across the cluster.
CREATE TABLE login_attempts (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  email text NOT NULL,
  ip text NOT NULL,
  success boolean NOT NULL
);
CREATE INDEX login_attempts_email_at ON login_attempts (email, at);
CREATE INDEX login_attempts_ip_at ON login_attempts (ip, at);

CREATE TABLE audit_log (
  id uuid PRIMARY KEY,
  entity text NOT NULL,
  record_id uuid NOT NULL,
  action text NOT NULL,
  actor_id uuid REFERENCES users (id),
  api_key_id uuid,
  at timestamptz NOT NULL,
  changes jsonb NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (entity, record_id, at);

CREATE TABLE record_shares (
  entity text NOT NULL,
  record_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  PRIMARY KEY (entity, record_id, user_id)
);
CREATE INDEX record_shares_user ON record_shares (user_id, entity);

CREATE TABLE jobs (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5,
  locked_by text,
  locked_until timestamptz,
  last_error text,
  dedupe_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE status IN ('pending', 'running');
CREATE UNIQUE INDEX jobs_dedupe_key ON jobs (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX jobs_status ON jobs (status, name);

CREATE TABLE job_schedules (
  name text PRIMARY KEY,
  every_seconds integer NOT NULL CHECK (every_seconds > 0),
  next_run_at timestamptz NOT NULL
);
