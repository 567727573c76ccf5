//! Report writers, one per format. They share the rows built in `grid.rs`,
//! so the table, CSV and Markdown can never disagree about a figure.

mod grid;
mod json;
mod outline;
mod text;

pub use outline::outline;

use rust_decimal::Decimal;

use crate::ledger::Ledger;
use crate::num::{self, show};
use crate::ranking::QuotaCheck;
use crate::rubric::{QuotaBound, Rubric};
use crate::scoring::Scorecard;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Md,
    Json,
}

/// Everything a writer needs: the plan, the ledger (item details are
/// worked out again per unit as they are written, so they never all sit in
/// memory), the ranked cards and the quota checks.
pub struct Results<'a> {
    pub rubric: &'a Rubric,
    pub ledger: &'a Ledger,
    /// Category names, indexed by `Scorecard::category`.
    pub categories: &'a [String],
    pub cards: &'a [Scorecard],
    pub quotas: &'a [QuotaCheck],
}

impl Results<'_> {
    /// Whether the output has a category column.
    pub fn has_categories(&self) -> bool {
        self.rubric.category.is_some() || !self.categories.is_empty()
    }

    pub fn category(&self, c: &Scorecard) -> String {
        c.category
            .map(|i| self.categories[i].clone())
            .unwrap_or_default()
    }

    pub fn flags(&self, c: &Scorecard) -> Vec<String> {
        c.flags
            .iter()
            .map(|&f| self.rubric.flags[f].clone())
            .collect()
    }
}

/// Renders the results whole, so that an output file is written at once.
pub fn render(r: &Results, format: Format, detail: bool) -> Vec<u8> {
    use grid::Style;
    match format {
        Format::Json => json::render(r),
        Format::Csv => text::csv(&grid::grid(r, detail, Style::Full)),
        Format::Md => text::markdown(&grid::grid(r, detail, Style::Found), &notes(r, detail)),
        Format::Table => text::table(&grid::grid(r, detail, Style::Terse), &notes(r, detail)),
    }
}

/// Lines under a table: the section legend and the quota report.
fn notes(r: &Results, detail: bool) -> Vec<String> {
    let mut out = Vec::new();
    if !detail {
        for s in &r.rubric.sections {
            let points = if s.points.is_zero() {
                String::new()
            } else {
                format!(" ({}分)", show(s.points))
            };
            out.push(format!("{}: {}{points}", s.id, s.name));
        }
    }
    out.extend(r.quotas.iter().map(|q| quota_line(r.rubric, q)));
    out
}

/// A quota check in words: `quota 优秀 at most 40% (乡镇): 5 of 10 graded units, 50%: NOT met`.
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
