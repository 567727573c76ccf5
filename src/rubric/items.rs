//! Checks sections, items and rules, and resolves every deduction to points.

use std::collections::HashSet;

use rust_decimal::Decimal;
use toml::Spanned;

use super::parse::{RawBound, RawItem, RawNum, RawRubric, RawRule};
use super::plan::*;
use super::validate::{declared, raw_text, Checker};
use crate::num::{self, BadNumber};

/// The checked sections and items, and the flag words their rules set.
pub struct Parts {
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
    pub flags: Vec<String>,
    /// The sum of the sections' points, when every one could be read.
    pub sum_points: Option<Decimal>,
}

/// What the item checks need from the rest of the rubric.
struct Context<'a> {
    kinds: &'a [Kind],
    has_kinds: bool,
    grades: &'a [Grade],
    flags: Vec<String>,
}

pub fn sections(
    c: &mut Checker,
    raw: &RawRubric,
    kinds: &[Kind],
    has_kinds: bool,
    grades: &[Grade],
    periods: &Periods,
) -> Parts {
    let mut cx = Context {
        kinds,
        has_kinds,
        grades,
        flags: Vec::new(),
    };
    let mut sections = Vec::new();
    let mut items = Vec::new();
    let mut section_ids = HashSet::new();
    let mut item_ids = HashSet::new();
    let mut sum_points = Some(Decimal::ZERO);
    for (si, s) in raw.section.iter().enumerate() {
        c.unique(&mut section_ids, &s.id, "section id");
        let first = items.len();
        let mut all_read = true;
        for it in &s.item {
            c.unique(&mut item_ids, &it.id, "item id");
            match item(c, &mut cx, it, si, periods) {
                Some(item) => items.push(item),
                None => all_read = false,
            }
        }
        let here = &items[first..];
        let scored: Decimal = here
            .iter()
            .filter(|i| i.item_type == ItemType::Scored)
            .map(|i| i.points)
            .sum();
        let has_scored = here.iter().any(|i| i.item_type == ItemType::Scored);
        let has_extra = here.iter().any(|i| i.item_type != ItemType::Scored);
        let points = match &s.points {
            Some(p) => {
                let v = c.number(p, "points");
                if let Some(v) = v {
                    if v < Decimal::ZERO {
                        c.at(
                            p.span(),
                            format!("section \"{}\" `points` is negative", s.id.get_ref()),
                        );
                    } else if all_read && v != scored {
                        c.at(
                            p.span(),
                            format!(
                                "section \"{}\" items add up to {}, not its points {}",
                                s.id.get_ref(),
                                num::show(scored),
                                num::show(v)
                            ),
                        );
                    }
                }
                v
            }
            None if has_scored && all_read => {
                c.at(
                    s.id.span(),
                    format!(
                        "section \"{}\" has scored items but no `points` (its items add up to {})",
                        s.id.get_ref(),
                        num::show(scored)
                    ),
                );
                None
            }
            None => Some(Decimal::ZERO),
        };
        sum_points = match (sum_points, points) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
        let cap = cap(c, &s.cap, &s.cap_per, periods);
        if cap.is_some() && !has_extra && all_read {
            if let Some(span) = s.cap.as_ref().map(|v| v.span()) {
                c.at(
                    span,
                    format!(
                        "section \"{}\" has a `cap` but no bonus or penalty items",
                        s.id.get_ref()
                    ),
                );
            }
        }
        sections.push(Section {
            id: s.id.get_ref().clone(),
            name: s.name.clone(),
            points: points.unwrap_or_default(),
            items: first..items.len(),
            cap,
        });
    }
    Parts {
        sections,
        items,
        flags: cx.flags,
        sum_points,
    }
}

/// A cap and its `cap_per`.
fn cap(
    c: &mut Checker,
    amount: &Option<Spanned<RawNum>>,
    scope: &Option<Spanned<String>>,
    periods: &Periods,
) -> Option<Cap> {
    let scope_value = scope.as_ref().and_then(|p| {
        c.choice(
            p,
            "cap_per",
            &[("period", CapScope::Period), ("year", CapScope::Year)],
        )
    });
    if let (Some(p), Some(CapScope::Year)) = (scope, scope_value) {
        if periods.combine != Combine::Sum {
            c.at(
                p.span(),
                "`cap_per = \"year\"` needs `[periods] combine = \"sum\"`",
            );
        }
    }
    match amount {
        None => {
            if let Some(p) = scope {
                c.at(p.span(), "`cap_per` without a `cap`");
            }
            None
        }
        Some(a) => Some(Cap {
            amount: c.positive(a, "cap")?,
            scope: scope_value.unwrap_or(CapScope::Period),
        }),
    }
}

fn item(
    c: &mut Checker,
    cx: &mut Context,
    it: &RawItem,
    section: usize,
    periods: &Periods,
) -> Option<Item> {
    let id = it.id.get_ref();
    let item_type = match &it.item_type {
        None => Some(ItemType::Scored),
        Some(k) => c.choice(
            k,
            "type",
            &[
                ("scored", ItemType::Scored),
                ("bonus", ItemType::Bonus),
                ("penalty", ItemType::Penalty),
            ],
        ),
    };
    let points = match (&it.points, item_type) {
        (Some(p), Some(ItemType::Scored)) => {
            let v = c.number(p, "points");
            if v.is_some_and(|v| v < Decimal::ZERO) {
                c.at(p.span(), format!("item \"{id}\" `points` is negative"));
            }
            v
        }
        (None, Some(ItemType::Scored)) => {
            c.at(it.id.span(), format!("item \"{id}\" has no `points`"));
            None
        }
        (Some(p), Some(_)) => {
            c.at(
                p.span(),
                format!("item \"{id}\" is a bonus or penalty item: it has no `points` (use `cap`)"),
            );
            None
        }
        (None, _) => Some(Decimal::ZERO),
        (Some(_), None) => None, // the bad `type` is reported already
    };
    let cap = cap(c, &it.cap, &it.cap_per, periods);
    if let (Some(span), Some(ItemType::Scored)) = (it.cap.as_ref().map(|v| v.span()), item_type) {
        c.at(
            span,
            format!(
                "item \"{id}\" is scored: its points cap it; `cap` is for bonus and penalty items"
            ),
        );
    }
    let mut applies = vec![true; cx.kinds.len()];
    if let Some(list) = &it.kinds {
        applies = vec![false; cx.kinds.len()];
        for k in list {
            match cx
                .kinds
                .iter()
                .position(|x| cx.has_kinds && &x.name == k.get_ref())
            {
                Some(i) => applies[i] = true,
                None => c.at(
                    k.span(),
                    format!(
                        "item \"{id}\" `kinds` names \"{}\", which is not a declared kind{}",
                        k.get_ref(),
                        declared(
                            cx.kinds
                                .iter()
                                .filter(|_| cx.has_kinds)
                                .map(|k| k.name.as_str())
                        )
                    ),
                ),
            }
        }
    }
    let mut rules = Vec::new();
    let mut seen = HashSet::new();
    for r in &it.rules {
        c.unique_in(&mut seen, &r.id, "rule id", &format!(" in item \"{id}\""));
        if let Some(item_type) = item_type {
            rules.extend(rule(c, cx, r, id, item_type, points.unwrap_or_default()));
        }
    }
    // An item with a bad rule or bad points is reported and left out; the
    // caller sees the problems and never scores with it.
    let (points, item_type) = (points?, item_type?);
    if rules.len() != it.rules.len() {
        return None;
    }
    Some(Item {
        id: id.clone(),
        name: it.name.clone(),
        section,
        item_type,
        points,
        cap,
        rules,
        applies,
    })
}

fn rule(
    c: &mut Checker,
    cx: &mut Context,
    r: &RawRule,
    item: &str,
    item_type: ItemType,
    points: Decimal,
) -> Option<Rule> {
    let rid = r.id.get_ref();
    let scored = item_type == ItemType::Scored;
    let (amount, key) = match (&r.deduct, &r.add) {
        (Some(_), Some(a)) => {
            c.at(
                a.span(),
                format!("rule \"{rid}\" of item \"{item}\" has both `deduct` and `add`"),
            );
            return None;
        }
        (Some(d), None) if item_type == ItemType::Bonus => {
            c.at(
                d.span(),
                format!("rule \"{rid}\" of bonus item \"{item}\" must `add`, not `deduct`"),
            );
            return None;
        }
        (None, Some(a)) if item_type != ItemType::Bonus => {
            c.at(
                a.span(),
                format!("rule \"{rid}\" of item \"{item}\" cannot `add`: only bonus items add"),
            );
            return None;
        }
        (Some(d), None) => (Some(d), "deduct"),
        (None, Some(a)) => (Some(a), "add"),
        (None, None) if r.flag.is_some() || r.grade.is_some() => (None, "deduct"),
        (None, None) => {
            let verb = if item_type == ItemType::Bonus {
                "add"
            } else {
                "deduct"
            };
            c.at(
                r.id.span(),
                format!(
                    "rule \"{rid}\" of item \"{item}\" has no `{verb}` (nor `flag` or `grade`)"
                ),
            );
            return None;
        }
    };
    let each = match amount {
        Some(v) => amount_of(c, v, key, points, scored, true),
        None => Some(Decimal::ZERO),
    };
    let max = r
        .max
        .as_ref()
        .map(|m| amount_of(c, m, "max", points, scored, false));
    let flag = r.flag.as_ref().and_then(|f| {
        let word = f.get_ref().trim();
        if word.is_empty() {
            c.at(f.span(), "`flag` is empty");
            return None;
        }
        Some(match cx.flags.iter().position(|x| x == word) {
            Some(i) => i,
            None => {
                cx.flags.push(word.to_string());
                cx.flags.len() - 1
            }
        })
    });
    let grade = match &r.grade {
        None => None,
        Some(g) => match cx.grades.iter().position(|x| &x.name == g.get_ref()) {
            Some(i) => Some(i),
            None => {
                c.at(
                    g.span(),
                    format!(
                        "rule \"{rid}\" forces grade \"{}\", which is not declared{}",
                        g.get_ref(),
                        declared(cx.grades.iter().map(|g| g.name.as_str()))
                    ),
                );
                return None;
            }
        },
    };
    let threshold = threshold(c, r, rid)?;
    Some(Rule {
        id: rid.clone(),
        text: r.text.clone(),
        each: each?,
        max: max.map(|m| m.ok_or(())).transpose().ok()?,
        flag,
        grade,
        threshold,
        deduct_text: amount.map(|a| raw_text(a.get_ref())).unwrap_or_default(),
        max_text: r.max.as_ref().map(|m| raw_text(m.get_ref())),
    })
}

/// A deduction or addition: points, `"N%"` of the item's points, or (for
/// `deduct` on a scored item) `"all"`. Returns the amount in points.
fn amount_of(
    c: &mut Checker,
    v: &Spanned<RawNum>,
    key: &str,
    points: Decimal,
    scored: bool,
    allow_all: bool,
) -> Option<Decimal> {
    let RawNum::Text(text) = v.get_ref() else {
        return c.positive(v, key);
    };
    let text = text.trim();
    if text == "all" {
        if allow_all && scored && key == "deduct" {
            return Some(points);
        }
        c.at(
            v.span(),
            format!("`{key}` cannot be \"all\" here (only a scored item's `deduct`)"),
        );
        return None;
    }
    let Some(pct) = text.strip_suffix('%') else {
        c.at(
            v.span(),
            format!(
                "`{key}` must be a number, a percentage like \"30%\", or \"all\"; got \"{text}\""
            ),
        );
        return None;
    };
    if !scored {
        c.at(
            v.span(),
            format!("`{key}` \"{text}\": a percentage needs an item with points"),
        );
        return None;
    }
    match num::parse_decimal(pct) {
        Ok(p) if p > Decimal::ZERO && p <= Decimal::ONE_HUNDRED => {
            Some(points * p / Decimal::ONE_HUNDRED)
        }
        Ok(_) | Err(BadNumber::TooLarge) => {
            c.at(
                v.span(),
                format!("`{key}` percentage must be above 0% and at most 100%, got \"{text}\""),
            );
            None
        }
        Err(BadNumber::NotANumber) => {
            c.at(v.span(), format!("`{key}` has a bad percentage \"{text}\""));
            None
        }
    }
}

/// A threshold rule's metric and bound; `Some(None)` for a plain rule,
/// `None` when the threshold is wrong (reported).
#[allow(clippy::option_option)]
fn threshold(c: &mut Checker, r: &RawRule, rid: &str) -> Option<Option<Threshold>> {
    let (bound, below) = match (&r.below, &r.above) {
        (None, None) => {
            if let Some(m) = &r.metric {
                c.at(
                    m.span(),
                    format!("rule \"{rid}\" has a `metric` but no `below` or `above` bound"),
                );
                return None;
            }
            return Some(None);
        }
        (Some(_), Some(a)) => {
            c.at(
                a.span(),
                format!("rule \"{rid}\" has both `below` and `above`"),
            );
            return None;
        }
        (Some(b), None) => (b, true),
        (None, Some(a)) => (a, false),
    };
    let metric = match &r.metric {
        Some(m) if !m.get_ref().trim().is_empty() => m.get_ref().trim().to_string(),
        _ => {
            c.at(
                bound.span(),
                format!("threshold rule \"{rid}\" needs a `metric`: what the value measures"),
            );
            return None;
        }
    };
    let key = if below { "below" } else { "above" };
    let num = |c: &mut Checker, v: &RawNum| c.number(&Spanned::new(bound.span(), v.clone()), key);
    let bound = match bound.get_ref() {
        RawBound::Int(i) => Bound::Fixed(num(c, &RawNum::Int(*i))?),
        RawBound::Float(f) => Bound::Fixed(num(c, &RawNum::Float(*f))?),
        RawBound::Steps { by, steps } => {
            let mut out: Vec<(Decimal, Decimal)> = Vec::new();
            for s in steps {
                let [from, value] = s.as_slice() else {
                    c.at(bound.span(), "each step is `[from, bound]`: two numbers");
                    return None;
                };
                let (from, value) = (num(c, from)?, num(c, value)?);
                if out.last().is_some_and(|(f, _)| *f >= from) {
                    c.at(
                        bound.span(),
                        "steps must go up: each `from` above the one before",
                    );
                    return None;
                }
                out.push((from, value));
            }
            if out.is_empty() || by.trim().is_empty() {
                c.at(
                    bound.span(),
                    "a stepped bound needs `by` (a roster column) and at least one step",
                );
                return None;
            }
            Bound::Steps {
                by: by.trim().to_string(),
                steps: out,
            }
        }
    };
    Some(Some(Threshold {
        metric,
        below,
        bound,
    }))
}
