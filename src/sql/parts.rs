//! The common table expressions every query shares: cleaned findings and
//! units, counts per rule, amounts per item and effects per section.

use super::dialect::{num, Dialect, NUM};
use super::{stepped, tables, Query};
use rust_decimal::Decimal;

use crate::rubric::{Bound, Rubric, Threshold};

/// A text column read as `score` reads a cell: trimmed, empty as NULL.
pub fn cell(d: Dialect, col: &str) -> String {
    let text = format!("CAST({} AS {})", d.ident(col), d.text());
    format!("NULLIF({}, '')", d.trim(&text))
}

/// A roster attribute as a number (NULL when empty).
pub fn attribute(d: Dialect, col: &str) -> String {
    format!("CAST({} AS {NUM})", cell(d, col))
}

/// The constants, findings and units.
pub fn inputs(rubric: &Rubric, q: &Query) -> Vec<String> {
    let d = q.dialect;
    vec![
        tables::items(d, rubric),
        tables::rules(d, rubric),
        tables::periods(d, rubric),
        tables::applies(rubric),
        findings(d, q),
        units(rubric, q),
    ]
}

/// `f`: the findings with text trimmed and empty cells NULL.
fn findings(d: Dialect, q: &Query) -> String {
    let text = |c| format!("{} AS {c}", cell(d, c));
    let dec = |c: &str| format!("CAST({} AS {NUM}) AS {c}", d.ident(c));
    format!(
        "f AS (SELECT {}, {}, {}, {}, CAST({} AS BIGINT) AS n, {}, {}, {}, {}\n  FROM {})",
        text("unit"),
        text("period"),
        text("item"),
        text("rule"),
        d.ident("count"),
        dec("points"),
        dec("score"),
        dec("value"),
        text("note"),
        d.table(&q.findings)
    )
}

/// The roster columns a query reads as numbers: stepped bounds' and the
/// category's `by`.
pub fn attributes(rubric: &Rubric) -> Vec<String> {
    let mut cols: Vec<String> = stepped(rubric).map(|(_, _, by)| by.to_string()).collect();
    if let Some(c) = &rubric.category {
        cols.push(c.by.clone());
    }
    cols.sort();
    cols.dedup();
    cols
}

/// `u(unit, kn, k, cat, co, a0…)`: every unit scored, its kind's text and
/// index, category and its order, and numeric attributes. Without a units
/// table: the units named in the findings, of the first kind.
fn units(rubric: &Rubric, q: &Query) -> String {
    let d = q.dialect;
    let attrs = attributes(rubric);
    let Some(table) = &q.units else {
        let nulls: String = attrs
            .iter()
            .enumerate()
            .map(|(i, _)| format!(", {} AS a{i}", tables::num_null()))
            .collect();
        return format!(
            "u AS (SELECT DISTINCT unit, {t} AS kn, 0 AS k, {t} AS cat, 0 AS co{nulls} FROM f WHERE unit IS NOT NULL)",
            t = d.null_text()
        );
    };
    // A check reads `kind` even when the rubric has no kinds: any is undeclared then.
    let kn = if rubric.has_kinds || q.check {
        cell(d, "kind")
    } else {
        d.null_text()
    };
    let kinds: String = rubric
        .kinds
        .iter()
        .enumerate()
        .map(|(k, kind)| format!(" WHEN {} THEN {k}", d.string(&kind.name)))
        .collect();
    let (cat, co) = match &rubric.category {
        Some(c) => {
            let a = attribute_index(rubric, &c.by);
            let mut names = String::new();
            let mut order = String::new();
            for (i, (name, min)) in c.bands.iter().enumerate() {
                let when = min.map_or("TRUE".to_string(), |m| format!("a{a} >= {}", num(m)));
                names.push_str(&format!(" WHEN {when} THEN {}", d.string(name)));
                order.push_str(&format!(" WHEN {when} THEN {i}"));
            }
            (format!("CASE{names} END"), format!("CASE{order} END"))
        }
        None => ("cat".to_string(), "0".to_string()),
    };
    // The `category` column is read only when asked for (`--categories`):
    // the query cannot tell beforehand whether any unit has one.
    let raw_cat = match (&rubric.category, q.categories) {
        (None, true) => cell(d, "category"),
        _ => d.null_text(),
    };
    let a: Vec<String> = (0..attrs.len()).map(|i| format!(", a{i}")).collect();
    let attr_cols: String = attrs
        .iter()
        .enumerate()
        .map(|(i, a)| format!(", {} AS a{i}", attribute(d, a)))
        .collect();
    format!(
        "u0 AS (SELECT {} AS unit, {kn} AS kn, {raw_cat} AS cat{attr_cols} FROM {})",
        cell(d, "unit"),
        d.table(table)
    ) + &format!(
        ",\nu AS (SELECT unit, kn, CASE kn{kinds} ELSE 0 END AS k, {cat} AS cat, {co} AS co{} FROM u0 WHERE unit IS NOT NULL)",
        a.concat()
    )
}

/// The period a finding counts in: its label's index (0 without periods).
pub fn period(rubric: &Rubric) -> (&'static str, &'static str) {
    if rubric.periods.labels.is_empty() {
        ("0", "")
    } else {
        ("pe.p", "\n  JOIN pe ON pe.label = f.period")
    }
}

/// Every threshold rule, with its number across the rubric (`r.g`).
pub fn thresholds(rubric: &Rubric) -> impl Iterator<Item = (usize, &Threshold)> {
    rubric
        .items
        .iter()
        .flat_map(|i| &i.rules)
        .enumerate()
        .filter_map(|(g, r)| r.threshold.as_ref().map(|t| (g, t)))
}

/// The `a{n}` column of `u` holding a roster attribute.
pub fn attribute_index(rubric: &Rubric, by: &str) -> usize {
    attributes(rubric).iter().position(|x| x == by).unwrap_or(0)
}

/// A threshold's bound for the row's unit, each figure written by `lit`:
/// fixed, or a CASE over the steps of a roster attribute.
pub fn bound(rubric: &Rubric, t: &Threshold, lit: impl Fn(Decimal) -> String) -> String {
    match &t.bound {
        Bound::Fixed(b) => lit(*b),
        Bound::Steps { by, steps } => {
            let a = attribute_index(rubric, by);
            let arms: String = steps
                .iter()
                .rev()
                .map(|(from, b)| format!(" WHEN u.a{a} >= {} THEN {}", num(*from), lit(*b)))
                .collect();
            format!("CASE{arms} END")
        }
    }
}

/// How many times a row counts: its `count` (empty is 1); a threshold
/// rule's only when its value is beyond the bound.
pub fn effective(rubric: &Rubric) -> String {
    let cases: String = thresholds(rubric)
        .map(|(g, t)| {
            let op = if t.below { "<" } else { ">" };
            format!(
                "\n    WHEN {g} THEN CASE WHEN f.value {op} {} THEN COALESCE(f.n, 1) ELSE 0 END",
                bound(rubric, t, num)
            )
        })
        .collect();
    if cases.is_empty() {
        "COALESCE(f.n, 1)".to_string()
    } else {
        format!("CASE r.g{cases}\n    ELSE COALESCE(f.n, 1) END")
    }
}

/// `c(unit, p, i, g, n)`: each rule's count per unit and period; and `x`,
/// `iv`, `ic`, `sv`: what each item and section comes to.
pub fn scoring(rubric: &Rubric) -> Vec<String> {
    let (p, join_pe) = period(rubric);
    // A constant in GROUP BY reads as a column position: leave it out.
    let gp = if rubric.periods.labels.is_empty() {
        ""
    } else {
        ", pe.p"
    };
    let join_u = if stepped(rubric).next().is_some() {
        "\n  JOIN u ON u.unit = f.unit"
    } else {
        ""
    };
    let last = rubric.periods.count() - 1;
    let py = if last == 0 {
        "0".to_string()
    } else {
        format!("CASE WHEN yr = 1 THEN {last} ELSE p END")
    };
    let gy = if last == 0 {
        String::new()
    } else {
        format!("CASE WHEN yr = 1 THEN {last} ELSE p END, ")
    };
    vec![
        format!(
            "c AS (SELECT f.unit, {p} AS p, r.i, r.g, SUM({}) AS n\n  FROM f JOIN r ON r.item = f.item AND r.rule = f.rule{join_pe}{join_u}\n  WHERE f.unit IS NOT NULL AND f.score IS NULL AND f.points IS NULL\n  GROUP BY f.unit{gp}, r.i, r.g)",
            effective(rubric)
        ),
        // A rule's amount: each × count, capped by its max.
        format!(
            "ra AS (SELECT c.unit, c.p, c.i, c.g, c.n, CAST(CASE WHEN r.mx IS NOT NULL AND r.each * CAST(c.n AS DECIMAL(10,0)) > r.mx THEN r.mx ELSE r.each * CAST(c.n AS DECIMAL(10,0)) END AS {NUM}) AS amt,\n    CAST(CASE WHEN r.mx IS NOT NULL AND r.each * CAST(c.n AS DECIMAL(10,0)) > r.mx THEN r.each * CAST(c.n AS DECIMAL(10,0)) - r.mx ELSE 0 END AS {NUM}) AS over\n  FROM c JOIN r ON r.g = c.g WHERE c.n > 0)"
        ),
        format!(
            "dp AS (SELECT f.unit, {p} AS p, it.i, CAST(SUM(f.points) AS {NUM}) AS direct, MAX(f.score) AS awarded\n  FROM f JOIN it ON it.item = f.item{join_pe}\n  WHERE f.unit IS NOT NULL AND f.rule IS NULL AND (f.points IS NOT NULL OR f.score IS NOT NULL)\n  GROUP BY f.unit{gp}, it.i)"
        ),
        // Per unit, period and item: the findings' amount (rules after
        // their max, plus direct points) and an awarded score.
        format!(
            "x AS (SELECT unit, p, i, CAST(SUM(amt) AS {NUM}) AS raw, CAST(SUM(over) AS {NUM}) AS over, MAX(awarded) AS awarded FROM (\n    SELECT unit, p, i, amt, over, {n} AS awarded FROM ra\n    UNION ALL SELECT unit, p, i, COALESCE(direct, 0), 0, awarded FROM dp) AS y\n  GROUP BY unit, p, i)",
            n = tables::num_null()
        ),
        // What an item does in a period: a scored item's deduction (capped
        // at its points, or set by a score), a bonus or penalty after its
        // cap per period.
        format!(
            "iv AS (SELECT x.unit, x.p, x.i, it.s, it.t, it.yr, it.ycap, x.raw, x.over, x.awarded,\n    CAST(CASE WHEN it.t = 0 THEN (CASE WHEN x.awarded IS NOT NULL THEN it.points - x.awarded WHEN x.raw > it.points THEN it.points ELSE x.raw END)\n      WHEN it.pcap IS NOT NULL AND x.raw > it.pcap THEN it.pcap ELSE x.raw END AS {NUM}) AS v\n  FROM x JOIN it ON it.i = x.i)"
        ),
        // Items under a yearly cap: summed over the periods, capped, and
        // credited to the last period.
        format!(
            "ic AS (SELECT unit, p, i, s, t, CAST(CASE WHEN ycap IS NOT NULL AND v > ycap THEN ycap ELSE v END AS {NUM}) AS v FROM (\n    SELECT unit, {py} AS p, i, s, t, ycap, CAST(SUM(v) AS {NUM}) AS v\n    FROM iv GROUP BY unit, {gy}i, s, t, ycap) AS y)"
        ),
        section_effects(rubric),
    ]
}

/// `sv(unit, p, s, e)`: what a section's findings do to a score in a
/// period: less its scored items' deductions, plus its bonuses and less
/// its penalties, each capped by the section's cap.
fn section_effects(rubric: &Rubric) -> String {
    let capped = |col: &str| {
        let arms: String = rubric
            .sections
            .iter()
            .enumerate()
            .filter_map(|(s, sec)| sec.cap.map(|c| (s, c.amount)))
            .map(|(s, cap)| format!(" WHEN s = {s} AND {col} > {c} THEN {c}", c = num(cap)))
            .collect();
        if arms.is_empty() {
            col.to_string()
        } else {
            format!("CASE{arms} ELSE {col} END")
        }
    };
    format!(
        "se AS (SELECT unit, p, s,\n    CAST(SUM(CASE WHEN t = 0 THEN v ELSE 0 END) AS {NUM}) AS ded,\n    CAST(SUM(CASE WHEN t = 1 THEN v ELSE 0 END) AS {NUM}) AS bon,\n    CAST(SUM(CASE WHEN t = 2 THEN v ELSE 0 END) AS {NUM}) AS pen\n  FROM ic GROUP BY unit, p, s),\nsv AS (SELECT unit, p, s, bon, pen, CAST({} AS {NUM}) AS bonc, CAST({} AS {NUM}) AS penc,\n    CAST({} - {} - ded AS {NUM}) AS e FROM se)",
        capped("bon"),
        capped("pen"),
        capped("bon"),
        capped("pen"),
    )
}

/// `fg(unit, fl0…, forced)`: the flags a unit's findings raise and the
/// worst grade they force (-1 for none).
pub fn flags(rubric: &Rubric) -> String {
    let fl: String = (0..rubric.flags.len())
        .map(|f| format!("MAX(CASE WHEN r.fl = {f} THEN 1 ELSE 0 END) AS fl{f}, "))
        .collect();
    format!("fg AS (SELECT c.unit, {fl}MAX(r.gr) AS forced FROM c JOIN r ON r.g = c.g WHERE c.n > 0 GROUP BY c.unit)")
}
