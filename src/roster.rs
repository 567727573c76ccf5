//! The units roster (`--units`): which units exist, their kind, category
//! and attributes such as household counts.

use std::collections::HashMap;

use crate::columns::{self, Column};
use crate::error::{Error, Problem, Problems};
use crate::input::{Input, REPEATED_HEADER};
use crate::num;
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
    Column {
        name: "unit",
        aliases: &["单位", "单位名称", "考核对象"],
    },
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
        let header = input.header.clone();
        let mut problems = Vec::new();
        let (found, others) = columns::locate(&header, KNOWN, &file, &mut problems);
        let [unit_col, kind_col, category_col] = [found[0], found[1], found[2]];
        let Some(unit_col) = unit_col else {
            problems.push(Problem::at(
                &file,
                1,
                format!(
                    "no `unit` (单位) column; the columns are: {}",
                    header.join(", ")
                ),
            ));
            return Err(Error::Invalid(problems));
        };
        let mut roster = Roster {
            attributes: others.iter().map(|&i| header[i].clone()).collect(),
            ..Roster::default()
        };
        // Categories derived from an attribute (`[category] by = …`).
        let bands = rubric.category.as_ref();
        let mut by_col = None;
        if let Some(b) = bands {
            roster.categories = b.bands.iter().map(|(n, _)| n.clone()).collect();
            by_col = header.iter().position(|h| h == &b.by);
            if by_col.is_none() {
                problems.push(Problem::at(
                    &file,
                    1,
                    format!(
                        "the rubric takes categories from column `{}`, which the roster lacks (its columns: {})",
                        b.by,
                        header.join(", ")
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        // Columns a threshold's stepped bound reads must hold numbers (or
        // nothing, for a unit the threshold is never applied to).
        let numeric: Vec<usize> = rubric
            .items
            .iter()
            .flat_map(|i| &i.rules)
            .filter_map(|r| match r.threshold.as_ref().map(|t| &t.bound) {
                Some(Bound::Steps { by, .. }) => header.iter().position(|h| h == by),
                _ => None,
            })
            .collect();
        let mut bad = Problems::default();
        let mut rec = csv::ByteRecord::new();
        while let Some(row) = input.next(&mut rec) {
            let line = match row {
                Ok(line) => line,
                Err(p) => {
                    bad.push(p);
                    continue;
                }
            };
            if input.repeats_header(&rec) {
                bad.push(Problem::new(input.place(line, None), REPEATED_HEADER));
                continue;
            }
            if rec.len() != header.len() {
                bad.push(Problem::new(
                    input.place(line, None),
                    format!("has {} fields, the header has {}", rec.len(), header.len()),
                ));
                continue;
            }
            match roster
                .row(
                    &rec,
                    unit_col,
                    kind_col,
                    category_col,
                    by_col,
                    &others,
                    rubric,
                )
                .and_then(|()| numbers(&rec, &header, &numeric))
            {
                Ok(()) => {}
                Err((col, msg)) => bad.push(Problem::new(input.place(line, col), msg)),
            }
        }
        if !bad.is_empty() {
            let mut all = Vec::new();
            bad.drain_into(&file, &mut all);
            return Err(Error::Invalid(all));
        }
        Ok(roster)
    }

    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        rec: &csv::ByteRecord,
        unit_col: usize,
        kind_col: Option<usize>,
        category_col: Option<usize>,
        by_col: Option<usize>,
        others: &[usize],
        rubric: &Rubric,
    ) -> Result<(), (Option<usize>, String)> {
        let text = |col: Option<usize>| {
            columns::text(rec, col)
                .ok_or_else(|| (col, "not valid UTF-8 or GB18030 text".to_string()))
        };
        let name = text(Some(unit_col))?;
        if name.is_empty() {
            // A blank line in a spreadsheet is not a unit.
            if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                return Ok(());
            }
            return Err((Some(unit_col), "`unit` is empty".into()));
        }
        let kind_name = text(kind_col)?;
        let kind = if kind_name.is_empty() {
            0
        } else {
            rubric
                .kind_index(kind_name)
                .filter(|_| rubric.has_kinds)
                .ok_or_else(|| {
                    (
                        kind_col,
                        format!(
                            "kind \"{kind_name}\" is not declared by the rubric{}",
                            declared(
                                rubric
                                    .kinds
                                    .iter()
                                    .filter(|_| rubric.has_kinds)
                                    .map(|k| k.name.as_str())
                            )
                        ),
                    )
                })?
        };
        if self.index.contains_key(name) {
            return Err((Some(unit_col), format!("unit \"{name}\" is listed twice")));
        }
        let category = match (&rubric.category, by_col) {
            (Some(b), Some(col)) => {
                let v = text(Some(col))?;
                match num::parse_decimal(v).ok().map(|d| b.band(d)) {
                    Some(Some(i)) => Some(i),
                    Some(None) => {
                        return Err((
                            Some(col),
                            format!("`{}` {v} falls in no category band", b.by),
                        ))
                    }
                    None => return Err((Some(col), not_a_number(&b.by, v))),
                }
            }
            _ => {
                let c = text(category_col)?;
                (!c.is_empty()).then(|| match self.categories.iter().position(|x| x == c) {
                    Some(i) => i,
                    None => {
                        self.categories.push(c.to_string());
                        self.categories.len() - 1
                    }
                })
            }
        };
        let attributes = others
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
}

/// Checks that the `cols` of a row hold numbers or nothing.
fn numbers(
    rec: &csv::ByteRecord,
    header: &[String],
    cols: &[usize],
) -> Result<(), (Option<usize>, String)> {
    for &c in cols {
        let v = columns::text(rec, Some(c)).unwrap_or("");
        if !v.is_empty() && num::parse_decimal(v).is_err() {
            return Err((Some(c), not_a_number(&header[c], v)));
        }
    }
    Ok(())
}

fn not_a_number(column: &str, value: &str) -> String {
    format!("`{column}` must be a number, got \"{value}\"")
}
