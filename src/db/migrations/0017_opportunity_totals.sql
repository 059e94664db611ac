-- Count and sums of the live opportunities per stage, owner and currency, kept by triggers in the transaction of
-- every write, so a board without filters reads its column headers from a few hundred rows instead of aggregating
-- every card of the pipeline, won and lost ones included (src/modules/opportunities/board-sums.ts).
-- weighted_raw is Σ amount × probability; the board multiplies by 0.01 when it reads it, as its aggregate does.
CREATE TABLE opportunity_totals (
  stage_id uuid NOT NULL REFERENCES pipeline_stages (id),
  owner_id uuid,
  currency text NOT NULL,
  n integer NOT NULL,
  amount numeric NOT NULL,
  weighted_raw numeric NOT NULL,
  CONSTRAINT opportunity_totals_key UNIQUE NULLS NOT DISTINCT (stage_id, owner_id, currency)
);

-- Statement-level triggers over transition tables: one upsert per statement, with the changes of all its rows
-- netted per key first. Rows whose count and sums do not change (a title edited, a card moved within its column)
-- touch no total, so edits never queue behind each other on a hot total row; those that do take the rows in key
-- order, so two transactions moving cards in opposite directions cannot deadlock on them.
CREATE FUNCTION crm_opportunity_totals() RETURNS trigger
  LANGUAGE plpgsql
  AS $fn$
DECLARE
  live text := 'SELECT stage_id, owner_id, currency, %s AS n, %s coalesce(amount, 0) AS amount,
    %s coalesce(amount * probability, 0) AS weighted_raw FROM %I WHERE deleted_at IS NULL';
  added text := format(live, '1', '', '', 'new_rows');
  removed text := format(live, '-1', '-', '-', 'old_rows');
BEGIN
  -- Dynamic, because a statement naming a transition table the trigger lacks (new_rows on DELETE) cannot exist.
  EXECUTE format($sql$INSERT INTO opportunity_totals AS t (stage_id, owner_id, currency, n, amount, weighted_raw)
    SELECT stage_id, owner_id, currency, sum(n), sum(amount), sum(weighted_raw) FROM (%s) AS change
    GROUP BY stage_id, owner_id, currency
    HAVING sum(n) <> 0 OR sum(amount) <> 0 OR sum(weighted_raw) <> 0
    ORDER BY stage_id, owner_id, currency
    ON CONFLICT ON CONSTRAINT opportunity_totals_key DO UPDATE
      SET n = t.n + excluded.n, amount = t.amount + excluded.amount,
        weighted_raw = t.weighted_raw + excluded.weighted_raw$sql$,
    CASE TG_OP WHEN 'INSERT' THEN added WHEN 'DELETE' THEN removed ELSE added || ' UNION ALL ' || removed END);
  RETURN NULL;
END
$fn$;

CREATE TRIGGER opportunities_totals_insert AFTER INSERT ON opportunities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_opportunity_totals();
CREATE TRIGGER opportunities_totals_update AFTER UPDATE ON opportunities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_opportunity_totals();
CREATE TRIGGER opportunities_totals_delete AFTER DELETE ON opportunities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_opportunity_totals();

INSERT INTO opportunity_totals (stage_id, owner_id, currency, n, amount, weighted_raw)
  SELECT stage_id, owner_id, currency, count(*), coalesce(sum(amount), 0),
    coalesce(sum(amount * probability), 0)
  FROM opportunities WHERE deleted_at IS NULL
  GROUP BY stage_id, owner_id, currency;
