-- The vocabulary of global search (src/core/search.ts): every word of the fields that search matches with typos
-- (search fields of type text: names, companies, titles). A misspelt query word is corrected against this small
-- table first, as pg_trgm's documentation suggests for spelling suggestions, and the records are then searched for
-- the corrected words by fragment. Comparing the query with every record's text instead made a word that resembles
-- nothing fetch and reject thousands of candidate rows.
--
-- Triggers add the words of each written row in the row's own transaction. Words are never removed: a word whose
-- last record changed or went away only costs one useless probe when it is the closest to a typo, and the trash
-- keeps records that may come back. src/db/schema.test.ts checks that every entity's typo-tolerant fields have
-- their trigger.

-- Lower case without accents (crm_fold), split at spaces, punctuation and digits; words of 3 to 40 letters, since
-- shorter ones cannot be corrected by trigrams and longer ones are no names.
CREATE FUNCTION crm_words(text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT coalesce(array_agg(DISTINCT w), '{}')
    FROM regexp_split_to_table(crm_fold($1), '[[:space:][:punct:][:digit:]]+') w
    WHERE length(w) BETWEEN 3 AND 40
  $$;

CREATE TABLE search_words (
  word text PRIMARY KEY
);
-- GIN: it reads the entries of the query word's trigrams only. GiST could return the closest words first, but on a
-- vocabulary of 400,000 words it read most of its index for each word (25–30 ms, GIN 0.4 ms).
CREATE INDEX search_words_trgm ON search_words USING gin (word gin_trgm_ops);

-- Generic over tables: the trigger's arguments name the columns whose words are collected. On update, only
-- columns whose value changed. In sorted order, so two transactions adding the same new words wait for each other
-- instead of deadlocking; an existing word costs an index probe and takes no lock.
CREATE FUNCTION crm_collect_search_words() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  new_row jsonb := to_jsonb(NEW);
  old_row jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END;
  words text[] := '{}';
  col text;
BEGIN
  FOREACH col IN ARRAY TG_ARGV LOOP
    IF old_row IS NULL OR new_row ->> col IS DISTINCT FROM old_row ->> col THEN
      words := words || crm_words(new_row ->> col);
    END IF;
  END LOOP;
  IF cardinality(words) > 0 THEN
    INSERT INTO search_words (word)
    SELECT DISTINCT w FROM unnest(words) w ORDER BY w
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER roles_search_words AFTER INSERT OR UPDATE OF name ON roles
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name');
CREATE TRIGGER users_search_words AFTER INSERT OR UPDATE OF full_name ON users
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('full_name');
CREATE TRIGGER sales_teams_search_words AFTER INSERT OR UPDATE OF name ON sales_teams
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name');
CREATE TRIGGER territories_search_words AFTER INSERT OR UPDATE OF name ON territories
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name');
CREATE TRIGGER customer_groups_search_words AFTER INSERT OR UPDATE OF name ON customer_groups
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name');
CREATE TRIGGER industries_search_words AFTER INSERT OR UPDATE OF name ON industries
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name');
CREATE TRIGGER lead_sources_search_words AFTER INSERT OR UPDATE OF name ON lead_sources
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name');
CREATE TRIGGER campaigns_search_words AFTER INSERT OR UPDATE OF name, utm_campaign ON campaigns
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name', 'utm_campaign');
CREATE TRIGGER sales_persons_search_words AFTER INSERT OR UPDATE OF name ON sales_persons
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name');
CREATE TRIGGER customers_search_words AFTER INSERT OR UPDATE OF name, tax_id ON customers
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name', 'tax_id');
CREATE TRIGGER contacts_search_words AFTER INSERT OR UPDATE OF full_name, company_name ON contacts
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('full_name', 'company_name');
CREATE TRIGGER addresses_search_words AFTER INSERT OR UPDATE OF summary ON addresses
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('summary');
CREATE TRIGGER prospects_search_words AFTER INSERT OR UPDATE OF name ON prospects
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name');

-- The words of the records written before this migration.
INSERT INTO search_words (word)
SELECT DISTINCT unnest(words) FROM (
  SELECT crm_words(name) AS words FROM roles
  UNION ALL SELECT crm_words(full_name) FROM users
  UNION ALL SELECT crm_words(name) FROM sales_teams
  UNION ALL SELECT crm_words(name) FROM territories
  UNION ALL SELECT crm_words(name) FROM customer_groups
  UNION ALL SELECT crm_words(name) FROM industries
  UNION ALL SELECT crm_words(name) FROM lead_sources
  UNION ALL SELECT crm_words(name) || crm_words(utm_campaign) FROM campaigns
  UNION ALL SELECT crm_words(name) FROM sales_persons
  UNION ALL SELECT crm_words(name) || crm_words(tax_id) FROM customers
  UNION ALL SELECT crm_words(full_name) || crm_words(company_name) FROM contacts
  UNION ALL SELECT crm_words(summary) FROM addresses
  UNION ALL SELECT crm_words(name) FROM prospects
) rows
ON CONFLICT DO NOTHING;
