"""A generated case as files for `score`, and as typed rows for a database (the tables' contract)."""

import csv
import os
from decimal import Decimal, InvalidOperation

from gen import FINDINGS_COLUMNS

DECIMAL_COLUMNS = ("points", "score", "value")


def write_csv(path, columns, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([r.get(c, "") for c in columns])


def write_case(case, folder, name):
    """Writes NAME-findings.csv (and NAME-units.csv); returns their paths (units None without)."""
    os.makedirs(folder, exist_ok=True)
    fpath = os.path.join(folder, f"{name}-findings.csv")
    cols = [c for c in FINDINGS_COLUMNS if c != "period" or case.periods]
    write_csv(fpath, cols, case.findings)
    upath = None
    if case.roster is not None:
        upath = os.path.join(folder, f"{name}-units.csv")
        write_csv(upath, case.roster_columns, case.roster)
    return fpath, upath


def _dec(s):
    return None if s == "" else Decimal(s)


def findings_table(rows, empty_text=False):
    """Rows for findings(unit, period, item, rule, count, points, score, value, note): NULL for
    an empty cell, or with empty_text an empty string in the text columns (read as NULL too)."""
    out = []
    for r in rows:
        t = []
        for c in FINDINGS_COLUMNS:
            v = r.get(c, "")
            if c == "count":
                t.append(None if v == "" else int(v))
            elif c in DECIMAL_COLUMNS:
                t.append(_dec(v))
            else:
                t.append(None if v == "" and not empty_text else v)
        out.append(tuple(t))
    return out


def _is_number(s):
    try:
        Decimal(s)
        return s.strip() != "" and not any(ch.isalpha() for ch in s)
    except InvalidOperation:
        return False


def units_table(columns, rows):
    """(columns, types, rows) for units(unit, kind, category, ...attributes).

    kind and category are always there (NULL text when the roster lacks them); an attribute
    whose non-empty cells are all numbers is DECIMAL(38,10), any other is text.
    """
    attrs = [c for c in columns if c not in ("unit", "kind", "category")]
    cols = ["unit", "kind", "category"] + attrs
    types = ["text", "text", "text"]
    for a in attrs:
        vals = [r.get(a, "") for r in rows if r.get(a, "") != ""]
        types.append("decimal" if vals and all(_is_number(v) for v in vals) else "text")
    out = []
    for r in rows:
        t = []
        for c, ty in zip(cols, types):
            v = r.get(c, "")
            if v == "":
                t.append(None)
            elif ty == "decimal":
                t.append(Decimal(v))
            else:
                t.append(v)
        out.append(tuple(t))
    return cols, types, out
