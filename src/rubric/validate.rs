//! Turns the TOML as written into a [`Rubric`] plan, reporting every
//! problem at once with its line and key. The header, kinds, quotas,
//! periods and ratings are checked here; grade and category bands in
//! `bands.rs`; sections, items and rules in `items.rs` and `rules.rs`.

use std::collections::HashSet;

use rust_decimal::Decimal;
use toml::Spanned;

use super::bands;
use super::check::{declared, Checker};
use super::items;
use super::parse::{RawHeader, RawNum, RawPeriods, RawRubric};
use super::plan::*;
use crate::error::Problem;
use crate::num;

/// Validates a parsed rubric; `file` labels messages.
pub fn validate(raw: RawRubric, file: &str, source: &str) -> Result<Rubric, Vec<Problem>> {
    let mut c = Checker::new(file, source);
    let header = header(&mut c, &raw.rubric);
    let (kinds, has_kinds) = kinds(&mut c, &raw);
    let grades = bands::grades(&mut c, &raw);
    let quotas = quotas(&mut c, &raw, &grades);
    let periods = periods(&mut c, &raw);
    let parts = items::sections(&mut c, &raw, &kinds, has_kinds, &grades, &periods);
    if let (Some(t), Some(sum)) = (header.total, parts.sum_points) {
        if sum != t {
            c.at(
                raw.rubric.total.span(),
                crate::tr!(
                    "sections add up to {}, not the rubric's `total` {}",
                    "各分项分值合计 {}，与细则的 `total` {} 不符",
                    num::show(sum),
                    num::show(t)
                ),
            );
        }
    }
    if raw.section.is_empty() {
        c.problems.push(Problem::file(
            file,
            crate::tr!("the rubric has no [[section]]", "细则中没有 [[section]]"),
        ));
    }
    let ratings = ratings(&mut c, &raw, &parts.flags);
    let category = bands::category(&mut c, &raw);
    c.finish()?;
    Ok(Rubric {
        id: raw.rubric.id.get_ref().trim().to_string(),
        name: raw.rubric.name.clone(),
        total: header.total.unwrap_or_default(),
        precision: header.precision,
        ranking: header.ranking.unwrap_or(Ranking::Competition),
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

/// The `[rubric]` table's checked values.
struct Header {
    total: Option<Decimal>,
    precision: u32,
    ranking: Option<Ranking>,
}

fn header(c: &mut Checker, h: &RawHeader) -> Header {
    if h.id.get_ref().trim().is_empty() {
        c.at(h.id.span(), crate::tr!("`id` is empty", "`id` 为空"));
    }
    let total = c.number(&h.total, "total");
    let precision = match &h.precision {
        None => 2,
        Some(p) if (0..=10).contains(p.get_ref()) => *p.get_ref() as u32,
        Some(p) => {
            c.at(
                p.span(),
                crate::tr!(
                    "`precision` must be 0 to 10, got {}",
                    "`precision` 应为 0 到 10，实为 {}",
                    p.get_ref()
                ),
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
    Header {
        total,
        precision,
        ranking,
    }
}

/// The declared kinds, or one unnamed full-start kind; and whether any
/// were declared.
fn kinds(c: &mut Checker, raw: &RawRubric) -> (Vec<Kind>, bool) {
    let mut kinds = Vec::new();
    let mut seen = HashSet::new();
    for k in &raw.kind {
        c.unique(&mut seen, &k.name, &crate::tr!("kind", "类型"));
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
    (kinds, has_kinds)
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
                    crate::tr!(
                        "quota names grade \"{}\", which is not declared{}",
                        "比例要求列出的等次 \"{}\" 未声明{}",
                        g.get_ref(),
                        declared(grades.iter().map(|g| g.name.as_str()))
                    ),
                ),
            }
        }
        if q.grades.get_ref().is_empty() {
            c.at(
                q.grades.span(),
                crate::tr!("quota `grades` is empty", "比例要求的 `grades` 为空"),
            );
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
                crate::tr!(
                    "a quota takes exactly one of `max`, `min` and `about`",
                    "比例要求须在 `max`、`min` 和 `about` 中恰好给出一个"
                ),
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
        c.unique(&mut seen, l, &crate::tr!("period label", "考核期名称"));
    }
    if p.labels.get_ref().is_empty() {
        c.at(
            p.labels.span(),
            crate::tr!(
                "`labels` is empty: give at least one period",
                "`labels` 为空：至少给出一个考核期"
            ),
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
    Periods {
        labels: p
            .labels
            .get_ref()
            .iter()
            .map(|l| l.get_ref().clone())
            .collect(),
        combine,
        weights: weights(c, p, combine),
    }
}

/// The periods' weights: one per label, adding up to 1, and only for
/// `combine = "weighted"`.
fn weights(c: &mut Checker, p: &RawPeriods, combine: Combine) -> Vec<Decimal> {
    match (&p.weights, combine) {
        (Some(w), Combine::Weighted) => weighted(c, w, p.labels.get_ref().len()),
        (None, Combine::Weighted) => {
            c.at(
                p.labels.span(),
                crate::tr!(
                    "`combine = \"weighted\"` needs `weights`",
                    "`combine = \"weighted\"` 需要 `weights`"
                ),
            );
            Vec::new()
        }
        (Some(w), _) => {
            c.at(
                w.span(),
                crate::tr!(
                    "`weights` go with `combine = \"weighted\"`",
                    "`weights` 只用于 `combine = \"weighted\"`"
                ),
            );
            Vec::new()
        }
        (None, _) => Vec::new(),
    }
}

fn weighted(c: &mut Checker, w: &Spanned<Vec<Spanned<RawNum>>>, labels: usize) -> Vec<Decimal> {
    let weights: Vec<Decimal> = w
        .get_ref()
        .iter()
        .filter_map(|x| c.number(x, "weights"))
        .collect();
    if w.get_ref().len() != labels {
        c.at(
            w.span(),
            crate::tr!(
                "{} `weights` for {} periods",
                "{} 个 `weights`，却有 {} 个考核期",
                w.get_ref().len(),
                labels
            ),
        );
    } else if weights.len() == w.get_ref().len() && weights.iter().sum::<Decimal>() != Decimal::ONE
    {
        c.at(
            w.span(),
            crate::tr!(
                "`weights` add up to {}, not 1",
                "`weights` 合计 {}，不是 1",
                num::show(weights.iter().sum())
            ),
        );
    }
    weights
}

fn ratings(c: &mut Checker, raw: &RawRubric, flags: &[String]) -> Vec<Rating> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for r in &raw.rating {
        c.unique(&mut seen, &r.name, &crate::tr!("rating", "评定"));
        let top = c.share(&r.top, "top", false);
        let min = r.min.as_ref().and_then(|m| c.number(m, "min"));
        let mut exclude = Vec::new();
        for e in &r.exclude {
            match flags.iter().position(|f| f == e.get_ref()) {
                Some(i) => exclude.push(i),
                None => c.at(
                    e.span(),
                    crate::tr!(
                        "rating \"{}\" excludes flag \"{}\", which no rule sets{}",
                        "评定 \"{}\" 排除的标记 \"{}\" 没有任何规则设置{}",
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
