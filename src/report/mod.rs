//! Report writers, one per format. They share the rows built here, so the
//! table, CSV and Markdown can never disagree about a figure.

mod json;
mod outline;
mod text;

pub use outline::outline;

use rust_decimal::Decimal;

use crate::num::{self, show};
use crate::ranking::QuotaCheck;
use crate::rubric::{QuotaBound, Rubric};
use crate::scoring::{ItemScore, Reason, Scorecard};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Md,
    Json,
}

/// Everything a writer needs: the plan, the ranked cards, the quota checks.
pub struct Results<'a> {
    pub rubric: &'a Rubric,
    pub cards: &'a [Scorecard],
    pub quotas: &'a [QuotaCheck],
}

/// Renders the results whole, so that an output file is written at once.
pub fn render(r: &Results, format: Format, detail: bool) -> Vec<u8> {
    match format {
        Format::Json => json::render(r),
        Format::Csv => text::csv(&grid(r, detail, Style::Full)),
        Format::Md => text::markdown(&grid(r, detail, Style::Found), &notes(r, detail)),
        Format::Table => text::table(&grid(r, detail, Style::Terse), &notes(r, detail)),
    }
}

/// How a grid is meant to be read. CSV is read by scripts: English
/// headers, every row. Markdown and the table are read by people: Chinese
/// headers, detail rows only where something was found, and the terminal
/// table shortens long rule texts (`score check` shows them whole).
#[derive(Clone, Copy, PartialEq)]
enum Style {
    Full,
    Found,
    Terse,
}

/// Characters of a rule's text kept in the terminal table.
const TERSE_TEXT: usize = 16;

/// A header and rows of text cells; `numeric[i]` marks right-aligned columns.
pub struct Grid {
    pub header: Vec<String>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

fn grid(r: &Results, detail: bool, style: Style) -> Grid {
    if detail {
        detail_grid(r, style)
    } else {
        summary_grid(r, style)
    }
}

fn summary_grid(r: &Results, style: Style) -> Grid {
    let rb = r.rubric;
    let zh = style != Style::Full;
    let mut header = vec![if zh { "单位" } else { "unit" }.to_string()];
    let mut numeric = vec![false];
    if rb.has_kinds {
        header.push(if zh { "类型" } else { "kind" }.into());
        numeric.push(false);
    }
    for s in &rb.sections {
        header.push(s.id.clone());
        numeric.push(true);
    }
    let tail: [(&str, &str, bool); 3] = [
        ("total", "总分", true),
        ("grade", "等次", false),
        ("rank", "排名", true),
    ];
    for (en, cn, n) in tail {
        header.push(if zh { cn } else { en }.into());
        numeric.push(n);
    }
    let rows = r
        .cards
        .iter()
        .map(|c| {
            let mut row = vec![c.unit.clone()];
            if rb.has_kinds {
                row.push(rb.kinds[c.kind].name.clone());
            }
            row.extend(
                c.sections
                    .iter()
                    .map(|&s| show(num::round(s, rb.precision))),
            );
            row.push(show(c.total));
            row.push(
                c.grade
                    .map(|g| rb.grades[g].name.clone())
                    .unwrap_or_default(),
            );
            row.push(c.rank.to_string());
            row
        })
        .collect();
    Grid {
        header,
        numeric,
        rows,
    }
}

fn detail_grid(r: &Results, style: Style) -> Grid {
    let header: Vec<String> = if style != Style::Full {
        [
            "单位",
            "指标",
            "分值",
            "扣分",
            "得分",
            "封顶",
            "超扣",
            "扣分原因",
        ]
    } else {
        [
            "unit", "item", "points", "deducted", "score", "capped", "absorbed", "reasons",
        ]
    }
    .iter()
    .map(|s| s.to_string())
    .collect();
    let numeric = vec![false, false, true, true, true, false, true, false];
    let mut rows = Vec::new();
    for c in r.cards {
        for s in &c.items {
            if style != Style::Full && s.reasons.is_empty() {
                continue;
            }
            rows.push(vec![
                c.unit.clone(),
                r.rubric.items[s.item].id.clone(),
                show(s.points),
                show(s.deducted),
                show(s.score),
                s.capped.to_string(),
                show(s.absorbed),
                reasons(r.rubric, s, style == Style::Terse),
            ]);
        }
    }
    Grid {
        header,
        numeric,
        rows,
    }
}

/// Every deduction of an item in the rubric's words, with counts and notes:
/// `a×2 -4.8 落实不到位的… [2队: 未见台账] | 扣分 -1 [台账缺失]`.
pub fn reasons(rubric: &Rubric, s: &ItemScore, terse: bool) -> String {
    let item = &rubric.items[s.item];
    s.reasons
        .iter()
        .map(|reason| reason_text(item, reason, terse))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn reason_text(item: &crate::rubric::Item, r: &Reason, terse: bool) -> String {
    let mut t = match (r.rule, r.awarded) {
        (Some(i), _) => {
            let rule = &item.rules[i];
            let text = if terse && rule.text.chars().count() > TERSE_TEXT {
                let short: String = rule.text.chars().take(TERSE_TEXT).collect();
                format!("{short}…")
            } else {
                rule.text.clone()
            };
            format!("{}×{} -{} {text}", rule.id, r.count, show(r.deducted))
        }
        (None, Some(a)) => format!("得分 {}", show(a)),
        (None, None) => format!("扣分 -{}", show(r.deducted)),
    };
    if !r.notes.is_empty() {
        t.push_str(&format!(" [{}]", r.notes.join("; ")));
    }
    t.trim_end().to_string()
}

/// Lines under a table: the section legend and the quota report.
fn notes(r: &Results, detail: bool) -> Vec<String> {
    let mut out = Vec::new();
    if !detail {
        for s in &r.rubric.sections {
            out.push(format!("{}: {} ({}分)", s.id, s.name, show(s.points)));
        }
    }
    out.extend(r.quotas.iter().map(|q| quota_line(r.rubric, q)));
    out
}

/// A quota check in words: `优秀 at most 40% (乡镇): 5 of 10 graded, 50% — not met`.
pub fn quota_line(rubric: &Rubric, q: &QuotaCheck) -> String {
    let quota = &rubric.quotas[q.quota];
    let names: Vec<&str> = quota
        .grades
        .iter()
        .map(|&g| rubric.grades[g].name.as_str())
        .collect();
    let bound = match quota.bound {
        QuotaBound::Max => "at most",
        QuotaBound::Min => "at least",
        QuotaBound::About => "about",
    };
    let kind = if rubric.has_kinds {
        format!(" ({})", rubric.kinds[q.kind].name)
    } else {
        String::new()
    };
    let verdict = match (quota.bound, q.met) {
        (QuotaBound::About, _) => "reported only",
        (_, true) => "met",
        (_, false) => "NOT met",
    };
    format!(
        "quota {} {bound} {}{kind}: {} of {} graded units, {}: {verdict}",
        names.join("+"),
        num::percent(quota.share),
        q.count,
        q.graded,
        num::percent(q.share()),
    )
}

/// A decimal as an exact JSON number.
fn json_number(d: Decimal) -> serde_json::Value {
    match show(d).parse::<serde_json::Number>() {
        Ok(n) => serde_json::Value::Number(n),
        Err(_) => serde_json::Value::String(show(d)),
    }
}
