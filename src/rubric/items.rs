//! Checks sections and items; their rules are checked in `rules.rs`.

use std::collections::HashSet;

use rust_decimal::Decimal;
use toml::Spanned;

use super::check::{declared, Checker};
use super::parse::{RawItem, RawNum, RawRubric, RawSection};
use super::plan::*;
use super::rules::{self, RuleContext};
use crate::num;

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
    periods: &'a Periods,
    rules: RuleContext<'a>,
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
        periods,
        rules: RuleContext {
            grades,
            flags: Vec::new(),
        },
    };
    let mut sections = Vec::new();
    let mut items = Vec::new();
    let mut section_ids = HashSet::new();
    let mut item_ids = HashSet::new();
    let mut sum_points = Some(Decimal::ZERO);
    for (si, s) in raw.section.iter().enumerate() {
        c.unique(
            &mut section_ids,
            &s.id,
            &crate::tr!("section id", "分项编号"),
        );
        let first = items.len();
        let mut all_read = true;
        for it in &s.item {
            c.unique(&mut item_ids, &it.id, &crate::tr!("item id", "指标编号"));
            match item(c, &mut cx, it, si) {
                Some(item) => items.push(item),
                None => all_read = false,
            }
        }
        let here = &items[first..];
        let points = section_points(c, s, here, all_read);
        sum_points = sum_points.zip(points).map(|(a, b)| a + b);
        let cap = section_cap(c, s, here, all_read, periods);
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
        flags: cx.rules.flags,
        sum_points,
    }
}

/// A section's points, which its scored items must add up to (checked
/// only when every item could be read).
fn section_points(
    c: &mut Checker,
    s: &RawSection,
    here: &[Item],
    all_read: bool,
) -> Option<Decimal> {
    let scored: Decimal = here
        .iter()
        .filter(|i| i.item_type == ItemType::Scored)
        .map(|i| i.points)
        .sum();
    let has_scored = here.iter().any(|i| i.item_type == ItemType::Scored);
    match &s.points {
        Some(p) => {
            let v = c.number(p, "points");
            if let Some(v) = v {
                if v < Decimal::ZERO {
                    c.at(
                        p.span(),
                        crate::tr!(
                            "section \"{}\" `points` is negative",
                            "分项 \"{}\" 的 `points` 为负数",
                            s.id.get_ref()
                        ),
                    );
                } else if all_read && v != scored {
                    c.at(
                        p.span(),
                        crate::tr!(
                            "section \"{}\" items add up to {}, not its points {}",
                            "分项 \"{}\" 的指标分值合计 {}，与分项分值 {} 不符",
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
                crate::tr!(
                    "section \"{}\" has scored items but no `points` (its items add up to {})",
                    "分项 \"{}\" 有计分指标，却没有 `points`（其指标分值合计 {}）",
                    s.id.get_ref(),
                    num::show(scored)
                ),
            );
            None
        }
        None => Some(Decimal::ZERO),
    }
}

/// A section's cap, which only bonus and penalty items may have under it.
fn section_cap(
    c: &mut Checker,
    s: &RawSection,
    here: &[Item],
    all_read: bool,
    periods: &Periods,
) -> Option<Cap> {
    let has_extra = here.iter().any(|i| i.item_type != ItemType::Scored);
    let cap = cap(c, &s.cap, &s.cap_per, periods);
    if cap.is_some() && !has_extra && all_read {
        if let Some(span) = s.cap.as_ref().map(|v| v.span()) {
            c.at(
                span,
                crate::tr!(
                    "section \"{}\" has a `cap` but no bonus or penalty items",
                    "分项 \"{}\" 有 `cap`，却没有加分项或扣分项",
                    s.id.get_ref()
                ),
            );
        }
    }
    cap
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
                crate::tr!(
                    "`cap_per = \"year\"` needs `[periods] combine = \"sum\"`",
                    "`cap_per = \"year\"` 要求 `[periods] combine = \"sum\"`"
                ),
            );
        }
    }
    match amount {
        None => {
            if let Some(p) = scope {
                c.at(
                    p.span(),
                    crate::tr!("`cap_per` without a `cap`", "有 `cap_per` 却没有 `cap`"),
                );
            }
            None
        }
        Some(a) => Some(Cap {
            amount: c.positive(a, "cap")?,
            scope: scope_value.unwrap_or(CapScope::Period),
        }),
    }
}

fn item(c: &mut Checker, cx: &mut Context, it: &RawItem, section: usize) -> Option<Item> {
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
    let points = item_points(c, it, item_type);
    let cap = cap(c, &it.cap, &it.cap_per, cx.periods);
    if let (Some(span), Some(ItemType::Scored)) = (it.cap.as_ref().map(|v| v.span()), item_type) {
        c.at(
            span,
            crate::tr!(
                "item \"{id}\" is scored: its points cap it; `cap` is for bonus and penalty items",
                "指标 \"{id}\" 是计分指标：以分值封顶；`cap` 只用于加分项和扣分项"
            ),
        );
    }
    let applies = applies(c, cx, it);
    let mut rules = Vec::new();
    let mut seen = HashSet::new();
    for r in &it.rules {
        c.unique_in(
            &mut seen,
            &r.id,
            &crate::tr!("rule id", "规则编号"),
            &crate::tr!(" in item \"{id}\"", "指标 \"{id}\" 中"),
        );
        if let Some(item_type) = item_type {
            let points = points.unwrap_or_default();
            rules.extend(rules::rule(c, &mut cx.rules, r, id, item_type, points));
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

/// A scored item's points; bonus and penalty items have none (0).
fn item_points(c: &mut Checker, it: &RawItem, item_type: Option<ItemType>) -> Option<Decimal> {
    let id = it.id.get_ref();
    match (&it.points, item_type) {
        (Some(p), Some(ItemType::Scored)) => {
            let v = c.number(p, "points");
            if v.is_some_and(|v| v < Decimal::ZERO) {
                c.at(
                    p.span(),
                    crate::tr!(
                        "item \"{id}\" `points` is negative",
                        "指标 \"{id}\" 的 `points` 为负数"
                    ),
                );
            }
            v
        }
        (None, Some(ItemType::Scored)) => {
            c.at(
                it.id.span(),
                crate::tr!(
                    "item \"{id}\" has no `points`",
                    "指标 \"{id}\" 没有 `points`"
                ),
            );
            None
        }
        (Some(p), Some(_)) => {
            c.at(
                p.span(),
                crate::tr!(
                    "item \"{id}\" is a bonus or penalty item: it has no `points` (use `cap`)",
                    "指标 \"{id}\" 是加分项或扣分项：没有 `points`（请用 `cap`）"
                ),
            );
            None
        }
        (None, _) => Some(Decimal::ZERO),
        (Some(_), None) => None, // the bad `type` is reported already
    }
}

/// Which kinds an item applies to: all, or those its `kinds` names.
fn applies(c: &mut Checker, cx: &Context, it: &RawItem) -> Vec<bool> {
    let Some(list) = &it.kinds else {
        return vec![true; cx.kinds.len()];
    };
    let mut applies = vec![false; cx.kinds.len()];
    for k in list {
        match cx
            .kinds
            .iter()
            .position(|x| cx.has_kinds && &x.name == k.get_ref())
        {
            Some(i) => applies[i] = true,
            None => c.at(
                k.span(),
                crate::tr!(
                    "item \"{}\" `kinds` names \"{}\", which is not a declared kind{}",
                    "指标 \"{}\" 的 `kinds` 列出 \"{}\"，它不是已声明的类型{}",
                    it.id.get_ref(),
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
    applies
}
