"""Checks that score's per-unit totals equal DuckDB's, exactly.

usage: compare.py SCORE_CSV DUCKDB_CSV
A benchmark of a wrong answer is worthless: bench/run stops if this fails.
"""
import csv
import sys
from decimal import Decimal


def totals(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {row["unit"]: Decimal(row["total"]) for row in csv.DictReader(f)}


score, duck = totals(sys.argv[1]), totals(sys.argv[2])
if score.keys() != duck.keys():
    sys.exit(f"units differ: {len(score)} in score, {len(duck)} in DuckDB")
wrong = [(u, score[u], duck[u]) for u in sorted(score) if score[u] != duck[u]]
for u, a, b in wrong[:10]:
    print(f"{u}: score {a}, DuckDB {b}", file=sys.stderr)
if wrong:
    sys.exit(f"{len(wrong)} of {len(score)} totals differ")
print(f"correctness: all {len(score)} unit totals equal DuckDB's exactly")
