//! The `score` binary: parse arguments, call the library, print messages
//! and pick the exit code. Nothing else lives here.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use score::error::{Error, Problem};
use score::lang::Lang;
use score::report::Format;

mod cli;
mod help_zh;
mod progress;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let (flag, args) = cli::take_lang(std::env::args_os().collect());
    let lang = flag.unwrap_or_else(Lang::detect);
    score::lang::set(lang);
    let cli = match parse(lang, args) {
        Ok(cli) => cli,
        Err(e) => match help_zh::error(&e).filter(|_| lang == Lang::Zh) {
            Some(msg) => {
                eprintln!("{msg}");
                return ExitCode::from(e.exit_code() as u8);
            }
            None => e.exit(),
        },
    };
    match dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("{}", prefixed(&e));
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// The command line, with help in the user's language.
fn parse(lang: Lang, args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    let cmd = match lang {
        Lang::En => Cli::command(),
        Lang::Zh => help_zh::localize(Cli::command()),
    };
    Cli::from_arg_matches(&cmd.try_get_matches_from(args)?)
}

/// Error text for the terminal: a usage error is prefixed like clap's.
fn prefixed(e: &Error) -> String {
    match e {
        Error::Usage(msg) => score::tr!("error: {msg}", "错误：{msg}"),
        Error::Invalid(_) | Error::Write(_) => e.to_string(),
    }
}

fn dispatch(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Some(Command::Check { rubric }) => {
            emit(score::check(&rubric)?.as_bytes())?;
            Ok(0)
        }
        Some(Command::Rubrics) => {
            emit(score::list_rubrics().as_bytes())?;
            Ok(0)
        }
        Some(Command::Template {
            rubric,
            units,
            wide,
            format,
            output,
            bom,
        }) => {
            let allowed = [Format::Csv, Format::Xlsx];
            let format = cli::pick_format(format, output.as_deref(), &allowed, Format::Csv)?;
            if format == Format::Xlsx && output.is_none() {
                return Err(Error::Usage(score::tr!(
                    "an xlsx template needs --output FILE",
                    "xlsx 模板须用 --output FILE 指定文件"
                )));
            }
            let req = score::TemplateRequest {
                rubric,
                units,
                wide,
                format,
                bom,
            };
            let loaded = score::rubric::load(&req.rubric)?;
            if let Some(out) = &output {
                score::is_input(out, &score::input_paths(&req.units, &loaded))?;
            }
            let bytes = score::template(&req, &loaded)?;
            write_out(output.as_deref(), &bytes)?;
            Ok(0)
        }
        Some(Command::Sql {
            rubric,
            dialect,
            findings,
            units,
            detail,
            check,
            categories,
        }) => {
            let query = score::sql::Query {
                dialect: score::sql::Dialect::from_name(&dialect)
                    .unwrap_or(score::sql::Dialect::DuckDb),
                findings,
                units,
                detail,
                check,
                categories,
            };
            let loaded = score::rubric::load(&rubric)?;
            emit(score::sql::compile(&loaded, &query)?.as_bytes())?;
            Ok(0)
        }
        None => run(cli),
    }
}

fn run(cli: Cli) -> Result<u8, Error> {
    let format = cli::pick_format(
        cli.format,
        cli.output.as_deref(),
        &Format::ALL,
        Format::Table,
    )?;
    cli::check_run(&cli, format)?;
    let req = score::Request {
        rubric: cli.rubric.unwrap_or_default(),
        units: cli.units,
        findings: cli.findings,
        format,
        detail: cli.detail,
        bom: cli.bom,
        compare: cli.compare,
        sheets: cli
            .sheets
            .as_deref()
            .map(score::report::html::sheet_names)
            .transpose()?,
    };
    let loaded = score::load_rubric(&req)?;
    if let Some(out) = &cli.output {
        let sheets_file = cli
            .sheets
            .as_deref()
            .and_then(|s| s.strip_prefix('@'))
            .map(str::to_string);
        let files = req.findings.iter().chain(&req.units).chain(&req.compare);
        let inputs = score::input_paths(files.chain(&sheets_file), &loaded);
        score::is_input(out, &inputs)?;
    }
    let bar = progress::Bar::new(!cli.quiet);
    let mut out = Out::open(cli.output.as_deref(), &bar)?;
    let report = |p| bar.update(p);
    let outcome = score::run_with_progress(&req, &loaded, Some(&report), &mut out);
    bar.finish();
    let outcome = outcome.map_err(|e| out.failed(e))?;
    out.close()?;
    // A quota report the terminal already shows is not repeated below it.
    let shown = cli.output.is_none() && format.reports_quotas() && std::io::stdout().is_terminal();
    if !cli.quiet {
        let quotas = if shown {
            &[][..]
        } else {
            &outcome.quota_warnings[..]
        };
        for w in quotas.iter().chain(&outcome.warnings) {
            eprintln!("{w}");
        }
    }
    Ok(if cli.strict && outcome.quota_failed {
        3
    } else {
        0
    })
}

/// Writes bytes to the output file (whole or not at all) or standard output.
fn write_out(output: Option<&str>, bytes: &[u8]) -> Result<(), Error> {
    match output {
        Some(path) => score::output::write_atomic(path, bytes),
        None => emit(bytes),
    }
}

/// Where results go as they are rendered: a file, written whole or not at
/// all, or standard output (the progress bar cleared off the terminal
/// before the first row).
enum Out<'a> {
    File(score::output::AtomicFile),
    Stdout(std::io::BufWriter<std::io::Stdout>, &'a progress::Bar),
}

impl<'a> Out<'a> {
    fn open(path: Option<&str>, bar: &'a progress::Bar) -> Result<Out<'a>, Error> {
        let stdout = || std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
        Ok(match path {
            Some(p) => Out::File(score::output::AtomicFile::create(p)?),
            None => Out::Stdout(stdout(), bar),
        })
    }

    /// Names the output in an error met writing it.
    fn failed(&self, e: Error) -> Error {
        match (self, e) {
            (Out::File(f), Error::Write(e)) => f.failed(&e),
            (Out::Stdout(..), Error::Write(e)) => stdout_failed(e),
            (_, e) => e,
        }
    }

    /// Finishes the file (renamed over its path) or flushes standard output.
    fn close(self) -> Result<(), Error> {
        match self {
            Out::File(f) => f.commit(),
            Out::Stdout(mut w, _) => w.flush().map_err(stdout_failed),
        }
    }
}

impl Write for Out<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Out::File(f) => f.write(buf),
            Out::Stdout(w, bar) => {
                bar.finish();
                w.write(buf)
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Out::File(f) => f.flush(),
            Out::Stdout(w, _) => w.flush(),
        }
    }
}

/// Writes to standard output. A reader that went away (`| head`; on Windows
/// ERROR_NO_DATA, which std also calls `BrokenPipe`) is not an error worth a
/// message: exit 0 quietly. Any other failure (a full disk) is an error.
fn emit(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .map_err(stdout_failed)
}

fn stdout_failed(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    Error::invalid(Problem::file(
        &score::tr!("standard output", "标准输出"),
        score::tr!("cannot write: {e}", "无法写入：{e}"),
    ))
}
