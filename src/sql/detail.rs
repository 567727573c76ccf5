//! The detail query: the rows of `score --format csv --detail`, one per
//! unit, period and item that applies, then a row for each section cap
//! that cut. A table has no row order, so where `score` keeps the first
//! three notes of a rule in file order, the query keeps the first three in
//! text order.

use super::dialect::{num, plain, Dialect, NUM};
use super::summary::shown;
use super::{parts, stepped, with, Query};
use crate::num::show;
use crate::rubric::{CapScope, ItemType, Rubric};

pub fn query(rubric: &Rubric, q: &Query) -> String {
    let d = q.dialect;
    let mut ctes = super::summary::ctes(rubric, q);
    ctes.push(rule_texts(d, rubric));
    ctes.push(grid(rubric));
    ctes.extend(values(rubric));
    ctes.extend(notes(rubric, q));
    ctes.push(reasons(rubric, q));
    ctes.push(item_rows(rubric, d));
    ctes.push(cut_rows(rubric, d));
    with(&ctes, &select(rubric, d))
}

/// `rx(g, head, tail)`: what a rule's reason says around its count and
/// amount: `a×`, and ` 落实不到位的… (标记: …)`.
fn rule_texts(d: Dialect, rubric: &Rubric) -> String {
    let mut rows = Vec::new();
    for item in &rubric.items {
        let sign = if item.item_type == ItemType::Bonus {
            "+"
        } else {
            "-"
        };
        for rule in &item.rules {
            let mut tail = format!(" {}", rule.text);
            if let Some(f) = rule.flag {
                tail.push_str(&format!(" (标记: {})", rubric.flags[f]));
            }
            if let Some(g) = rule.grade {
                tail.push_str(&format!(" (等次: {})", rubric.grades[g].name));
            }
            rows.push(format!(
                "({}, {}, {}, {})",
                rows.len(),
                d.string(&format!("{}×", rule.id)),
                d.string(sign),
                d.string(&tail)
            ));
        }
    }
    if rows.is_empty() {
        let t = d.null_text();
        rows.push(format!("(-1, {t}, {t}, {t})"));
    }
    format!(
        "rx AS (SELECT * FROM (VALUES\n  {}\n) AS t(g, head, sign, tail))",
        rows.join(",\n  ")
    )
}

/// `gr(unit, p, i)`: every unit, period and item that applies; an item
/// credited to the last period only there.
fn grid(rubric: &Rubric) -> String {
    let n = rubric.periods.count();
    let periods: Vec<String> = (0..n).map(|p| format!("({p})")).collect();
    format!(
        "gr AS (SELECT u.unit, pp.p, it.i FROM u CROSS JOIN (SELECT * FROM (VALUES {}) AS t(p)) AS pp CROSS JOIN it\n  JOIN ap ON ap.i = it.i AND ap.k = u.k WHERE it.yr = 0 OR pp.p = {})",
        periods.join(", "),
        n - 1
    )
}

/// `dv(unit, p, i, v, ab, cp)`: an item's value in the period it is
/// credited to, what its caps absorbed and whether one cut.
fn values(rubric: &Rubric) -> Vec<String> {
    let last = rubric.periods.count() - 1;
    let py = if last == 0 {
        "0".to_string()
    } else {
        format!("CASE WHEN iv.yr = 1 THEN {last} ELSE iv.p END")
    };
    vec![
        format!(
            "iw AS (SELECT iv.*, it.points AS pts,\n    CAST(iv.over + CASE WHEN iv.t = 0 THEN (CASE WHEN iv.awarded IS NULL AND iv.raw > it.points THEN iv.raw - it.points ELSE 0 END) ELSE iv.raw - iv.v END AS {NUM}) AS ab,\n    CASE WHEN iv.over > 0 OR (iv.t = 0 AND iv.awarded IS NULL AND iv.raw > it.points) OR (iv.t <> 0 AND iv.raw > iv.v) THEN 1 ELSE 0 END AS cp\n  FROM iv JOIN it ON it.i = iv.i)"
        ),
        format!(
            "dv0 AS (SELECT unit, {} AS p, i, t, ycap, CAST(SUM(v) AS {NUM}) AS v, CAST(SUM(ab) AS {NUM}) AS ab, MAX(cp) AS cp\n  FROM iw GROUP BY unit, {}i, t, ycap)",
            py.replace("iv.", ""),
            if last == 0 { String::new() } else { format!("{}, ", py.replace("iv.", "")) }
        ),
        format!(
            "dv AS (SELECT unit, p, i, t, CAST(CASE WHEN ycap IS NOT NULL AND v > ycap THEN ycap ELSE v END AS {NUM}) AS v,\n    CAST(ab + CASE WHEN ycap IS NOT NULL AND v > ycap THEN v - ycap ELSE 0 END AS {NUM}) AS ab,\n    CASE WHEN ycap IS NOT NULL AND v > ycap THEN 1 ELSE cp END AS cp FROM dv0)"
        ),
    ]
}

/// The period an item's findings are credited to, from a row's period `p`.
fn credited(rubric: &Rubric, p: &str) -> String {
    let last = rubric.periods.count() - 1;
    if last == 0 {
        "0".to_string()
    } else {
        format!("CASE WHEN it.yr = 1 THEN {last} ELSE {p} END")
    }
}

/// `nj(unit, p, i, k, notes)`: up to three notes per reason (k: the
/// rule's g, or -1 for direct points and scores), in text order.
fn notes(rubric: &Rubric, q: &Query) -> Vec<String> {
    let d = q.dialect;
    let (p, join_pe) = parts::period(rubric);
    let join_u = if stepped(rubric).next().is_some() {
        "\n  JOIN u ON u.unit = f.unit"
    } else {
        ""
    };
    let cp = credited(rubric, p);
    let c = d.collate();
    vec![
        format!(
            "n0 AS (SELECT DISTINCT f.unit, {cp} AS p, r.i, r.g AS k, {} AS note\n  FROM f JOIN r ON r.item = f.item AND r.rule = f.rule JOIN it ON it.i = r.i{join_pe}{join_u}\n  WHERE f.unit IS NOT NULL AND f.score IS NULL AND f.points IS NULL AND {} > 0\n  UNION SELECT DISTINCT f.unit, {cp}, it.i, -1, f.note FROM f JOIN it ON it.item = f.item{join_pe}\n  WHERE f.unit IS NOT NULL AND f.rule IS NULL AND f.note IS NOT NULL AND (f.score IS NOT NULL OR f.points <> 0))",
            rule_note(rubric, d),
            parts::effective(rubric)
        ),
        format!(
            "n1 AS (SELECT n0.*, ROW_NUMBER() OVER (PARTITION BY unit, p, i, k ORDER BY note{c}) AS nk FROM n0 WHERE note IS NOT NULL)"
        ),
        format!(
            "nj AS (SELECT unit, p, i, k, {} AS notes FROM n1 WHERE nk <= 3 GROUP BY unit, p, i, k)",
            d.joined("note", "nk", "; ")
        ),
    ]
}

/// A rule row's note: a threshold rule says what was measured against
/// what (`卫生厕所普及率 0.9 < 0.95`), then the row's own note.
fn rule_note(rubric: &Rubric, d: Dialect) -> String {
    let value = shown(d, &format!("CAST(f.value AS {NUM})"), 10);
    let arms: String = parts::thresholds(rubric)
        .map(|(g, t)| {
            let bound = parts::bound(rubric, t, |b| d.string(&show(b)));
            let op = if t.below { " < " } else { " > " };
            format!(
                "\n    WHEN {g} THEN {} || {value} || {} || {bound} || CASE WHEN f.note IS NULL THEN '' ELSE '; ' || f.note END",
                d.string(&format!("{} ", t.metric)),
                d.string(op)
            )
        })
        .collect();
    if arms.is_empty() {
        "f.note".to_string()
    } else {
        format!("CASE r.g{arms}\n    ELSE f.note END")
    }
}

/// `rj(unit, p, i, reasons)`: each item's reasons in the rubric's words,
/// joined ` | `: rules in the order first found, then direct points, or
/// the awarded score alone.
fn reasons(rubric: &Rubric, q: &Query) -> String {
    let d = q.dialect;
    let cp = credited(rubric, "ra.p");
    let cpd = credited(rubric, "dp.p");
    let amount = |x: &str| shown(d, &format!("CAST({x} AS {NUM})"), 10);
    let with_notes = |t: &str| {
        d.trim_end(&format!(
            "{t} || CASE WHEN nj.notes IS NULL THEN '' ELSE ' [' || nj.notes || ']' END"
        ))
    };
    let bonus_items: Vec<String> = rubric
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.item_type == ItemType::Bonus)
        .map(|(i, _)| i.to_string())
        .chain(["-2".to_string()])
        .collect();
    format!(
        "rr AS (SELECT unit, p, i, g AS k, MIN(p0) AS p0, SUM(n) AS n, CAST(SUM(amt) AS {NUM}) AS amt, {n} AS awarded FROM (SELECT ra.unit, {cp} AS p, ra.i, ra.g, ra.p AS p0, ra.n, ra.amt FROM ra JOIN it ON it.i = ra.i) AS y GROUP BY unit, p, i, g\n  UNION ALL SELECT unit, p, i, -1, MIN(p0), 1, CAST(SUM(direct) AS {NUM}), MAX(awarded) FROM (SELECT dp.unit, {cpd} AS p, dp.i, dp.p AS p0, dp.direct, dp.awarded FROM dp JOIN it ON it.i = dp.i) AS y GROUP BY unit, p, i),\nrw AS (SELECT rr.unit, rr.p, rr.i, rr.p0 * 1000000 + CASE WHEN rr.k < 0 THEN 999999 ELSE rr.k END AS ord, rr.awarded,\n    {} AS txt\n  FROM rr LEFT JOIN rx ON rx.g = rr.k LEFT JOIN nj ON nj.unit = rr.unit AND nj.p = rr.p AND nj.i = rr.i AND nj.k = rr.k\n  WHERE rr.k >= 0 OR rr.awarded IS NOT NULL OR rr.amt <> 0),\nrj AS (SELECT unit, p, i, CASE WHEN MAX(awarded) IS NOT NULL THEN MAX(CASE WHEN awarded IS NOT NULL THEN txt END) ELSE {} END AS reasons FROM rw GROUP BY unit, p, i)",
        with_notes(&format!(
            "CASE WHEN rr.awarded IS NOT NULL THEN '得分 ' || {} WHEN rr.k >= 0 THEN rx.head || CAST(rr.n AS {}) || ' ' || rx.sign || {} || rx.tail WHEN rr.i IN ({}) THEN '加分 +' || {} ELSE '扣分 -' || {} END",
            amount("rr.awarded"),
            d.text(),
            amount("rr.amt"),
            bonus_items.join(", "),
            amount("rr.amt"),
            amount("rr.amt"),
        )),
        d.joined("txt", "ord", " | "),
        n = super::tables::num_null(),
    )
}

/// `ir`: one row per unit, period and item, as `score` prints it.
fn item_rows(rubric: &Rubric, d: Dialect) -> String {
    let _ = rubric;
    let x = |e: &str| shown(d, &format!("CAST({e} AS {NUM})"), 10);
    format!(
        "ir AS (SELECT gr.unit, gr.p, 0 AS kind, gr.i AS pos, it.item AS item, {} AS points,\n    {} AS change, {} AS score, CASE WHEN dv.cp = 1 THEN 'true' ELSE 'false' END AS capped, {} AS absorbed, COALESCE(rj.reasons, '') AS reasons\n  FROM gr JOIN it ON it.i = gr.i LEFT JOIN dv ON dv.unit = gr.unit AND dv.p = gr.p AND dv.i = gr.i\n  LEFT JOIN rj ON rj.unit = gr.unit AND rj.p = gr.p AND rj.i = gr.i)",
        x("it.points"),
        x("CASE WHEN it.t = 1 THEN -COALESCE(dv.v, 0) ELSE COALESCE(dv.v, 0) END"),
        x("CASE it.t WHEN 0 THEN it.points - COALESCE(dv.v, 0) WHEN 1 THEN COALESCE(dv.v, 0) ELSE -COALESCE(dv.v, 0) END"),
        x("COALESCE(dv.ab, 0)"),
    )
}

/// `cr`: a row for each section cap that cut a unit's bonuses (or
/// penalties) in a period.
fn cut_rows(rubric: &Rubric, d: Dialect) -> String {
    let x = |e: &str| shown(d, &format!("CAST({e} AS {NUM})"), 10);
    let mut parts = Vec::new();
    for (s, section) in rubric.sections.iter().enumerate() {
        let Some(cap) = section.cap else { continue };
        let per = if cap.scope == CapScope::Year {
            "a year"
        } else {
            "a period"
        };
        for (bonus, col, what) in [(true, "bon", "bonus"), (false, "pen", "penalty")] {
            let cut = format!("({col} - {})", num(cap.amount));
            let (change, score) = if bonus {
                (cut.clone(), format!("-{cut}"))
            } else {
                (format!("-{cut}"), cut.clone())
            };
            let why = format!(
                "section {} {what} capped at {} {per}",
                section.id,
                plain(cap.amount)
            );
            parts.push(format!(
                "SELECT unit, p, 1 AS kind, {} AS pos, {} AS item, '0' AS points, {} AS change, {} AS score, 'true' AS capped, {} AS absorbed, {} AS reasons FROM sv WHERE s = {s} AND {col} > {}",
                2 * s + usize::from(!bonus),
                d.string(&format!("{} cap", section.id)),
                x(&change),
                x(&score),
                x(&cut),
                d.string(&why),
                num(cap.amount)
            ));
        }
    }
    if parts.is_empty() {
        let t = d.null_text();
        parts.push(format!(
            "SELECT {t} AS unit, 0 AS p, 1 AS kind, 0 AS pos, {t} AS item, {t} AS points, {t} AS change, {t} AS score, {t} AS capped, {t} AS absorbed, {t} AS reasons FROM it WHERE 1 = 0"
        ));
    }
    format!("cr AS ({})", parts.join("\n  UNION ALL "))
}

/// The final SELECT: the columns of `score --format csv --detail`.
fn select(rubric: &Rubric, d: Dialect) -> String {
    let mut cols = vec![format!("rows.unit AS {}", d.ident("unit"))];
    if !rubric.periods.labels.is_empty() {
        let labels = super::summary::named(
            d,
            "rows.p",
            rubric.periods.labels.iter().map(String::as_str),
        );
        cols.push(format!("{labels} AS {}", d.ident("period")));
    }
    for c in [
        "item", "points", "change", "score", "capped", "absorbed", "reasons",
    ] {
        let name = if c == "change" { "deducted" } else { c };
        cols.push(format!("rows.{c} AS {}", d.ident(name)));
    }
    let c = d.collate();
    format!(
        "SELECT {}\nFROM (SELECT * FROM ir UNION ALL SELECT * FROM cr) AS rows JOIN rk ON rk.unit = rows.unit\nORDER BY rk.k, CASE WHEN rk.cat IS NULL THEN 1 ELSE 0 END, rk.co, rk.cat{c}, rk.rnk, rk.unit{c}, rows.p, rows.kind, rows.pos",
        cols.join(",\n  ")
    )
}
