-- The bench rubric's scoring in SQL, for DuckDB, with exact DECIMAL
-- arithmetic: each rule's deduction (bench/rules.csv: per occurrence, in
-- points, "30%" of 5 is 1.5, "all" is 5) times its count, summed per unit
-- and item, capped at the item's 5 points. The unit's total is 100 less
-- its deductions, rounded half up to 2 decimals. The bench rubric has no
-- rule max, kinds or periods, so this is the whole computation.
-- bench/duck.py runs it with $FINDINGS replaced by the findings file.
CREATE TEMP TABLE rules AS
  SELECT * FROM read_csv('bench/rules.csv', header = true,
    columns = {'item': 'VARCHAR', 'rule': 'VARCHAR', 'per': 'DECIMAL(18,4)'});
COPY (
  WITH f AS (
    SELECT unit, item, rule, SUM(count) AS n
    FROM read_csv('$FINDINGS', header = true,
      columns = {'unit': 'VARCHAR', 'item': 'VARCHAR', 'rule': 'VARCHAR', 'count': 'BIGINT'})
    GROUP BY ALL
  ),
  d AS (
    SELECT f.unit, f.item, LEAST(SUM(r.per * f.n), 5) AS deducted
    FROM f JOIN rules r USING (item, rule)
    GROUP BY ALL
  )
  SELECT unit, ROUND(100 - SUM(deducted), 2) AS total
  FROM d GROUP BY unit ORDER BY unit
) TO '/dev/stdout' (HEADER, DELIMITER ',');
