//! Streams findings rows into the ledger, one reused record at a time,
//! reporting every problem of a file as `FILE:LINE: what is wrong` (or
//! `FILE:Sheet1!C7` in a workbook). Rows are long (`item`, `rule`, …) or,
//! in a score sheet, wide (one column per item, each cell a score).

mod ids;
mod numeric;
mod pending;
mod row;
mod split;
pub mod typos;

use rustc_hash::FxHashMap as HashMap;

use rust_decimal::Decimal;

use crate::columns::{self, Column};
use crate::error::{Error, Problem, Problems};
use crate::input::{self, Input};
use crate::ledger::{Ledger, Loc};
use crate::record::Record;
use crate::roster::Roster;
use crate::rubric::{Bound, Rubric};
use crate::suggest;
use pending::{Ahead, Queue};

const KNOWN: &[Column] = &[
    columns::UNIT,
    Column {
        name: "item",
        aliases: &["指标", "项目"],
    },
    Column {
        name: "rule",
        aliases: &["规则", "情形"],
    },
    Column {
        name: "count",
        aliases: &["次数"],
    },
    Column {
        name: "points",
        aliases: &["扣分", "加分", "扣分/加分"],
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

/// Column positions in one findings file.
struct Cols {
    unit: usize,
    item: Option<usize>,
    rule: Option<usize>,
    count: Option<usize>,
    points: Option<usize>,
    score: Option<usize>,
    value: Option<usize>,
    period: Option<usize>,
    note: Option<usize>,
    /// Score-sheet columns: `(position, item index)`.
    wide: Vec<(usize, usize)>,
}

/// Everything that stays the same across files: the rubric's lookups.
pub struct Reader<'a> {
    rubric: &'a Rubric,
    roster: Option<&'a Roster>,
    items: HashMap<&'a str, usize>,
    /// The same, keyed by bytes, for the undecoded fast path.
    item_bytes: ids::ByBytes<'a>,
    /// Each item's rules for the fast path.
    rule_ids: ids::RuleIds<'a>,
    /// Period labels by their bytes, for the fast path.
    period_bytes: ids::ByBytes<'a>,
    /// Roster attributes that stepped bounds depend on, parsed once:
    /// `by` column → value per roster unit (= ledger unit id).
    attributes: HashMap<String, Vec<Option<Decimal>>>,
    /// Ids that read as numbers, for workbook cells holding numbers.
    numeric: numeric::NumericIds<'a>,
    /// File labels, indexed by `Loc::file`.
    pub files: Vec<String>,
    /// Told now and then how far the reading has got.
    progress: Option<&'a dyn Fn(Progress)>,
}

/// How far a findings file has been read, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub file: usize,
    pub bytes: u64,
    /// The file's size, when it is a file.
    pub total: Option<u64>,
    pub rows: u64,
}

/// Rows between progress reports: rare enough to cost nothing.
const PROGRESS_EVERY: u64 = 1 << 16;

impl<'a> Reader<'a> {
    pub fn new(rubric: &'a Rubric, roster: Option<&'a Roster>) -> Reader<'a> {
        let items = rubric
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| (it.id.as_str(), i))
            .collect();
        let mut attributes = HashMap::default();
        if let Some(r) = roster {
            for rule in rubric.items.iter().flat_map(|i| &i.rules) {
                if let Some(Bound::Steps { by, .. }) = rule.threshold.as_ref().map(|t| &t.bound) {
                    if let Some(col) = r.attributes.iter().position(|a| a == by) {
                        let values = r
                            .units
                            .iter()
                            .map(|u| crate::num::parse_decimal(&u.attributes[col]).ok())
                            .collect();
                        attributes.insert(by.clone(), values);
                    }
                }
            }
        }
        let item_bytes = ids::ByBytes::new(
            (rubric.items.iter().enumerate()).map(|(i, it)| (it.id.as_bytes(), i)),
        );
        let rule_ids = ids::RuleIds::new(
            rubric
                .items
                .iter()
                .map(|it| (it.rules.iter()).map(|r| (r.id.as_str(), r.threshold.is_some()))),
        );
        // Reversed, so that the first of two equal labels is the one kept.
        let period_bytes = ids::ByBytes::new(
            (rubric.periods.labels.iter().enumerate().rev()).map(|(i, l)| (l.as_bytes(), i)),
        );
        Reader {
            rubric,
            roster,
            items,
            item_bytes,
            rule_ids,
            period_bytes,
            attributes,
            numeric: numeric::NumericIds::new(rubric, roster),
            files: Vec::new(),
            progress: None,
        }
    }

    /// Reports progress to `f` while reading.
    pub fn with_progress(mut self, f: &'a dyn Fn(Progress)) -> Self {
        self.progress = Some(f);
        self
    }

    /// Reads one findings file into `ledger`; its problems go to `all`.
    /// Only an unopenable or headerless file is an immediate error.
    pub fn read(
        &mut self,
        path: &str,
        ledger: &mut Ledger,
        all: &mut Vec<Problem>,
    ) -> Result<(), Error> {
        // Both cores on a large file, when nothing has been read before it.
        if ledger.is_blank() {
            if let Some(split) = split::plan(path) {
                if self.read_split(&split, ledger) {
                    return Ok(());
                }
            }
        }
        let input = Input::open(path)?;
        let total = (path != "-")
            .then(|| std::fs::metadata(path).map(|m| m.len()).ok())
            .flatten();
        self.read_input(input, total, ledger, all);
        Ok(())
    }

    /// Reads an open findings table into `ledger`; its problems go to `all`.
    pub fn read_input(
        &mut self,
        mut input: Input,
        total: Option<u64>,
        ledger: &mut Ledger,
        all: &mut Vec<Problem>,
    ) {
        self.read_from(&mut input, total, ledger, all);
    }

    /// [`Reader::read_input`], leaving the table to be asked what it saw.
    fn read_from(
        &mut self,
        input: &mut Input,
        total: Option<u64>,
        ledger: &mut Ledger,
        all: &mut Vec<Problem>,
    ) {
        let file = input.file.clone();
        let file_index = self.files.len() as u32;
        self.files.push(file.clone());
        let numeric = self.numeric.header(input);
        if !numeric.is_empty() {
            all.extend(numeric);
            return;
        }
        let cols = match self.columns(&input.header, &file) {
            Ok(cols) => cols,
            Err(problems) => {
                all.extend(problems);
                return;
            }
        };
        let width = input.header.len();
        let mut rows = 0u64;
        let mut problems = Problems::default();
        let mut rec = Record::new();
        let mut queue = Queue::default();
        let mut ahead = Ahead::new(input, cols.unit, ledger);
        while let Some(row) = ahead.next(input, &mut rec, ledger) {
            rows += 1;
            if let (Some(report), 0) = (self.progress, rows % PROGRESS_EVERY) {
                report(Progress {
                    file: file_index as usize,
                    bytes: input.bytes_read(),
                    total,
                    rows,
                });
            }
            let line = match (row, rec.len() == width) {
                (Ok(line), true) => line,
                (row, _) => {
                    self.settle(&mut queue, ledger, input, &cols, &mut problems);
                    problems.push(match row {
                        Err(p) => *p,
                        Ok(line) => {
                            Problem::new(input.place(line, None), input::ragged(rec.len(), width))
                        }
                    });
                    continue;
                }
            };
            let at = Loc {
                file: file_index,
                line,
            };
            if input.is_sheet() {
                if let Err((col, msg)) = self.numeric_ids(input, &mut rec, &cols) {
                    self.settle(&mut queue, ledger, input, &cols, &mut problems);
                    problems.push(Problem::new(input.place(line, col), msg));
                    continue;
                }
            }
            if let Some(p) = self.fast_row(&rec, &cols, at, ledger, ahead.hash()) {
                if let Err(o) = queue.push(p, ledger) {
                    let msg = self.overflowed(&o, ledger);
                    problems.push(Problem::new(input.place(o.at.line, cols.count), msg));
                }
                continue;
            }
            self.settle(&mut queue, ledger, input, &cols, &mut problems);
            if let Err((col, msg)) = self.row(&rec, &cols, at, ledger) {
                // Checked only on a failed row: the hot path never pays for it.
                let p = if input.repeats_header(&rec) {
                    Problem::new(input.place(line, None), input::repeated_header())
                } else {
                    Problem::new(input.place(line, col), msg)
                };
                problems.push(p);
            }
        }
        self.settle(&mut queue, ledger, input, &cols, &mut problems);
        problems.drain_into(&file, all);
    }

    /// Applies the common rows still waiting, before a row that is not one
    /// (or the end): each row sees the ledger, and each problem takes its
    /// place, as if every row were applied when read.
    fn settle(
        &self,
        queue: &mut Queue,
        ledger: &mut Ledger,
        input: &Input,
        cols: &Cols,
        problems: &mut Problems,
    ) {
        let mut late = Vec::new();
        queue.flush(ledger, |o| late.push(o));
        for o in late {
            let msg = self.overflowed(&o, ledger);
            problems.push(Problem::new(input.place(o.at.line, cols.count), msg));
        }
    }

    /// Finds the columns; a header naming item ids and no `item` column is
    /// a score sheet.
    fn columns(&self, header: &[String], file: &str) -> Result<Cols, Vec<Problem>> {
        let mut problems = Vec::new();
        let (found, others) = columns::locate(header, KNOWN, file, &mut problems);
        let Some(unit) = found[0] else {
            problems.push(columns::no_unit(file, header));
            return Err(problems);
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let wide = if found[1].is_none() {
            others
                .iter()
                .filter_map(|&pos| self.items.get(header[pos].as_str()).map(|&i| (pos, i)))
                .collect()
        } else {
            Vec::new()
        };
        Ok(Cols {
            unit,
            item: found[1],
            rule: found[2],
            count: found[3],
            points: found[4],
            score: found[5],
            value: found[6],
            period: found[7],
            note: found[8],
            wide,
        })
    }
}

/// Checks that run once all files are read: a `score` and deductions for
/// the same unit, period and item, which may sit in different files.
pub fn cross_checks(ledger: &Ledger, files: &[String], rubric: &Rubric, all: &mut Vec<Problem>) {
    for (unit, period, item, score_at, other) in ledger.conflicts() {
        let line = other.line;
        let other_place = if other.file == score_at.file {
            crate::tr!("line {line}", "第 {line} 行")
        } else {
            let file = &files[other.file as usize];
            crate::tr!("{file}:{line}", " {file} 第 {line} 行")
        };
        let in_period = rubric
            .periods
            .labels
            .get(period)
            .map(|l| crate::tr!(" in period \"{l}\"", "（考核期 \"{l}\"）"))
            // In Chinese the space before 在 goes only after a closing quote.
            .unwrap_or_else(|| crate::tr!("", " "));
        let (name, id) = (ledger.name(unit), &rubric.items[item].id);
        all.push(Problem::at(
            &files[score_at.file as usize],
            score_at.line,
            crate::tr!(
                "unit \"{name}\" item \"{id}\"{in_period} has a score here and deductions at {other_place}: give one or the other",
                "单位 \"{name}\" 指标 \"{id}\"{in_period}在此行有得分，在{other_place}又有扣分：二者只能给其一"
            ),
        ));
    }
}

impl Reader<'_> {
    /// The index of a row's period; with no periods declared, 0.
    fn period(&self, period: &str) -> Result<usize, String> {
        let labels = &self.rubric.periods.labels;
        match (period.is_empty(), labels.is_empty()) {
            (true, true) => Ok(0),
            (false, true) => Err(crate::tr!(
                "period \"{period}\" given, but the rubric declares no periods",
                "给了考核期 \"{period}\"，但考核细则没有声明考核期"
            )),
            (true, false) => Err(crate::tr!(
                "`period` is empty; the rubric's periods are: {}",
                "`period` 为空；考核细则的考核期有：{}",
                columns::list(labels)
            )),
            (false, false) => labels.iter().position(|l| l == period).ok_or_else(|| {
                let hint =
                    suggest::quoted(suggest::closest(period, labels.iter().map(String::as_str)));
                crate::tr!(
                    "unknown period \"{period}\"{hint}; the rubric's periods are: {}",
                    "未知考核期 \"{period}\"{hint}；考核细则的考核期有：{}",
                    columns::list(labels)
                )
            }),
        }
    }
}
