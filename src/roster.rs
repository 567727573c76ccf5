//! The units roster (`--units`): which units exist, their kind, category
//! and attributes such as household counts.

use std::collections::HashMap;

use crate::columns::{self, Column};
use crate::error::{Error, Problem, Problems};
use crate::input::{self, Input};
use crate::num;
use crate::record::Record;
use crate::rubric::{declared, Bound, Rubric};

/// A unit (考核对象) named in the roster.
#[derive(Debug, Clone)]
pub struct RosterUnit {
    pub name: String,
    /// Index into the rubric's kinds.
    pub kind: usize,
    /// Index into `Roster::categories`.
    pub category: Option<usize>,
    /// Values of the roster's other columns, in `Roster::attributes` order.
    pub attributes: Vec<String>,
}

/// The roster: every unit that is scored, in file order.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub units: Vec<RosterUnit>,
    pub attributes: Vec<String>,
    /// Category names: the rubric's bands in order, or the roster's
    /// `category` values in order of first appearance.
    pub categories: Vec<String>,
    index: HashMap<String, usize>,
}

const KNOWN: &[Column] = &[
    columns::UNIT,
    Column {
        name: "kind",
        aliases: &["类型", "单位类型"],
    },
    Column {
        name: "category",
        aliases: &["档次", "分类"],
    },
];

impl Roster {
    pub fn find(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The roster name closest to `name`, to suggest for a typo.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        crate::suggest::closest(name, self.units.iter().map(|u| u.name.as_str()))
    }

    /// Reads a roster: CSV (`-` for standard input) or a workbook.
    pub fn read(path: &str, rubric: &Rubric) -> Result<Roster, Error> {
        Roster::from_input(Input::open(path)?, rubric)
    }

    /// Reads a roster from an open table.
    pub fn from_input(mut input: Input, rubric: &Rubric) -> Result<Roster, Error> {
        let file = input.file.clone();
        let cols = Cols::find(&input.header, &file, rubric).map_err(Error::Invalid)?;
        let mut roster = Roster {
            attributes: cols
                .others
                .iter()
                .map(|&i| input.header[i].clone())
                .collect(),
            categories: match &rubric.category {
                Some(b) => b.bands.iter().map(|(n, _)| n.clone()).collect(),
                None => Vec::new(),
            },
            ..Roster::default()
        };
        let width = input.header.len();
        let mut bad = Problems::default();
        let mut rec = Record::new();
        while let Some(row) = input.next(&mut rec) {
            let line = match row {
                Ok(line) => line,
                Err(p) => {
                    bad.push(*p);
                    continue;
                }
            };
            if input.repeats_header(&rec) {
                bad.push(Problem::new(
                    input.place(line, None),
                    input::repeated_header(),
                ));
                continue;
            }
            if rec.len() != width {
                bad.push(Problem::new(
                    input.place(line, None),
                    input::ragged(rec.len(), width),
                ));
                continue;
            }
            let checked = roster
                .row(&rec, &cols, rubric)
                .and_then(|()| numbers(&rec, &input.header, &cols.numeric));
            if let Err((col, msg)) = checked {
                bad.push(Problem::new(input.place(line, col), msg));
            }
        }
        if !bad.is_empty() {
            let mut all = Vec::new();
            bad.drain_into(&file, &mut all);
            return Err(Error::Invalid(all));
        }
        Ok(roster)
    }

    /// Adds one row's unit, or says what is wrong with it.
    fn row(&mut self, rec: &Record, c: &Cols, rubric: &Rubric) -> Result<(), RowError> {
        let name = text(rec, Some(c.unit))?;
        if name.is_empty() {
            // A blank line in a spreadsheet is not a unit.
            if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                return Ok(());
            }
            return Err((Some(c.unit), crate::tr!("`unit` is empty", "`unit` 为空")));
        }
        let kind = kind(text(rec, c.kind)?, c.kind, rubric)?;
        if self.index.contains_key(name) {
            return Err((
                Some(c.unit),
                crate::tr!(
                    "unit \"{name}\" is listed twice",
                    "单位 \"{name}\" 在名单中出现了两次"
                ),
            ));
        }
        let category = self.category(rec, c, rubric)?;
        let attributes = c
            .others
            .iter()
            .map(|&i| columns::text(rec, Some(i)).unwrap_or("").to_string())
            .collect();
        self.index.insert(name.to_string(), self.units.len());
        self.units.push(RosterUnit {
            name: name.to_string(),
            kind,
            category,
            attributes,
        });
        Ok(())
    }

    /// A row's category: the rubric's band of its `by` column, or the
    /// `category` column's value (numbered in order of first appearance).
    fn category(
        &mut self,
        rec: &Record,
        c: &Cols,
        rubric: &Rubric,
    ) -> Result<Option<usize>, RowError> {
        if let (Some(b), Some(col)) = (&rubric.category, c.by) {
            let v = text(rec, Some(col))?;
            return match num::parse_decimal(v).ok().map(|d| b.band(d)) {
                Some(Some(i)) => Ok(Some(i)),
                Some(None) => Err((
                    Some(col),
                    crate::tr!(
                        "`{}` {v} falls in no category band",
                        "`{}` 的值 {v} 不属于任何档次",
                        b.by
                    ),
                )),
                None => Err((Some(col), not_a_number(&b.by, v))),
            };
        }
        let name = text(rec, c.category)?;
        if name.is_empty() {
            return Ok(None);
        }
        Ok(Some(match self.categories.iter().position(|x| x == name) {
            Some(i) => i,
            None => {
                self.categories.push(name.to_string());
                self.categories.len() - 1
            }
        }))
    }
}

/// A problem with a roster row: the column it is in, and what is wrong.
type RowError = (Option<usize>, String);

/// Column positions in a roster.
struct Cols {
    unit: usize,
    kind: Option<usize>,
    category: Option<usize>,
    /// The column the rubric's categories are banded by (`[category] by`).
    by: Option<usize>,
    /// Attribute columns: everything not known.
    others: Vec<usize>,
    /// Columns a threshold's stepped bound reads: numbers or nothing (for a
    /// unit the threshold is never applied to).
    numeric: Vec<usize>,
}

impl Cols {
    fn find(header: &[String], file: &str, rubric: &Rubric) -> Result<Cols, Vec<Problem>> {
        let mut problems = Vec::new();
        let (found, others) = columns::locate(header, KNOWN, file, &mut problems);
        let Some(unit) = found[0] else {
            problems.push(columns::no_unit(file, header));
            return Err(problems);
        };
        let mut by = None;
        if let Some(b) = &rubric.category {
            by = header.iter().position(|h| h == &b.by);
            if by.is_none() {
                problems.push(Problem::at(
                    file,
                    1,
                    crate::tr!(
                        "the rubric takes categories from column `{}`, which the roster lacks (its columns: {})",
                        "考核细则按 `{}` 列划分档次，但单位名单没有这一列（现有的列：{}）",
                        b.by,
                        columns::list(header)
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let numeric = rubric
            .items
            .iter()
            .flat_map(|i| &i.rules)
            .filter_map(|r| match r.threshold.as_ref().map(|t| &t.bound) {
                Some(Bound::Steps { by, .. }) => header.iter().position(|h| h == by),
                _ => None,
            })
            .collect();
        Ok(Cols {
            unit,
            kind: found[1],
            category: found[2],
            by,
            others,
            numeric,
        })
    }
}

fn text(rec: &Record, col: Option<usize>) -> Result<&str, RowError> {
    columns::text(rec, col).ok_or_else(|| (col, input::not_text()))
}

/// A kind named in the roster: empty is the first (or only) kind.
fn kind(name: &str, col: Option<usize>, rubric: &Rubric) -> Result<usize, RowError> {
    if name.is_empty() {
        return Ok(0);
    }
    rubric
        .kind_index(name)
        .filter(|_| rubric.has_kinds)
        .ok_or_else(|| {
            let kinds = rubric
                .kinds
                .iter()
                .filter(|_| rubric.has_kinds)
                .map(|k| k.name.as_str());
            (
                col,
                crate::tr!(
                    "kind \"{name}\" is not declared by the rubric{}",
                    "类型 \"{name}\" 未在考核细则中声明{}",
                    declared(kinds)
                ),
            )
        })
}

/// Checks that the `cols` of a row hold numbers or nothing.
fn numbers(rec: &Record, header: &[String], cols: &[usize]) -> Result<(), RowError> {
    for &c in cols {
        let v = columns::text(rec, Some(c)).unwrap_or("");
        if !v.is_empty() && num::parse_decimal(v).is_err() {
            return Err((Some(c), not_a_number(&header[c], v)));
        }
    }
    Ok(())
}

fn not_a_number(column: &str, value: &str) -> String {
    crate::tr!(
        "`{column}` must be a number, got \"{value}\"",
        "`{column}` 应为数字，实为 \"{value}\""
    )
}
