-- A rubric's scoring in SQL, for DuckDB, by hand (until `score sql` writes
-- it): exact DECIMAL arithmetic on the tables bench/rubric_tables.py
-- writes from the rubric (items, rules, sections). Per unit, period and
-- rule: its per-occurrence amount times the count, after the rule's max
-- (direct points as given), per unit, period and item: summed and capped
-- (a scored item at its points, 扣完为止, a bonus or penalty item at its
-- cap), items under a yearly cap summed over the year and credited to the
-- last period, per unit, period and section: bonuses (and penalties)
-- capped by the section's cap. The total is the full marks of every
-- period less deductions plus bonuses, rounded half up, ranked best first.
-- bench/duck.py fills in $FINDINGS, $TABLES, $PERIOD, $LAST, $BASE and
-- $PRECISION. Not handled: thresholds, kinds, scores, zero starts.
CREATE TEMP TABLE items AS SELECT * FROM read_csv('$TABLES/items.csv', header = true,
  columns = {'item': 'VARCHAR', 'section': 'VARCHAR', 'type': 'VARCHAR',
             'points': 'DECIMAL(18,4)', 'cap': 'DECIMAL(18,4)', 'yearly': 'BOOLEAN'});
CREATE TEMP TABLE rules AS SELECT * FROM read_csv('$TABLES/rules.csv', header = true,
  columns = {'item': 'VARCHAR', 'rule': 'VARCHAR', 'each': 'DECIMAL(18,4)', 'max': 'DECIMAL(18,4)'});
CREATE TEMP TABLE sections AS SELECT * FROM read_csv('$TABLES/sections.csv', header = true,
  columns = {'section': 'VARCHAR', 'cap': 'DECIMAL(18,4)', 'yearly': 'BOOLEAN'});
COPY (
  WITH f AS (
    SELECT unit, $PERIOD AS period, item, COALESCE(rule, '') AS rule,
           SUM(COALESCE(TRY_CAST(count AS BIGINT), 1)) AS n,
           SUM(CAST(points AS DECIMAL(18,4))) AS pts
    FROM read_csv('$FINDINGS', header = true, all_varchar = true)
    GROUP BY ALL
  ),
  a AS (
    SELECT f.unit, f.period, f.item,
           SUM(CASE WHEN f.rule = '' THEN COALESCE(f.pts, 0)
                    ELSE LEAST(COALESCE(r.each, 0) * f.n, COALESCE(r.max, 1000000000)) END) AS raw
    FROM f LEFT JOIN rules r ON r.item = f.item AND r.rule = f.rule
    GROUP BY ALL
  ),
  p AS (
    SELECT a.unit, CASE WHEN i.yearly THEN '$LAST' ELSE a.period END AS period,
           i.section, i.type,
           CASE WHEN i.type = 'scored' THEN LEAST(SUM(a.raw), i.points)
                ELSE LEAST(SUM(a.raw), COALESCE(i.cap, 1000000000)) END AS v
    FROM a JOIN items i USING (item)
    GROUP BY a.unit, 2, a.item, i.section, i.type, i.points, i.cap
  ),
  s AS (
    SELECT p.unit, p.period, p.section,
           LEAST(SUM(CASE WHEN p.type = 'bonus' THEN p.v ELSE 0 END), COALESCE(sec.cap, 1000000000))
           - LEAST(SUM(CASE WHEN p.type = 'penalty' THEN p.v ELSE 0 END), COALESCE(sec.cap, 1000000000))
           - SUM(CASE WHEN p.type = 'scored' THEN p.v ELSE 0 END) AS change
    FROM p JOIN sections sec USING (section)
    GROUP BY p.unit, p.period, p.section, sec.cap
  ),
  t AS (
    SELECT unit, ROUND($BASE + SUM(change), $PRECISION) AS total FROM s GROUP BY unit
  )
  SELECT unit, total, RANK() OVER (ORDER BY total DESC) AS rank FROM t ORDER BY unit
) TO '/dev/stdout' (HEADER, DELIMITER ',');
