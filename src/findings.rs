//! Streams findings rows into the ledger, one reused record at a time,
//! reporting every problem of a file as `FILE:LINE: what is wrong`.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::columns::{self, Column};
use crate::error::{Error, Problem, Problems};
use crate::ledger::{Ledger, Loc};
use crate::roster::Roster;
use crate::rubric::{ItemType, Rubric};
use crate::{num, source};

const KNOWN: &[Column] = &[
    Column {
        name: "unit",
        aliases: &["单位", "单位名称", "考核对象"],
    },
    Column {
        name: "item",
        aliases: &["指标", "项目"],
    },
    Column {
        name: "rule",
        aliases: &["规则"],
    },
    Column {
        name: "count",
        aliases: &["次数"],
    },
    Column {
        name: "points",
        aliases: &["扣分"],
    },
    Column {
        name: "score",
        aliases: &["得分"],
    },
    Column {
        name: "value",
        aliases: &["数值"],
    },
    Column {
        name: "period",
        aliases: &["期间"],
    },
    Column {
        name: "note",
        aliases: &["说明", "备注"],
    },
];

/// The largest `count` one row may carry.
const MAX_COUNT: u32 = 1_000_000_000;

/// Column positions in one findings file.
struct Cols {
    unit: usize,
    item: Option<usize>,
    rule: Option<usize>,
    count: Option<usize>,
    points: Option<usize>,
    score: Option<usize>,
    period: Option<usize>,
    note: Option<usize>,
}

/// Everything that stays the same across files: the rubric's lookups.
pub struct Reader<'a> {
    rubric: &'a Rubric,
    roster: Option<&'a Roster>,
    items: HashMap<&'a str, usize>,
    /// File labels, indexed by `Loc::file`.
    pub files: Vec<String>,
}

impl<'a> Reader<'a> {
    pub fn new(rubric: &'a Rubric, roster: Option<&'a Roster>) -> Reader<'a> {
        let items = rubric
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| (it.id.as_str(), i))
            .collect();
        Reader {
            rubric,
            roster,
            items,
            files: Vec::new(),
        }
    }

    /// Reads one findings file into `ledger`; its problems go to `all`.
    /// Only an unopenable or headerless file is an immediate error.
    pub fn read(
        &mut self,
        path: &str,
        ledger: &mut Ledger,
        all: &mut Vec<Problem>,
    ) -> Result<(), Error> {
        let file = source::label(path).to_string();
        let file_index = self.files.len() as u32;
        self.files.push(file.clone());
        let mut rdr = columns::csv_reader(source::open(path)?);
        let header = columns::read_header(&mut rdr, &file)?;
        let mut header_problems = Vec::new();
        let (found, _) = columns::locate(&header, KNOWN, &file, &mut header_problems);
        let Some(unit) = found[0] else {
            header_problems.push(Problem::at(
                &file,
                1,
                format!(
                    "no `unit` (单位) column; the columns are: {}",
                    header.join(", ")
                ),
            ));
            all.extend(header_problems);
            return Ok(());
        };
        if !header_problems.is_empty() {
            all.extend(header_problems);
            return Ok(());
        }
        let cols = Cols {
            unit,
            item: found[1],
            rule: found[2],
            count: found[3],
            points: found[4],
            score: found[5],
            period: found[7],
            note: found[8],
        };
        let mut problems = Problems::default();
        let mut rec = csv::ByteRecord::new();
        loop {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    problems.push(columns::csv_problem(&file, &e));
                    if e.is_io_error() {
                        break;
                    }
                    continue;
                }
            }
            let line = rec.position().map_or(0, |p| p.line());
            if rec.len() != header.len() {
                problems.push(Problem::at(
                    &file,
                    line,
                    format!("has {} fields, the header has {}", rec.len(), header.len()),
                ));
                continue;
            }
            let at = Loc {
                file: file_index,
                line,
            };
            if let Err(msg) = self.row(&rec, &cols, at, ledger) {
                problems.push(Problem::at(&file, line, msg));
            }
        }
        problems.drain_into(&file, all);
        Ok(())
    }

    /// Applies one row to the ledger, or says what is wrong with it.
    fn row(
        &self,
        rec: &csv::ByteRecord,
        c: &Cols,
        at: Loc,
        ledger: &mut Ledger,
    ) -> Result<(), String> {
        let field =
            |col: Option<usize>| columns::text(rec, col).ok_or("not valid UTF-8 or GB18030 text");
        let name = field(Some(c.unit))?;
        if name.is_empty() {
            return Err("`unit` is empty".into());
        }
        let unit = match (ledger.find(name), self.roster) {
            (Some(u), _) => u,
            (None, None) => ledger.add_unit(name, 0, None),
            (None, Some(roster)) => {
                let hint = roster
                    .suggest(name)
                    .map(|s| format!(" (did you mean \"{s}\"?)"))
                    .unwrap_or_default();
                return Err(format!("unknown unit \"{name}\": not in the roster{hint}"));
            }
        };
        let item_id = field(c.item)?;
        let rule_id = field(c.rule)?;
        let points = field(c.points)?;
        let score = field(c.score)?;
        let period = field(c.period)?;
        if item_id.is_empty() {
            if !rule_id.is_empty() || !points.is_empty() || !score.is_empty() {
                return Err("`item` is empty, but the row has a rule, points or score".into());
            }
            return Ok(()); // declares the unit only
        }
        let Some(&item) = self.items.get(item_id) else {
            let hint = columns::closest(item_id, self.rubric.items.iter().map(|i| i.id.as_str()))
                .map(|s| format!(" (did you mean \"{s}\"?)"))
                .unwrap_or_default();
            return Err(format!("unknown item \"{item_id}\"{hint}"));
        };
        let it = &self.rubric.items[item];
        let kind = ledger.units[unit as usize].kind;
        if !it.applies[kind] {
            return Err(format!(
                "item \"{item_id}\" does not apply to kind \"{}\" of unit \"{name}\"",
                self.rubric.kinds[kind].name
            ));
        }
        let period = self.period(period)?;
        let note = field(c.note)?;
        if !score.is_empty() {
            if it.kind != ItemType::Scored {
                return Err(format!("item \"{item_id}\" is a bonus or penalty item: give `rule` or `points`, not `score`"));
            }
            if !rule_id.is_empty() {
                return Err("both rule and score given: a score sets the whole item".into());
            }
            if !points.is_empty() {
                return Err("both points and score given: a score sets the whole item".into());
            }
            let s = decimal(score, "score")?;
            if s < Decimal::ZERO {
                return Err(format!("score must be 0 or more, got {}", num::show(s)));
            }
            if s > it.points {
                return Err(format!(
                    "score {} is above the {} points of item \"{item_id}\"",
                    num::show(s),
                    num::show(it.points)
                ));
            }
            if let Err(earlier) = ledger.set_score(unit, period, item, s, at) {
                return Err(format!(
                    "a second score for unit \"{name}\" item \"{item_id}\" (the first is at line {})",
                    earlier.line
                ));
            }
            if !note.is_empty() {
                ledger.add_note(unit, period, item, None, note);
            }
            return Ok(());
        }
        if !rule_id.is_empty() {
            if !points.is_empty() {
                return Err("both rule and points given: give points on a row of their own".into());
            }
            let Some(rule) = it.rules.iter().position(|r| r.id == rule_id) else {
                let list: Vec<&str> = it.rules.iter().map(|r| r.id.as_str()).collect();
                let rules = if list.is_empty() {
                    "it has no rules: use `points` or `score`".to_string()
                } else {
                    format!("rules: {}", list.join(", "))
                };
                return Err(format!(
                    "unknown rule \"{rule_id}\" for item \"{item_id}\" ({rules})"
                ));
            };
            let count = count(field(c.count)?)?;
            ledger.add_count(unit, period, item, rule, count, at).map_err(|_| {
                format!("the counts of rule \"{rule_id}\" for unit \"{name}\" add up past 4294967295")
            })?;
            if !note.is_empty() && count > 0 {
                ledger.add_note(unit, period, item, Some(rule), note);
            }
            return Ok(());
        }
        if !points.is_empty() {
            let p = decimal(points, "points")?;
            if p < Decimal::ZERO {
                return Err(format!("points must be 0 or more, got {}", num::show(p)));
            }
            ledger.add_points(unit, period, item, p, at);
            if !note.is_empty() && !p.is_zero() {
                ledger.add_note(unit, period, item, None, note);
            }
            return Ok(());
        }
        Err(format!(
            "item \"{item_id}\" is given without a rule, points or score"
        ))
    }
}

impl Reader<'_> {
    /// The index of a row's period; with no periods declared, 0.
    fn period(&self, period: &str) -> Result<usize, String> {
        let labels = &self.rubric.periods.labels;
        match (period.is_empty(), labels.is_empty()) {
            (true, true) => Ok(0),
            (false, true) => Err(format!(
                "period \"{period}\" given, but the rubric declares no periods"
            )),
            (true, false) => Err(format!(
                "`period` is empty; the rubric's periods are: {}",
                labels.join(", ")
            )),
            (false, false) => labels.iter().position(|l| l == period).ok_or_else(|| {
                let hint = columns::closest(period, labels.iter().map(String::as_str))
                    .map(|s| format!(" (did you mean \"{s}\"?)"))
                    .unwrap_or_default();
                format!(
                    "unknown period \"{period}\"{hint}; the rubric's periods are: {}",
                    labels.join(", ")
                )
            }),
        }
    }
}

/// A `count`: empty means 1; otherwise a whole number from 0.
fn count(text: &str) -> Result<u32, String> {
    if text.is_empty() {
        return Ok(1);
    }
    let bytes = text.as_bytes();
    if bytes.len() <= 10 && bytes.iter().all(u8::is_ascii_digit) {
        let n = bytes.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        if n <= u64::from(MAX_COUNT) {
            return Ok(n as u32);
        }
    }
    Err(format!(
        "invalid count \"{text}\": expected a whole number from 0 to {MAX_COUNT}"
    ))
}

fn decimal(text: &str, key: &str) -> Result<Decimal, String> {
    num::parse_decimal(text)
        .ok_or_else(|| format!("invalid {key} \"{text}\": expected a number such as 2 or 1.5"))
}

/// Checks that run once all files are read: a `score` and deductions for
/// the same unit and item, which may sit in different files.
pub fn cross_checks(ledger: &Ledger, files: &[String], rubric: &Rubric, all: &mut Vec<Problem>) {
    for (unit, period, item, score_at, other) in ledger.conflicts() {
        let other_place = if other.file == score_at.file {
            format!("line {}", other.line)
        } else {
            format!("{}:{}", files[other.file as usize], other.line)
        };
        let in_period = rubric
            .periods
            .labels
            .get(period)
            .map(|l| format!(" in period \"{l}\""))
            .unwrap_or_default();
        all.push(Problem::at(
            &files[score_at.file as usize],
            score_at.line,
            format!(
                "unit \"{}\" item \"{}\"{in_period} has a score here and deductions at {other_place}: give one or the other",
                ledger.units[unit as usize].name, rubric.items[item].id
            ),
        ));
    }
}
