"""Deterministic findings (and rosters) for any rubric, that `score` accepts.

generate(rubric, seed, roster) reads the parsed rubric TOML and returns a Case: findings rows
(dicts keyed by the findings columns, '' for an empty cell) and, with roster=True, roster rows.
Everything comes from random.Random(seed), so a case is reproduced by its rubric and seed.
"""

import os
import random
from dataclasses import dataclass, field
from decimal import Decimal

FINDINGS_COLUMNS = ["unit", "period", "item", "rule", "count", "points", "score", "value", "note"]

# Notes never hold ';', '|', '[' or ']': --detail joins notes with '; ' inside [...] and rules
# with ' | ', and the comparison re-sorts notes to tell "order only" differences from real ones.
NOTES = [
    "第一考核组：台账不全",
    "第二考核组：制度未上墙",
    "暗访发现,整改滞后",
    "群众反映问题未回复",
    "note with, a comma",
    'a "quoted" note',
    "it's C:\\temp\\ 100%_done",
    "两行\n说明",
    "",
    "",
]

# Direct points and awarded scores: steps of 0.5 and 0.25, plus odd thousandths so that totals
# land on .xx5 and exercise rounding half away from zero.
POINT_STEPS = ["0.5", "1", "1.5", "2", "0.25", "0.125", "0.005", "0.015", "1.375", "3", "0.3"]


@dataclass
class Case:
    rubric_id: str
    seed: int
    findings: list = field(default_factory=list)  # dicts over FINDINGS_COLUMNS, '' = empty
    roster: list | None = None  # dicts over roster_columns
    roster_columns: list = field(default_factory=list)
    periods: list = field(default_factory=list)


def dec(x) -> Decimal:
    return Decimal(str(x))


def fmt(d: Decimal) -> str:
    """A decimal as score writes and reads it: no exponent, no trailing zeros."""
    s = format(d.normalize(), "f")
    return s


class Gen:
    def __init__(self, rubric: dict, seed: int, roster: bool):
        self.r = rubric
        self.rng = random.Random(seed * 7919 + len(rubric["rubric"]["id"]))
        self.seed = seed
        self.with_roster = roster
        self.kinds = [k["name"] for k in rubric.get("kind", [])]
        self.labels = rubric.get("periods", {}).get("labels", [])
        self.category = rubric.get("category")
        self.items = []  # (section, item)
        for s in rubric["section"]:
            for it in s.get("item", []):
                self.items.append((s, it))
        # Roster columns a stepped bound reads.
        self.by_columns = set()
        for _, it in self.items:
            for ru in it.get("rules", []):
                for key in ("below", "above"):
                    b = ru.get(key)
                    if isinstance(b, dict):
                        self.by_columns.add(b["by"])

    # ---------- units and roster ----------

    def make_units(self):
        rng = self.rng
        n = rng.randint(5, 30)
        names = []
        pool = ["曲山镇", "永昌镇", "擂鼓镇", "桂溪镇", "禹里镇", "陈家坝", "通口镇", "漩坪乡",
                "白坭乡", "小坝镇", "片口乡", "开坪乡", "青片乡", "马槽乡", "都坝乡", "坝底乡",
                "Apple Town", "Zeta-Unit", "甲01", "乙02"]
        rng.shuffle(pool)
        for i in range(n):
            base = pool[i % len(pool)]
            names.append(base if i < len(pool) else f"{base}{i}")
        units = []
        for name in names:
            u = {"unit": name}
            if self.with_roster and self.kinds and self.seed % 3 != 0:
                # A blank kind is the first declared kind.
                u["kind"] = rng.choice(self.kinds + [""])
            else:
                u["kind"] = self.kinds[0] if self.kinds else ""
            units.append(u)
        self.kind_of = {u["unit"]: (u["kind"] or (self.kinds[0] if self.kinds else "")) for u in units}
        return units

    def attr_value(self, col):
        """A number for a roster attribute: near every step or band boundary."""
        rng = self.rng
        marks = []
        if self.category and self.category["by"] == col:
            for b in self.category["bands"]:
                if "min" in b:
                    marks.append(dec(b["min"]))
        for _, it in self.items:
            for ru in it.get("rules", []):
                for key in ("below", "above"):
                    b = ru.get(key)
                    if isinstance(b, dict) and b["by"] == col:
                        marks += [dec(s[0]) for s in b["steps"]]
        if not marks:
            return dec(rng.randint(0, 5000))
        m = rng.choice(marks)
        return max(dec(0) if min(marks) >= 0 else min(marks), m + rng.choice([dec(0), dec(0), dec(1), dec(-1), dec(37), dec("0.5")]))

    def make_roster(self, units):
        rng = self.rng
        cols = ["unit"]
        if self.kinds and self.seed % 3 != 0:
            cols.append("kind")  # seed 3: no kind column, every unit of the first kind
        # Odd seeds give the roster a category column (when the rubric has no [category]).
        use_category = not self.category and self.seed % 2 == 1
        if use_category:
            cols.append("category")
        attrs = sorted(self.by_columns | ({self.category["by"]} if self.category else set()))
        if not attrs and rng.random() < 0.5:
            attrs = ["households"]
        cols += attrs
        cols.append("town")  # a text attribute nothing reads
        rows = []
        cats = ["甲档", "乙档", "丙档"]
        for u in units:
            row = {"unit": u["unit"]}
            if "kind" in cols:
                row["kind"] = u["kind"]
            if use_category:
                row["category"] = rng.choice(cats + [""])
            for a in attrs:
                v = self.attr_value(a)
                if self.category and self.category["by"] == a:
                    lo = min((dec(b["min"]) for b in self.category["bands"] if "min" in b), default=dec(0))
                    if all("min" in b for b in self.category["bands"]) and v < lo:
                        v = lo
                row[a] = fmt(v)
                if a not in ({self.category["by"]} if self.category else set()) and rng.random() < 0.15:
                    row[a] = ""  # a stepped bound's column may be empty where never applied
            row["town"] = rng.choice(["北川", "安县", "江油 东"])
            rows.append(row)
        self.attrs = {r["unit"]: r for r in rows}
        return cols, rows

    # ---------- findings ----------

    def applies(self, unit, it):
        kinds = it.get("kinds")
        return kinds is None or self.kind_of[unit] in kinds

    def period(self):
        return self.rng.choice(self.labels) if self.labels else ""

    def note(self):
        return self.rng.choice(NOTES)

    def count(self, heavy=False):
        rng = self.rng
        if heavy:
            # Now and then a count near score's limit (10^9 a row): products stay exact.
            return rng.choice(["3", "4", "5", "5", "5", "1000000000"])
        return rng.choice(["", "", "0", "1", "1", "2", "3", "4", "5"])

    def bound_for(self, unit, bound):
        if not isinstance(bound, dict):
            return dec(bound)
        if self.attrs[unit][bound["by"]] == "":
            return None
        x = dec(self.attrs[unit][bound["by"]])
        best = None
        for frm, b in bound["steps"]:
            if x >= dec(frm):
                best = dec(b)
        return best

    def rule_rows(self, unit, per, it, ru, heavy=False):
        rng = self.rng
        rows = []
        nrows = rng.choice([1, 1, 1, 2, 3]) if not heavy else rng.randint(2, 4)
        for _ in range(nrows):
            row = {"unit": unit, "period": per, "item": it["id"], "rule": ru["id"],
                   "count": self.count(heavy), "note": self.note()}
            bound = ru.get("below", ru.get("above"))
            if bound is not None:
                if isinstance(bound, dict) and not self.with_roster:
                    return []
                b = self.bound_for(unit, bound)
                if b is None:
                    return []
                row["count"] = rng.choice(["", "1", "1", "0", "2"])
                if row["count"] == "0" and rng.random() < 0.5:
                    row["value"] = ""
                else:
                    delta = rng.choice([dec(0), dec("0.01"), dec("-0.01"), dec(1), dec(-1), dec("0.5")])
                    row["value"] = fmt(b + delta)
            rows.append(row)
        return rows

    def item_rows(self, unit, per, s, it, heavy=False):
        rng = self.rng
        typ = it.get("type", "scored")
        rules = it.get("rules", [])
        rows = []
        base = {"unit": unit, "period": per, "item": it["id"]}
        choice = rng.random()
        if typ == "scored" and (choice < 0.15 or (not rules and choice < 0.45)) and not heavy:
            pts = dec(it["points"])
            sc = min(pts, rng.choice([dec(0), pts, pts - dec("0.5"), dec(rng.choice(POINT_STEPS))]))
            rows.append({**base, "score": fmt(max(sc, dec(0))), "note": self.note()})
            return rows
        if not rules or choice < 0.3:
            n = rng.randint(3, 6) if heavy else rng.randint(1, 2)
            for _ in range(n):
                p = dec(rng.choice(POINT_STEPS))
                if heavy:
                    p *= rng.choice([3, 3, 3, 10**9])
                rows.append({**base, "points": fmt(p), "count": rng.choice(["", "", "1"]),
                             "note": rng.choice(NOTES[:5])})
            if rules:
                # Mix direct points with rule rows on the same item.
                ru = rng.choice(rules)
                rows += self.rule_rows(unit, per, it, ru, heavy)
            return rows
        k = len(rules) if heavy else rng.randint(1, min(3, len(rules)))
        for ru in rng.sample(rules, k):
            rows += self.rule_rows(unit, per, it, ru, heavy)
        return rows

    def unit_findings(self, unit, heavy_item=None):
        rng = self.rng
        rows = []
        applicable = [(s, it) for s, it in self.items if self.applies(unit, it)]
        if not applicable:
            return rows
        periods = self.labels or [""]
        density = rng.choice([0.1, 0.25, 0.5])
        for per in periods:
            for s, it in applicable:
                if rng.random() < density:
                    rows += self.item_rows(unit, per, s, it)
        # Several scored-ok rows on one item for this unit and period make caps bind.
        if heavy_item is not None:
            s, it = heavy_item
            if self.applies(unit, it):
                per = self.period()
                # Drop score rows that would clash with the heavy rule rows.
                rows = [r for r in rows if not (r.get("score") and r["item"] == it["id"] and r["period"] == per)]
                rows += self.item_rows(unit, per, s, it, heavy=True)
        return rows

    def half_rows(self, unit):
        """Direct points that leave the exact total on a half of the last kept digit (.xx5 at
        precision 2), after the periods are combined: rounding half away from zero decides it."""
        rng = self.rng
        p = self.r["rubric"].get("precision", 2)
        half = dec(5) * dec(10) ** -(p + 1) + rng.randint(0, 3) * dec(10) ** -p
        target = [it for _, it in self.items if it.get("type", "scored") == "scored"
                  and self.applies(unit, it) and dec(it["points"]) >= 1]
        if not target:
            return []
        it = rng.choice(target)
        combine = self.r.get("periods", {}).get("combine", "sum")
        if not self.labels:
            periods = [""]
        elif combine in ("mean", "weighted"):
            periods = self.labels  # the same in every period: the mean (weighted) is the same
        elif combine == "last":
            periods = [self.labels[-1]]
        else:
            periods = [rng.choice(self.labels)]
        return [{"unit": unit, "period": per, "item": it["id"], "points": fmt(half), "note": "尾数"}
                for per in periods]

    def fix_score_clashes(self, rows):
        """A score row excludes rule/points rows on the same unit, item and period."""
        scored = {}
        for i, r in enumerate(rows):
            if r.get("score", "") != "":
                key = (r["unit"], r["item"], r["period"])
                if key in scored:
                    r["drop"] = True
                else:
                    scored[key] = i
        out = []
        for r in rows:
            if r.pop("drop", False):
                continue
            key = (r["unit"], r.get("item", ""), r.get("period", ""))
            if r.get("score", "") == "" and key in scored and r.get("item"):
                # A row that records nothing (count 0, points 0) may stand beside a score.
                if r.get("count") == "0" and r.get("rule") and not (r.get("value") or "").strip():
                    out.append(r)
                elif r.get("points") and self.rng.random() < 0.3:
                    out.append({**r, "points": "0", "count": ""})
                continue
            out.append(r)
        return out

    def run(self) -> Case:
        rng = self.rng
        units = self.make_units()
        case = Case(self.r["rubric"]["id"], self.seed, periods=self.labels)
        if self.with_roster:
            case.roster_columns, case.roster = self.make_roster(units)
        rows = []
        names = [u["unit"] for u in units]
        # Roles: a few units with no findings at all, a few clones of another unit (ties).
        roles = {}
        for i, name in enumerate(names):
            roles[name] = "half" if i < 2 else rng.choice(["normal"] * 5 + ["heavy", "heavy", "empty", "clone", "half"])
        by_unit = {}
        for name in names:
            role = roles[name]
            if role == "empty":
                if not self.with_roster or rng.random() < 0.5:
                    # A row with no item only declares the unit.
                    by_unit[name] = [{"unit": name, "period": self.period() if rng.random() < 0.3 else ""}]
                else:
                    by_unit[name] = []  # only in the roster
                continue
            if role == "clone":
                donors = [d for d in by_unit if self.kind_of[d] == self.kind_of[name] and by_unit[d]]
                if donors:
                    d = rng.choice(donors)
                    by_unit[name] = [{**r, "unit": name} for r in by_unit[d]]
                    if self.with_roster:
                        # The same roster numbers too: the same bounds (and band), a true tie.
                        for col in self.by_columns | ({self.category["by"]} if self.category else set()):
                            self.attrs[name][col] = self.attrs[d][col]
                    continue
            if role == "half":
                by_unit[name] = self.half_rows(name) or [{"unit": name}]
                continue
            heavy = rng.choice(self.items) if role == "heavy" else None
            by_unit[name] = self.fix_score_clashes(self.unit_findings(name, heavy))
            if not by_unit[name]:
                by_unit[name] = [{"unit": name}]
        for name in names:
            rows += by_unit[name]
        # Unfilled template rows: no unit, nothing recorded (count 0, points 0): skipped.
        for _ in range(rng.randint(0, 2)):
            s, it = rng.choice(self.items)
            row = {"unit": "", "period": self.period(), "item": it["id"], "note": "模板行"}
            if it.get("rules"):
                row.update(rule=rng.choice(it["rules"])["id"], count="0")
            else:
                row.update(points="0")
            rows.insert(rng.randint(0, len(rows)), row)
        # Interleave units a little (first appearance still follows the roster for most).
        for i in range(len(rows) - 1):
            if rng.random() < 0.1:
                rows[i], rows[i + 1] = rows[i + 1], rows[i]
        case.findings = [{c: r.get(c, "") for c in FINDINGS_COLUMNS} for r in rows]
        # SQLH_PAD=0 leaves them out (to tell a trimming problem from another).
        if self.seed % 4 == 2 and os.environ.get("SQLH_PAD", "1") == "1":
            # Cells with spaces round the ids (a tab, a full-width space as Chinese Excel
            # cells have), in the file and the table alike: score trims them, so must the query.
            for r in case.findings:
                for c in ("unit", "period", "item", "rule"):
                    if r[c] and rng.random() < 0.2:
                        r[c] = rng.choice([" ", "  ", "\t", "\u3000", "\u00a0"]) + r[c] + rng.choice(["", " "])
        if case.roster is not None:
            order = list(case.roster)
            rng.shuffle(order)
            case.roster = order
        return case


def generate(rubric: dict, seed: int, roster: bool) -> Case:
    return Gen(rubric, seed, roster).run()


def needs_roster(rubric: dict) -> bool:
    """A rubric whose thresholds read a roster column cannot run without one."""
    for s in rubric["section"]:
        for it in s.get("item", []):
            for ru in it.get("rules", []):
                for key in ("below", "above"):
                    if isinstance(ru.get(key), dict):
                        return True
    return bool(rubric.get("category"))
