//! The summary query: one row per unit, the columns of `score --format csv`.

use rust_decimal::Decimal;

use super::dialect::{num, plain, Dialect, NUM};
use super::{parts, with, Query};
use crate::rubric::{Combine, Rubric, Start};

pub fn query(rubric: &Rubric, q: &Query) -> String {
    with(&ctes(rubric, q), &select(rubric, q))
}

/// Everything up to the ranked units, `rk`: the detail orders by it too.
pub fn ctes(rubric: &Rubric, q: &Query) -> Vec<String> {
    let mut ctes = parts::inputs(rubric, q);
    ctes.extend(parts::scoring(rubric));
    ctes.push(parts::flags(rubric));
    ctes.push(per_unit(rubric));
    ctes.push(totals(rubric, q));
    ctes.push(ranked(rubric));
    ctes
}

/// How a period's values weigh in the combined value: (weight per period,
/// divisor). Sum and mean weigh each 1 (mean divides by n), weighted by
/// its weights, last only the last.
fn weights(rubric: &Rubric) -> (Vec<Decimal>, u64) {
    let periods = &rubric.periods;
    let n = periods.count();
    match periods.combine {
        Combine::Sum => (vec![Decimal::ONE; n], 1),
        Combine::Mean => (vec![Decimal::ONE; n], n as u64),
        Combine::Weighted => (periods.weights.clone(), 1),
        Combine::Last => {
            let mut w = vec![Decimal::ZERO; n];
            w[n - 1] = Decimal::ONE;
            (w, 1)
        }
    }
}

/// The exact type of a combined value: weights add their decimals.
fn combined_type(rubric: &Rubric) -> String {
    let scale = weights(rubric)
        .0
        .iter()
        .map(|w| w.normalize().scale())
        .max()
        .unwrap_or(0);
    if scale == 0 {
        NUM.to_string()
    } else {
        format!("DECIMAL(30,{})", 10 + scale)
    }
}

/// `e` weighted by its period's weight.
fn weighted(rubric: &Rubric, e: &str) -> String {
    let (w, _) = weights(rubric);
    if w.iter().all(|x| *x == Decimal::ONE) {
        return e.to_string();
    }
    let arms: String = w
        .iter()
        .enumerate()
        .map(|(p, x)| format!(" WHEN {p} THEN CAST({} AS DECIMAL(9,8))", plain(*x)))
        .collect();
    format!("{e} * CASE p{arms} END")
}

/// `pu(unit, es0…, ep0…, et)`: per unit, each section's and each
/// period's effect, and the whole, periods weighed as the rubric combines.
fn per_unit(rubric: &Rubric) -> String {
    let t = combined_type(rubric);
    let mut cols = Vec::new();
    for s in 0..rubric.sections.len() {
        let e = weighted(rubric, "e");
        cols.push(format!(
            "CAST(SUM(CASE WHEN s = {s} THEN {e} ELSE 0 END) AS {t}) AS es{s}"
        ));
    }
    for p in 0..rubric.periods.labels.len() {
        cols.push(format!(
            "CAST(SUM(CASE WHEN p = {p} THEN e ELSE 0 END) AS {NUM}) AS ep{p}"
        ));
    }
    cols.push(format!("CAST(SUM({}) AS {t}) AS et", weighted(rubric, "e")));
    format!(
        "pu AS (SELECT unit, {} FROM sv GROUP BY unit)",
        cols.join(",\n    ")
    )
}

/// A full-start kind's base, per kind: `CASE u.k WHEN 0 THEN 100 … END`;
/// `points(kind)` gives the base of one kind.
fn by_kind(rubric: &Rubric, points: impl Fn(usize) -> Decimal) -> String {
    let arms: String = rubric
        .kinds
        .iter()
        .enumerate()
        .map(|(k, kind)| {
            let base = match kind.start {
                Start::Full => points(k),
                Start::Zero => Decimal::ZERO,
            };
            format!(" WHEN {k} THEN {}", num(base))
        })
        .collect();
    format!("CASE u.k{arms} END")
}

/// Rounds half away from zero to the rubric's precision; a mean divides
/// by n first, exactly (see `Dialect::floor_div`).
fn rounded(d: Dialect, x: &str, precision: u32, divisor: u64) -> String {
    let out = format!("DECIMAL(28,{precision})");
    if divisor == 1 {
        return format!("CAST(ROUND({x}, {precision}) AS {out})");
    }
    let scale = Decimal::from(10u64.pow(precision));
    let twice = plain(scale * Decimal::TWO);
    let m = format!("FLOOR(CAST(ABS({x}) AS DECIMAL(24,10)) * {twice} + {divisor})");
    let q = d.floor_div(&m, 2 * divisor);
    format!(
        "CAST(CASE WHEN {x} < 0 THEN -1 ELSE 1 END * CAST({q} AS DECIMAL(30,0)) * {} AS {out})",
        plain(Decimal::ONE / scale)
    )
}

/// `tt`: each unit's exact sections, periods and total, rounded; its
/// flags and forced grade.
fn totals(rubric: &Rubric, q: &Query) -> String {
    let d = q.dialect;
    let p = rubric.precision;
    let (w, div) = weights(rubric);
    let wsum: Decimal = w.iter().sum();
    let mut cols = vec![
        "u.unit".to_string(),
        "u.k".into(),
        "u.cat".into(),
        "u.co".into(),
    ];
    for s in 0..rubric.sections.len() {
        let base = by_kind(rubric, |k| section_points(rubric, s, k) * wsum);
        let x = format!("({base} + COALESCE(pu.es{s}, 0))");
        cols.push(format!("{} AS rs{s}", rounded(d, &x, p, div)));
    }
    for p_ in 0..rubric.periods.labels.len() {
        let base = by_kind(rubric, |k| rubric.full_marks(k));
        let x = format!("({base} + COALESCE(pu.ep{p_}, 0))");
        cols.push(format!("{} AS rp{p_}", rounded(d, &x, p, 1)));
    }
    let base = by_kind(rubric, |k| rubric.full_marks(k) * wsum);
    let x = format!("({base} + COALESCE(pu.et, 0))");
    cols.push(format!("{} AS rt", rounded(d, &x, p, div)));
    for f in 0..rubric.flags.len() {
        cols.push(format!("COALESCE(fg.fl{f}, 0) AS fl{f}"));
    }
    cols.push("COALESCE(fg.forced, -1) AS forced".into());
    format!(
        "tt AS (SELECT {}\n  FROM u LEFT JOIN pu ON pu.unit = u.unit LEFT JOIN fg ON fg.unit = u.unit)",
        cols.join(",\n    ")
    )
}

/// The points of section `s`'s scored items that apply to kind `k`.
fn section_points(rubric: &Rubric, s: usize, k: usize) -> Decimal {
    rubric.items[rubric.sections[s].items.clone()]
        .iter()
        .filter(|i| i.applies[k])
        .map(|i| i.points)
        .sum()
}

/// `rk`: grades, ranks within kind and category, ratings.
fn ranked(rubric: &Rubric) -> String {
    let mut bands = String::new();
    for (g, grade) in rubric.grades.iter().enumerate() {
        match grade.min {
            Some(m) => bands.push_str(&format!(" WHEN rt >= {} THEN {g}", num(m))),
            None => bands.push_str(&format!(" WHEN TRUE THEN {g}")),
        }
    }
    let full: Vec<String> = rubric
        .kinds
        .iter()
        .enumerate()
        .filter(|(_, k)| k.start == Start::Full)
        .map(|(i, _)| i.to_string())
        .collect();
    let grade = if full.is_empty() || rubric.grades.is_empty() {
        "-1".to_string()
    } else {
        let band = if bands.is_empty() {
            "-1".into()
        } else {
            format!("CASE{bands} ELSE -1 END")
        };
        format!(
            "CASE WHEN k IN ({}) THEN (CASE WHEN forced >= 0 THEN forced ELSE {band} END) ELSE -1 END",
            full.join(", ")
        )
    };
    let rank = match rubric.ranking {
        crate::rubric::Ranking::Competition => "RANK()",
        crate::rubric::Ranking::Dense => "DENSE_RANK()",
    };
    let over = "OVER (PARTITION BY k, cat ORDER BY rt DESC)";
    format!(
        "rk0 AS (SELECT tt.*, {grade} AS gr, RANK() {over} AS place, {rank} {over} AS rnk,\n    COUNT(*) OVER (PARTITION BY k, cat) AS size FROM tt),\nrk AS (SELECT rk0.*, {} AS rt_i FROM rk0)",
        rating(rubric)
    )
}

/// The best rating a unit qualifies for (-1 for none): its place within
/// `top` × the group's size rounded half up, no excluding flag, `min` reached.
fn rating(rubric: &Rubric) -> String {
    let mut arms = String::new();
    for (i, r) in rubric.ratings.iter().enumerate() {
        let mut cond = format!(
            "place <= FLOOR(CAST({} AS DECIMAL(12,10)) * CAST(size AS DECIMAL(19,0)) + 0.5)",
            plain(r.top)
        );
        for f in &r.exclude {
            cond.push_str(&format!(" AND fl{f} = 0"));
        }
        if let Some(m) = r.min {
            cond.push_str(&format!(" AND rt >= {}", num(m)));
        }
        arms.push_str(&format!(" WHEN {cond} THEN {i}"));
    }
    if arms.is_empty() {
        "-1".to_string()
    } else {
        format!("CASE{arms} ELSE -1 END")
    }
}

/// A number as `score` prints it: no trailing zeros, no trailing point.
pub fn shown(d: Dialect, x: &str, precision: u32) -> String {
    let text = format!("CAST({x} AS {})", d.text());
    if precision == 0 {
        text
    } else {
        format!("TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM {text}))")
    }
}

/// A name picked by index: `CASE col WHEN 0 THEN '优秀' … ELSE '' END`.
pub fn named<'a>(d: Dialect, col: &str, names: impl Iterator<Item = &'a str>) -> String {
    let arms: String = names
        .enumerate()
        .map(|(i, n)| format!(" WHEN {i} THEN {}", d.string(n)))
        .collect();
    if arms.is_empty() {
        return "''".to_string();
    }
    format!("CASE {col}{arms} ELSE '' END")
}

/// The final SELECT: the columns of `score --format csv`, in its order.
fn select(rubric: &Rubric, q: &Query) -> String {
    let d = q.dialect;
    let p = rubric.precision;
    let mut cols = vec![format!("unit AS {}", d.ident("unit"))];
    if rubric.has_kinds {
        let kinds = named(d, "k", rubric.kinds.iter().map(|k| k.name.as_str()));
        cols.push(format!("{kinds} AS {}", d.ident("kind")));
    }
    if rubric.category.is_some() || (q.units.is_some() && q.categories) {
        cols.push(format!("COALESCE(cat, '') AS {}", d.ident("category")));
    }
    for (s, section) in rubric.sections.iter().enumerate() {
        cols.push(format!(
            "{} AS {}",
            shown(d, &format!("rs{s}"), p),
            d.ident(&section.id)
        ));
    }
    for (i, label) in rubric.periods.labels.iter().enumerate() {
        cols.push(format!(
            "{} AS {}",
            shown(d, &format!("rp{i}"), p),
            d.ident(label)
        ));
    }
    cols.push(format!("{} AS {}", shown(d, "rt", p), d.ident("total")));
    let grades = named(d, "gr", rubric.grades.iter().map(|g| g.name.as_str()));
    cols.push(format!("{grades} AS {}", d.ident("grade")));
    cols.push(format!("CAST(rnk AS {}) AS {}", d.text(), d.ident("rank")));
    if !rubric.ratings.is_empty() {
        let ratings = named(d, "rt_i", rubric.ratings.iter().map(|r| r.name.as_str()));
        cols.push(format!("{ratings} AS {}", d.ident("rating")));
    }
    if !rubric.flags.is_empty() {
        let each: Vec<String> = rubric
            .flags
            .iter()
            .enumerate()
            .map(|(f, name)| format!("CASE WHEN fl{f} = 1 THEN {} END", d.string(name)))
            .collect();
        cols.push(format!(
            "concat_ws(';', {}) AS {}",
            each.join(", "),
            d.ident("flags")
        ));
    }
    let c = d.collate();
    format!(
        "SELECT {}\nFROM rk\nORDER BY k, CASE WHEN cat IS NULL THEN 1 ELSE 0 END, co, cat{c}, rnk, unit{c}",
        cols.join(",\n  ")
    )
}
