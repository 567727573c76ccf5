//! Turns the TOML as written into a [`Rubric`] plan, reporting every
//! problem at once with its line and key. Sections, items and rules are
//! checked in `items.rs`.

use std::collections::HashSet;
use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;

use super::items;
use super::parse::{RawNum, RawRubric};
use super::plan::*;
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

impl Checker<'_> {
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
                self.at(v.span(), format!("`{key}` must be a number, not \"{t}\""));
                return None;
            }
        };
        match d {
            Some(d) if d.abs() <= num::LIMIT => Some(d.normalize()),
            _ => {
                self.at(
                    v.span(),
                    format!("`{key}` is too large to compute exactly (at most 10^15)"),
                );
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
                format!("`{key}` must be positive, got {}", num::show(d)),
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
                format!(
                    "`{key}` is a share from 0 to 1 (0.40 for 40%), got {}",
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
                self.at(
                    v.span(),
                    format!(
                        "`{key}` must be {}, got \"{}\"",
                        words.join(" or "),
                        v.get_ref()
                    ),
                );
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
            self.at(id.span(), format!("{what} is empty{within}"));
        } else if !seen.insert(id.get_ref().as_str()) {
            let msg = format!("duplicate {what} \"{}\"{within}", id.get_ref());
            self.at(id.span(), msg);
        }
    }
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
        " (none are declared)".to_string()
    } else {
        format!(" (declared: {})", list.join(", "))
    }
}

/// Validates a parsed rubric; `file` labels messages.
pub fn validate(raw: RawRubric, file: &str, source: &str) -> Result<Rubric, Vec<Problem>> {
    let mut c = Checker {
        file,
        lines: Lines::new(source),
        problems: Problems::default(),
    };
    let h = &raw.rubric;
    if h.id.get_ref().trim().is_empty() {
        c.at(h.id.span(), "`id` is empty");
    }
    let total = c.number(&h.total, "total");
    let precision = match &h.precision {
        None => 2,
        Some(p) if (0..=10).contains(p.get_ref()) => *p.get_ref() as u32,
        Some(p) => {
            c.at(
                p.span(),
                format!("`precision` must be 0 to 10, got {}", p.get_ref()),
            );
            2
        }
    };
    let ranking = h.ranking.as_ref().and_then(|r| {
        c.choice(
            r,
            "ranking",
            &[
                ("competition", Ranking::Competition),
                ("dense", Ranking::Dense),
            ],
        )
    });

    let mut kinds = Vec::new();
    let mut seen = HashSet::new();
    for k in &raw.kind {
        c.unique(&mut seen, &k.name, "kind");
        let start = k
            .start
            .as_ref()
            .and_then(|s| c.choice(s, "start", &[("full", Start::Full), ("zero", Start::Zero)]));
        kinds.push(Kind {
            name: k.name.get_ref().clone(),
            start: start.unwrap_or(Start::Full),
        });
    }
    let has_kinds = !kinds.is_empty();
    if !has_kinds {
        kinds.push(Kind {
            name: String::new(),
            start: Start::Full,
        });
    }

    let grades = grades(&mut c, &raw);
    let quotas = quotas(&mut c, &raw, &grades);
    let periods = periods(&mut c, &raw);
    let parts = items::sections(&mut c, &raw, &kinds, has_kinds, &grades, &periods);
    if let Some(t) = total {
        if let Some(sum) = parts.sum_points {
            if sum != t {
                c.at(
                    h.total.span(),
                    format!(
                        "sections add up to {}, not the rubric's `total` {}",
                        num::show(sum),
                        num::show(t)
                    ),
                );
            }
        }
    }
    if raw.section.is_empty() {
        c.problems
            .push(Problem::file(file, "the rubric has no [[section]]"));
    }
    let ratings = ratings(&mut c, &raw, &parts.flags);
    let category = category(&mut c, &raw);

    if !c.problems.is_empty() {
        let mut all = Vec::new();
        c.problems.drain_into(file, &mut all);
        return Err(all);
    }
    Ok(Rubric {
        id: h.id.get_ref().trim().to_string(),
        name: h.name.clone(),
        total: total.unwrap_or_default(),
        precision,
        ranking: ranking.unwrap_or(Ranking::Competition),
        kinds,
        has_kinds,
        grades,
        quotas,
        sections: parts.sections,
        items: parts.items,
        periods,
        ratings,
        category,
        flags: parts.flags,
    })
}

fn grades(c: &mut Checker, raw: &RawRubric) -> Vec<Grade> {
    let mut out: Vec<Grade> = Vec::new();
    let mut seen = HashSet::new();
    for g in &raw.grade {
        c.unique(&mut seen, &g.name, "grade");
        let min = g.min.as_ref().and_then(|m| c.number(m, "min"));
        match (&g.min, min, out.last().map(|p| p.min)) {
            (Some(m), Some(v), Some(Some(prev))) if v >= prev => c.at(
                m.span(),
                format!(
                    "grade \"{}\" `min` {} must be below the previous grade's {} (grades go best first)",
                    g.name.get_ref(),
                    num::show(v),
                    num::show(prev)
                ),
            ),
            (_, _, Some(None)) => c.at(
                g.name.span(),
                format!(
                    "grade \"{}\" comes after a grade without `min`, which takes everything below",
                    g.name.get_ref()
                ),
            ),
            _ => {}
        }
        out.push(Grade {
            name: g.name.get_ref().clone(),
            min,
        });
    }
    out
}

fn quotas(c: &mut Checker, raw: &RawRubric, grades: &[Grade]) -> Vec<Quota> {
    let mut out = Vec::new();
    for q in &raw.quota {
        let mut idx = Vec::new();
        for g in q.grades.get_ref() {
            match grades.iter().position(|x| &x.name == g.get_ref()) {
                Some(i) => idx.push(i),
                None => c.at(
                    g.span(),
                    format!(
                        "quota names grade \"{}\", which is not declared{}",
                        g.get_ref(),
                        declared(grades.iter().map(|g| g.name.as_str()))
                    ),
                ),
            }
        }
        if q.grades.get_ref().is_empty() {
            c.at(q.grades.span(), "quota `grades` is empty");
        }
        let bounds = [
            (&q.max, QuotaBound::Max, "max"),
            (&q.min, QuotaBound::Min, "min"),
            (&q.about, QuotaBound::About, "about"),
        ];
        let mut given = bounds
            .iter()
            .filter_map(|(v, b, k)| v.as_ref().map(|v| (v, *b, *k)));
        let (Some((v, bound, key)), None) = (given.next(), given.next()) else {
            c.at(
                q.grades.span(),
                "a quota takes exactly one of `max`, `min` and `about`",
            );
            continue;
        };
        if let Some(share) = c.share(v, key, true) {
            out.push(Quota {
                grades: idx,
                bound,
                share,
            });
        }
    }
    out
}

fn periods(c: &mut Checker, raw: &RawRubric) -> Periods {
    let Some(p) = &raw.periods else {
        return Periods {
            labels: Vec::new(),
            combine: Combine::Sum,
            weights: Vec::new(),
        };
    };
    let mut seen = HashSet::new();
    for l in p.labels.get_ref() {
        c.unique(&mut seen, l, "period label");
    }
    if p.labels.get_ref().is_empty() {
        c.at(
            p.labels.span(),
            "`labels` is empty: give at least one period",
        );
    }
    let combine = p
        .combine
        .as_ref()
        .and_then(|v| {
            c.choice(
                v,
                "combine",
                &[
                    ("sum", Combine::Sum),
                    ("mean", Combine::Mean),
                    ("weighted", Combine::Weighted),
                    ("last", Combine::Last),
                ],
            )
        })
        .unwrap_or(Combine::Sum);
    let mut weights = Vec::new();
    match (&p.weights, combine) {
        (Some(w), Combine::Weighted) => {
            weights = w
                .get_ref()
                .iter()
                .filter_map(|x| c.number(x, "weights"))
                .collect();
            if w.get_ref().len() != p.labels.get_ref().len() {
                c.at(
                    w.span(),
                    format!(
                        "{} `weights` for {} periods",
                        w.get_ref().len(),
                        p.labels.get_ref().len()
                    ),
                );
            } else if weights.len() == w.get_ref().len()
                && weights.iter().sum::<Decimal>() != Decimal::ONE
            {
                c.at(
                    w.span(),
                    format!(
                        "`weights` add up to {}, not 1",
                        num::show(weights.iter().sum())
                    ),
                );
            }
        }
        (None, Combine::Weighted) => {
            c.at(p.labels.span(), "`combine = \"weighted\"` needs `weights`")
        }
        (Some(w), _) => c.at(w.span(), "`weights` go with `combine = \"weighted\"`"),
        (None, _) => {}
    }
    Periods {
        labels: p
            .labels
            .get_ref()
            .iter()
            .map(|l| l.get_ref().clone())
            .collect(),
        combine,
        weights,
    }
}

fn ratings(c: &mut Checker, raw: &RawRubric, flags: &[String]) -> Vec<Rating> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for r in &raw.rating {
        c.unique(&mut seen, &r.name, "rating");
        let top = c.share(&r.top, "top", false);
        let min = r.min.as_ref().and_then(|m| c.number(m, "min"));
        let mut exclude = Vec::new();
        for e in &r.exclude {
            match flags.iter().position(|f| f == e.get_ref()) {
                Some(i) => exclude.push(i),
                None => c.at(
                    e.span(),
                    format!(
                        "rating \"{}\" excludes flag \"{}\", which no rule sets{}",
                        r.name.get_ref(),
                        e.get_ref(),
                        declared(flags.iter().map(String::as_str))
                    ),
                ),
            }
        }
        if let Some(top) = top {
            out.push(Rating {
                name: r.name.get_ref().clone(),
                top,
                min,
                exclude,
            });
        }
    }
    out
}

fn category(c: &mut Checker, raw: &RawRubric) -> Option<CategoryBands> {
    let cat = raw.category.as_ref()?;
    let mut bands: Vec<(String, Option<Decimal>)> = Vec::new();
    let mut seen = HashSet::new();
    for b in &cat.bands {
        c.unique(&mut seen, &b.name, "category");
        let min = b.min.as_ref().and_then(|m| c.number(m, "min"));
        match (bands.last(), &b.min, min) {
            (Some((_, None)), _, _) => c.at(
                b.name.span(),
                format!("category \"{}\" comes after a band without `min`", b.name.get_ref()),
            ),
            (Some((_, Some(prev))), Some(m), Some(v)) if v >= *prev => c.at(
                m.span(),
                format!("category \"{}\" `min` must be below the previous band's (bands go largest first)", b.name.get_ref()),
            ),
            _ => {}
        }
        bands.push((b.name.get_ref().clone(), min));
    }
    if bands.is_empty() {
        c.at(cat.by.span(), "`[category]` has no `bands`");
    }
    Some(CategoryBands {
        by: cat.by.get_ref().clone(),
        bands,
    })
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
