//! `score template`: a findings file an assessor can fill in without
//! instructions. Headers are the Chinese aliases the reader accepts; the
//! rubric's own words (item name, points, rule wording) sit in columns of
//! their own that the reader does not know and so ignores. Scored as it
//! comes, a template gives every unit full marks: rule rows have count 0,
//! rule-less scored items their full points as the score, rule-less bonus
//! and penalty items points 0, and a score sheet's cells are empty.

use rust_decimal::Decimal;

use crate::num::show;
use crate::report::grid::Grid;
use crate::roster::Roster;
use crate::rubric::{Item, ItemType, Rubric};

/// A template: the sheet to fill in, which of its columns are the rubric's
/// (read-only), what each fill-in cell accepts, and, for a score sheet, a
/// reference sheet of the items.
pub struct Template {
    pub grid: Grid,
    /// Per column: the rubric's words, shown for reference and ignored on
    /// reading.
    pub fixed: Vec<bool>,
    /// Per row: the columns that take nothing on that row (a count on a
    /// rule-less item, a score beside a rule), shown like the fixed ones.
    pub closed: Vec<Vec<usize>>,
    /// Per column: a note for its header (a score sheet's item: its name,
    /// and what the cell takes), or empty.
    pub about: Vec<String>,
    pub checks: Vec<Check>,
    /// The roster's unit names (a drop-down list), when there is a roster.
    pub units: Vec<String>,
    /// The rubric's item ids (a drop-down list).
    pub items: Vec<String>,
    /// The items with their names, points and rule wording (score sheets).
    pub reference: Option<Grid>,
}

/// What may be typed into a block of cells: data rows `rows` (0-based,
/// inclusive; `None` for the whole column) of column `col`.
pub struct Check {
    pub col: usize,
    pub rows: Option<(usize, usize)>,
    pub allow: Allow,
}

/// The kinds of cell validation a template uses.
#[derive(PartialEq)]
pub enum Allow {
    /// A whole number from 0 (次数).
    Count,
    /// A number from 0, at most `max` when there is one (扣分, 得分).
    Upto(Option<Decimal>),
    /// One of the roster's units.
    Unit,
    /// One of the rubric's items.
    Item,
    /// One of these (an item's rule ids, the rubric's periods).
    OneOf(Vec<String>),
}

// Column headers: the Chinese aliases of the reader's columns, and words
// the reader does not know for the rubric's own columns.
const UNIT: &str = "单位";
const PERIOD: &str = "期间";
const ITEM: &str = "指标";
const ITEM_NAME: &str = "指标名称";
const POINTS_OF: &str = "分值";
const RULE: &str = "情形";
const RULE_TEXT: &str = "情形说明";
const COUNT: &str = "次数";
const POINTS: &str = "扣分";
/// The points column when the rubric has bonus items, which add.
const POINTS_BONUS: &str = "扣分/加分";
const SCORE: &str = "得分";
const VALUE: &str = "数值";
const NOTE: &str = "备注";

/// The long form: one row per unit, period and rule; one row for each
/// item without rules, with `得分` (scored items) or `扣分` (bonus and
/// penalty items) to fill in. Without a roster, the unit cells are left
/// for the assessor to fill in.
pub fn long(rb: &Rubric, roster: Option<&Roster>) -> Template {
    let (header, cols) = long_header(rb);
    let mut sheet = LongSheet {
        cols,
        rows: Vec::new(),
        closed: Vec::new(),
        checks: vec![
            Check {
                col: cols.item,
                rows: None,
                allow: Allow::Item,
            },
            Check {
                col: cols.count,
                rows: None,
                allow: Allow::Count,
            },
        ],
    };
    if roster.is_some() {
        sheet.checks.push(Check {
            col: 0,
            rows: None,
            allow: Allow::Unit,
        });
    }
    sheet.checks.extend(period_check(rb));
    for (unit, kind) in units(roster) {
        for period in labels(rb) {
            for item in rb.items.iter().filter(|i| i.applies[kind]) {
                sheet.item(&unit, &period, item);
            }
        }
    }
    let fixed = header
        .iter()
        .map(|h| matches!(*h, ITEM_NAME | POINTS_OF | RULE_TEXT))
        .collect();
    let numeric = header
        .iter()
        .map(|h| matches!(*h, COUNT | POINTS | POINTS_BONUS | SCORE | POINTS_OF))
        .collect();
    Template {
        grid: Grid {
            header: header.iter().map(|h| h.to_string()).collect(),
            numeric,
            rows: sheet.rows,
        },
        fixed,
        closed: sheet.closed,
        about: Vec::new(),
        checks: sheet.checks,
        units: unit_names(roster),
        items: rb.items.iter().map(|i| i.id.clone()).collect(),
        reference: None,
    }
}

/// Where the long form's columns are.
#[derive(Clone, Copy)]
struct LongCols {
    width: usize,
    periods: bool,
    rule: usize,
    item: usize,
    count: usize,
    points: usize,
    score: usize,
    /// The threshold rules' `数值`, when the rubric has any.
    value: Option<usize>,
}

/// The long form's header (a points column headed 扣分/加分 when the
/// rubric has bonus items) and where its columns are.
fn long_header(rb: &Rubric) -> (Vec<&'static str>, LongCols) {
    let thresholds = rb
        .items
        .iter()
        .flat_map(|i| &i.rules)
        .any(|r| r.threshold.is_some());
    let bonus = rb.items.iter().any(|i| i.item_type == ItemType::Bonus);
    let periods = !rb.periods.labels.is_empty();
    let mut header = vec![UNIT];
    if periods {
        header.push(PERIOD);
    }
    header.extend([ITEM, ITEM_NAME, POINTS_OF, RULE, RULE_TEXT, COUNT]);
    header.push(if bonus { POINTS_BONUS } else { POINTS });
    header.push(SCORE);
    if thresholds {
        header.push(VALUE);
    }
    header.push(NOTE);
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or(0);
    let cols = LongCols {
        width: header.len(),
        periods,
        rule: col(RULE),
        item: col(ITEM),
        count: col(COUNT),
        points: col(if bonus { POINTS_BONUS } else { POINTS }),
        score: col(SCORE),
        value: thresholds.then(|| col(VALUE)),
    };
    (header, cols)
}

/// The long form as it is laid out: rows, the cells each row closes, and
/// the cell checks.
struct LongSheet {
    cols: LongCols,
    rows: Vec<Vec<String>>,
    closed: Vec<Vec<usize>>,
    checks: Vec<Check>,
}

impl LongSheet {
    /// A row of the item for the unit and period, before its own cells.
    fn row(&self, unit: &str, period: &str, item: &Item, rule: &str, text: String) -> Vec<String> {
        let mut row = vec![unit.to_string()];
        if self.cols.periods {
            row.push(period.to_string());
        }
        row.extend([item.id.clone(), item.name.clone(), full(item)]);
        row.extend([rule.to_string(), text]);
        row.resize(self.cols.width, String::new());
        row
    }

    /// The rows of one item for one unit and period: one per rule with a
    /// count of 0, or one for a score (scored item) or points (bonus or
    /// penalty item) when it has no rules.
    fn item(&mut self, unit: &str, period: &str, item: &Item) {
        let c = self.cols;
        let first = self.rows.len();
        for r in &item.rules {
            let text = match &r.threshold {
                Some(t) => {
                    let (text, metric) = (&r.text, &t.metric);
                    format!("{text}（数值：{metric}）")
                }
                None => r.text.clone(),
            };
            let mut row = self.row(unit, period, item, &r.id, text);
            row[c.count] = "0".into();
            self.rows.push(row);
            let mut shut = vec![c.points, c.score];
            shut.extend(c.value.filter(|_| r.threshold.is_none()));
            self.closed.push(shut);
        }
        if !item.rules.is_empty() {
            self.checks.push(Check {
                col: c.rule,
                rows: Some((first, self.rows.len() - 1)),
                allow: Allow::OneOf(item.rules.iter().map(|r| r.id.clone()).collect()),
            });
            return;
        }
        let mut row = self.row(unit, period, item, "", String::new());
        let mut shut = vec![c.rule, c.count];
        shut.extend(c.value);
        if item.item_type == ItemType::Scored {
            shut.push(c.points);
            // Full marks until the assessor says otherwise; a row with no
            // unit must carry no finding, so only with one.
            if !unit.is_empty() {
                row[c.score] = show(item.points);
            }
            self.checks.push(Check {
                col: c.score,
                rows: Some((first, first)),
                allow: Allow::Upto(Some(item.points)),
            });
        } else {
            shut.push(c.score);
            row[c.points] = "0".into();
            self.checks.push(Check {
                col: c.points,
                rows: Some((first, first)),
                allow: Allow::Upto(item.cap.as_ref().map(|c| c.amount)),
            });
        }
        self.rows.push(row);
        self.closed.push(shut);
    }
}

/// The wide form (a score sheet): one row per roster unit and period, one
/// column per item. A scored item's cell is the score awarded (empty: full
/// marks); a bonus or penalty item's cell is the points it adds or takes
/// off (empty: none). Item names, points and rules are on a reference sheet.
pub fn wide(rb: &Rubric, roster: Option<&Roster>) -> Template {
    let periods = !rb.periods.labels.is_empty();
    let mut header = vec![UNIT.to_string()];
    if periods {
        header.push(PERIOD.into());
    }
    let lead = header.len();
    header.extend(rb.items.iter().map(|i| i.id.clone()));
    header.push(NOTE.into());
    let mut rows = Vec::new();
    if roster.is_some() {
        for (unit, _) in units(roster) {
            for period in labels(rb) {
                let mut row = vec![unit.clone()];
                if periods {
                    row.push(period);
                }
                row.resize(header.len(), String::new());
                rows.push(row);
            }
        }
    }
    let mut numeric = vec![false; header.len()];
    let mut about = vec![String::new(); header.len()];
    let mut checks = Vec::new();
    if roster.is_some() {
        checks.push(Check {
            col: 0,
            rows: None,
            allow: Allow::Unit,
        });
    }
    checks.extend(period_check(rb));
    for (k, item) in rb.items.iter().enumerate() {
        numeric[lead + k] = true;
        let max = match item.item_type {
            ItemType::Scored => Some(item.points),
            _ => item.cap.as_ref().map(|c| c.amount),
        };
        about[lead + k] = format!("{}\n{}", item.name, cell_meaning(item));
        checks.push(Check {
            col: lead + k,
            rows: None,
            allow: Allow::Upto(max),
        });
    }
    Template {
        fixed: vec![false; header.len()],
        closed: vec![Vec::new(); rows.len()],
        about,
        grid: Grid {
            header,
            numeric,
            rows,
        },
        checks,
        units: unit_names(roster),
        items: rb.items.iter().map(|i| i.id.clone()).collect(),
        reference: Some(reference(rb)),
    }
}

/// The items of a rubric with what a score sheet's cell means for each.
fn reference(rb: &Rubric) -> Grid {
    let header = [ITEM, ITEM_NAME, "类型", POINTS_OF, "单元格填写", RULE_TEXT];
    let rows = rb
        .items
        .iter()
        .map(|i| {
            let kind = match i.item_type {
                ItemType::Scored => "计分",
                ItemType::Bonus => "加分项",
                ItemType::Penalty => "扣分项",
            };
            let cell = cell_meaning(i);
            let rules: Vec<String> = i.rules.iter().map(|r| r.text.clone()).collect();
            vec![
                i.id.clone(),
                i.name.clone(),
                kind.to_string(),
                full(i),
                cell,
                rules.join("\n"),
            ]
        })
        .collect();
    Grid {
        header: header.iter().map(|h| h.to_string()).collect(),
        numeric: header.iter().map(|h| *h == POINTS_OF).collect(),
        rows,
    }
}

/// What a score sheet's cell for `item` takes.
fn cell_meaning(item: &Item) -> String {
    match item.item_type {
        ItemType::Scored => format!("填得分，0 至 {}；空着为满分", show(item.points)),
        ItemType::Bonus => format!("填加分，{}；空着为不加分", upto(item)),
        ItemType::Penalty => format!("填扣分，{}；空着为不扣分", upto(item)),
    }
}

/// The range of a bonus or penalty item's points: up to its cap, if any.
fn upto(item: &Item) -> String {
    match &item.cap {
        Some(c) => format!("0 至 {}", show(c.amount)),
        None => "0 或以上".to_string(),
    }
}

/// An item's points as the template shows them: full marks of a scored
/// item, the cap of a bonus or penalty item (empty without one).
fn full(item: &Item) -> String {
    match item.item_type {
        ItemType::Scored => show(item.points),
        _ => item
            .cap
            .as_ref()
            .map(|c| show(c.amount))
            .unwrap_or_default(),
    }
}

/// A drop-down of the rubric's periods for the 期间 column (the second),
/// when it has periods.
fn period_check(rb: &Rubric) -> Option<Check> {
    (!rb.periods.labels.is_empty()).then(|| Check {
        col: 1,
        rows: None,
        allow: Allow::OneOf(rb.periods.labels.clone()),
    })
}

/// The roster's units with their kinds, or one blank unit of the first kind.
fn units(roster: Option<&Roster>) -> Vec<(String, usize)> {
    match roster {
        Some(r) => r.units.iter().map(|u| (u.name.clone(), u.kind)).collect(),
        None => vec![(String::new(), 0)],
    }
}

fn unit_names(roster: Option<&Roster>) -> Vec<String> {
    roster.map_or_else(Vec::new, |r| {
        r.units.iter().map(|u| u.name.clone()).collect()
    })
}

fn labels(rb: &Rubric) -> Vec<String> {
    if rb.periods.labels.is_empty() {
        vec![String::new()]
    } else {
        rb.periods.labels.clone()
    }
}
