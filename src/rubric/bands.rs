//! Bands, best first, each reached at its `min`: grades (等次) by total,
//! categories (档次) by a roster attribute. Both are checked by one
//! function here and looked up by one in `plan.rs` ([`Rubric::grade`],
//! [`CategoryBands::band`]).

use std::collections::HashSet;

use rust_decimal::Decimal;
use toml::Spanned;

use super::check::Checker;
use super::parse::{RawNum, RawRubric};
use super::plan::*;
use crate::num;

/// What the bands are, for messages.
#[derive(Clone, Copy)]
enum Of {
    Grades,
    Categories,
}

pub fn grades(c: &mut Checker, raw: &RawRubric) -> Vec<Grade> {
    let given = raw.grade.iter().map(|g| (&g.name, &g.min));
    bands(c, given, Of::Grades)
        .into_iter()
        .map(|(name, min)| Grade { name, min })
        .collect()
}

pub fn category(c: &mut Checker, raw: &RawRubric) -> Option<CategoryBands> {
    let cat = raw.category.as_ref()?;
    let bands = bands(
        c,
        cat.bands.iter().map(|b| (&b.name, &b.min)),
        Of::Categories,
    );
    if bands.is_empty() {
        c.at(
            cat.by.span(),
            crate::tr!("`[category]` has no `bands`", "`[category]` 没有 `bands`"),
        );
    }
    Some(CategoryBands {
        by: cat.by.get_ref().clone(),
        bands,
    })
}

/// Names unique; each `min` below the one before; nothing after a band
/// without `min`, which takes everything below.
fn bands<'r>(
    c: &mut Checker,
    given: impl Iterator<Item = (&'r Spanned<String>, &'r Option<Spanned<RawNum>>)>,
    of: Of,
) -> Vec<(String, Option<Decimal>)> {
    let mut out: Vec<(String, Option<Decimal>)> = Vec::new();
    let mut seen = HashSet::new();
    for (name, raw_min) in given {
        c.unique(&mut seen, name, &of.what());
        let min = raw_min.as_ref().and_then(|m| c.number(m, "min"));
        match (out.last().map(|(_, prev)| *prev), raw_min, min) {
            (Some(None), _, _) => c.at(name.span(), of.after_open(name.get_ref())),
            (Some(Some(prev)), Some(m), Some(v)) if v >= prev => {
                c.at(m.span(), of.not_below(name.get_ref(), v, prev));
            }
            _ => {}
        }
        out.push((name.get_ref().clone(), min));
    }
    out
}

impl Of {
    fn what(self) -> String {
        match self {
            Of::Grades => crate::tr!("grade", "等次"),
            Of::Categories => crate::tr!("category", "档次"),
        }
    }

    fn after_open(self, name: &str) -> String {
        match self {
            Of::Grades => crate::tr!(
                "grade \"{name}\" comes after a grade without `min`, which takes everything below",
                "等次 \"{name}\" 排在一个没有 `min` 的等次之后，而那个等次已包含以下所有得分"
            ),
            Of::Categories => crate::tr!(
                "category \"{name}\" comes after a band without `min`",
                "档次 \"{name}\" 排在一个没有 `min` 的档次之后"
            ),
        }
    }

    fn not_below(self, name: &str, min: Decimal, prev: Decimal) -> String {
        match self {
            Of::Grades => crate::tr!(
                "grade \"{name}\" `min` {} must be below the previous grade's {} (grades go best first)",
                "等次 \"{name}\" 的 `min` {} 应低于上一等次的 {}（等次从高到低排列）",
                num::show(min),
                num::show(prev)
            ),
            Of::Categories => crate::tr!(
                "category \"{name}\" `min` must be below the previous band's (bands go largest first)",
                "档次 \"{name}\" 的 `min` 应低于上一档次的（档次从大到小排列）"
            ),
        }
    }
}
