//! The units roster (`--units`): which units exist, their kind, category
//! and attributes such as household counts.

use std::collections::HashMap;

use crate::columns::{self, Column};
use crate::error::{Error, Problem, Problems};
use crate::rubric::{declared, Rubric};
use crate::source;

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
        columns::closest(name, self.units.iter().map(|u| u.name.as_str()))
    }

    /// Reads a roster file (CSV, `-` for standard input).
    pub fn read(path: &str, rubric: &Rubric) -> Result<Roster, Error> {
        let file = source::label(path);
        let mut rdr = columns::csv_reader(source::open(path)?);
        let header = columns::read_header(&mut rdr, file)?;
        let mut problems = Vec::new();
        let (found, others) = columns::locate(&header, KNOWN, file, &mut problems);
        let [unit_col, kind_col, category_col] = [found[0], found[1], found[2]];
        if unit_col.is_none() {
            problems.push(Problem::at(
                file,
                1,
                format!(
                    "no `unit` (单位) column; the columns are: {}",
                    header.join(", ")
                ),
            ));
        }
        let mut roster = Roster {
            attributes: others.iter().map(|&i| header[i].clone()).collect(),
            ..Roster::default()
        };
        // Categories derived from an attribute (`[category] by = …`).
        let bands = rubric.category.as_ref();
        let by_col = match bands {
            Some(b) => {
                roster.categories = b.bands.iter().map(|(n, _)| n.clone()).collect();
                let col = header.iter().position(|h| h == &b.by);
                if col.is_none() {
                    problems.push(Problem::at(
                        file,
                        1,
                        format!(
                            "the rubric takes categories from column `{}`, which the roster lacks (its columns: {})",
                            b.by,
                            header.join(", ")
                        ),
                    ));
                }
                col
            }
            None => None,
        };
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut bad = Problems::default();
        let mut rec = csv::ByteRecord::new();
        loop {
            match rdr.read_byte_record(&mut rec) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    bad.push(columns::csv_problem(file, &e));
                    if e.is_io_error() {
                        break;
                    }
                    continue;
                }
            }
            let line = rec.position().map_or(0, |p| p.line());
            if rec.len() != header.len() {
                bad.push(Problem::at(
                    file,
                    line,
                    format!("has {} fields, the header has {}", rec.len(), header.len()),
                ));
                continue;
            }
            let (Some(name), Some(kind), Some(category)) = (
                columns::text(&rec, unit_col),
                columns::text(&rec, kind_col),
                columns::text(&rec, category_col),
            ) else {
                bad.push(Problem::at(file, line, "not valid UTF-8 or GB18030 text"));
                continue;
            };
            if name.is_empty() {
                bad.push(Problem::at(file, line, "`unit` is empty"));
                continue;
            }
            let kind = if kind.is_empty() {
                0
            } else {
                match rubric.kind_index(kind).filter(|_| rubric.has_kinds) {
                    Some(k) => k,
                    None => {
                        bad.push(Problem::at(
                            file,
                            line,
                            format!(
                                "kind \"{kind}\" is not declared by the rubric{}",
                                declared(
                                    rubric
                                        .kinds
                                        .iter()
                                        .filter(|_| rubric.has_kinds)
                                        .map(|k| k.name.as_str())
                                )
                            ),
                        ));
                        continue;
                    }
                }
            };
            if roster.index.contains_key(name) {
                bad.push(Problem::at(
                    file,
                    line,
                    format!("unit \"{name}\" is listed twice"),
                ));
                continue;
            }
            let category = match (bands, by_col) {
                (Some(b), Some(col)) => {
                    let v = columns::text(&rec, Some(col)).unwrap_or("");
                    match crate::num::parse_decimal(v).map(|d| b.band(d)) {
                        Some(Some(i)) => Some(i),
                        Some(None) => {
                            bad.push(Problem::at(
                                file,
                                line,
                                format!("`{}` {v} falls in no category band", b.by),
                            ));
                            continue;
                        }
                        None => {
                            bad.push(Problem::at(
                                file,
                                line,
                                format!("`{}` must be a number, got \"{v}\"", b.by),
                            ));
                            continue;
                        }
                    }
                }
                _ if category.is_empty() => None,
                _ => Some(match roster.categories.iter().position(|c| c == category) {
                    Some(i) => i,
                    None => {
                        roster.categories.push(category.to_string());
                        roster.categories.len() - 1
                    }
                }),
            };
            let attributes = others
                .iter()
                .map(|&i| columns::text(&rec, Some(i)).unwrap_or("").to_string())
                .collect();
            roster.index.insert(name.to_string(), roster.units.len());
            roster.units.push(RosterUnit {
                name: name.to_string(),
                kind,
                category,
                attributes,
            });
        }
        if !bad.is_empty() {
            let mut all = Vec::new();
            bad.drain_into(file, &mut all);
            return Err(Error::Invalid(all));
        }
        Ok(roster)
    }
}
