//! The command line: flags, help text and subcommands.

use clap::{Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Examples:
  score --rubric gov2022 findings.csv
  score --rubric gov2022 --units units.csv --format csv --output results.csv findings.csv
  score --rubric my-rules.toml --detail a.csv b.csv
  score --rubric gov2022 --format xlsx --output results.xlsx findings.xlsx
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

    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

    /// One row per unit and item, with deductions, caps and reasons
    #[arg(long, short = 'd')]
    pub detail: bool,

    /// Write results to FILE (whole or not at all) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,

    /// Exit 3 when a quota (max or min) is not met; results are still written
    #[arg(long)]
    pub strict: bool,

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
        /// A score sheet: one row per unit, one column per scored item
        #[arg(long)]
        wide: bool,
        /// csv, or xlsx (the default when --output ends in .xlsx)
        #[arg(long, short = 'f', value_enum)]
        format: Option<TemplateFormat>,
        /// Write to FILE instead of standard output
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A terminal table that lines up Chinese text, with the quota report
    Table,
    /// Comma-separated values with English headers, for scripts
    Csv,
    /// A Markdown table, for reports
    Md,
    /// JSON with exact numbers and every finding
    Json,
    /// A workbook with results, detail and quota sheets (needs --output)
    Xlsx,
}
