-- The benchmark's record table: the system columns every record table has (src/db/migrations/0001_platform.sql)
-- and the fields of benchItemEntity (bench/entity.ts). Foreign keys and secondary indexes come in indexes.sql,
-- after the seed: building them once is far faster than maintaining them for a million single-row inserts.
DROP TABLE IF EXISTS bench_items;
CREATE TABLE bench_items (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  owner_id uuid,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  email text,
  status text NOT NULL DEFAULT 'open',
  amount numeric(19,4),
  score integer,
  region text,
  closed_on date,
  tag_ids uuid[] NOT NULL DEFAULT '{}'
);
