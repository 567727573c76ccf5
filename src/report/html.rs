//! The HTML report for leaders (通报) and units (考核反馈单): one file with
//! its styles and SVG charts inline, that opens offline and prints on A4.
//!
//! This module works out what the page shows (figures as text, chart
//! geometry as numbers); `templates/report.html` lays it out. The template
//! engine escapes every value, so a unit name or note holding markup shows
//! as text.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::charts::{self, Chart, QuotaLine, Swatch, MAX_CHART_UNITS};
use super::sheet::{sheet, Sheet};
use super::tables::{self, Heat, Loss, Spread};
use super::Results;
use crate::compare::{self, Change};
use crate::error::Error;
use crate::num::{self, show};
use crate::rubric::Rubric;
use crate::scoring::Scorecard;

/// Above this many units the report holds the summary and only the sheets
/// named with `--sheets`: thousands of printed pages help nobody.
pub const MAX_SHEETS: usize = 2000;

const TEMPLATE: &str = include_str!("../../templates/report.html");

pub fn render(r: &Results) -> Result<Vec<u8>, Error> {
    let page = page(r)?;
    let mut env = minijinja::Environment::new();
    // Every value is escaped, whatever the template's name says.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_template("report.html", TEMPLATE)
        .map_err(template_error)?;
    let html = env
        .get_template("report.html")
        .and_then(|t| t.render(minijinja::value::Serde(&page)))
        .map_err(template_error)?;
    Ok(html.into_bytes())
}

fn template_error(e: minijinja::Error) -> Error {
    Error::Usage(crate::tr!(
        "cannot write the HTML report: {e}",
        "无法写出 HTML 报告：{e}"
    ))
}

#[derive(Serialize)]
struct Page {
    name: String,
    id: String,
    date: String,
    units: usize,
    counts: Vec<Count>,
    legend: Vec<Swatch>,
    grades: Vec<Chart>,
    quotas: Vec<QuotaLine>,
    ranks: Vec<Chart>,
    charts_note: Option<String>,
    heat: Option<Heat>,
    losses: Vec<Loss>,
    ratings: Option<Chart>,
    spread: Option<Spread>,
    table: Table,
    compare: Option<CompareNote>,
    sheets: Vec<Sheet>,
    sheets_note: Option<String>,
}

#[derive(Serialize)]
struct Count {
    kind: String,
    category: String,
    units: usize,
}

#[derive(Serialize)]
struct Table {
    header: Vec<(String, bool)>,
    /// Whether the rubric grades (a points system may only rate).
    graded: bool,
    rows: Vec<TableRow>,
    gone: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct TableRow {
    unit: String,
    total: String,
    grade: String,
    rank: String,
    /// Kind and category.
    words: Vec<String>,
    /// Section scores.
    cells: Vec<String>,
    /// Rating and flags.
    tail: Vec<String>,
    colour: &'static str,
    change: Vec<Delta>,
}

/// A compare cell, with the arrow's direction.
#[derive(Serialize)]
struct Delta {
    text: String,
    /// `up`, `down` or `same`; empty for no arrow.
    way: &'static str,
}

#[derive(Serialize)]
struct CompareNote {
    file: String,
    header: Vec<String>,
}

fn page(r: &Results) -> Result<Page, Error> {
    let rb = r.rubric;
    let chosen = chosen_sheets(r)?;
    let many = r.cards.len() > MAX_CHART_UNITS;
    let sheets_note = match (r.sheets, r.cards.len() > MAX_SHEETS) {
        (Some(_), _) => Some(format!(
            "本报告只含 --sheets 指定的 {} 个单位的反馈单(共 {} 个单位)。",
            chosen.len(),
            r.cards.len()
        )),
        (None, true) => Some(format!(
            "共 {} 个单位,超过 {MAX_SHEETS} 个:本报告只含汇总;要打印的反馈单请用 --sheets 单位,… 指定。",
            r.cards.len()
        )),
        (None, false) => None,
    };
    Ok(Page {
        name: rb.name.clone(),
        id: rb.id.clone(),
        date: run_date(),
        units: r.cards.len(),
        counts: counts(r),
        legend: charts::legend(rb),
        grades: charts::grade_charts(r),
        quotas: charts::quota_lines(r),
        ranks: if many {
            Vec::new()
        } else {
            charts::rank_charts(r)
        },
        charts_note: many
            .then(|| format!("单位超过 {MAX_CHART_UNITS} 个,排名图和失分热力图从略,见结果表。")),
        heat: if many { None } else { tables::heat(r) },
        losses: tables::losses(r),
        ratings: charts::rating_chart(r),
        spread: tables::spread(r),
        table: table(r),
        compare: r.compare.map(|c| CompareNote {
            file: c.file.clone(),
            header: compare::COLUMNS
                .iter()
                .map(|(_, zh, _)| zh.to_string())
                .collect(),
        }),
        sheets: chosen.into_iter().map(|c| sheet(r, c)).collect(),
        sheets_note,
    })
}

/// The units `--sheets` names: `甲,乙` on the command line, or `@FILE`, a
/// text file with one unit name a line (blank lines skipped).
pub fn sheet_names(flag: &str) -> Result<Vec<String>, Error> {
    let names: Vec<String> = match flag.strip_prefix('@') {
        Some(path) => {
            let bytes = crate::source::read_file(path)?;
            crate::source::decode_whole(&bytes, path)?
                .lines()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        }
        None => flag
            .split([',', '，'])
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect(),
    };
    if names.is_empty() {
        return Err(Error::Usage(crate::tr!(
            "--sheets {flag} names no unit",
            "--sheets {flag} 没有列出任何单位"
        )));
    }
    Ok(names)
}

/// The cards whose feedback sheets the report holds, in result order.
fn chosen_sheets<'a>(r: &Results<'a>) -> Result<Vec<&'a Scorecard>, Error> {
    match r.sheets {
        None if r.cards.len() > MAX_SHEETS => Ok(Vec::new()),
        None => Ok(r.cards.iter().collect()),
        Some(names) => {
            let by_name: FxHashMap<&str, usize> = r
                .cards
                .iter()
                .enumerate()
                .map(|(i, c)| (r.name(c), i))
                .collect();
            let mut wanted = vec![false; r.cards.len()];
            let mut unknown = Vec::new();
            for n in names {
                match by_name.get(n.as_str()) {
                    Some(&i) => wanted[i] = true,
                    None => unknown.push(format!("\"{n}\"")),
                }
            }
            if !unknown.is_empty() {
                return Err(Error::Usage(crate::tr!(
                    "--sheets names {} not in the results",
                    "--sheets 列出的 {} 不在结果中",
                    unknown.join(", ")
                )));
            }
            Ok(r.cards
                .iter()
                .zip(wanted)
                .filter(|(_, w)| *w)
                .map(|(c, _)| c)
                .collect())
        }
    }
}

/// Today's date (UTC), or the date of `SOURCE_DATE_EPOCH` when it is set,
/// so that a report can be made again byte for byte.
fn run_date() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        });
    let (y, m, d) = civil(secs / 86_400);
    format!("{y}年{m}月{d}日")
}

/// Days since 1970-01-01 as a Gregorian date (Howard Hinnant's algorithm).
fn civil(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

/// Units per kind and category, in result order (kinds as declared).
fn counts(r: &Results) -> Vec<Count> {
    let mut out: Vec<Count> = Vec::new();
    for c in r.cards {
        let kind = kind_name(r.rubric, c);
        let category = r.category(c);
        match out.last_mut() {
            Some(last) if last.kind == kind && last.category == category => last.units += 1,
            _ => out.push(Count {
                kind,
                category,
                units: 1,
            }),
        }
    }
    out
}

pub(super) fn kind_name(rb: &Rubric, c: &Scorecard) -> String {
    if rb.has_kinds {
        rb.kinds[c.kind].name.clone()
    } else {
        String::new()
    }
}

/// The results table: every unit, as `--format csv` writes its figures.
fn table(r: &Results) -> Table {
    let rb = r.rubric;
    // (label, right-aligned): figures line up on the right, words on the left.
    let mut header = vec![("排名".to_string(), true), ("单位".to_string(), false)];
    if rb.has_kinds {
        header.push(("类型".into(), false));
    }
    if r.has_categories() {
        header.push(("档次".into(), false));
    }
    header.extend(rb.sections.iter().map(|s| (s.id.clone(), true)));
    header.push(("总分".to_string(), true));
    if !rb.grades.is_empty() {
        header.push(("等次".into(), false));
    }
    if !rb.ratings.is_empty() {
        header.push(("评定".into(), false));
    }
    if !rb.flags.is_empty() {
        header.push(("标记".into(), false));
    }
    let rows = r.cards.iter().map(|c| table_row(r, c)).collect();
    let gone = r
        .compare
        .map(|cmp| {
            cmp.gone(r.cards.iter().map(|c| r.name(c)))
                .into_iter()
                .map(|p| {
                    let mut v = vec![p.unit.clone()];
                    v.extend(compare::gone_cells(p, true));
                    v
                })
                .collect()
        })
        .unwrap_or_default();
    Table {
        header,
        graded: !rb.grades.is_empty(),
        rows,
        gone,
    }
}

/// One unit's row of the results table.
fn table_row(r: &Results, c: &Scorecard) -> TableRow {
    let rb = r.rubric;
    let shown = |d| show(num::round(d, rb.precision));
    let mut words = Vec::new();
    if rb.has_kinds {
        words.push(rb.kinds[c.kind].name.clone());
    }
    if r.has_categories() {
        words.push(r.category(c));
    }
    let cells = c.sections.iter().map(|&s| shown(s)).collect();
    let mut tail = Vec::new();
    if !rb.ratings.is_empty() {
        tail.push(
            c.rating
                .map(|x| rb.ratings[x].name.clone())
                .unwrap_or_default(),
        );
    }
    if !rb.flags.is_empty() {
        tail.push(r.flags(c).join(";"));
    }
    TableRow {
        unit: r.name(c).to_string(),
        total: show(c.total),
        grade: c
            .grade
            .map(|g| rb.grades[g].name.clone())
            .unwrap_or_default(),
        rank: c.rank.to_string(),
        words,
        cells,
        tail,
        colour: charts::colour(rb, c),
        change: r
            .compare
            .map(|cmp| deltas(cmp.change(r.name(c)), c))
            .unwrap_or_default(),
    }
}

/// The compare cells with arrows: ▲ for a gain, ▼ for a loss.
fn deltas(change: Change, c: &Scorecard) -> Vec<Delta> {
    let cells = compare::cells(change, c.total, c.rank, true);
    let way = |t: &str| {
        if t.starts_with('+') {
            "up"
        } else if t.starts_with('-') {
            "down"
        } else if t == "0" {
            "same"
        } else {
            ""
        }
    };
    cells
        .into_iter()
        .enumerate()
        .map(|(i, text)| Delta {
            way: if i == 1 || i == 4 { way(&text) } else { "" },
            text,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(19_723), (2024, 1, 1));
        assert_eq!(civil(20_513), (2026, 3, 1));
    }
}
