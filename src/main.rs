//! The `score` binary: parse arguments, call the library, print errors and
//! pick the exit code. Nothing else lives here.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use score::cli::{Cli, Command, FormatArg, TemplateFormat};
use score::error::Error;
use score::report::Format;

mod progress;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("{}", prefixed(&e));
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// Error text for the terminal: a usage error is prefixed like clap's.
fn prefixed(e: &Error) -> String {
    match e {
        Error::Usage(msg) => format!("error: {msg}"),
        Error::Invalid(_) => e.to_string(),
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
        }) => {
            let xlsx = match format {
                Some(f) => f == TemplateFormat::Xlsx,
                None => output.as_deref().is_some_and(score::input::is_workbook),
            };
            if xlsx && output.is_none() {
                return Err(Error::Usage("an xlsx template needs --output FILE".into()));
            }
            let req = score::TemplateRequest {
                rubric,
                units,
                wide,
                xlsx,
            };
            let loaded = score::rubric::load(&req.rubric)?;
            if let Some(out) = &output {
                let inputs: Vec<std::path::PathBuf> = req
                    .units
                    .iter()
                    .map(Into::into)
                    .chain(loaded.path.clone())
                    .collect();
                score::is_input(out, &inputs)?;
            }
            let bytes = score::template(&req, &loaded)?;
            write_out(output.as_deref(), &bytes)?;
            Ok(0)
        }
        None => run(cli),
    }
}

fn run(cli: Cli) -> Result<u8, Error> {
    let req = score::Request {
        rubric: cli.rubric.unwrap_or_default(),
        units: cli.units,
        findings: cli.findings,
        format: match cli.format {
            FormatArg::Table => Format::Table,
            FormatArg::Csv => Format::Csv,
            FormatArg::Md => Format::Md,
            FormatArg::Json => Format::Json,
            FormatArg::Xlsx => Format::Xlsx,
        },
        detail: cli.detail,
    };
    if req.format == Format::Xlsx && cli.output.is_none() {
        return Err(Error::Usage(
            "--format xlsx writes a workbook: give --output FILE.xlsx".into(),
        ));
    }
    if req.findings.iter().filter(|f| f.as_str() == "-").count() > 1 {
        return Err(Error::Usage(
            "standard input (-) can be read only once".into(),
        ));
    }
    let loaded = score::load_rubric(&req)?;
    if let Some(out) = &cli.output {
        score::is_input(out, &score::input_paths(&req, &loaded))?;
    }
    let bar = progress::Bar::new(!cli.quiet);
    let report = |p| bar.update(p);
    let outcome = score::run_with_progress(&req, &loaded, Some(&report));
    bar.finish();
    let outcome = outcome?;
    write_out(cli.output.as_deref(), &outcome.output)?;
    if !cli.quiet {
        for w in &outcome.warnings {
            eprintln!("{w}");
        }
    }
    Ok(if cli.strict && outcome.quota_failed {
        3
    } else {
        0
    })
}

/// Writes results to the output file (whole or not at all) or standard output.
fn write_out(output: Option<&str>, bytes: &[u8]) -> Result<(), Error> {
    match output {
        Some(path) => score::output::write_atomic(path, bytes),
        None => emit(bytes),
    }
}

/// Writes to standard output. A reader that went away (`| head`; on Windows
/// ERROR_NO_DATA, which std also calls `BrokenPipe`) is not an error worth a
/// message: exit 0 quietly. Any other failure (a full disk) is an error.
fn emit(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(Error::invalid(score::error::Problem::file(
            "standard output",
            format!("cannot write: {e}"),
        ))),
    }
}
