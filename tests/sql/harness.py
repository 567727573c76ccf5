"""Checks `score sql` against `score` on DuckDB, PostgreSQL and Spark.

For every rubric (the built-ins and tests/sql/rubrics/*.toml), several seeds, with and without a
roster: generate findings, run `score --format csv` (and --detail) on the CSV files, load the same
rows into each engine with the contract's types, run the query `score sql` prints, and compare
every unit's row as text. Then plant rows `score` rejects and check that `score sql --check`
finds each. Exit 1 on any mismatch. Run through tests/sql/run, which installs the engines and
starts PostgreSQL.
"""

import argparse
import csv
import glob
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from casefiles import findings_table, units_table, write_case, write_csv  # noqa: E402
from gen import FINDINGS_COLUMNS, generate, needs_roster  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
SPARK_CHECK_RUBRICS = ("gov2022", "village-points")
NULL = "<NULL>"  # how a NULL cell shows in a diff: the contract wants '' for an empty cell


class Failures:
    def __init__(self, limit):
        self.limit = limit
        self.items = []  # (kind, text)
        self.notes_order = []
        self.notes_kept = []
        self.per_query = {}
        self.shown = 0

    def add(self, kind, text, query=None):
        """query: what produced it; at most 4 are shown a query, so one bad query cannot hide
        the rest."""
        self.items.append((kind, text))
        per = self.per_query.setdefault(query, 0) + 1 if query else 0
        if query:
            self.per_query[query] = per
        if per > 4:
            if per == 5:
                print(f"  ... more in {query}, counted, not shown", flush=True)
            return
        self.shown += 1
        if self.shown <= self.limit:
            print(f"MISMATCH {text}", flush=True)
        elif self.shown == self.limit + 1:
            print(f"... further mismatches counted, not shown (--show {self.limit})", flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def parse_csv(text):
    rows = list(csv.reader(io.StringIO(text)))
    return (rows[0], rows[1:]) if rows else ([], [])


def as_text(v):
    if v is None:
        return NULL
    if isinstance(v, str):
        return v
    return f"<{type(v).__name__}>{v}"  # not TEXT: the contract wants text


def short(s, n=160):
    s = s.replace("\n", "\\n")
    return s if len(s) <= n else s[: n - 3] + "..."


# ---------------- cases ----------------


class Rubric:
    def __init__(self, path, builtin):
        self.path = path
        with open(path, "rb") as f:
            self.toml = tomllib.load(f)
        self.id = self.toml["rubric"]["id"]
        self.builtin = builtin
        # A built-in is named by id (the compiled-in copy); a test rubric by its path.
        self.arg = self.id if builtin else path
        self.label = self.id if builtin else os.path.relpath(path, REPO)


def rubrics(only):
    out = [Rubric(p, True) for p in sorted(glob.glob(os.path.join(REPO, "rubrics", "*.toml")))]
    out += [Rubric(p, False) for p in sorted(glob.glob(os.path.join(HERE, "rubrics", "*.toml")))]
    if only:
        out = [r for r in out if r.id in only or os.path.basename(r.path) in only]
    return out


class Case:
    def __init__(self, rubric, seed, roster, folder):
        self.rubric = rubric
        self.seed = seed
        self.roster = roster
        self.gen = generate(rubric.toml, seed, roster)
        self.name = f"{rubric.id}-s{seed}-{'roster' if roster else 'noroster'}"
        self.fpath, self.upath = write_case(self.gen, folder, self.name)
        # Odd seeds use other table names, so --findings and --units are exercised too.
        self.ftable = "findings" if seed % 2 == 0 else "f_2026"
        self.utable = "units" if seed % 2 == 0 else "roster_2026"
        self.schema = None
        # Seeds 2, 6, …: '' instead of NULL in the findings' text columns, and ids with spaces.
        self.empty_text = seed % 4 == 2 and os.environ.get("SQLH_EMPTY", "1") == "1"

    def for_engine(self, engine):
        """Seeds 3, 6, …: tables in a schema (schema.table) where the engine has schemas."""
        self.schema = "sqlh" if self.seed % 3 == 0 and engine != "spark" else None
        return self.table(self.ftable), self.table(self.utable)

    def table(self, name):
        return f"{self.schema}.{name}" if self.schema else name

    def repro(self):
        return f"rubric={self.rubric.label} seed={self.seed} roster={'yes' if self.roster else 'no'}"

    def score_args(self):
        a = ["--rubric", self.rubric.arg]
        if self.upath:
            a += ["--units", self.upath]
        return a

    def sql_args(self, dialect):
        a = ["sql", "--rubric", self.rubric.arg, "--dialect", dialect]
        if self.table(self.ftable) != "findings":
            a += ["--findings", self.table(self.ftable)]
        if self.roster:
            a += ["--units", self.table(self.utable)]
        # score shows a category column when a roster unit has a category; the query cannot
        # know that from the rubric, so it is told.
        if self.gen.roster and not self.rubric.toml.get("category") and any(r.get("category") for r in self.gen.roster):
            a += ["--categories"]
        return a

    def tables(self):
        units = None
        if self.gen.roster is not None:
            units = units_table(self.gen.roster_columns, self.gen.roster)
        return findings_table(self.gen.findings, self.empty_text), units


# ---------------- comparison ----------------


def notes_sorted(reasons):
    """reasons with each rule's notes sorted: tells a note-order difference from a real one."""
    parts = []
    for p in reasons.split(" | "):
        i = p.rfind(" [")
        if p.endswith("]") and i >= 0:
            notes = sorted(p[i + 2 : -1].split("; "))
            p = p[: i + 2] + "; ".join(notes) + "]"
        parts.append(p)
    return " | ".join(parts)


def _split_notes(reasons):
    """(reasons without the notes, [notes of each bracket])."""
    frame, notes = [], []
    for p in reasons.split(" | "):
        i = p.rfind(" [")
        if p.endswith("]") and i >= 0:
            frame.append(p[:i])
            notes.append(p[i + 2 : -1].split("; "))
        else:
            frame.append(p)
            notes.append([])
    return frame, notes


def same_but_kept_notes(ev, gv):
    """score keeps the first 3 distinct notes of a rule in file order, which a table does not
    have: equal but for which 3 notes were kept (both lists full), the rows agree."""
    ef, en = _split_notes(ev)
    gf, gn = _split_notes(gv)
    if ef != gf:
        return False
    for a, b in zip(en, gn):
        if sorted(a) == sorted(b):
            continue
        if len(a) == len(b) == 3 and len(set(b)) == 3:
            continue
        # A threshold rule's rows each bring what was measured (`metric 3.5 > 3`) and a note:
        # three rows kept on both sides.
        if sum(map(is_measure, a)) == sum(map(is_measure, b)) == 3:
            continue
        return False
    return True


def is_measure(note):
    return re.search(r" -?[0-9.]+ [<>] -?[0-9.]+$", note) is not None


def order_key_rows(rows, header, roster_categories):
    """(kind, category, rank) of each row, in an order that a table can give.

    Categories from a roster's column come in score in first appearance in the roster, which a
    table does not keep: those are compared in name order, uncategorised last (contiguous groups
    are checked apart).
    """
    group = [c for c in ("kind", "category") if c in header] + ["rank"]
    keys = [tuple(d.get(c, "") for c in group) for d in rows]
    if not roster_categories or "category" not in header:
        return group, keys
    kinds = []
    for d in rows:
        if d.get("kind", "") not in kinds:
            kinds.append(d.get("kind", ""))
    ci = group.index("category")

    def sort_key(k):
        return (kinds.index(k[0]) if "kind" in header else 0, k[ci] == "", k[ci])

    return group, sorted(keys, key=sort_key)  # stable: the order within a category stays


def compare(fails, where, exp_header, exp_rows, cols, rows, keys, check_order, roster_categories=False):
    """Compares one query result with score's CSV; returns the number of rows compared."""
    if list(cols) != exp_header:
        fails.add("columns", f"{where}: columns differ\n    score: {exp_header}\n    sql:   {list(cols)}")
        # Compare what can be compared: by name.
    got = [dict(zip(cols, (as_text(v) for v in r))) for r in rows]
    exp = [dict(zip(exp_header, r)) for r in exp_rows]
    keycols = [k for k in keys if k in exp_header]

    def key(d):
        return tuple(d.get(k, "") for k in keycols)

    def keyed(rows):
        """Rows by key; rows sharing a key (score's detail has two `<section> cap` rows when
        both the bonus and the penalty cap cut) are told apart by reasons, then by position."""
        groups = {}
        for d in rows:
            groups.setdefault(key(d), []).append(d)
        out = {}
        for k, g in groups.items():
            if len(g) == 1:
                out[k] = g[0]
                continue
            for i, d in enumerate(sorted(g, key=lambda d: d.get("reasons", ""))):
                out[k[:-1] + (f"{k[-1]} #{i + 1}",)] = d
        return out

    gmap = keyed(got)
    emap = keyed(exp)
    n = 0
    for k, e in emap.items():
        g = gmap.get(k)
        if g is None:
            fails.add("missing", f"{where}: row {dict(zip(keycols, k))} missing from the SQL result", where)
            continue
        n += 1
        for c in exp_header:
            ev, gv = e[c], g.get(c, "<no column>")
            if ev == gv:
                continue
            if c == "reasons" and gv != NULL and notes_sorted(ev) == notes_sorted(gv):
                fails.notes_order.append(f"{where} {dict(zip(keycols, k))}")
                continue
            if c == "reasons" and gv != NULL and same_but_kept_notes(ev, gv):
                fails.notes_kept.append(f"{where} {dict(zip(keycols, k))}\n    score: {short(repr(ev))}\n    sql:   {short(repr(gv))}")
                continue
            fails.add(
                "value",
                f"{where} {dict(zip(keycols, k))} column {c}:\n    score: {short(repr(ev))}\n    sql:   {short(repr(gv))}",
                where,
            )
    for k in gmap:
        if k not in emap:
            fails.add("extra", f"{where}: row {dict(zip(keycols, k))} not in score's output", where)
    if check_order and len(got) == len(exp) and not any(k not in emap for k in gmap):
        group, eg = order_key_rows(exp, exp_header, roster_categories)
        _, gg = order_key_rows(got, exp_header, roster_categories)
        raw = [tuple(d.get(c, "") for c in group[:-1]) for d in got]
        seen = []
        for i, g in enumerate(raw):
            if g not in seen:
                seen.append(g)
            elif raw[i - 1] != g:
                fails.add("order", f"{where}: the rows of {group[:-1]}={g} are not together (row {i + 1})")
                break
        if eg != gg:
            i = next(i for i, (a, b) in enumerate(zip(eg, gg)) if a != b)
            fails.add(
                "order",
                f"{where}: row order differs at row {i + 1}: score has {group}={eg[i]} "
                f"({exp[i]['unit']}), sql {gg[i]} ({got[i].get('unit')})",
            )
        else:
            # Within a tie of (kind, category, rank) the contract orders by unit name.
            graw = [tuple(d.get(c, "") for c in group) for d in got]
            for i in range(len(got) - 1):
                if graw[i] == graw[i + 1] and got[i]["unit"] > got[i + 1]["unit"]:
                    fails.add(
                        "order",
                        f"{where}: tied rows not by unit name: {got[i]['unit']!r} before {got[i + 1]['unit']!r}",
                    )
                    break
    return n


# ---------------- the run ----------------


def expected(score, case, detail):
    cmd = [score, "--quiet", "--format", "csv"] + (["--detail"] if detail else []) + case.score_args() + [case.fpath]
    p = run(cmd)
    if p.returncode != 0:
        raise SystemExit(f"harness error: score rejected generated findings ({case.repro()}):\n{p.stderr}\n{' '.join(cmd)}")
    return parse_csv(p.stdout)


SEEN_ERRORS = set()


def sql_for(score, args, fails, where):
    p = run([score] + args)
    if p.returncode != 0:
        err = p.stderr.strip()
        # The same refusal for every seed and engine is shown once, and counted each time.
        shown = err not in SEEN_ERRORS
        SEEN_ERRORS.add(err)
        fails.add("sql-error", f"{where}: `score {' '.join(args)}` exit {p.returncode}: {short(err, 400)}",
                  None if shown else "the same score sql error")
        return None
    return p.stdout


def make_engines(names, pg_socket, pg_user):
    out = []
    for n in names:
        if n == "duckdb":
            from engines import DuckDB

            out.append(DuckDB())
        elif n == "postgres":
            from engines import Postgres

            if not pg_socket:
                raise SystemExit("harness error: postgres needs --pg-socket (tests/sql/run starts a cluster)")
            out.append(Postgres(pg_socket, pg_user))
        elif n == "spark":
            from engines import Spark

            out.append(Spark())
        else:
            raise SystemExit(f"harness error: unknown engine {n}")
    return out


def check_bad_rows(case):
    """(label, rows) pairs: one row score rejects, planted in otherwise clean findings."""
    r = case.gen
    rub = case.rubric.toml
    items = [it for s in rub["section"] for it in s.get("item", [])]
    scored_rule = next((it for it in items if it.get("type", "scored") == "scored" and it.get("rules")
                        and not any("below" in ru or "above" in ru for ru in it["rules"])), None)
    scored = next((it for it in items if it.get("type", "scored") == "scored"), None)
    unit = next(f["unit"] for f in r.findings if f["unit"])
    per = r.periods[0] if r.periods else ""
    base = {"unit": unit, "period": per, "count": "", "points": "", "score": "", "value": "", "note": "planted"}
    bad = []
    if case.roster:
        bad.append(("unknown unit (roster given)", {**base, "unit": "不在名册的单位", "item": scored["id"], "points": "1"}))
    bad.append(("unknown item", {**base, "item": "9.99.9", "points": "1"}))
    if scored_rule:
        ru = scored_rule["rules"][0]["id"]
        bad.append(("unknown rule", {**base, "item": scored_rule["id"], "rule": "zz"}))
        bad.append(("negative count", {**base, "item": scored_rule["id"], "rule": ru, "count": "-1"}))
        bad.append(("rule and score on one row", {**base, "item": scored_rule["id"], "rule": ru, "score": "1"}))
        bad.append(("rule and points on one row", {**base, "item": scored_rule["id"], "rule": ru, "points": "1"}))
    bad.append(("score above the item's points", {**base, "item": scored["id"], "score": str(scored["points"] + 1)}))
    bad.append(("negative points", {**base, "item": scored["id"], "points": "-1"}))
    bad.append(("points row with count 2", {**base, "item": scored["id"], "points": "1", "count": "2"}))
    if r.periods:
        bad.append(("undeclared period", {**base, "item": scored["id"], "period": "第十三期", "points": "1"}))
        bad.append(("no period on an item row", {**base, "item": scored["id"], "period": "", "points": "1"}))
    bad = [(label, [row], []) for label, row in bad]
    # Two rows that are fine alone: a score and a deduction for the same unit, item and period.
    fresh = "新增单位甲" if not case.roster else None
    if fresh:
        bad.append(("score row and points row for one unit, item and period",
                    [{**base, "unit": fresh, "item": scored["id"], "score": "1"},
                     {**base, "unit": fresh, "item": scored["id"], "points": "1"}], []))
    # A finding for an item that does not apply to the unit's kind.
    if case.roster:
        kind_of = {u["unit"]: u.get("kind") or (rub.get("kind") or [{}])[0].get("name") for u in r.roster}
        for it in items:
            if "kinds" in it:
                other = next((u for u, k in kind_of.items() if k not in it["kinds"]), None)
                if other:
                    bad.append(("item not for the unit's kind", [{**base, "unit": other, "item": it["id"], "points": "1"}], []))
                    break
        # Problems of the units table: a unit listed twice, a kind the rubric does not declare.
        first = r.roster[0]
        bad.append(("unit listed twice in the units table", [], [dict(first)]))
        if "kind" in r.roster_columns:
            bad.append(("undeclared kind in the units table", [], [{**first, "unit": "名册新单位", "kind": "未声明类型"}]))
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("score", help="the score binary")
    ap.add_argument("--engines", default="duckdb,postgres,spark")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--rubric", action="append", help="only this rubric id or test file name (repeatable)")
    ap.add_argument("--pg-socket")
    ap.add_argument("--pg-user", default="score")
    ap.add_argument("--keep", help="write the generated files here and keep them")
    ap.add_argument("--show", type=int, default=25, help="mismatches printed in full")
    ap.add_argument("--no-detail", action="store_true")
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--plumbing", action="store_true",
                    help="with a score that has no `sql` yet: load every case and run SELECT unit FROM findings")
    a = ap.parse_args()

    score = os.path.abspath(a.score)
    fails = Failures(a.show)
    folder = a.keep or tempfile.mkdtemp(prefix="score-sql-")
    seeds = [int(s) for s in a.seeds.split(",")]
    has_sql = run([score, "sql", "--help"]).returncode == 0
    if not has_sql and not a.plumbing:
        print(f"{score} has no `sql` command: running the plumbing check only, and failing", flush=True)
    plumbing = a.plumbing or not has_sql

    # Test rubrics must be valid rubrics first.
    all_rubrics = rubrics(a.rubric)
    for rb in all_rubrics:
        if not rb.builtin:
            p = run([score, "check", rb.path])
            if p.returncode != 0:
                fails.add("rubric", f"score check {rb.label} failed:\n{p.stderr}")

    t0 = time.monotonic()
    cases = []
    for rb in all_rubrics:
        for seed in seeds:
            for roster in (True, False):
                if not roster and needs_roster(rb.toml):
                    continue
                cases.append(Case(rb, seed, roster, folder))
    exp = {}
    for c in cases:
        exp[c.name] = (expected(score, c, False), None if a.no_detail else expected(score, c, True))
    gen_s = time.monotonic() - t0
    print(f"{len(cases)} cases from {len(all_rubrics)} rubrics, seeds {seeds}: generated and scored in {gen_s:.1f}s ({folder})", flush=True)

    engines = make_engines(a.engines.split(","), a.pg_socket, a.pg_user)
    stats = {}
    for e in engines:
        rows_compared = 0
        ncases = 0
        for c in cases:
            where = f"[{e.name}] {c.repro()}"
            frows, units = c.tables()
            ft, ut = c.for_engine(e.name)
            e.load(ft, frows, ut, units)
            ncases += 1
            if plumbing:
                cols, rows = e.query(f"SELECT unit FROM {ft}")
                want = sorted({r["unit"] for r in c.gen.findings if r["unit"]})
                if sorted({r[0] for r in rows if r[0] is not None}) != want:
                    fails.add("plumbing", f"{where}: units read back differ")
                rows_compared += len(rows)
                continue
            (eh, er), det = exp[c.name]
            q = sql_for(score, c.sql_args(e.name), fails, where)
            if q is not None:
                try:
                    cols, rows = e.query(q)
                    rows_compared += compare(fails, f"{where} summary", eh, er, cols, rows, ["unit"], True,
                                             c.roster and not c.rubric.toml.get("category"))
                except Exception as x:  # an engine error is a finding, not a crash
                    fails.add("engine-error", f"{where} summary: {type(x).__name__}: {short(str(x), 600)}")
            if det is not None:
                q = sql_for(score, c.sql_args(e.name) + ["--detail"], fails, where + " detail")
                if q is not None:
                    try:
                        cols, rows = e.query(q)
                        rows_compared += compare(fails, f"{where} detail", det[0], det[1], cols, rows,
                                                 ["unit", "period", "item"], False)
                    except Exception as x:
                        fails.add("engine-error", f"{where} detail: {type(x).__name__}: {short(str(x), 600)}")
        checks = 0
        if not plumbing and not a.no_check:
            checks = run_checks(score, e, cases, folder, fails)
        stats[e.name] = (e.version, ncases, e.queries, rows_compared, checks, e.seconds)
        print(f"{e.name} {e.version}: {ncases} cases, {e.queries} queries, {rows_compared} rows compared, "
              f"{checks} --check cases, {e.seconds:.1f}s ({e.load_seconds:.1f}s loading)", flush=True)
    for e in engines:
        e.close()

    print("\nsummary")
    print(f"  cases: {len(cases)} (rubric x seed x roster), generation + score: {gen_s:.1f}s")
    for n, (v, nc, nq, nr, ch, s) in stats.items():
        print(f"  {n:9} {v:10} {nc} cases  {nq} queries  {nr} rows compared  {ch} check cases  {s:.1f}s")
    if fails.notes_kept:
        print(f"  reasons keeping other notes when a rule has more than 3 (score keeps the first 3 in file order; tell the lead): {len(fails.notes_kept)}, first: {fails.notes_kept[0]}")
    if fails.notes_order:
        print(f"  reasons differing only in note order (allowed, tell the lead): {len(fails.notes_order)}, first: {fails.notes_order[0]}")
    kinds = {}
    for k, _ in fails.items:
        kinds[k] = kinds.get(k, 0) + 1
    if fails.items:
        print(f"  MISMATCHES: {len(fails.items)} ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}); files kept in {folder}")
        print("  reproduce one: tests/sql/run SCORE --rubric ID --seeds N --engines E --keep DIR")
    if plumbing:
        print("  plumbing only: `score sql` not checked")
    if not fails.items and not a.keep:
        shutil.rmtree(folder, ignore_errors=True)
    ok = not fails.items and (has_sql or a.plumbing)
    print(f"{'0 failed' if ok else str(len(fails.items) or 1) + ' failed'}: score sql on {', '.join(stats)}")
    return 0 if ok else 1


def run_checks(score, e, cases, folder, fails):
    """--check: nothing on clean data, at least one row for each planted bad row."""
    n = 0
    picked = {}
    for c in cases:
        # One case per rubric and roster choice is enough: the bad rows are what varies. Spark
        # takes seconds a query: it checks two rubrics (kinds; periods), with and without roster.
        if e.name == "spark" and c.rubric.id not in SPARK_CHECK_RUBRICS:
            continue
        picked.setdefault((c.rubric.id, c.roster), c)
    for c in picked.values():
        where = f"[{e.name}] --check {c.repro()}"
        c.for_engine(e.name)
        args = c.sql_args(e.name) + ["--check"]
        q = sql_for(score, args, fails, where)
        if q is None:
            continue
        frows, units = c.tables()
        ft, ut = c.for_engine(e.name)
        e.load(ft, frows, ut, units)
        try:
            _, rows = e.query(q)
        except Exception as x:
            fails.add("engine-error", f"{where} clean: {type(x).__name__}: {short(str(x), 600)}")
            continue
        n += 1
        if rows:
            fails.add("check", f"{where}: {len(rows)} rows on clean data (score accepts it), first {rows[0]}")
        for label, bad, bad_units in check_bad_rows(c):
            findings = c.gen.findings + bad
            # score must reject it too, or the planted row is not bad.
            path = os.path.join(folder, f"{c.name}-bad.csv")
            write_csv(path, [k for k in FINDINGS_COLUMNS if k != "period" or c.gen.periods], findings)
            args = c.score_args()
            planted_units = units
            if bad_units:
                roster = c.gen.roster + bad_units
                upath = os.path.join(folder, f"{c.name}-bad-units.csv")
                write_csv(upath, c.gen.roster_columns, roster)
                args = ["--rubric", c.rubric.arg, "--units", upath]
                planted_units = units_table(c.gen.roster_columns, roster)
            p = run([score, "--quiet", "--format", "csv"] + args + [path])
            if p.returncode != 1:
                print(f"note: {where}: score accepts the planted '{label}' row (exit {p.returncode}); skipped", flush=True)
                continue
            e.load(ft, findings_table(findings, c.empty_text), ut, planted_units)
            n += 1
            try:
                _, rows = e.query(q)
            except Exception as x:
                fails.add("engine-error", f"{where} {label}: {type(x).__name__}: {short(str(x), 600)}")
                continue
            if not rows:
                fails.add("check", f"{where}: planted '{label}' not found: {bad or bad_units}")
    return n


if __name__ == "__main__":
    sys.exit(main())
