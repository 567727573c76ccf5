//! `score`: scores assessment findings against published rubrics.
//!
//! The pipeline runs one way: the rubric is parsed, validated and planned;
//! the roster and findings stream into a [`ledger::Ledger`]; scoring and
//! ranking are pure functions of plan and ledger; report writers render.

pub mod columns;
pub mod compare;
pub mod error;
pub mod findings;
pub mod input;
pub mod lang;
pub mod ledger;
pub mod lines;
pub mod num;
pub mod output;
pub mod plain;
pub mod ranking;
pub mod record;
pub mod report;
pub mod roster;
pub mod rubric;
pub mod scoring;
pub mod source;
pub mod sql;
mod suggest;
pub mod template;
mod threads;

use std::io::Write;
use std::path::{Path, PathBuf};

use error::Error;
use report::{Format, Results};

/// What a scoring run is asked to do.
#[derive(Debug, Clone)]
pub struct Request {
    pub rubric: String,
    pub units: Option<String>,
    pub findings: Vec<String>,
    pub format: Format,
    pub detail: bool,
    /// Start CSV or Markdown with a UTF-8 byte-order mark (for Excel).
    pub bom: bool,
    /// A previous results CSV to compare with (`--compare`).
    pub compare: Option<String>,
    /// The units whose feedback sheets the HTML report holds (`--sheets`).
    pub sheets: Option<Vec<String>>,
}

/// What a scoring run produced.
#[derive(Debug)]
pub struct Outcome {
    /// Quotas not met, for standard error (the table shows them too).
    pub quota_warnings: Vec<String>,
    /// Other warnings for standard error (unit names one character apart).
    pub warnings: Vec<String>,
    /// Whether a `max` or `min` quota was not met (exit 3 under --strict).
    pub quota_failed: bool,
}

/// The files a run reads (`-`, standard input, is no file), to keep
/// `--output` off them.
pub fn input_paths<'a>(
    files: impl IntoIterator<Item = &'a String>,
    rubric: &rubric::Loaded,
) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| f.as_str() != "-")
        .map(PathBuf::from)
        .collect();
    v.extend(rubric.path.clone());
    v
}

/// Loads the rubric of a request (separately, so `main` can check the
/// output path against every input before any work is done).
pub fn load_rubric(req: &Request) -> Result<rubric::Loaded, Error> {
    rubric::load(&req.rubric)
}

/// Scores the findings of a request against its loaded rubric, writing
/// the results into `out` once every check has passed: nothing is written
/// for input with problems.
pub fn run(req: &Request, loaded: &rubric::Loaded, out: &mut dyn Write) -> Result<Outcome, Error> {
    run_with_progress(req, loaded, None, out)
}

/// As [`run`], telling `progress` now and then how far the findings are read.
pub fn run_with_progress(
    req: &Request,
    loaded: &rubric::Loaded,
    progress: Option<&dyn Fn(findings::Progress)>,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let rb = &loaded.rubric;
    let roster = req
        .units
        .as_deref()
        .map(|u| roster::Roster::read(u, rb))
        .transpose()?;
    let previous = req
        .compare
        .as_deref()
        .map(compare::Compare::read)
        .transpose()?;
    // Standard input is read as a file (a temporary copy, unless it is a
    // file already; named `<stdin>` still): as fast, on both cores, and
    // readable again.
    let mut paths = req.findings.clone();
    let spool = match paths.iter().position(|f| f == "-") {
        Some(i) => source::spool_stdin()?.inspect(|s| paths[i] = s.path.clone()),
        None => None,
    };
    // Where each scored item's findings start is kept only to name it in a
    // clash with a score; files can be read again to find it, standard
    // input cannot.
    let again = paths.iter().all(|f| f != "-");
    let mut read = read_findings(rb, roster.as_ref(), &paths, again, progress)?;
    if read.0.lost_firsts() {
        read = read_findings(rb, roster.as_ref(), &paths, false, progress)?;
    }
    drop(spool);
    let (mut ledger, files, problems) = read;
    finish(
        rb,
        roster.as_ref(),
        &mut ledger,
        &files,
        problems,
        Asked {
            format: req.format,
            detail: req.detail,
            bom: req.bom,
            compare: previous.as_ref(),
            sheets: req.sheets.as_deref(),
        },
        out,
    )
}

/// Reads every findings file into a new ledger: the ledger, the files'
/// labels and their problems. `lean`: without the rows where scored
/// items' findings start (see [`ledger::Ledger::lost_firsts`]).
fn read_findings(
    rb: &rubric::Rubric,
    roster: Option<&roster::Roster>,
    paths: &[String],
    lean: bool,
    progress: Option<&dyn Fn(findings::Progress)>,
) -> Result<(ledger::Ledger, Vec<String>, Vec<error::Problem>), Error> {
    let mut ledger = new_ledger(rb, roster)?;
    if lean {
        ledger = ledger.without_firsts();
    }
    let mut reader = findings::Reader::new(rb, roster);
    if let Some(p) = progress {
        reader = reader.with_progress(p);
    }
    let mut problems = Vec::new();
    for f in paths {
        reader.read(f, &mut ledger, &mut problems)?;
    }
    Ok((ledger, reader.files, problems))
}

/// Scores open tables against a rubric, with no files involved: the core
/// of [`run`], for fuzzing and for programs that embed `score`.
pub fn score_tables(
    rb: &rubric::Rubric,
    roster: Option<&roster::Roster>,
    tables: Vec<input::Input>,
    format: Format,
    detail: bool,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let mut ledger = new_ledger(rb, roster)?;
    let mut reader = findings::Reader::new(rb, roster);
    let mut problems = Vec::new();
    for t in tables {
        reader.read_input(t, None, &mut ledger, &mut problems);
    }
    finish(
        rb,
        roster,
        &mut ledger,
        &reader.files,
        problems,
        Asked {
            format,
            detail,
            bom: false,
            compare: None,
            sheets: None,
        },
        out,
    )
}

/// How a run's results are to be rendered: the format and granularity, a
/// previous run to compare with, the feedback sheets to print.
#[derive(Clone, Copy)]
struct Asked<'a> {
    format: Format,
    detail: bool,
    /// Start CSV or Markdown with a byte-order mark.
    bom: bool,
    compare: Option<&'a compare::Compare>,
    sheets: Option<&'a [String]>,
}

/// A ledger holding the roster's units first, in roster order.
fn new_ledger(
    rb: &rubric::Rubric,
    roster: Option<&roster::Roster>,
) -> Result<ledger::Ledger, Error> {
    let mut ledger = ledger::Ledger::new(rb).map_err(|_| {
        Error::Usage(tr!(
            "rubric \"{}\" has too many periods × rules to score (a billion or more)",
            "考核细则 \"{}\" 的考核期 × 规则过多，无法计分（十亿或以上）",
            rb.id
        ))
    })?;
    for u in roster.iter().flat_map(|r| &r.units) {
        ledger.add_unit(&u.name, u.kind, u.category);
    }
    Ok(ledger)
}

/// Everything after the findings are read: cross-file checks, scoring,
/// ranking, quotas and rendering.
fn finish(
    rb: &rubric::Rubric,
    roster: Option<&roster::Roster>,
    ledger: &mut ledger::Ledger,
    files: &[String],
    mut problems: Vec<error::Problem>,
    asked: Asked,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    findings::cross_checks(ledger, files, rb, &mut problems);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    // A results table explains nothing: each unit's figures can take the
    // place of its findings once it is scored.
    let mut cards = if asked.format == Format::Csv && !asked.detail {
        scoring::score_compact(rb, ledger)
    } else {
        scoring::score(rb, ledger)
    };
    let ledger = &*ledger;
    ranking::rank(rb, &mut cards);
    let quotas = ranking::quotas(rb, &cards);
    let results = Results {
        rubric: rb,
        categories: roster.map(|r| r.categories.as_slice()).unwrap_or_default(),
        cards: &cards,
        quotas: &quotas,
        details: &scoring::Details::new(rb, ledger),
        compare: asked.compare,
        sheets: asked.sheets,
    };
    let quota_warnings = quotas
        .iter()
        .filter(|q| !q.met)
        .map(|q| tr!("warning: {}", "警告：{}", report::quota_line(rb, q)))
        .collect();
    let warnings = match roster {
        None => findings::typos::warnings(ledger),
        Some(_) => Vec::new(),
    };
    if asked.bom && asked.format.takes_bom() {
        out.write_all(report::BOM)?;
    }
    report::render(&results, asked.format, asked.detail, out)?;
    Ok(Outcome {
        quota_warnings,
        warnings,
        quota_failed: quotas.iter().any(|q| !q.met),
    })
}

/// What `score template` is asked for.
#[derive(Debug, Clone)]
pub struct TemplateRequest {
    pub rubric: String,
    pub units: Option<String>,
    pub wide: bool,
    /// `Csv` or `Xlsx`.
    pub format: Format,
    /// Start a CSV template with a UTF-8 byte-order mark (for Excel).
    pub bom: bool,
}

/// `score template`: a findings file to fill in, CSV or a workbook.
pub fn template(req: &TemplateRequest, loaded: &rubric::Loaded) -> Result<Vec<u8>, Error> {
    let rb = &loaded.rubric;
    let roster = req
        .units
        .as_deref()
        .map(|u| roster::Roster::read(u, rb))
        .transpose()?;
    let t = if req.wide {
        template::wide(rb, roster.as_ref())
    } else {
        template::long(rb, roster.as_ref())
    };
    match req.format {
        Format::Xlsx => report::template_workbook(&t),
        _ if req.bom => Ok([report::BOM, &report::csv_of(&t.grid)].concat()),
        _ => Ok(report::csv_of(&t.grid)),
    }
}

/// `score check`: validates a rubric and returns its outline.
pub fn check(name: &str) -> Result<String, Error> {
    Ok(report::outline(&rubric::load(name)?.rubric))
}

/// `score rubrics`: the built-in rubrics, one line each: id and name.
pub fn list_rubrics() -> String {
    let mut out = String::new();
    for (id, text) in rubric::builtins() {
        let name = rubric::from_str(text, &format!("{id}.toml"))
            .map(|r| r.name)
            .unwrap_or_else(|_| "(invalid)".to_string());
        out.push_str(&format!("{id}\t{name}\n"));
    }
    out
}

/// Whether a path names the same file as one of `paths`.
pub fn is_input(output: &str, paths: &[PathBuf]) -> Result<(), Error> {
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    output::check_not_input(output, &refs)
}
