//! Report writers, one per format. They share the rows built in `grid.rs`,
//! so the table, CSV and Markdown can never disagree about a figure.

mod charts;
pub mod grid;
pub mod html;
mod json;
mod outline;
mod sheet;
mod tables;
mod text;
mod workbook;
mod xlsx;

pub use outline::outline;

use rust_decimal::Decimal;

use crate::compare::Compare;
use crate::num::{self, show};
use crate::ranking::QuotaCheck;
use crate::rubric::{QuotaBound, Rubric};
use crate::scoring::{Details, Scorecard};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Md,
    Json,
    /// A workbook: results, detail and grade statistics (needs an output file).
    Xlsx,
    /// One self-contained page: summary charts and a feedback sheet per unit.
    Html,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Table,
        Format::Csv,
        Format::Md,
        Format::Json,
        Format::Xlsx,
        Format::Html,
    ];

    /// The name users type (`--format csv`), also the file extension of
    /// every format but the table.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Md => "md",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
        }
    }

    /// What the format is for, in a line.
    pub fn about(self) -> &'static str {
        match self {
            Format::Table => "A terminal table that lines up Chinese text, with the quota report",
            Format::Csv => "Comma-separated values with English headers, for scripts",
            Format::Md => "A Markdown table, for reports",
            Format::Json => "JSON with exact numbers and every finding",
            Format::Xlsx => {
                "A workbook to hand on: results, detail and grade statistics (needs --output)"
            }
            Format::Html => {
                "One page for leaders and units: charts, and a feedback sheet (考核反馈单) per unit"
            }
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The format a file name's extension names (`results.xlsx`), if any;
    /// the table has none.
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = std::path::Path::new(path).extension()?.to_str()?;
        Format::ALL
            .into_iter()
            .find(|f| *f != Format::Table && ext.eq_ignore_ascii_case(f.name()))
    }

    /// Whether the output already shows the quota report.
    pub fn reports_quotas(self) -> bool {
        matches!(self, Format::Table | Format::Md | Format::Html)
    }

    /// Whether `--detail` changes the output (one row per unit and item);
    /// the others hold every item and finding anyway.
    pub fn has_detail_flag(self) -> bool {
        matches!(self, Format::Table | Format::Csv | Format::Md)
    }

    /// Whether a byte-order mark may start the output (text for Excel).
    pub fn takes_bom(self) -> bool {
        matches!(self, Format::Csv | Format::Md)
    }
}

/// The UTF-8 byte-order mark: Excel on Chinese Windows reads a CSV file
/// without it as GBK, turning UTF-8 Chinese into mojibake.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Everything a writer needs: the plan, the ranked cards, the quota checks,
/// and each unit's name and detail from scoring.
pub struct Results<'a> {
    pub rubric: &'a Rubric,
    /// Category names, indexed by `Scorecard::category`.
    pub categories: &'a [String],
    pub cards: &'a [Scorecard],
    pub quotas: &'a [QuotaCheck],
    pub details: &'a Details<'a>,
    /// A previous run to compare with (`--compare`).
    pub compare: Option<&'a Compare>,
    /// The units whose feedback sheets the HTML report holds (`--sheets`);
    /// `None` for every unit, up to [`html::MAX_SHEETS`].
    pub sheets: Option<&'a [String]>,
}

impl Results<'_> {
    /// Whether the output has a category column.
    pub fn has_categories(&self) -> bool {
        self.rubric.category.is_some() || !self.categories.is_empty()
    }

    pub fn name(&self, c: &Scorecard) -> &str {
        self.details.name(c)
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

/// Renders the results into `out`: CSV row by row, the others whole.
pub fn render(
    r: &Results,
    format: Format,
    detail: bool,
    out: &mut dyn std::io::Write,
) -> Result<(), crate::error::Error> {
    use grid::Style;
    let bytes = match format {
        Format::Xlsx => workbook::results(r, &workbook::today()).map_err(|e| {
            crate::error::Error::Usage(crate::tr!(
                "cannot write the workbook: {e}",
                "无法写出工作簿：{e}"
            ))
        })?,
        Format::Json => json::render(r),
        Format::Html => html::render(r)?,
        // Streamed: a province's results are never held whole in memory.
        Format::Csv => {
            let mut w = text::Csv::to(out);
            grid::write(r, detail, Style::Full, &mut w);
            return Ok(w.finish()?);
        }
        Format::Md => text::markdown(&grid::grid(r, detail, Style::Found), &notes(r, detail)),
        Format::Table => text::table(&grid::grid(r, detail, Style::Terse), &notes(r, detail)),
    };
    Ok(out.write_all(&bytes)?)
}

/// Writes a grid as CSV (templates).
pub fn csv_of(g: &grid::Grid) -> Vec<u8> {
    text::csv(g)
}

/// Writes a fill-in template as a workbook.
pub fn template_workbook(t: &crate::template::Template) -> Result<Vec<u8>, crate::error::Error> {
    xlsx::template_workbook(t).map_err(|e| {
        crate::error::Error::Usage(crate::tr!(
            "cannot write the workbook: {e}",
            "无法写出工作簿：{e}"
        ))
    })
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

/// A quota check in words, with the count of units its bound allows:
/// `quota 优秀 at most 40% (乡镇): at most 4 of 10 graded units, found 5 (50%): NOT met`, in
/// Chinese `比例要求 优秀 至多40%（乡镇）：参评 10 个，至多 4 个，实有 5 个（50%）：未达标`.
pub fn quota_line(rubric: &Rubric, q: &QuotaCheck) -> String {
    let quota = &rubric.quotas[q.quota];
    let names: Vec<&str> = quota
        .grades
        .iter()
        .map(|&g| rubric.grades[g].name.as_str())
        .collect();
    let names = names.join("+");
    let share = num::percent(quota.share);
    let actual = num::percent(q.share());
    let (count, graded) = (q.count, q.graded);
    let kind = match rubric.has_kinds {
        true => crate::tr!(" ({})", "（{}）", rubric.kinds[q.kind].name),
        false => String::new(),
    };
    let bound = match quota.bound {
        QuotaBound::Max => crate::tr!("at most", "至多"),
        QuotaBound::Min => crate::tr!("at least", "至少"),
        QuotaBound::About => crate::tr!("about", "约"),
    };
    let verdict = match (quota.bound, q.met) {
        (QuotaBound::About, _) => crate::tr!("reported only", "仅作报告"),
        (_, true) => crate::tr!("met", "达标"),
        (_, false) => crate::tr!("NOT met", "未达标"),
    };
    let allowed = show(q.allowed(quota));
    crate::tr!(
        "quota {names} {bound} {share}{kind}: {bound} {allowed} of {graded} graded units, found {count} ({actual}): {verdict}",
        "比例要求 {names} {bound}{share}{kind}：参评 {graded} 个，{bound} {allowed} 个，实有 {count} 个（{actual}）：{verdict}"
    )
}

/// A decimal as an exact JSON number.
fn json_number(d: Decimal) -> serde_json::Value {
    match show(d).parse::<serde_json::Number>() {
        Ok(n) => serde_json::Value::Number(n),
        Err(_) => serde_json::Value::String(show(d)),
    }
}
