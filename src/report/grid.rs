//! The rows every text format shares: one per unit, or (detail) one per
//! unit, period and item, plus a row for each section cap that cut.

use crate::compare;
use crate::num::{self, show};
use crate::rubric::{Item, ItemType, Rubric};
use crate::scoring::{ItemScore, Reason, Scorecard, SectionCut};

use super::Results;

/// How a grid is meant to be read. CSV is read by scripts: English
/// headers, every row. A workbook is read by people and by formulas:
/// Chinese headers, every row. Markdown and the table are read by people:
/// Chinese headers, detail rows only where something was found, and the
/// terminal table shortens long rule texts (`score check` shows them whole).
#[derive(Clone, Copy, PartialEq)]
pub enum Style {
    Full,
    Found,
    Terse,
}

impl Style {
    fn every_row(self) -> bool {
        self == Style::Full
    }

    /// Read on screen or paper (the table and Markdown), not by scripts.
    fn for_people(self) -> bool {
        self != Style::Full
    }
}

/// Characters of a rule's text kept in the terminal table.
const TERSE_TEXT: usize = 16;

/// A header and rows of text cells; `numeric[i]` marks right-aligned columns.
pub struct Grid {
    pub header: Vec<String>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    fn column(&mut self, en: &str, zh: &str, style: Style, numeric: bool) {
        self.header
            .push(if style == Style::Full { en } else { zh }.to_string());
        self.numeric.push(numeric);
    }
}

/// Where a grid's rows go as they are made: kept whole (the table and
/// Markdown size columns from every row), or written at once (CSV), so the
/// results for millions of units are not held as cells as well as text.
pub trait Rows {
    fn header(&mut self, header: Vec<String>, numeric: Vec<bool>);
    /// A row, which the sink may take or leave: the maker writes the next
    /// row over the cells it leaves.
    fn row(&mut self, row: &mut Vec<String>);
}

impl Rows for Grid {
    fn header(&mut self, header: Vec<String>, numeric: Vec<bool>) {
        self.header = header;
        self.numeric = numeric;
    }

    fn row(&mut self, row: &mut Vec<String>) {
        self.rows.push(std::mem::take(row));
    }
}

/// The whole grid, kept.
pub fn grid(r: &Results, detail: bool, style: Style) -> Grid {
    let mut g = Grid {
        header: Vec::new(),
        numeric: Vec::new(),
        rows: Vec::new(),
    };
    write(r, detail, style, &mut g);
    g
}

/// The grid's header, then its rows one by one, into `out`.
pub fn write(r: &Results, detail: bool, style: Style, out: &mut dyn Rows) {
    if detail {
        detail_grid(r, style, out)
    } else {
        summary_grid(r, style, out)
    }
}

fn summary_grid(r: &Results, style: Style, out: &mut dyn Rows) {
    let rb = r.rubric;
    let mut g = Grid {
        header: Vec::new(),
        numeric: Vec::new(),
        rows: Vec::new(),
    };
    g.column("unit", "单位", style, false);
    if rb.has_kinds {
        g.column("kind", "类型", style, false);
    }
    if r.has_categories() {
        g.column("category", "档次", style, false);
    }
    for s in &rb.sections {
        g.column(&s.id, &s.id, style, true);
    }
    for l in &rb.periods.labels {
        g.column(l, l, style, true);
    }
    g.column("total", "总分", style, true);
    g.column("grade", "等次", style, false);
    g.column("rank", "排名", style, true);
    if !rb.ratings.is_empty() {
        g.column("rating", "评定", style, false);
    }
    if !rb.flags.is_empty() {
        g.column("flags", "标记", style, false);
    }
    let fixed = g.header.len();
    if r.compare.is_some() {
        for (en, zh, numeric) in compare::COLUMNS {
            g.column(en, zh, style, numeric);
        }
    }
    out.header(g.header, g.numeric);
    let chinese = style != Style::Full;
    let mut row = Vec::new();
    for c in r.cards {
        let mut cells = Cells {
            row: &mut row,
            n: 0,
        };
        unit_cells(r, &r.details.whole(c), chinese, &mut cells);
        cells.finish();
        out.row(&mut row);
    }
    row.clear();
    // Units only in the previous run close the list, their own columns
    // empty, so a unit that left (or was renamed) is not silently lost.
    if let Some(cmp) = r.compare {
        for p in cmp.gone(r.cards.iter().map(|c| r.name(c))) {
            row.clear();
            row.push(p.unit.clone());
            if rb.has_kinds {
                row.push(p.kind.clone());
            }
            if r.has_categories() {
                row.push(p.category.clone());
            }
            row.resize(fixed, String::new());
            row.extend(compare::gone_cells(p, chinese));
            out.row(&mut row);
        }
    }
}

/// A row's cells written over the strings of the row before (when the
/// sink left them, as CSV does), not allocated anew: a results CSV has
/// millions of cells.
struct Cells<'a> {
    row: &'a mut Vec<String>,
    n: usize,
}

impl Cells<'_> {
    /// The next cell, emptied.
    fn next(&mut self) -> &mut String {
        if self.n == self.row.len() {
            self.row.push(String::new());
        }
        let cell = &mut self.row[self.n];
        cell.clear();
        self.n += 1;
        cell
    }

    fn push(&mut self, text: &str) {
        self.next().push_str(text);
    }

    /// Drops the cells a longer row before left over.
    fn finish(self) {
        self.row.truncate(self.n);
    }
}

/// One unit's row of the summary: name, kind, category, sections,
/// periods, total, grade, rank, rating, flags and the change since the
/// previous run.
fn unit_cells(r: &Results, c: &Scorecard, chinese: bool, row: &mut Cells) {
    use std::fmt::Write;
    let rb = r.rubric;
    let precision = rb.precision;
    row.push(r.name(c));
    if rb.has_kinds {
        row.push(&rb.kinds[c.kind].name);
    }
    if r.has_categories() {
        row.push(&r.category(c));
    }
    for &s in c.sections.iter() {
        num::show_into(num::round(s, precision), row.next());
    }
    if !rb.periods.labels.is_empty() {
        for &p in c.periods.iter() {
            num::show_into(num::round(p, precision), row.next());
        }
    }
    num::show_into(c.total, row.next());
    row.push(c.grade.map_or("", |g| &rb.grades[g].name));
    // Writing to a String cannot fail.
    let _ = write!(row.next(), "{}", c.rank);
    if !rb.ratings.is_empty() {
        row.push(c.rating.map_or("", |x| &rb.ratings[x].name));
    }
    if !rb.flags.is_empty() {
        row.push(&r.flags(c).join(";"));
    }
    if let Some(cmp) = r.compare {
        let change = compare::cells(cmp.change(r.name(c)), c.total, c.rank, chinese);
        for cell in &change {
            row.push(cell);
        }
    }
}

fn detail_grid(r: &Results, style: Style, out: &mut dyn Rows) {
    let rb = r.rubric;
    let has_periods = !rb.periods.labels.is_empty();
    let mut g = Grid {
        header: Vec::new(),
        numeric: Vec::new(),
        rows: Vec::new(),
    };
    g.column("unit", "单位", style, false);
    if has_periods {
        g.column("period", "期间", style, false);
    }
    let change = "扣分/加分";
    for (en, zh, n) in [
        ("item", "指标", false),
        ("points", "分值", true),
        ("deducted", change, true),
        ("score", "得分", true),
        ("capped", "封顶", false),
        ("absorbed", "超出", true),
        ("reasons", "原因", false),
    ] {
        g.column(en, zh, style, n);
    }
    out.header(g.header, g.numeric);
    let mut row = Vec::new();
    for c in r.cards {
        let d = r.details.of(c);
        for (p, result) in d.periods.iter().enumerate() {
            let lead = |row: &mut Vec<String>| {
                row.push(r.name(c).to_string());
                if has_periods {
                    row.push(rb.periods.labels[p].clone());
                }
            };
            for s in &result.items {
                if !style.every_row() && s.reasons.is_empty() {
                    continue;
                }
                row.clear();
                lead(&mut row);
                // Scripts get one signed column (a bonus is a negative
                // deduction); people see a bonus as an addition, `+1.5`.
                let change = match (
                    style.for_people(),
                    s.added.is_sign_positive() && !s.added.is_zero(),
                ) {
                    (true, true) => format!("+{}", show(s.added)),
                    (true, false) => show(s.deducted),
                    (false, _) => show(s.deducted - s.added),
                };
                let capped = match (style.for_people(), s.capped) {
                    (true, true) => "是".to_string(),
                    (true, false) => "否".to_string(),
                    (false, c) => c.to_string(),
                };
                row.extend([
                    rb.items[s.item].id.clone(),
                    show(s.points),
                    change,
                    show(s.score),
                    capped,
                    show(s.absorbed),
                    reasons(rb, s, style == Style::Terse),
                ]);
                out.row(&mut row);
            }
            for cut in &result.cuts {
                row.clear();
                lead(&mut row);
                row.extend(cut_row(rb, cut, style));
                out.row(&mut row);
            }
        }
    }
}

/// A section cap's row: what it took back from the section's items.
fn cut_row(rb: &Rubric, cut: &SectionCut, style: Style) -> [String; 7] {
    let section = &rb.sections[cut.section];
    let cap = show(section.cap.map(|c| c.amount).unwrap_or_default());
    let yearly = matches!(
        section.cap.map(|c| c.scope),
        Some(crate::rubric::CapScope::Year)
    );
    let id = &section.id;
    let (capped, why) = if style.for_people() {
        let what = if cut.bonus { "加分" } else { "扣分" };
        let per = if yearly { "每年" } else { "每期" };
        ("是", format!("分项 {id} {what}{per}封顶 {cap} 分"))
    } else {
        let what = if cut.bonus { "bonus" } else { "penalty" };
        let per = if yearly { "a year" } else { "a period" };
        ("true", format!("section {id} {what} capped at {cap} {per}"))
    };
    [
        format!("{id} cap"),
        "0".to_string(),
        show(-cut.effect()),
        show(cut.effect()),
        capped.to_string(),
        show(cut.cut),
        why,
    ]
}

/// Every finding of an item in the rubric's words, with counts and notes:
/// `a×2 -4.8 落实不到位的… [2队: 未见台账] | 扣分 -1 [台账缺失]`.
pub fn reasons(rubric: &Rubric, s: &ItemScore, terse: bool) -> String {
    let item = &rubric.items[s.item];
    s.reasons
        .iter()
        .map(|reason| reason_text(rubric, item, reason, terse))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn reason_text(rubric: &Rubric, item: &Item, r: &Reason, terse: bool) -> String {
    let sign = if item.item_type == ItemType::Bonus {
        "+"
    } else {
        "-"
    };
    let mut t = match (r.rule, r.awarded) {
        (Some(i), _) => {
            let rule = &item.rules[i];
            let text = if terse && rule.text.chars().count() > TERSE_TEXT {
                let short: String = rule.text.chars().take(TERSE_TEXT).collect();
                format!("{short}…")
            } else {
                rule.text.clone()
            };
            let mut extra = String::new();
            if let Some(f) = rule.flag {
                extra.push_str(&format!(" (标记: {})", rubric.flags[f]));
            }
            if let Some(g) = rule.grade {
                extra.push_str(&format!(" (等次: {})", rubric.grades[g].name));
            }
            format!(
                "{}×{} {sign}{} {text}{extra}",
                rule.id,
                r.count,
                show(r.amount)
            )
        }
        (None, Some(a)) => format!("得分 {}", show(a)),
        (None, None) if item.item_type == ItemType::Bonus => format!("加分 +{}", show(r.amount)),
        (None, None) => format!("扣分 -{}", show(r.amount)),
    };
    if !r.notes.is_empty() {
        t.push_str(&format!(" [{}]", r.notes.join("; ")));
    }
    t.trim_end().to_string()
}
