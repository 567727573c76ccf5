"""Runs a scoring SQL in DuckDB on one findings file:
duck.py FINDINGS                      (bench/score.sql, the bench rubric)
duck.py FINDINGS RUBRIC.toml          (bench/points.sql, tables from the rubric)

DuckDB uses both cores (threads = 2 on the benchmark machine); the SQL
keeps DECIMAL types, so its totals are exact and comparable with score's.
The rubric's tables are written once into bench/data/tables-ID/.
"""
import os
import subprocess
import sys

import duckdb

findings = sys.argv[1]
if len(sys.argv) > 2:
    rubric = sys.argv[2]
    tables = "bench/data/tables-" + os.path.basename(rubric).removesuffix(".toml")
    os.makedirs(tables, exist_ok=True)
    subs = dict(line.split("=", 1) for line in subprocess.run(
        [sys.executable, "bench/rubric_tables.py", rubric, tables],
        check=True, capture_output=True, text=True).stdout.splitlines())
    with open(findings, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    subs["PERIOD"] = "period" if "period" in header else "''"
    subs["TABLES"] = tables
    sql = open("bench/points.sql", encoding="utf-8").read()
    for k, v in subs.items():
        sql = sql.replace("$" + k, v)
else:
    sql = open("bench/score.sql", encoding="utf-8").read()
sql = sql.replace("$FINDINGS", findings)
con = duckdb.connect()
for statement in sql.split(";"):
    if statement.strip() and not all(l.strip().startswith("--") or not l.strip() for l in statement.splitlines()):
        con.execute(statement)
