"""Runs the hand-written scoring SQL for the bench rubric (bench/score.sql)
in DuckDB on one findings file: duck.py FINDINGS

The query `score sql` writes is run by bench/sql.py; this one, written by
hand for the bench rubric alone, is kept as the baseline earlier figures
were measured against. DuckDB uses both cores; the SQL keeps DECIMAL types,
so its totals are exact and comparable with score's.
"""
import sys

import duckdb

findings = sys.argv[1]
sql = open("bench/score.sql", encoding="utf-8").read().replace("$FINDINGS", findings)
con = duckdb.connect()
for statement in sql.split(";"):
    if statement.strip() and not all(l.strip().startswith("--") or not l.strip() for l in statement.splitlines()):
        con.execute(statement)
