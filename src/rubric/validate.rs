//! Turns the TOML as written into a [`Rubric`] plan, reporting every
//! problem at once with its line and key.

use std::collections::HashSet;
use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;

use super::parse::{RawItem, RawNum, RawRubric, RawRule};
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

struct Checker<'a> {
    file: &'a str,
    lines: Lines,
    problems: Problems,
}

impl Checker<'_> {
    fn at(&mut self, span: Range<usize>, msg: impl Into<String>) {
        let line = self.lines.line(span.start);
        self.problems.push(Problem::at(self.file, line, msg));
    }

    /// A plain number (points, bounds, shares); `key` names it in messages.
    fn number(&mut self, v: &Spanned<RawNum>, key: &str) -> Option<Decimal> {
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

    /// A deduction amount: points, `"N%"` of `points`, or (when allowed)
    /// `"all"`. Returns the amount in points.
    fn amount(
        &mut self,
        v: &Spanned<RawNum>,
        key: &str,
        points: Decimal,
        allow_all: bool,
    ) -> Option<Decimal> {
        let text = match v.get_ref() {
            RawNum::Text(t) => t.trim().to_string(),
            _ => {
                let d = self.number(v, key)?;
                if d <= Decimal::ZERO {
                    self.at(
                        v.span(),
                        format!("`{key}` must be positive, got {}", num::show(d)),
                    );
                    return None;
                }
                return Some(d);
            }
        };
        if text == "all" {
            if allow_all {
                return Some(points);
            }
            self.at(v.span(), format!("`{key}` cannot be \"all\""));
            return None;
        }
        let Some(pct) = text.strip_suffix('%') else {
            self.at(
                v.span(),
                format!("`{key}` must be a number, a percentage like \"30%\", or \"all\"; got \"{text}\""),
            );
            return None;
        };
        match num::parse_decimal(pct) {
            Some(p) if p > Decimal::ZERO && p <= Decimal::ONE_HUNDRED => {
                Some(points * p / Decimal::ONE_HUNDRED)
            }
            Some(_) => {
                self.at(
                    v.span(),
                    format!("`{key}` percentage must be above 0% and at most 100%, got \"{text}\""),
                );
                None
            }
            None => {
                self.at(v.span(), format!("`{key}` has a bad percentage \"{text}\""));
                None
            }
        }
    }

    fn unique<'s>(&mut self, seen: &mut HashSet<&'s str>, id: &'s Spanned<String>, what: &str) {
        if id.get_ref().trim().is_empty() {
            self.at(id.span(), format!("{what} is empty"));
        } else if !seen.insert(id.get_ref().as_str()) {
            self.at(id.span(), format!("duplicate {what} \"{}\"", id.get_ref()));
        }
    }
}

fn raw_text(v: &RawNum) -> String {
    match v {
        RawNum::Int(i) => i.to_string(),
        RawNum::Float(f) => format!("{f}"),
        RawNum::Text(t) => t.clone(),
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
    let ranking = match h.ranking.as_ref().map(|r| (r.get_ref().as_str(), r.span())) {
        None | Some(("competition", _)) => Ranking::Competition,
        Some(("dense", _)) => Ranking::Dense,
        Some((other, span)) => {
            c.at(
                span,
                format!("`ranking` must be \"competition\" or \"dense\", got \"{other}\""),
            );
            Ranking::Competition
        }
    };

    let mut kinds = Vec::new();
    let mut seen = HashSet::new();
    for k in &raw.kind {
        c.unique(&mut seen, &k.name, "kind");
        let start = match k.start.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
            None | Some(("full", _)) => Start::Full,
            Some(("zero", _)) => Start::Zero,
            Some((other, span)) => {
                c.at(
                    span,
                    format!("`start` must be \"full\" or \"zero\", got \"{other}\""),
                );
                Start::Full
            }
        };
        kinds.push(Kind {
            name: k.name.get_ref().clone(),
            start,
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

    let mut sections = Vec::new();
    let mut items = Vec::new();
    let mut section_ids = HashSet::new();
    let mut item_ids = HashSet::new();
    let mut sum_sections = Decimal::ZERO;
    for (si, s) in raw.section.iter().enumerate() {
        c.unique(&mut section_ids, &s.id, "section id");
        let points = c.number(&s.points, "points");
        let first = items.len();
        let mut sum_items = Decimal::ZERO;
        for it in &s.item {
            c.unique(&mut item_ids, &it.id, "item id");
            if let Some(item) = item(&mut c, it, si, &kinds, has_kinds) {
                sum_items += item.points;
                items.push(item);
            }
        }
        if let Some(p) = points {
            if p < Decimal::ZERO {
                c.at(
                    s.points.span(),
                    format!("section \"{}\" `points` is negative", s.id.get_ref()),
                );
            }
            sum_sections += p;
            // Only compare when every item parsed, or the sum is meaningless.
            if items.len() - first == s.item.len() && sum_items != p {
                c.at(
                    s.points.span(),
                    format!(
                        "section \"{}\" items add up to {}, not its points {}",
                        s.id.get_ref(),
                        num::show(sum_items),
                        num::show(p)
                    ),
                );
            }
        }
        sections.push(Section {
            id: s.id.get_ref().clone(),
            name: s.name.clone(),
            points: points.unwrap_or_default(),
            items: first..items.len(),
        });
    }
    if let Some(t) = total {
        let all_parsed = raw
            .section
            .iter()
            .all(|s| matches!(s.points.get_ref(), RawNum::Int(_) | RawNum::Float(_)));
        if all_parsed && sum_sections != t {
            c.at(
                h.total.span(),
                format!(
                    "sections add up to {}, not the rubric's `total` {}",
                    num::show(sum_sections),
                    num::show(t)
                ),
            );
        }
    }
    if raw.section.is_empty() {
        c.problems
            .push(Problem::file(file, "the rubric has no [[section]]"));
    }

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
        ranking,
        kinds,
        has_kinds,
        grades,
        quotas,
        sections,
        items,
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
        let given: Vec<_> = bounds.iter().filter(|b| b.0.is_some()).collect();
        if given.len() != 1 {
            c.at(
                q.grades.span(),
                "a quota takes exactly one of `max`, `min` and `about`",
            );
            continue;
        }
        let (v, bound, key) = given[0];
        let Some(v) = v.as_ref() else { continue };
        if let Some(share) = c.number(v, key) {
            if share < Decimal::ZERO || share > Decimal::ONE {
                c.at(
                    v.span(),
                    format!(
                        "quota `{key}` is a share from 0 to 1 (0.40 for 40%), got {}",
                        raw_text(v.get_ref())
                    ),
                );
            } else {
                out.push(Quota {
                    grades: idx,
                    bound: *bound,
                    share,
                });
            }
        }
    }
    out
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

fn item(
    c: &mut Checker,
    it: &RawItem,
    section: usize,
    kinds: &[Kind],
    has_kinds: bool,
) -> Option<Item> {
    let points = c.number(&it.points, "points");
    if let Some(p) = points {
        if p < Decimal::ZERO {
            c.at(
                it.points.span(),
                format!("item \"{}\" `points` is negative", it.id.get_ref()),
            );
        }
    }
    let mut applies = vec![true; kinds.len()];
    if let Some(list) = &it.kinds {
        applies = vec![false; kinds.len()];
        for k in list {
            match kinds
                .iter()
                .position(|x| has_kinds && &x.name == k.get_ref())
            {
                Some(i) => applies[i] = true,
                None => c.at(
                    k.span(),
                    format!(
                        "item \"{}\" `kinds` names \"{}\", which is not a declared kind{}",
                        it.id.get_ref(),
                        k.get_ref(),
                        declared(kinds.iter().filter(|_| has_kinds).map(|k| k.name.as_str()))
                    ),
                ),
            }
        }
    }
    let mut rules = Vec::new();
    let mut seen = HashSet::new();
    for r in &it.rules {
        c.unique(
            &mut seen,
            &r.id,
            &format!("rule id in item \"{}\"", it.id.get_ref()),
        );
        rules.extend(rule(c, r, it, points.unwrap_or_default()));
    }
    // An item with a bad rule or bad points is reported and left out; the
    // caller sees the problems and never scores with it.
    let points = points?;
    if rules.len() != it.rules.len() {
        return None;
    }
    Some(Item {
        id: it.id.get_ref().clone(),
        name: it.name.clone(),
        section,
        points,
        rules,
        applies,
    })
}

fn rule(c: &mut Checker, r: &RawRule, it: &RawItem, points: Decimal) -> Option<Rule> {
    let Some(deduct) = &r.deduct else {
        c.at(
            r.id.span(),
            format!(
                "rule \"{}\" of item \"{}\" has no `deduct`",
                r.id.get_ref(),
                it.id.get_ref()
            ),
        );
        return None;
    };
    let per = c.amount(deduct, "deduct", points, true);
    let max = match &r.max {
        Some(m) => Some(c.amount(m, "max", points, false)?),
        None => None,
    };
    Some(Rule {
        id: r.id.get_ref().clone(),
        text: r.text.clone(),
        per: per?,
        max,
        deduct_text: raw_text(deduct.get_ref()),
        max_text: r.max.as_ref().map(|m| raw_text(m.get_ref())),
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
