//! The tools every rubric check uses: line numbers for byte spans, and a
//! checker that reads numbers, shares and words and keeps the problems.
//! Shared by `validate.rs`, `bands.rs`, `items.rs` and `rules.rs`, which
//! otherwise need nothing from each other's internals.

use std::collections::HashSet;
use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;

use super::parse::RawNum;
use crate::error::{Problem, Problems};
use crate::num;

/// Maps byte offsets of the source to 1-based line numbers.
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(source: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    pub fn line(&self, offset: usize) -> u64 {
        (self.starts.partition_point(|&s| s <= offset)) as u64
    }
}

/// Collects problems with their lines while the rubric is checked.
pub struct Checker<'a> {
    file: &'a str,
    lines: Lines,
    pub problems: Problems,
}

impl<'a> Checker<'a> {
    /// A checker for the rubric `source`, read from `file`.
    pub fn new(file: &'a str, source: &str) -> Checker<'a> {
        Checker {
            file,
            lines: Lines::new(source),
            problems: Problems::default(),
        }
    }

    /// Every problem found, or `Ok` when there were none.
    pub fn finish(self) -> Result<(), Vec<Problem>> {
        if self.problems.is_empty() {
            return Ok(());
        }
        let mut all = Vec::new();
        self.problems.drain_into(self.file, &mut all);
        Err(all)
    }

    pub fn at(&mut self, span: Range<usize>, msg: impl Into<String>) {
        let line = self.lines.line(span.start);
        self.problems.push(Problem::at(self.file, line, msg));
    }

    /// A plain number (points, bounds, shares); `key` names it in messages.
    pub fn number(&mut self, v: &Spanned<RawNum>, key: &str) -> Option<Decimal> {
        let d = match v.get_ref() {
            RawNum::Int(i) => Some(Decimal::from(*i)),
            RawNum::Float(f) if f.is_finite() => format!("{f}").parse::<Decimal>().ok(),
            RawNum::Float(_) => None,
            RawNum::Text(t) => {
                self.at(
                    v.span(),
                    crate::tr!(
                        "`{key}` must be a number, not \"{t}\"",
                        "`{key}` 应为数字，不能是 \"{t}\""
                    ),
                );
                return None;
            }
        };
        match d {
            Some(d) if d.abs() <= num::LIMIT => Some(d.normalize()),
            _ => {
                self.at(v.span(), too_large(key));
                None
            }
        }
    }

    /// A number that must be above zero.
    pub fn positive(&mut self, v: &Spanned<RawNum>, key: &str) -> Option<Decimal> {
        let d = self.number(v, key)?;
        if d <= Decimal::ZERO {
            self.at(
                v.span(),
                crate::tr!(
                    "`{key}` must be positive, got {}",
                    "`{key}` 应为正数，实为 {}",
                    num::show(d)
                ),
            );
            return None;
        }
        Some(d)
    }

    /// A share from 0 to 1, such as a quota's 0.40 or a rating's `top`.
    pub fn share(&mut self, v: &Spanned<RawNum>, key: &str, zero_ok: bool) -> Option<Decimal> {
        let d = self.number(v, key)?;
        let low_ok = if zero_ok {
            d >= Decimal::ZERO
        } else {
            d > Decimal::ZERO
        };
        if !low_ok || d > Decimal::ONE {
            self.at(
                v.span(),
                crate::tr!(
                    "`{key}` is a share from 0 to 1 (0.40 for 40%), got {}",
                    "`{key}` 是 0 到 1 之间的比例（40% 写作 0.40），实为 {}",
                    raw_text(v.get_ref())
                ),
            );
            return None;
        }
        Some(d)
    }

    /// One of a few words; `None` (and a problem) for anything else.
    pub fn choice<T: Copy>(
        &mut self,
        v: &Spanned<String>,
        key: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        match options.iter().find(|(w, _)| *w == v.get_ref()) {
            Some((_, t)) => Some(*t),
            None => {
                let words: Vec<String> = options.iter().map(|(w, _)| format!("\"{w}\"")).collect();
                let (got, or) = (v.get_ref(), crate::tr!(" or ", " 或 "));
                let msg = crate::tr!(
                    "`{key}` must be {}, got \"{got}\"",
                    "`{key}` 应为 {}，实为 \"{got}\"",
                    words.join(&or)
                );
                self.at(v.span(), msg);
                None
            }
        }
    }

    pub fn unique<'s>(&mut self, seen: &mut HashSet<&'s str>, id: &'s Spanned<String>, what: &str) {
        self.unique_in(seen, id, what, "");
    }

    /// As [`Checker::unique`], for ids unique only `within` something:
    /// `duplicate rule id "a" in item "1.1"`.
    pub fn unique_in<'s>(
        &mut self,
        seen: &mut HashSet<&'s str>,
        id: &'s Spanned<String>,
        what: &str,
        within: &str,
    ) {
        if id.get_ref().trim().is_empty() {
            self.at(
                id.span(),
                crate::tr!("{what} is empty{within}", "{within}{what}为空"),
            );
        } else if !seen.insert(id.get_ref().as_str()) {
            let msg = crate::tr!(
                "duplicate {what} \"{}\"{within}",
                "{within}{what} \"{}\" 重复",
                id.get_ref()
            );
            self.at(id.span(), msg);
        }
    }
}

/// `key` is too large for exact sums; the TOML reader's own overflow
/// (past 2^63) is reported in the same words.
pub fn too_large(key: &str) -> String {
    crate::tr!(
        "`{key}` is too large to compute exactly (at most 10^15)",
        "`{key}` 太大，无法精确计算（至多 10^15）"
    )
}

/// A value as the rubric wrote it, for messages and outlines.
pub fn raw_text(v: &RawNum) -> String {
    match v {
        RawNum::Int(i) => i.to_string(),
        RawNum::Float(f) => format!("{f}"),
        RawNum::Text(t) => t.clone(),
    }
}

/// ` (declared: a, b)` for messages about an undeclared name.
pub fn declared<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let list: Vec<&str> = names.collect();
    if list.is_empty() {
        crate::tr!(" (none are declared)", "（一个也没有声明）")
    } else {
        let sep = crate::tr!(", ", "、");
        crate::tr!(" (declared: {})", "（已声明：{}）", list.join(&sep))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_one_based() {
        let l = Lines::new("a\nbb\nc");
        assert_eq!(l.line(0), 1);
        assert_eq!(l.line(2), 2);
        assert_eq!(l.line(5), 3);
    }
}
