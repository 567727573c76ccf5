//! The rubric stage: parse the TOML, validate it, and hand the core a plan.

mod bands;
mod check;
mod fields;
mod items;
mod keys;
mod parse;
mod plan;
mod rules;
mod slips;
mod validate;

pub use check::declared;
pub use plan::*;

use crate::error::{Error, Place, Problem};
use crate::source;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// The built-in rubrics: `(id, TOML text)`, sorted by id.
pub fn builtins() -> &'static [(&'static str, &'static str)] {
    builtin::BUILTIN
}

/// Where a rubric came from, for messages and for keeping outputs off inputs.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub rubric: Rubric,
    /// The file the rubric was read from; `None` for a built-in one.
    pub path: Option<std::path::PathBuf>,
}

/// Finds a rubric: a file at `name`, or else the built-in rubric whose id
/// is `name` with or without `.toml`.
pub fn load(name: &str) -> Result<Loaded, Error> {
    let path = std::path::Path::new(name);
    if path.exists() {
        let bytes = source::read_file(name)?;
        if is_workbook(name, &bytes) {
            return Err(Error::invalid(Problem::file(
                name,
                crate::tr!(
                    "is a workbook, not a rubric: a rubric is a TOML file (see `score rubrics` and docs/rubric.md)",
                    "是工作簿，不是考核细则：考核细则是 TOML 文件（见 `score rubrics` 和 docs/rubric.md）"
                ),
            )));
        }
        let text = source::decode_whole(&bytes, name)?;
        let rubric = from_str(&text, name)?;
        return Ok(Loaded {
            rubric,
            path: Some(path.to_path_buf()),
        });
    }
    let id = name.strip_suffix(".toml").unwrap_or(name);
    match builtins().iter().find(|(b, _)| *b == id) {
        Some((b, text)) => Ok(Loaded {
            rubric: from_str(text, &format!("{b}.toml"))?,
            path: None,
        }),
        None => {
            let ids: Vec<&str> = builtins().iter().map(|(b, _)| *b).collect();
            let sep = crate::tr!(", ", "、");
            Err(Error::invalid(Problem::file(
                name,
                crate::tr!(
                    "no such file, and no built-in rubric of that name (built-in: {})",
                    "没有这个文件，也没有这个名称的内置细则（内置：{}）",
                    ids.join(&sep)
                ),
            )))
        }
    }
}

/// Parses and validates rubric text; `file` labels messages. Unknown keys
/// and every other problem are reported together; a syntax error, a wrong
/// type or a missing key stops the reading there.
pub fn from_str(text: &str, file: &str) -> Result<Rubric, Error> {
    let lines = check::Lines::new(text);
    let at = |span: Option<std::ops::Range<usize>>, msg: &str| {
        Problem::at(
            file,
            span.map(|s| lines.line(s.start)).unwrap_or(1),
            one_line(msg),
        )
    };
    let mut problems: Vec<Problem> = keys::unknown(text)
        .map_err(|(span, msg)| match table_line(text) {
            Some(line) => Error::invalid(Problem::at(
                file,
                line,
                crate::tr!(
                    "not a TOML rubric: expected `key = value` (is this a findings CSV?); a rubric is a TOML file (see `score rubrics` and docs/rubric.md)",
                    "不是 TOML 格式的考核细则：应为 `key = value`（这是考核发现 CSV 吗？）；考核细则是 TOML 文件（见 `score rubrics` 和 docs/rubric.md）"
                ),
            )),
            // A slip of a Chinese input method is named where it is, with
            // its fix, rather than as the TOML reader words what follows.
            None => match slips::find(text) {
                found if !found.is_empty() => Error::Invalid(
                    found
                        .into_iter()
                        .map(|s| Problem::new(Place::Col(file.into(), s.line, s.col), s.message))
                        .collect(),
                ),
                _ => Error::invalid(at(span.clone(), &parse::message(text, span, &msg))),
            },
        })?
        .into_iter()
        .map(|(span, msg)| at(Some(span), &msg))
        .collect();
    let raw = match parse::parse(text) {
        Ok(raw) => raw,
        Err((span, msg)) => {
            problems.push(at(span, &msg));
            return Err(Error::Invalid(problems));
        }
    };
    match validate::validate(raw, file, text) {
        Ok(rubric) if problems.is_empty() => Ok(rubric),
        Ok(_) => Err(Error::Invalid(problems)),
        Err(more) => {
            problems.extend(more);
            problems.sort_by_key(|p| match p.place {
                Place::Line(_, l) => l,
                _ => u64::MAX,
            });
            Err(Error::Invalid(problems))
        }
    }
}

/// A workbook given as the rubric, by its name or its first bytes (a zip,
/// as .xlsx and .ods are, or the OLE file of an old .xls).
fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    let ext = std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xls" | "ods"))
        || bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// The line of a rubric that does not parse whose first line of content
/// reads like a CSV header (`unit,item,rule,count`): a findings or roster
/// file given as `--rubric`.
fn table_line(text: &str) -> Option<u64> {
    let (i, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let l = line.trim();
    (l.contains(',') && !l.contains('=') && !l.starts_with('[')).then_some(i as u64 + 1)
}

/// The TOML reader's messages can span lines; ours are one line each.
fn one_line(msg: &str) -> String {
    msg.split_whitespace().collect::<Vec<_>>().join(" ")
}
