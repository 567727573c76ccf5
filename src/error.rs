//! Typed errors that carry the place a problem was found, from where it is
//! found to `main`, which alone prints them and picks the exit code.

use std::fmt;

/// Where in the user's input a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A whole file (it could not be opened, it is empty, ...).
    File(String),
    /// A line of a text file; the header is line 1.
    Line(String, u64),
    /// A character of a text file: line and column, both from 1, as an
    /// editor counts them (for a rubric slip such as a Chinese quote).
    Col(String, u64, u64),
    /// A cell of a workbook: file, sheet, column index (0 = A), row (1-based).
    Cell(String, String, usize, u64),
    /// A whole row of a workbook: file, sheet, row.
    Row(String, String, u64),
}

/// A column index as spreadsheet letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl Place {
    pub fn line(file: &str, line: u64) -> Place {
        Place::Line(file.to_string(), line)
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File(file) => write!(f, "{file}"),
            Place::Line(file, line) => write!(f, "{file}:{line}"),
            Place::Col(file, line, col) => write!(f, "{file}:{line}:{col}"),
            Place::Cell(file, sheet, col, row) => {
                write!(f, "{file}:{sheet}!{}{row}", column_letters(*col))
            }
            Place::Row(file, sheet, row) => write!(f, "{file}:{sheet}!{row}:{row}"),
        }
    }
}

/// One thing wrong with the input, printed as `PLACE: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub message: String,
}

impl Problem {
    pub fn new(place: Place, message: impl Into<String>) -> Problem {
        Problem {
            place,
            message: message.into(),
        }
    }

    pub fn at(file: &str, line: u64, message: impl Into<String>) -> Problem {
        Problem::new(Place::line(file, line), message)
    }

    pub fn file(file: &str, message: impl Into<String>) -> Problem {
        Problem::new(Place::File(file.to_string()), message)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_are_lettered_like_a_spreadsheet() {
        assert_eq!(super::column_letters(0), "A");
        assert_eq!(super::column_letters(2), "C");
        assert_eq!(super::column_letters(25), "Z");
        assert_eq!(super::column_letters(26), "AA");
        assert_eq!(super::column_letters(27), "AB");
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// Why a run could not produce results.
#[derive(Debug)]
pub enum Error {
    /// The rubric, roster or findings are wrong: exit 1, nothing written.
    Invalid(Vec<Problem>),
    /// The command line asks for something impossible: exit 2.
    Usage(String),
    /// The results could not be written (a full disk, a closed pipe): exit
    /// 1. The caller knows where they were going and says so.
    Write(std::io::Error),
}

impl Error {
    pub fn invalid(problem: Problem) -> Error {
        Error::Invalid(vec![problem])
    }

    /// The exit status the spec gives this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) | Error::Write(_) => 1,
            Error::Usage(_) => 2,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
            Error::Usage(msg) => write!(f, "{msg}"),
            Error::Write(e) => write!(f, "{}", crate::tr!("cannot write: {e}", "无法写入：{e}")),
        }
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::Write(e)
    }
}

/// Collects the problems of one file, keeping a bounded number so that a
/// file with a million bad rows does not flood the terminal.
#[derive(Debug, Default)]
pub struct Problems {
    kept: Vec<Problem>,
    dropped: u64,
}

/// How many problems of one file are printed; the rest are counted.
pub const MAX_PROBLEMS_PER_FILE: usize = 200;

impl Problems {
    pub fn push(&mut self, p: Problem) {
        if self.kept.len() < MAX_PROBLEMS_PER_FILE {
            self.kept.push(p);
        } else {
            self.dropped += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// Moves this file's problems into `all`, with a closing line for any
    /// that were not kept.
    pub fn drain_into(self, file: &str, all: &mut Vec<Problem>) {
        all.extend(self.kept);
        if self.dropped > 0 {
            all.push(Problem::file(
                file,
                crate::tr!(
                    "{} more problems not shown",
                    "另有 {} 个问题未列出",
                    self.dropped
                ),
            ));
        }
    }
}
