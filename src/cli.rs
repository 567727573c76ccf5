//! The command line: flags, help text and subcommands. Part of the binary:
//! the library takes typed requests, never clap types.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};
use std::ffi::OsString;

use score::error::Error;
use score::lang::Lang;
use score::report::Format;

const AFTER_HELP: &str = "\
Examples:
  score --rubric gov2022 findings.csv
  score --rubric gov2022 --units units.csv --format csv --output results.csv findings.csv
  score --rubric my-rules.toml --detail a.csv b.csv
  score --rubric gov2022 --output results.xlsx findings.xlsx
  score --rubric gov2022 --bom --output results.csv findings.csv
  score --rubric gov2022 --units units.csv --output report.html findings.csv
  score --rubric gov2022 --compare last-year.csv --output report.html findings.csv
  score template --rubric gov2022 --units units.csv --output findings.xlsx
  score check gov2022
  score rubrics

Exit status: 0 success; 1 invalid input (rubric, roster or findings), nothing
written; 2 usage error; 3 results written but a quota failed under --strict.";

/// Score assessment findings against a published rubric (考核细则), exactly.
///
/// Reads the rules as a TOML rubric (a file, or the id of a built-in one),
/// streams the findings CSV files (UTF-8 with or without BOM, or GBK/GB18030
/// as Excel saves them), and prints each unit's section scores, total, grade
/// and rank, with every deduction explained under --detail.
#[derive(Debug, Parser)]
#[command(
    name = "score",
    version,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = AFTER_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// The rubric: a TOML file, or a built-in id such as gov2022 (see `score rubrics`)
    #[arg(long, short = 'r', value_name = "RUBRIC", required = true)]
    pub rubric: Option<String>,

    /// Roster of the units, CSV or workbook (unit, kind, category, attributes such
    /// as households); every roster unit is scored and a findings unit missing
    /// from it is an error
    #[arg(long, short = 'u', value_name = "UNITS.csv")]
    pub units: Option<String>,

    /// Output format [default: the one --output's extension names (.csv, .md, .json,
    /// .xlsx, .html), else table]
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = formats(&Format::ALL, true))]
    pub format: Option<Format>,

    /// One row per unit and item, with deductions, caps and reasons (table, csv and md; json,
    /// xlsx and html always hold them)
    #[arg(long, short = 'd')]
    pub detail: bool,

    /// Write results to FILE (whole or not at all) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,

    /// Start csv or md output with a UTF-8 byte-order mark, so that Excel on Chinese Windows
    /// opens the file without garbled text (scripts want none: the default)
    #[arg(long)]
    pub bom: bool,

    /// A previous results CSV (written by `score --format csv`: last year's, or before
    /// appeals): adds each unit's change in total, grade and rank to the output
    /// (previous_total, change, previous_grade, previous_rank, rank_change; rank_change +2
    /// means up two places); units in only one run are listed as new or gone
    #[arg(long, value_name = "PREVIOUS.csv")]
    pub compare: Option<String>,

    /// HTML only: the units whose feedback sheets (考核反馈单) the report holds, as
    /// UNIT,UNIT,… or @FILE (one unit name a line). Without it every unit gets a
    /// sheet, up to 2,000 units; above that the report holds the summary only
    #[arg(long, value_name = "UNIT,…|@FILE")]
    pub sheets: Option<String>,

    /// Exit 3 when a quota (max or min) is not met; results are still written
    #[arg(long)]
    pub strict: bool,

    /// Language of messages and help: zh or en [default: the user's locale (LC_ALL,
    /// LC_MESSAGES, LANG; on Windows the display language)]
    #[arg(long, global = true, value_name = "LANG", value_parser = ["zh", "en"])]
    pub lang: Option<String>,

    /// No warnings or progress on standard error (errors are still printed)
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Findings files (CSV, or .xlsx/.xls/.ods workbooks: first sheet), merged;
    /// `-` reads CSV from standard input
    #[arg(value_name = "FINDINGS", required = true)]
    pub findings: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a rubric and print its outline: sections, items, points, rules
    Check {
        /// A TOML file or a built-in id
        #[arg(value_name = "RUBRIC")]
        rubric: String,
    },
    /// List the built-in rubrics
    Rubrics,
    /// Write a findings file to fill in: one row per rule (per unit with a
    /// roster) with count 0, or with --wide a score sheet, one column per
    /// item. Scored as it comes, it gives every unit full marks.
    Template {
        /// A TOML file or a built-in id
        #[arg(long, short = 'r', value_name = "RUBRIC")]
        rubric: String,
        /// Roster of the units to list
        #[arg(long, short = 'u', value_name = "UNITS.csv")]
        units: Option<String>,
        /// A score sheet: one row per unit, one column per item (a score, or points for a bonus or penalty item)
        #[arg(long)]
        wide: bool,
        /// csv, or xlsx (the default when --output ends in .xlsx)
        #[arg(long, short = 'f', value_name = "FORMAT",
              value_parser = formats(&[Format::Csv, Format::Xlsx], false))]
        format: Option<Format>,
        /// Write to FILE instead of standard output
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<String>,
        /// Start a csv template with a UTF-8 byte-order mark, for Excel
        #[arg(long)]
        bom: bool,
    },
    /// Print one SQL query that scores a findings table as score does, for
    /// DuckDB, PostgreSQL-family databases or Spark (see docs/sql.md)
    Sql {
        /// A TOML file or a built-in id
        #[arg(long, short = 'r', value_name = "RUBRIC")]
        rubric: String,
        /// The engine the query is for: duckdb, postgres or spark
        #[arg(long, short = 'd', value_name = "DIALECT", hide_possible_values = true,
              value_parser = PossibleValuesParser::new(["duckdb", "postgres", "spark"]))]
        dialect: String,
        /// The findings table (schema.table allowed; default: findings)
        #[arg(
            long,
            value_name = "TABLE",
            default_value = "findings",
            hide_default_value = true
        )]
        findings: String,
        /// The units table, as --units gives a roster
        #[arg(long, short = 'u', value_name = "TABLE")]
        units: Option<String>,
        /// One row per unit, period and item, as --detail
        #[arg(long, conflicts_with = "check")]
        detail: bool,
        /// A query listing the rows score would reject, instead of results
        #[arg(long)]
        check: bool,
        /// The units table's category column is filled: rank within categories and show them
        /// (as score does when a roster unit has a category)
        #[arg(long, requires = "units")]
        categories: bool,
    },
}

/// The `--format` values, with the library's own names (and descriptions,
/// which are of results: a template's formats go without).
fn formats(allowed: &'static [Format], described: bool) -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(allowed.iter().map(move |f| {
        let value = PossibleValue::new(f.name());
        if described {
            value.help(f.about())
        } else {
            value
        }
    }))
    .try_map(|name| Format::from_name(&name).ok_or("unknown format"))
}

/// The format a run writes: `--format`, else the one `--output`'s
/// extension names, else `default`. A `--format` that contradicts the
/// extension is a usage error: text never lands in a `.xlsx`.
pub fn pick_format(
    flag: Option<Format>,
    output: Option<&str>,
    allowed: &[Format],
    default: Format,
) -> Result<Format, Error> {
    let named = output
        .and_then(Format::from_path)
        .filter(|f| allowed.contains(f));
    match (flag, named) {
        (Some(f), Some(n)) if f != n => Err(Error::Usage(score::tr!(
            "--format {0} does not match --output {1}: a .{2} file is written as --format {2} (or leave --format out)",
            "--format {0} 与 --output {1} 不符：.{2} 文件按 --format {2} 写出（或不给 --format）",
            f.name(),
            output.unwrap_or_default(),
            n.name()
        ))),
        (Some(f), _) | (None, Some(f)) => Ok(f),
        (None, None) => Ok(default),
    }
}

/// The usage checks clap cannot express, all in one place.
pub fn check_run(cli: &Cli, format: Format) -> Result<(), Error> {
    if format == Format::Xlsx && cli.output.is_none() {
        return Err(Error::Usage(score::tr!(
            "--format xlsx writes a workbook: give --output FILE.xlsx",
            "--format xlsx 写出工作簿：须用 --output FILE.xlsx 指定文件"
        )));
    }
    if cli.detail && !format.has_detail_flag() {
        return Err(Error::Usage(score::tr!(
            "--detail is for table, csv and md output: {0} always holds every item and finding",
            "--detail 只用于 table、csv 和 md 输出：{0} 总是包含每个指标和每条发现",
            format.name()
        )));
    }
    if cli.bom && !format.takes_bom() {
        return Err(Error::Usage(score::tr!(
            "--bom is for csv and md output, not {}",
            "--bom 只用于 csv 和 md 输出，不用于 {}",
            format.name()
        )));
    }
    if cli.sheets.is_some() && format != Format::Html {
        return Err(Error::Usage(score::tr!(
            "--sheets picks the feedback sheets of the HTML report, not of {} output",
            "--sheets 用于选择 HTML 报告中的考核反馈单，不用于 {} 输出",
            format.name()
        )));
    }
    if cli.compare.is_some() && cli.detail && format.has_detail_flag() {
        return Err(Error::Usage(score::tr!(
            "--compare adds columns to the unit rows, not to --detail rows: leave out --detail",
            "--compare 在单位行上加列，不加在 --detail 的明细行上：请去掉 --detail"
        )));
    }
    if cli.findings.iter().filter(|f| f.as_str() == "-").count() > 1 {
        return Err(Error::Usage(score::tr!(
            "standard input (-) can be read only once",
            "标准输入（-）只能读一次"
        )));
    }
    Ok(())
}

/// Takes `--lang zh|en` (or `--lang=…`) out of the arguments: it is read
/// before clap, so that clap's help and errors are in that language too,
/// and wherever it stands (before a subcommand, too). Any other value is
/// left for clap to refuse.
pub fn take_lang(args: Vec<OsString>) -> (Option<Lang>, Vec<OsString>) {
    let mut lang = None;
    let mut rest = Vec::with_capacity(args.len());
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        let text = a.to_string_lossy();
        let code = match text.strip_prefix("--lang") {
            Some("") => args
                .as_slice()
                .first()
                .map(|v| v.to_string_lossy().into_owned()),
            Some(v) => v.strip_prefix('=').map(str::to_string),
            None => None,
        };
        match code.as_deref().filter(|c| ["zh", "en"].contains(c)) {
            Some(c) => {
                lang = Lang::from_code(c);
                if text == "--lang" {
                    args.next();
                }
            }
            None => rest.push(a),
        }
    }
    (lang, rest)
}
