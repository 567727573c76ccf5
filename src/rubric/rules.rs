//! Checks rules and resolves every deduction to points: percentages of
//! the item's points, `"all"`, thresholds and their bounds.

use rust_decimal::Decimal;
use toml::Spanned;

use super::check::{declared, raw_text, Checker};
use super::parse::{RawBound, RawNum, RawRule};
use super::plan::*;
use crate::num::{self, BadNumber};

/// What the rule checks need from the rest of the rubric, and the flag
/// words the rules set so far (in rubric order).
pub struct RuleContext<'a> {
    pub grades: &'a [Grade],
    pub flags: Vec<String>,
}

/// A rule of item `item`, whose type and points are known; `None` when
/// it is wrong (reported).
pub fn rule(
    c: &mut Checker,
    cx: &mut RuleContext,
    r: &RawRule,
    item: &str,
    item_type: ItemType,
    points: Decimal,
) -> Option<Rule> {
    let rid = r.id.get_ref();
    let scored = item_type == ItemType::Scored;
    let (amount, key) = amount_key(c, r, item, item_type)?;
    let each = match amount {
        Some(v) => amount_of(c, v, key, points, scored, true),
        None => Some(Decimal::ZERO),
    };
    let max = r
        .max
        .as_ref()
        .map(|m| amount_of(c, m, "max", points, scored, false));
    let flag = flag(c, cx, r);
    let grade = forced_grade(c, cx, r)?;
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

/// The rule's amount and its key: `deduct`, or `add` for a bonus item;
/// no amount for a rule that only flags or forces a grade.
#[allow(clippy::type_complexity)]
fn amount_key<'r>(
    c: &mut Checker,
    r: &'r RawRule,
    item: &str,
    item_type: ItemType,
) -> Option<(Option<&'r Spanned<RawNum>>, &'static str)> {
    let rid = r.id.get_ref();
    let bonus = item_type == ItemType::Bonus;
    match (&r.deduct, &r.add) {
        (Some(_), Some(a)) => {
            c.at(
                a.span(),
                crate::tr!(
                    "rule \"{rid}\" of item \"{item}\" has both `deduct` and `add`",
                    "指标 \"{item}\" 的规则 \"{rid}\" 同时有 `deduct` 和 `add`"
                ),
            );
            None
        }
        (Some(d), None) if bonus => {
            c.at(
                d.span(),
                crate::tr!(
                    "rule \"{rid}\" of bonus item \"{item}\" must `add`, not `deduct`",
                    "加分项 \"{item}\" 的规则 \"{rid}\" 应使用 `add`，不能用 `deduct`"
                ),
            );
            None
        }
        (None, Some(a)) if !bonus => {
            c.at(
                a.span(),
                crate::tr!(
                    "rule \"{rid}\" of item \"{item}\" cannot `add`: only bonus items add",
                    "指标 \"{item}\" 的规则 \"{rid}\" 不能用 `add`：只有加分项才加分"
                ),
            );
            None
        }
        (Some(d), None) => Some((Some(d), "deduct")),
        (None, Some(a)) => Some((Some(a), "add")),
        (None, None) if r.flag.is_some() || r.grade.is_some() => Some((None, "deduct")),
        (None, None) => {
            let verb = if bonus { "add" } else { "deduct" };
            c.at(
                r.id.span(),
                crate::tr!(
                    "rule \"{rid}\" of item \"{item}\" has no `{verb}` (nor `flag` or `grade`)",
                    "指标 \"{item}\" 的规则 \"{rid}\" 没有 `{verb}`（也没有 `flag` 或 `grade`）"
                ),
            );
            None
        }
    }
}

/// The index of the flag word the rule sets, added to the list if new;
/// `None` when it sets none or an empty one (reported).
fn flag(c: &mut Checker, cx: &mut RuleContext, r: &RawRule) -> Option<usize> {
    let f = r.flag.as_ref()?;
    let word = f.get_ref().trim();
    if word.is_empty() {
        c.at(f.span(), crate::tr!("`flag` is empty", "`flag` 为空"));
        return None;
    }
    Some(match cx.flags.iter().position(|x| x == word) {
        Some(i) => i,
        None => {
            cx.flags.push(word.to_string());
            cx.flags.len() - 1
        }
    })
}

/// The grade the rule forces: `Some(None)` for none, `None` when it names
/// an undeclared grade (reported).
#[allow(clippy::option_option)]
fn forced_grade(c: &mut Checker, cx: &RuleContext, r: &RawRule) -> Option<Option<usize>> {
    let Some(g) = &r.grade else {
        return Some(None);
    };
    match cx.grades.iter().position(|x| &x.name == g.get_ref()) {
        Some(i) => Some(Some(i)),
        None => {
            c.at(
                g.span(),
                crate::tr!(
                    "rule \"{}\" forces grade \"{}\", which is not declared{}",
                    "规则 \"{}\" 指定的等次 \"{}\" 未声明{}",
                    r.id.get_ref(),
                    g.get_ref(),
                    declared(cx.grades.iter().map(|g| g.name.as_str()))
                ),
            );
            None
        }
    }
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
            crate::tr!(
                "`{key}` cannot be \"all\" here (only a scored item's `deduct`)",
                "`{key}` 在这里不能是 \"all\"（只有计分指标的 `deduct` 可以）"
            ),
        );
        return None;
    }
    let Some(pct) = text.strip_suffix('%') else {
        c.at(
            v.span(),
            crate::tr!(
                "`{key}` must be a number, a percentage like \"30%\", or \"all\"; got \"{text}\"",
                "`{key}` 应为数字、\"30%\" 这样的百分比或 \"all\"，实为 \"{text}\""
            ),
        );
        return None;
    };
    if !scored {
        c.at(
            v.span(),
            crate::tr!(
                "`{key}` \"{text}\": a percentage needs an item with points",
                "`{key}` \"{text}\"：百分比只能用于有分值的指标"
            ),
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
                crate::tr!(
                    "`{key}` percentage must be above 0% and at most 100%, got \"{text}\"",
                    "`{key}` 的百分比应大于 0% 且不超过 100%，实为 \"{text}\""
                ),
            );
            None
        }
        Err(BadNumber::NotANumber) => {
            c.at(
                v.span(),
                crate::tr!(
                    "`{key}` has a bad percentage \"{text}\"",
                    "`{key}` 的百分比 \"{text}\" 无效"
                ),
            );
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
                    crate::tr!(
                        "rule \"{rid}\" has a `metric` but no `below` or `above` bound",
                        "规则 \"{rid}\" 有 `metric`，却没有 `below` 或 `above` 阈值"
                    ),
                );
                return None;
            }
            return Some(None);
        }
        (Some(_), Some(a)) => {
            c.at(
                a.span(),
                crate::tr!(
                    "rule \"{rid}\" has both `below` and `above`",
                    "规则 \"{rid}\" 同时有 `below` 和 `above`"
                ),
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
                crate::tr!(
                    "threshold rule \"{rid}\" needs a `metric`: what the value measures",
                    "阈值规则 \"{rid}\" 需要 `metric`：说明数值衡量的是什么"
                ),
            );
            return None;
        }
    };
    let key = if below { "below" } else { "above" };
    Some(Some(Threshold {
        metric,
        below,
        bound: bound_of(c, bound, key)?,
    }))
}

/// A threshold's bound: a number, or steps over a roster column.
fn bound_of(c: &mut Checker, bound: &Spanned<RawBound>, key: &str) -> Option<Bound> {
    let num = |c: &mut Checker, v: &RawNum| c.number(&Spanned::new(bound.span(), v.clone()), key);
    let (by, steps) = match bound.get_ref() {
        RawBound::Int(i) => return Some(Bound::Fixed(num(c, &RawNum::Int(*i))?)),
        RawBound::Float(f) => return Some(Bound::Fixed(num(c, &RawNum::Float(*f))?)),
        RawBound::Steps { by, steps } => (by, steps),
    };
    let mut out: Vec<(Decimal, Decimal)> = Vec::new();
    for s in steps {
        let [from, value] = s.as_slice() else {
            c.at(
                bound.span(),
                crate::tr!(
                    "each step is `[from, bound]`: two numbers",
                    "每一级写作 `[from, bound]`：两个数字"
                ),
            );
            return None;
        };
        let (from, value) = (num(c, from)?, num(c, value)?);
        if out.last().is_some_and(|(f, _)| *f >= from) {
            c.at(
                bound.span(),
                crate::tr!(
                    "steps must go up: each `from` above the one before",
                    "各级应递增：每个 `from` 都要大于前一级的"
                ),
            );
            return None;
        }
        out.push((from, value));
    }
    if out.is_empty() || by.trim().is_empty() {
        c.at(
            bound.span(),
            crate::tr!(
                "a stepped bound needs `by` (a roster column) and at least one step",
                "分级阈值需要 `by`（名单中的一列）和至少一级"
            ),
        );
        return None;
    }
    Some(Bound::Steps {
        by: by.trim().to_string(),
        steps: out,
    })
}
