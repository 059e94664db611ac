-- The Kanban board of opportunities (src/modules/opportunities/board.ts, move.ts): each opportunity's place in its
-- stage's column is a fractional-indexing key (npm fractional-indexing): a new key between two neighbours is
-- always found without renumbering others. Keys compare byte by byte (digits, then A-Z, then a-z), hence
-- COLLATE "C": a language collation would order "a" and "B" differently from the library.
ALTER TABLE opportunities ADD COLUMN rank text COLLATE "C";

-- Existing opportunities keep their creation order in each column. 'd' heads a five-character integer key of the
-- library ('d' + four base-62 digits: 14.7 million keys per stage), and leaves shorter keys free before them for
-- cards moved to the top.
UPDATE opportunities o SET rank = 'd'
    || substr(d.digits, (r.n / 238328 % 62)::int + 1, 1) || substr(d.digits, (r.n / 3844 % 62)::int + 1, 1)
    || substr(d.digits, (r.n / 62 % 62)::int + 1, 1) || substr(d.digits, (r.n % 62)::int + 1, 1)
  FROM (SELECT id, row_number() OVER (PARTITION BY stage_id ORDER BY created_at, id) - 1 AS n
        FROM opportunities) r,
    (SELECT '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'::text AS digits) d
  WHERE o.id = r.id;

-- Every write path sets it (a hook of the board on create and stage change, move.ts on moves).
ALTER TABLE opportunities ALTER COLUMN rank SET NOT NULL;

-- A column of the board in order, paged by (rank, id); also where a move finds the last card of a column.
CREATE INDEX opportunities_stage_rank ON opportunities (stage_id, rank, id) WHERE deleted_at IS NULL;
