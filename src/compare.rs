//! `--compare PREVIOUS.csv`: a previous run's results (last year's, or the
//! results before appeals, 复核) beside this run's. The previous run is read
//! from the CSV that `score --format csv` wrote, so nothing but that file
//! has to be kept between the two runs.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use crate::error::{Error, Problem};
use crate::lines::LineLog;
use crate::num::{self, show};
use crate::source;

/// One unit's result in the previous run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Previous {
    pub unit: String,
    /// Empty when the previous file had no kind column.
    pub kind: String,
    pub category: String,
    pub total: Decimal,
    /// Empty for an ungraded unit (a kind that starts at zero).
    pub grade: String,
    pub rank: u64,
}

/// A previous run's unit rows, found by unit name.
#[derive(Debug, Clone)]
pub struct Compare {
    /// The file as named on the command line.
    pub file: String,
    /// In the previous file's order.
    pub units: Vec<Previous>,
    by_name: FxHashMap<String, usize>,
}

/// What changed for a unit since the previous run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change<'a> {
    /// Scored in both runs.
    Both(&'a Previous),
    /// Only in this run (a new unit, or a renamed one).
    New,
}

/// The columns every unit-row format adds under `--compare`: English names
/// for CSV, the rubric's language for people, and whether they hold numbers.
pub const COLUMNS: [(&str, &str, bool); 5] = [
    ("previous_total", "上次总分", true),
    ("change", "增减", true),
    ("previous_grade", "上次等次", false),
    ("previous_rank", "上次排名", true),
    ("rank_change", "名次变化", true),
];

/// The `change` cell of a unit only in this run, and of one only in the
/// previous run, in English and Chinese.
pub const NEW: (&str, &str) = ("new", "新增");
pub const GONE: (&str, &str) = ("gone", "仅上次有");

impl Compare {
    /// Reads a results CSV that `score --format csv` wrote: one row per unit
    /// with at least `unit`, `total`, `grade` and `rank`. Every problem of
    /// the file is reported, each at its line.
    pub fn read(path: &str) -> Result<Compare, Error> {
        let bytes = source::read_file(path)?;
        let text = source::decode_whole(&bytes, path)?;
        Compare::parse(path, &text)
    }

    /// As [`Compare::read`], from text already in memory.
    pub fn parse(file: &str, text: &str) -> Result<Compare, Error> {
        // Lines as an editor shows them, also after Excel saved the file (CRLF).
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(LineLog::new(text.as_bytes()));
        let mut header = csv::StringRecord::new();
        match rdr.read_record(&mut header) {
            Ok(true) => {}
            Err(e) => return Err(Error::invalid(crate::input::csv_problem(file, &e, None))),
            Ok(false) => {
                let shape = shape();
                return Err(Error::invalid(Problem::file(
                    file,
                    crate::tr!("empty: {shape}", "是空文件：{shape}"),
                )));
            }
        }
        let cols = Cols::find(&header).map_err(|msg| Error::invalid(Problem::at(file, 1, msg)))?;
        let mut cmp = Compare {
            file: source::label(file).to_string(),
            units: Vec::new(),
            by_name: FxHashMap::default(),
        };
        let mut problems = Vec::new();
        let mut lines: Vec<u64> = Vec::new();
        let mut rec = csv::StringRecord::new();
        loop {
            match rdr.read_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map(|p| rdr.get_mut().line_of(p.byte()));
                    problems.push(crate::input::csv_problem(file, &e, line));
                    if e.is_io_error() {
                        break;
                    }
                    continue;
                }
            }
            let line = rdr
                .get_mut()
                .line_of(rec.position().map_or(0, |p| p.byte()));
            let problem = |msg| problems.push(Problem::at(file, line, msg));
            let Some(previous) = cols.previous(&rec, header.len()).map_err(problem).ok() else {
                continue;
            };
            if let Some(&first) = cmp.by_name.get(&previous.unit) {
                let name = &previous.unit;
                problems.push(Problem::at(
                    file,
                    line,
                    crate::tr!(
                        "unit \"{name}\" is listed twice (first on line {})",
                        "单位 \"{name}\" 出现了两次（第一次在第 {} 行）",
                        lines[first]
                    ),
                ));
                continue;
            }
            cmp.by_name.insert(previous.unit.clone(), cmp.units.len());
            lines.push(line);
            cmp.units.push(previous);
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        Ok(cmp)
    }

    /// The unit's change since the previous run.
    pub fn change(&self, unit: &str) -> Change<'_> {
        match self.by_name.get(unit) {
            Some(&i) => Change::Both(&self.units[i]),
            None => Change::New,
        }
    }

    /// The previous run's units that this run does not have, in the
    /// previous file's order.
    pub fn gone<'a, 'b>(&'a self, current: impl Iterator<Item = &'b str>) -> Vec<&'a Previous> {
        let mut seen = vec![false; self.units.len()];
        for name in current {
            if let Some(&i) = self.by_name.get(name) {
                seen[i] = true;
            }
        }
        self.units
            .iter()
            .zip(seen)
            .filter(|(_, s)| !s)
            .map(|(p, _)| p)
            .collect()
    }
}

/// `"total", "rank"` for a message.
fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a previous file must be, said after each problem with its shape.
fn shape() -> String {
    crate::tr!(
        "not the unit rows that `score --format csv` writes",
        "不是 `score --format csv` 写出的单位结果行"
    )
}

/// Column positions in a previous results CSV.
struct Cols {
    unit: usize,
    total: usize,
    grade: usize,
    rank: usize,
    kind: Option<usize>,
    category: Option<usize>,
}

impl Cols {
    /// The columns of a results CSV's header, or what is wrong with it.
    fn find(header: &csv::StringRecord) -> Result<Cols, String> {
        let shape = shape();
        let col = |name: &str| header.iter().position(|h| h.trim() == name);
        if col("item").is_some() {
            return Err(crate::tr!(
                "a --detail CSV (it has an \"item\" column): {shape}",
                "是 --detail 的 CSV（有 \"item\" 列）：{shape}"
            ));
        }
        let missing: Vec<&str> = ["unit", "total", "grade", "rank"]
            .into_iter()
            .filter(|c| col(c).is_none())
            .collect();
        let (Some(unit), Some(total), Some(grade), Some(rank)) =
            (col("unit"), col("total"), col("grade"), col("rank"))
        else {
            return Err(crate::tr!(
                "no column {}: {shape}",
                "没有 {} 列：{shape}",
                quoted(&missing)
            ));
        };
        Ok(Cols {
            unit,
            total,
            grade,
            rank,
            kind: col("kind"),
            category: col("category"),
        })
    }

    /// One unit's previous result, or the first thing wrong with its row.
    fn previous(&self, rec: &csv::StringRecord, width: usize) -> Result<Previous, String> {
        if rec.len() != width {
            let shape = shape();
            return Err(crate::tr!(
                "{} fields where the header has {}: {shape}",
                "此行有 {} 列，表头有 {} 列：{shape}",
                rec.len(),
                width
            ));
        }
        let cell = |i: usize| rec.get(i).unwrap_or_default().trim().to_string();
        let unit = cell(self.unit);
        if unit.is_empty() {
            return Err(crate::tr!("empty unit", "单位为空"));
        }
        let total_text = cell(self.total);
        let total = num::parse_decimal(&total_text).map_err(|_| {
            crate::tr!(
                "total \"{total_text}\" is not a number",
                "总分 \"{total_text}\" 不是数字"
            )
        })?;
        let rank_text = cell(self.rank);
        let rank = match rank_text.parse::<u64>() {
            Ok(r) if r > 0 => r,
            _ => {
                return Err(crate::tr!(
                    "rank \"{rank_text}\" is not a whole number from 1",
                    "排名 \"{rank_text}\" 不是从 1 起的整数"
                ))
            }
        };
        Ok(Previous {
            unit,
            kind: self.kind.map(cell).unwrap_or_default(),
            category: self.category.map(cell).unwrap_or_default(),
            total,
            grade: cell(self.grade),
            rank,
        })
    }
}

/// A difference with its sign: `+2.5`, `-1`, `0`.
pub fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", show(d))
    } else {
        show(d)
    }
}

/// Places gained since the previous run: `+2` moved up two places, `-1`
/// fell one, `0` kept its rank.
pub fn rank_change(previous: u64, now: usize) -> String {
    signed(Decimal::from(previous) - Decimal::from(now as u64))
}

/// The five compare cells of a unit in this run (see [`COLUMNS`]).
pub fn cells(change: Change, total: Decimal, rank: usize, chinese: bool) -> [String; 5] {
    match change {
        Change::Both(p) => [
            show(p.total),
            signed(total - p.total),
            p.grade.clone(),
            p.rank.to_string(),
            rank_change(p.rank, rank),
        ],
        Change::New => [
            String::new(),
            if chinese { NEW.1 } else { NEW.0 }.to_string(),
            String::new(),
            String::new(),
            String::new(),
        ],
    }
}

/// The five compare cells of a unit only in the previous run.
pub fn gone_cells(p: &Previous, chinese: bool) -> [String; 5] {
    [
        show(p.total),
        if chinese { GONE.1 } else { GONE.0 }.to_string(),
        p.grade.clone(),
        p.rank.to_string(),
        String::new(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        match Compare::parse("prev.csv", text) {
            Err(Error::Invalid(ps)) => ps
                .iter()
                .map(|p| format!("{}: {}", p.place, p.message))
                .collect::<Vec<_>>()
                .join("\n"),
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn reads_unit_rows() {
        let c = Compare::parse(
            "p.csv",
            "unit,kind,1,total,grade,rank\n甲,乡镇,30,92.5,优秀,1\n",
        )
        .unwrap();
        match c.change("甲") {
            Change::Both(p) => {
                assert_eq!(show(p.total), "92.5");
                assert_eq!(p.kind, "乡镇");
                assert_eq!(p.rank, 1);
            }
            Change::New => panic!("甲 is in the file"),
        }
        assert_eq!(c.change("乙"), Change::New);
        assert_eq!(c.gone(["乙"].into_iter()).len(), 1);
    }

    #[test]
    fn signs_changes() {
        assert_eq!(signed("2.50".parse().unwrap()), "+2.5");
        assert_eq!(signed("-1".parse().unwrap()), "-1");
        assert_eq!(signed(Decimal::ZERO), "0");
        assert_eq!(rank_change(5, 6), "-1");
        assert_eq!(rank_change(4, 1), "+3");
    }

    #[test]
    fn rejects_the_wrong_shape_at_its_line() {
        assert_eq!(
            err("unit,total\n甲,1\n"),
            "prev.csv:1: no column \"grade\", \"rank\": not the unit rows that `score --format csv` writes"
        );
        assert!(err("unit,item,total,grade,rank\n").starts_with("prev.csv:1: a --detail CSV"));
        assert_eq!(
            err("unit,total,grade,rank\n甲,1,优秀,1\n乙,x,,2\n丙,1,,0\n甲,2,,3\n丁,1\n"),
            "prev.csv:3: total \"x\" is not a number\n\
             prev.csv:4: rank \"0\" is not a whole number from 1\n\
             prev.csv:5: unit \"甲\" is listed twice (first on line 2)\n\
             prev.csv:6: 2 fields where the header has 4: not the unit rows that `score --format csv` writes"
        );
    }
}
