"""Runs bench/score.sql in DuckDB on one findings file: duck.py FINDINGS.

DuckDB uses both cores (threads = 2 on the benchmark machine); the SQL
keeps DECIMAL types, so its totals are exact and comparable with score's.
"""
import sys

import duckdb

sql = open("bench/score.sql", encoding="utf-8").read().replace("$FINDINGS", sys.argv[1])
con = duckdb.connect()
for statement in sql.split(";"):
    if statement.strip() and not all(l.strip().startswith("--") or not l.strip() for l in statement.splitlines()):
        con.execute(statement)
