//! The rubric's constants as inline tables (VALUES lists) the query joins
//! findings against: items, rules, periods, and which items apply to which
//! kinds. An empty list gets one row that matches nothing (NULL keys), as
//! a VALUES list cannot be empty.

use rust_decimal::Decimal;

use super::dialect::{num, plain, Dialect};
use crate::rubric::{CapScope, ItemType, Rubric};

/// A `name AS (SELECT * FROM (VALUES ...) AS t(cols))` common table expression.
fn values(name: &str, cols: &[&str], rows: Vec<String>, empty: String) -> String {
    let rows = if rows.is_empty() { vec![empty] } else { rows };
    format!(
        "{name} AS (SELECT * FROM (VALUES\n  {}\n) AS t({}))",
        rows.join(",\n  "),
        cols.join(", ")
    )
}

fn opt(d: Option<Decimal>) -> String {
    d.map_or_else(num_null, num)
}

pub fn num_null() -> String {
    format!("CAST(NULL AS {})", super::dialect::NUM)
}

/// `it(item, i, s, t, points, pcap, ycap, yr)`: t is 0 scored, 1 bonus,
/// 2 penalty; pcap and ycap the item's cap per period and per year; yr 1
/// when the item is credited to the last period.
pub fn items(d: Dialect, rubric: &Rubric) -> String {
    let rows = rubric
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let cap = |scope| item.cap.filter(|c| c.scope == scope).map(|c| c.amount);
            let t = match item.item_type {
                ItemType::Scored => 0,
                ItemType::Bonus => 1,
                ItemType::Penalty => 2,
            };
            format!(
                "({}, {i}, {}, {t}, {}, {}, {}, {})",
                d.string(&item.id),
                item.section,
                num(item.points),
                opt(cap(CapScope::Period)),
                opt(cap(CapScope::Year)),
                u8::from(rubric.yearly(item)),
            )
        })
        .collect();
    let cols = ["item", "i", "s", "t", "points", "pcap", "ycap", "yr"];
    let empty = format!(
        "({}, -1, -1, 0, {n}, {n}, {n}, 0)",
        d.null_text(),
        n = num_null()
    );
    values("it", &cols, rows, empty)
}

/// `r(item, rule, i, g, each, mx, fl, gr, thr)`: g numbers rules across
/// the rubric; each and mx are points; fl the flag and gr the grade the
/// rule raises (-1 for none); thr 1 for a threshold rule.
pub fn rules(d: Dialect, rubric: &Rubric) -> String {
    let mut rows = Vec::new();
    for (i, item) in rubric.items.iter().enumerate() {
        for rule in &item.rules {
            let g = rows.len();
            rows.push(format!(
                "({}, {}, {i}, {g}, CAST({} AS DECIMAL(26,10)), {}, {}, {}, {})",
                d.string(&item.id),
                d.string(&rule.id),
                plain(rule.each),
                opt(rule.max),
                rule.flag.map_or(-1, |f| f as i64),
                rule.grade.map_or(-1, |f| f as i64),
                u8::from(rule.threshold.is_some()),
            ));
        }
    }
    let cols = ["item", "rule", "i", "g", "each", "mx", "fl", "gr", "thr"];
    let t = d.null_text();
    let empty = format!(
        "({t}, {t}, -1, -1, CAST(0 AS DECIMAL(26,10)), {}, -1, -1, 0)",
        num_null()
    );
    values("r", &cols, rows, empty)
}

/// `pe(label, p)`: the period labels and their order.
pub fn periods(d: Dialect, rubric: &Rubric) -> String {
    let rows = rubric
        .periods
        .labels
        .iter()
        .enumerate()
        .map(|(p, l)| format!("({}, {p})", d.string(l)))
        .collect();
    values(
        "pe",
        &["label", "p"],
        rows,
        format!("({}, -1)", d.null_text()),
    )
}

/// `ap(i, k)`: the items that apply to each kind.
pub fn applies(rubric: &Rubric) -> String {
    let mut rows = Vec::new();
    for (i, item) in rubric.items.iter().enumerate() {
        for (k, &yes) in item.applies.iter().enumerate() {
            if yes {
                rows.push(format!("({i}, {k})"));
            }
        }
    }
    values("ap", &["i", "k"], rows, "(-1, -1)".to_string())
}
