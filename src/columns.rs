//! Finding columns by name, English or Chinese, in any order; shared by the
//! findings and the roster readers.

use crate::error::Problem;
use crate::record::Record;

/// A column the reader knows: its English name and Chinese aliases.
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
}

/// The unit column, which findings and rosters both have.
pub const UNIT: Column = Column {
    name: "unit",
    aliases: &["单位", "单位名称", "考核对象"],
};

/// The problem of a header without a unit column.
pub fn no_unit(file: &str, header: &[String]) -> Problem {
    Problem::at(
        file,
        1,
        crate::tr!(
            "no `unit` (单位) column; the columns are: {}",
            "没有 `unit`（单位）列；现有的列：{}",
            list(header)
        ),
    )
}

/// Column names as a list in the current language: `a, b` or `a、b`.
pub fn list<S: AsRef<str>>(names: &[S]) -> String {
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    names.join(&crate::tr!(", ", "、"))
}

/// Header names as matched: trimmed, ASCII-lowercased.
fn normal(h: &str) -> String {
    h.trim().to_ascii_lowercase()
}

/// Finds each known column in `header`; returns their indices (in the order
/// of `known`) and which header positions matched nothing. A column named
/// twice is a problem at line 1.
pub fn locate(
    header: &[String],
    known: &[Column],
    file: &str,
    problems: &mut Vec<Problem>,
) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut found = vec![None; known.len()];
    let mut unknown = Vec::new();
    for (pos, h) in header.iter().enumerate() {
        let h = normal(h);
        match known
            .iter()
            .position(|c| c.name == h || c.aliases.contains(&h.as_str()))
        {
            Some(k) if found[k].is_some() => problems.push(Problem::at(
                file,
                1,
                crate::tr!(
                    "column `{}` appears twice",
                    "`{}` 列出现了两次",
                    known[k].name
                ),
            )),
            Some(k) => found[k] = Some(pos),
            None => unknown.push(pos),
        }
    }
    (found, unknown)
}

/// A field as text; `None` when it is not UTF-8 (reported by the caller).
pub fn text(rec: &Record, col: Option<usize>) -> Option<&str> {
    match col.and_then(|c| rec.get(c)) {
        None => Some(""),
        Some(b) => std::str::from_utf8(b).ok().map(str::trim),
    }
}
