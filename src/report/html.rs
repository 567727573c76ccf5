//! The HTML report for leaders (通报) and units (考核反馈单): one file with
//! its styles and SVG charts inline, that opens offline and prints on A4.
//!
//! This module works out what the page shows (figures as text, chart
//! geometry as numbers); `templates/report.html` lays it out. The template
//! engine escapes every value, so a unit name or note holding markup shows
//! as text.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::charts::{self, Chart, Heat, Loss, QuotaLine, Spread, Swatch, MAX_CHART_UNITS};
use super::Results;
use crate::compare::{self, Change};
use crate::error::Error;
use crate::num::{self, show};
use crate::rubric::{ItemType, Rubric, Start};
use crate::scoring::{combine, Scorecard};

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
    Error::Usage(format!("cannot write the HTML report: {e}"))
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

#[derive(Serialize)]
struct Sheet {
    unit: String,
    kind: String,
    category: String,
    total: String,
    grade: String,
    rank: String,
    of: usize,
    rating: String,
    flags: String,
    previous: String,
    start_zero: bool,
    sections: Vec<SheetSection>,
    periods: Vec<(String, String)>,
    items: Vec<SheetItem>,
    cuts: Vec<String>,
    /// `""`, `dense`, `denser` or `densest`: smaller type for a long sheet, so that
    /// every sheet prints on one A4 page.
    density: &'static str,
}

#[derive(Serialize)]
struct SheetSection {
    id: String,
    name: String,
    full: String,
    score: String,
    lost: String,
}

#[derive(Serialize)]
struct SheetItem {
    item: String,
    points: String,
    change: String,
    absorbed: String,
    reasons: Vec<SheetReason>,
}

#[derive(Serialize)]
struct SheetReason {
    /// The periods it was found in, for a points system: `3月、7月×2`.
    period: String,
    rule: String,
    count: String,
    amount: String,
    cap: String,
    notes: String,
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
        heat: if many { None } else { charts::heat(r) },
        losses: charts::losses(r),
        ratings: charts::rating_chart(r),
        spread: charts::spread(r),
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
        return Err(Error::Usage(format!("--sheets {flag} names no unit")));
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
                return Err(Error::Usage(format!(
                    "--sheets names {} not in the results",
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

fn kind_name(rb: &Rubric, c: &Scorecard) -> String {
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
    let shown = |d| show(num::round(d, rb.precision));
    let rows = r
        .cards
        .iter()
        .map(|c| {
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
        })
        .collect();
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

/// One unit's 考核反馈单.
fn sheet(r: &Results, c: &Scorecard) -> Sheet {
    let rb = r.rubric;
    let d = r.details.of(c);
    let zero = rb.kinds[c.kind].start == Start::Zero;
    let of = r
        .cards
        .iter()
        .filter(|o| o.kind == c.kind && o.category == c.category)
        .count();
    let shown = |v| show(num::round(v, rb.precision));
    let sections: Vec<SheetSection> = rb
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| rb.items[s.items.clone()].iter().any(|i| i.applies[c.kind]))
        .map(|(si, s)| {
            let one: Decimal = rb.items[s.items.clone()]
                .iter()
                .filter(|i| i.applies[c.kind] && i.item_type == ItemType::Scored)
                .map(|i| i.points)
                .sum();
            let full = combine(rb, std::iter::repeat_n(one, rb.periods.count()));
            let got = c.sections[si];
            let lost = if zero { -got } else { full - got };
            SheetSection {
                id: s.id.clone(),
                name: s.name.clone(),
                full: if full.is_zero() {
                    String::new()
                } else {
                    show(full)
                },
                score: shown(got),
                lost: if full.is_zero() {
                    String::new()
                } else {
                    shown(lost)
                },
            }
        })
        .collect();
    // A points system's sheet folds its periods into one row per item and
    // rule ("3月×1、7月×2"): twelve months of rows would not fit a page.
    let mut acc: Vec<ItemAcc> = Vec::new();
    let mut cuts: Vec<CutAcc> = Vec::new();
    let labels = &rb.periods.labels;
    for (p, result) in d.periods.iter().enumerate() {
        let period = labels.get(p).cloned().unwrap_or_default();
        for s in &result.items {
            let found: Vec<_> = s
                .reasons
                .iter()
                .filter(|x| x.count > 0 || !x.amount.is_zero() || x.awarded.is_some())
                .collect();
            if found.is_empty() {
                continue;
            }
            let at = match acc.iter().position(|a| a.item == s.item) {
                Some(at) => at,
                None => {
                    acc.push(ItemAcc {
                        item: s.item,
                        points: s.points,
                        change: Decimal::ZERO,
                        absorbed: Decimal::ZERO,
                        reasons: Vec::new(),
                    });
                    acc.len() - 1
                }
            };
            let a = &mut acc[at];
            a.change += s.added - s.deducted;
            a.absorbed += s.absorbed;
            for x in found {
                // An awarded score is one period's figure: never summed.
                let key = (x.rule, x.awarded.map(|_| p));
                let r = match a.reasons.iter().position(|r| r.key == key) {
                    Some(r) => r,
                    None => {
                        a.reasons.push(ReasonAcc {
                            key,
                            awarded: x.awarded,
                            count: 0,
                            amount: Decimal::ZERO,
                            notes: Vec::new(),
                            periods: Vec::new(),
                        });
                        a.reasons.len() - 1
                    }
                };
                let r = &mut a.reasons[r];
                r.count += x.count;
                r.amount += x.amount;
                for n in &x.notes {
                    if !r.notes.contains(n) {
                        r.notes.push(n.clone());
                    }
                }
                if !period.is_empty() {
                    r.periods.push((p, x.rule.map_or(1, |_| x.count)));
                }
            }
        }
        for cut in &result.cuts {
            let key = (cut.section, cut.bonus, cut.cut);
            match cuts.iter_mut().find(|c: &&mut CutAcc| c.0 == key) {
                Some(c) => c.1.push((p, 1)),
                None => cuts.push((key, vec![(p, 1)])),
            }
        }
    }
    acc.sort_by_key(|a| a.item);
    let items: Vec<SheetItem> = acc.iter().map(|a| sheet_item(rb, a)).collect();
    let cuts: Vec<String> = cuts
        .iter()
        .map(|((section, bonus, cut), periods)| {
            let section = &rb.sections[*section];
            let when = if labels.is_empty() {
                String::new()
            } else {
                format!("{}:", fold_periods(labels, periods))
            };
            let what = if *bonus { "加分" } else { "减分" };
            let each = if periods.len() > 1 { "每期" } else { "" };
            format!(
                "{when}{} {} 封顶,{each}{what}多出 {} 不计",
                section.id,
                section.name,
                show(*cut)
            )
        })
        .collect();
    let previous = match r.compare.map(|cmp| cmp.change(r.name(c))) {
        Some(Change::Both(p)) => format!(
            "上次 {} 分({}),{},第 {} 名(名次 {})",
            show(p.total),
            compare::signed(c.total - p.total),
            if p.grade.is_empty() {
                "无等次"
            } else {
                p.grade.as_str()
            },
            p.rank,
            compare::rank_change(p.rank, c.rank)
        ),
        Some(Change::New) => "上次结果中没有这个单位".into(),
        None => String::new(),
    };
    let sections_len = sections.len();
    let periods_len = rb.periods.labels.len().div_ceil(12) * 2;
    Sheet {
        unit: r.name(c).to_string(),
        kind: kind_name(rb, c),
        category: r.category(c),
        total: show(c.total),
        grade: c
            .grade
            .map(|g| rb.grades[g].name.clone())
            .unwrap_or_default(),
        rank: c.rank.to_string(),
        of,
        rating: c
            .rating
            .map(|x| rb.ratings[x].name.clone())
            .unwrap_or_default(),
        flags: r.flags(c).join(";"),
        previous,
        start_zero: zero,
        sections,
        periods: rb
            .periods
            .labels
            .iter()
            .zip(&c.periods)
            .map(|(l, &v)| (l.clone(), shown(v)))
            .collect(),
        density: density(&items, sections_len + periods_len + cuts.len()),
        items,
        cuts,
    }
}

/// A section cap's cut on a sheet: (section, bonus, points cut) and the
/// periods it cut them in.
type CutAcc = ((usize, bool, Decimal), Vec<(usize, u64)>);

/// One item's findings on a sheet, periods folded together.
struct ItemAcc {
    item: usize,
    points: Decimal,
    change: Decimal,
    absorbed: Decimal,
    reasons: Vec<ReasonAcc>,
}

struct ReasonAcc {
    /// The rule (`None` for direct points or a score), and the period of
    /// an awarded score.
    key: (Option<usize>, Option<usize>),
    awarded: Option<Decimal>,
    count: u64,
    amount: Decimal,
    notes: Vec<String>,
    /// The periods it was found in, with the count in each.
    periods: Vec<(usize, u64)>,
}

/// Periods as a reader says them: `全年×3` for every period alike,
/// `1月–6月×3、8月` for runs of neighbours with the same count.
fn fold_periods(labels: &[String], found: &[(usize, u64)]) -> String {
    let times = |n: u64| {
        if n == 1 {
            String::new()
        } else {
            format!("×{n}")
        }
    };
    if found.len() == labels.len() && labels.len() > 2 && found.iter().all(|f| f.1 == found[0].1) {
        return format!("全年{}", times(found[0].1));
    }
    let mut runs: Vec<(usize, usize, u64)> = Vec::new();
    for &(p, n) in found {
        match runs.last_mut() {
            Some(run) if run.1 + 1 == p && run.2 == n => run.1 = p,
            _ => runs.push((p, p, n)),
        }
    }
    runs.iter()
        .map(|&(a, b, n)| {
            let span = match b - a {
                0 => labels[a].clone(),
                1 => format!("{}、{}", labels[a], labels[b]),
                _ => format!("{}–{}", labels[a], labels[b]),
            };
            format!("{span}{}", times(n))
        })
        .collect::<Vec<_>>()
        .join("、")
}

fn sheet_item(rb: &Rubric, a: &ItemAcc) -> SheetItem {
    let labels = &rb.periods.labels;
    let item = &rb.items[a.item];
    let sign = if item.item_type == ItemType::Bonus {
        "+"
    } else {
        "-"
    };
    let reasons = a
        .reasons
        .iter()
        .map(|x| {
            let (rule, cap) = match x.key.0 {
                Some(i) => {
                    let rule = &item.rules[i];
                    let mut text = format!("{}. {}", rule.id, rule.text);
                    if let Some(f) = rule.flag {
                        text.push_str(&format!("(标记:{})", rb.flags[f]));
                    }
                    if let Some(g) = rule.grade {
                        text.push_str(&format!("(等次:{})", rb.grades[g].name));
                    }
                    let cap = rule
                        .max_text
                        .as_ref()
                        .map(|m| format!("最多 {m}"))
                        .unwrap_or_default();
                    (text, cap)
                }
                None if x.awarded.is_some() => ("直接评分".to_string(), String::new()),
                None => ("直接扣分".to_string(), String::new()),
            };
            SheetReason {
                period: fold_periods(labels, &x.periods),
                rule,
                count: if x.key.0.is_some() {
                    x.count.to_string()
                } else {
                    String::new()
                },
                amount: match x.awarded {
                    Some(v) => format!("得 {}", show(v)),
                    None if x.amount.is_zero() => "0".into(),
                    None => format!("{sign}{}", show(x.amount)),
                },
                cap,
                notes: x.notes.join(";"),
            }
        })
        .collect();
    SheetItem {
        item: format!("{} {}", item.id, item.name),
        points: if a.points.is_zero() {
            String::new()
        } else {
            show(a.points)
        },
        change: compare::signed(a.change),
        absorbed: if a.absorbed.is_zero() {
            String::new()
        } else {
            show(a.absorbed)
        },
        reasons,
    }
}

/// How tightly a sheet must be set to fit one A4 page, from the lines its
/// tables take (a long rule text or note wraps onto several).
fn density(items: &[SheetItem], other_rows: usize) -> &'static str {
    let lines = |text: &str, per_line: usize| text.chars().count().div_ceil(per_line).max(1);
    let rows: usize = items
        .iter()
        .map(|it| {
            let own: usize = it
                .reasons
                .iter()
                .map(|x| {
                    lines(&x.rule, 14)
                        .max(lines(&x.notes, 10))
                        .max(lines(&x.period, 4))
                })
                .sum();
            own.max(lines(&it.item, 9))
        })
        .sum::<usize>()
        + other_rows;
    match rows {
        0..=34 => "",
        35..=48 => "dense",
        49..=64 => "denser",
        _ => "densest",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_periods() {
        let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
        let all: Vec<(usize, u64)> = (0..12).map(|p| (p, 3)).collect();
        assert_eq!(fold_periods(&months, &all), "全年×3");
        assert_eq!(
            fold_periods(&months, &[(0, 1), (1, 1), (2, 1), (4, 2), (6, 1), (7, 1)]),
            "1月–3月、5月×2、7月、8月"
        );
        let stages = ["初评".to_string(), "复评".to_string()];
        assert_eq!(fold_periods(&stages, &[(0, 1), (1, 1)]), "初评、复评");
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(19_723), (2024, 1, 1));
        assert_eq!(civil(20_513), (2026, 3, 1));
    }
}
