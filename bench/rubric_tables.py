"""Writes a rubric's items, rules and sections as CSV tables for DuckDB:
rubric_tables.py RUBRIC.toml OUTDIR, and prints the substitutions the
SQL needs (the last period's label, the full marks of a period, the
number of periods, the precision) as KEY=VALUE lines.

Handles what bench/points.sql handles: scored, bonus and penalty items;
rules given per occurrence in points, as a share of the item ("30%") or
"all", with an optional max; item and section caps per period or per
year; one kind (the first) and full start. Not thresholds or kinds.
"""
import csv
import sys
import tomllib
from decimal import Decimal


def amount(text, points):
    if text is None:
        return None
    if isinstance(text, str):
        if text == "all":
            return points
        if text.endswith("%"):
            return points * Decimal(text[:-1]) / 100
    return Decimal(str(text))


rb = tomllib.load(open(sys.argv[1], "rb"))
out = sys.argv[2]
labels = rb.get("periods", {}).get("labels", [""])
items, rules, sections = [], [], []
for s in rb["section"]:
    year = s.get("cap_per") == "year"
    sections.append((s["id"], s.get("cap", ""), year))
    for it in s.get("item", []):
        kind = it.get("type", "scored")
        points = Decimal(str(it.get("points", 0)))
        iyear = it.get("cap_per") == "year"
        yearly = kind != "scored" and ((iyear and "cap" in it) or (year and "cap" in s))
        items.append((it["id"], s["id"], kind, points, it.get("cap", ""), yearly))
        for r in it.get("rules", []):
            each = amount(r.get("deduct", r.get("add")), points)
            rules.append((it["id"], r["id"], each, amount(r.get("max"), points) or ""))
for name, head, rows in [
    ("items", ["item", "section", "type", "points", "cap", "yearly"], items),
    ("rules", ["item", "rule", "each", "max"], rules),
    ("sections", ["section", "cap", "yearly"], sections),
]:
    with open(f"{out}/{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(head)
        w.writerows(rows)
full = sum(i[3] for i in items if i[2] == "scored")
print(f"LAST={labels[-1]}")
print(f"BASE={full * len(labels)}")
print(f"PRECISION={rb['rubric'].get('precision', 2)}")
