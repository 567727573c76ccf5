//! The one helper every integration test uses: a fresh temp dir to write a rubric and findings
//! into, and a way to run the built `score` binary there (xsv's `Workdir`).
//!
//! Figures are compared as the text the binary prints (`3.2`, `0.8`, `100`), so the tests check
//! the arithmetic and the number format together: CSV is read with the `csv` crate, JSON with
//! `serde_json` (numbers keep their exact text), and each figure is compared at its place, never
//! searched for as a substring. `decimal` turns that text into an exact integer for the few
//! places (property tests) that add figures up.
#![allow(dead_code)]

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

/// A fresh temporary folder, removed when the test ends.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        let dir = tempfile::Builder::new()
            .prefix("score-test-")
            .tempdir()
            .expect("create temp dir");
        Workdir { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a UTF-8 text file (creating parent folders), relative to the temp dir.
    pub fn write(&self, name: &str, contents: &str) {
        self.write_bytes(name, contents.as_bytes());
    }

    pub fn write_bytes(&self, name: &str, contents: &[u8]) {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create parent dir");
        }
        fs::write(&path, contents).expect("write test file");
    }

    pub fn mkdir(&self, name: &str) {
        fs::create_dir_all(self.path().join(name)).expect("create dir");
    }

    pub fn read(&self, name: &str) -> String {
        fs::read_to_string(self.path().join(name)).expect("read file")
    }

    pub fn exists(&self, name: &str) -> bool {
        self.path().join(name).exists()
    }

    /// Lists the names in the temp dir, sorted (to check that nothing stray was left behind).
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.path())
            .expect("read temp dir")
            .map(|e| {
                e.expect("dir entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    /// Runs `score ARGS...` with the temp dir as the working directory.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_stdin(args, b"")
    }

    /// Runs `score ARGS...` feeding `input` on standard input.
    pub fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        let mut cmd = assert_cmd::Command::cargo_bin("score").expect("the score binary is built");
        cmd
            // Messages in English whatever the developer's locale.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C")
            .args(args)
            .current_dir(self.path())
            .write_stdin(input.to_vec());
        started(|| cmd.output()).expect("run score")
    }

    /// Runs and insists on exit 0, returning stdout; shows stderr when it fails.
    pub fn run_ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(code(&out), 0, "score {:?} failed\n{}", args, describe(&out));
        stdout(&out)
    }

    /// Runs with `--format csv` appended and parses the result into rows by column name.
    pub fn csv(&self, args: &[&str]) -> Vec<HashMap<String, String>> {
        let mut all: Vec<&str> = args.to_vec();
        all.extend_from_slice(&["--format", "csv"]);
        csv_rows(&self.run_ok(&all))
    }
}

/// Starts a process with `start` (a `Command`'s `output` or `spawn`), again when Wine could not.
///
/// Under Wine (the Windows suite, `.ci/windows`) starting a process now and then fails on a
/// loaded machine with ERROR_INTERNAL_ERROR (1359) before the program runs at all, so starting it
/// again is safe. Any other error, and that one after ten tries, is returned as it is; on other
/// systems every error is.
pub fn started<T>(mut start: impl FnMut() -> std::io::Result<T>) -> std::io::Result<T> {
    const INTERNAL_ERROR: i32 = 1359;
    let mut tries: u64 = 1;
    loop {
        match start() {
            Err(e) if cfg!(windows) && e.raw_os_error() == Some(INTERNAL_ERROR) && tries < 10 => {
                std::thread::sleep(Duration::from_millis(200 * tries));
                tries += 1;
            }
            result => return result,
        }
    }
}

/// The manifest folder of the crate (where `rubrics/` and `tests/data/` live).
pub fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The exit status; -1 when the process was killed by a signal (a crash is never a pass).
pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// Exit code, stdout and stderr, for assertion messages.
pub fn describe(out: &Output) -> String {
    format!(
        "exit: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        code(out),
        stdout(out),
        stderr(out)
    )
}

/// Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF, optional BOM) into
/// rows keyed by the header's column names.
pub fn csv_rows(text: &str) -> Vec<HashMap<String, String>> {
    let mut records = csv_records(text);
    if records.is_empty() {
        return Vec::new();
    }
    let header = records.remove(0);
    records
        .into_iter()
        .map(|rec| {
            assert_eq!(
                rec.len(),
                header.len(),
                "csv row {:?} does not match header {:?}",
                rec,
                header
            );
            header.iter().cloned().zip(rec).collect()
        })
        .collect()
}

/// The header row of CSV text.
pub fn csv_header(text: &str) -> Vec<String> {
    csv_records(text).into_iter().next().unwrap_or_default()
}

/// Splits CSV text into records of fields (the `csv` crate; blank lines are skipped, rows may
/// differ in length so that `csv_rows` can say which one is ragged).
pub fn csv_records(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|rec| match rec {
            Ok(rec) => rec.iter().map(str::to_string).collect(),
            Err(e) => panic!("not CSV: {e}\n{text}"),
        })
        .collect()
}

/// The one row whose `unit` is `unit` (panics, showing the rows, if there is not exactly one).
pub fn unit_row<'a>(
    rows: &'a [HashMap<String, String>],
    unit: &str,
) -> &'a HashMap<String, String> {
    let found: Vec<_> = rows.iter().filter(|r| r["unit"] == unit).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one row for unit {unit:?} in {rows:#?}"
    );
    found[0]
}

/// The one `--detail` row for `unit` and `item`.
pub fn detail_row<'a>(
    rows: &'a [HashMap<String, String>],
    unit: &str,
    item: &str,
) -> &'a HashMap<String, String> {
    let found: Vec<_> = rows
        .iter()
        .filter(|r| r["unit"] == unit && r["item"] == item)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one detail row for {unit:?} {item:?} in {rows:#?}"
    );
    found[0]
}

/// The values of `columns` in `row`, in that order, to compare several figures at once.
pub fn pick<'a>(row: &'a HashMap<String, String>, columns: &[&str]) -> Vec<&'a str> {
    columns
        .iter()
        .map(|c| match row.get(*c) {
            Some(v) => v.as_str(),
            None => panic!("no column {c:?} in {row:?}"),
        })
        .collect()
}

/// The value of `column` for each row, in output order.
pub fn column(rows: &[HashMap<String, String>], column: &str) -> Vec<String> {
    rows.iter().map(|r| r[column].clone()).collect()
}

/// Errors in the `FILE:LINE: message` form whose FILE is exactly `file`, as (line, message).
pub fn errors_for(stderr: &str, file: &str) -> Vec<(usize, String)> {
    let prefix = format!("{file}:");
    stderr
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix(&prefix)?;
            let (num, msg) = rest.split_once(':')?;
            let line = num.trim().parse().ok()?;
            Some((line, msg.trim().to_string()))
        })
        .collect()
}

/// Asserts that stderr has an error `FILE:LINE:` whose message contains every one of `words`.
pub fn assert_error(out: &Output, file: &str, line: usize, words: &[&str]) {
    let errs = errors_for(&stderr(out), file);
    let hit = errs
        .iter()
        .any(|(l, msg)| *l == line && words.iter().all(|w| msg.contains(w)));
    assert!(
        hit,
        "expected an error {file}:{line}: containing {words:?}\n{}",
        describe(out)
    );
}

/// Asserts a failed run in the "invalid input" way: exit 1 and nothing on stdout.
pub fn assert_invalid(out: &Output) {
    assert_eq!(
        code(out),
        1,
        "expected exit 1 (invalid input)\n{}",
        describe(out)
    );
    assert!(
        out.stdout.is_empty(),
        "nothing may be written on invalid input\n{}",
        describe(out)
    );
}

/// The 1-based number of the line of `text` that contains `needle` (the first such line), to
/// point at a rubric key without counting lines by hand.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
}

/// Exact value of a printed decimal, in millionths (`"-7.2"` -> -7_200_000); panics on more than
/// six decimals or on anything that is not a plain decimal (no exponents, no `NaN`).
pub fn decimal(text: &str) -> i128 {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    assert!(
        !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
            && frac.len() <= 6,
        "not a plain decimal: {text:?}"
    );
    let mut frac = frac.to_string();
    while frac.len() < 6 {
        frac.push('0');
    }
    let value: i128 = int.parse::<i128>().unwrap() * 1_000_000 + frac.parse::<i128>().unwrap();
    if neg {
        -value
    } else {
        value
    }
}

/// Parses JSON output (numbers keep their exact text: serde_json's `arbitrary_precision`).
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON: {e}\n{text}"))
}

/// The value at a JSON pointer (`/rubric/total`), panicking with the document when absent.
pub fn at<'a>(doc: &'a serde_json::Value, pointer: &str) -> &'a serde_json::Value {
    doc.pointer(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in {doc:#}"))
}

/// The number at a JSON pointer, as its exact text (`7.6`); panics when it is not a JSON number
/// (a figure written as a string is a bug).
pub fn json_number(doc: &serde_json::Value, pointer: &str) -> String {
    match at(doc, pointer) {
        serde_json::Value::Number(n) => n.to_string(),
        other => panic!("{pointer} is {other}, not a number, in {doc:#}"),
    }
}

/// The index in `/units` of the one unit named `unit`.
pub fn json_unit(doc: &serde_json::Value, unit: &str) -> usize {
    let units = at(doc, "/units")
        .as_array()
        .unwrap_or_else(|| panic!("/units is not an array in {doc:#}"));
    let found: Vec<usize> = (0..units.len())
        .filter(|&i| units[i]["unit"] == unit)
        .collect();
    assert_eq!(found.len(), 1, "expected one unit {unit:?} in {doc:#}");
    found[0]
}

/// The cells of a table line (Markdown `|` or the terminal table's `│`, `┆`), trimmed; empty
/// for a line that is not a row.
pub fn table_cells(line: &str) -> Vec<String> {
    let cells: Vec<String> = line
        .split(['|', '│', '┆'])
        .map(|c| c.trim().to_string())
        .collect();
    if cells.len() < 3 {
        return Vec::new();
    }
    // Drop what lies outside the first and last bar.
    cells[1..cells.len() - 1].to_vec()
}

/// The cell in column `header` of the row whose first cell is `unit`, in a printed table.
pub fn table_cell(table: &str, unit: &str, header: &str) -> String {
    let rows: Vec<Vec<String>> = table.lines().map(table_cells).collect();
    let col = rows
        .iter()
        .find_map(|r| r.iter().position(|c| c == header))
        .unwrap_or_else(|| panic!("no column {header:?} in\n{table}"));
    let found: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r.first().is_some_and(|c| c == unit))
        .collect();
    assert_eq!(found.len(), 1, "expected one row for {unit:?} in\n{table}");
    found[0]
        .get(col)
        .cloned()
        .unwrap_or_else(|| panic!("row {unit:?} has no column {header:?} in\n{table}"))
}
