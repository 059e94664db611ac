-- What a real migration of an owned record table would add. Run after the seed (see schema.sql).
ALTER TABLE bench_items ADD FOREIGN KEY (created_by) REFERENCES users (id);
ALTER TABLE bench_items ADD FOREIGN KEY (owner_id) REFERENCES users (id);
-- Serves the measured list: filter[status]=open, sort=-createdAt, plus the id tie-breaker the engine appends
-- (ORDER BY created_at DESC, id ASC), over live rows only (the engine always adds deleted_at IS NULL).
CREATE INDEX bench_items_status_created ON bench_items (status, created_at DESC, id) WHERE deleted_at IS NULL;
-- Every owned table needs this one: "own" and "team" scopes select by owner.
CREATE INDEX bench_items_owner_id ON bench_items (owner_id);
-- Global search corrects typos in names against a vocabulary kept by a trigger (src/db/migrations/0009): the words
-- of the seeded names, then the trigger for every row written from now on.
INSERT INTO search_words (word) SELECT DISTINCT unnest(crm_words(name)) FROM bench_items ON CONFLICT DO NOTHING;
CREATE TRIGGER bench_items_search_words AFTER INSERT OR UPDATE OF name ON bench_items
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name');
