//! One unit's feedback sheet (考核反馈单) in the HTML report: its figures,
//! and every deduction and addition with the rule's words, caps and
//! notes, a points system's periods folded together so a sheet fits a page.

use rust_decimal::Decimal;
use serde::Serialize;

use super::html::kind_name;
use super::Results;
use crate::compare::{self, Change};
use crate::num::{self, show};
use crate::rubric::{ItemType, Rubric, Start};
use crate::scoring::{combine, Scorecard, UnitDetail};

#[derive(Serialize)]
pub(super) struct Sheet {
    unit: String,
    kind: String,
    category: String,
    total: String,
    grade: String,
    rank: String,
    of: usize,
    rating: String,
    flags: String,
    previous: String,
    start_zero: bool,
    sections: Vec<SheetSection>,
    periods: Vec<(String, String)>,
    items: Vec<SheetItem>,
    cuts: Vec<String>,
    /// `""`, `dense`, `denser` or `densest`: smaller type for a long sheet, so that
    /// every sheet prints on one A4 page.
    density: &'static str,
}

#[derive(Serialize)]
struct SheetSection {
    id: String,
    name: String,
    full: String,
    score: String,
    lost: String,
}

#[derive(Serialize)]
struct SheetItem {
    item: String,
    points: String,
    change: String,
    absorbed: String,
    reasons: Vec<SheetReason>,
}

#[derive(Serialize)]
struct SheetReason {
    /// The periods it was found in, for a points system: `3月、7月×2`.
    period: String,
    rule: String,
    count: String,
    amount: String,
    cap: String,
    notes: String,
}

/// One unit's 考核反馈单.
pub(super) fn sheet(r: &Results, c: &Scorecard) -> Sheet {
    let rb = r.rubric;
    let d = r.details.of(c);
    let zero = rb.kinds[c.kind].start == Start::Zero;
    let of = r
        .cards
        .iter()
        .filter(|o| o.kind == c.kind && o.category == c.category)
        .count();
    let shown = |v| show(num::round(v, rb.precision));
    let sections = sheet_sections(r, c, zero);
    let (mut acc, cuts) = fold(r.rubric, &d);
    acc.sort_by_key(|a| a.item);
    let items: Vec<SheetItem> = acc.iter().map(|a| sheet_item(rb, a)).collect();
    let cuts = cut_lines(rb, &cuts);
    let previous = previous_line(r, c);
    let sections_len = sections.len();
    let periods_len = rb.periods.labels.len().div_ceil(12) * 2;
    Sheet {
        unit: r.name(c).to_string(),
        kind: kind_name(rb, c),
        category: r.category(c),
        total: show(c.total),
        grade: c
            .grade
            .map(|g| rb.grades[g].name.clone())
            .unwrap_or_default(),
        rank: c.rank.to_string(),
        of,
        rating: c
            .rating
            .map(|x| rb.ratings[x].name.clone())
            .unwrap_or_default(),
        flags: r.flags(c).join(";"),
        previous,
        start_zero: zero,
        sections,
        periods: rb
            .periods
            .labels
            .iter()
            .zip(&c.periods)
            .map(|(l, &v)| (l.clone(), shown(v)))
            .collect(),
        density: density(&items, sections_len + periods_len + cuts.len()),
        items,
        cuts,
    }
}

/// The sections that apply to the unit: full marks, score and what was
/// lost, with the periods combined as the rubric says.
fn sheet_sections(r: &Results, c: &Scorecard, zero: bool) -> Vec<SheetSection> {
    let rb = r.rubric;
    let shown = |v| show(num::round(v, rb.precision));
    rb.sections
        .iter()
        .enumerate()
        .filter(|(_, s)| rb.items[s.items.clone()].iter().any(|i| i.applies[c.kind]))
        .map(|(si, s)| {
            let one: Decimal = rb.items[s.items.clone()]
                .iter()
                .filter(|i| i.applies[c.kind] && i.item_type == ItemType::Scored)
                .map(|i| i.points)
                .sum();
            let full = combine(rb, std::iter::repeat_n(one, rb.periods.count()));
            let got = c.sections[si];
            let lost = if zero { -got } else { full - got };
            SheetSection {
                id: s.id.clone(),
                name: s.name.clone(),
                full: if full.is_zero() {
                    String::new()
                } else {
                    show(full)
                },
                score: shown(got),
                lost: if full.is_zero() {
                    String::new()
                } else {
                    shown(lost)
                },
            }
        })
        .collect()
}

/// A points system's sheet folds its periods into one row per item and
/// rule ("3月×1、7月×2"): twelve months of rows would not fit a page.
fn fold(rb: &Rubric, d: &UnitDetail) -> (Vec<ItemAcc>, Vec<CutAcc>) {
    let mut acc: Vec<ItemAcc> = Vec::new();
    let mut cuts: Vec<CutAcc> = Vec::new();
    let labels = &rb.periods.labels;
    for (p, result) in d.periods.iter().enumerate() {
        let period = labels.get(p).cloned().unwrap_or_default();
        for s in &result.items {
            let found: Vec<_> = s
                .reasons
                .iter()
                .filter(|x| x.count > 0 || !x.amount.is_zero() || x.awarded.is_some())
                .collect();
            if found.is_empty() {
                continue;
            }
            let at = match acc.iter().position(|a| a.item == s.item) {
                Some(at) => at,
                None => {
                    acc.push(ItemAcc {
                        item: s.item,
                        points: s.points,
                        change: Decimal::ZERO,
                        absorbed: Decimal::ZERO,
                        reasons: Vec::new(),
                    });
                    acc.len() - 1
                }
            };
            let a = &mut acc[at];
            a.change += s.added - s.deducted;
            a.absorbed += s.absorbed;
            for x in found {
                // An awarded score is one period's figure: never summed.
                let key = (x.rule, x.awarded.map(|_| p));
                let r = match a.reasons.iter().position(|r| r.key == key) {
                    Some(r) => r,
                    None => {
                        a.reasons.push(ReasonAcc {
                            key,
                            awarded: x.awarded,
                            count: 0,
                            amount: Decimal::ZERO,
                            notes: Vec::new(),
                            periods: Vec::new(),
                        });
                        a.reasons.len() - 1
                    }
                };
                let r = &mut a.reasons[r];
                r.count += x.count;
                r.amount += x.amount;
                for n in &x.notes {
                    if !r.notes.contains(n) {
                        r.notes.push(n.clone());
                    }
                }
                if !period.is_empty() {
                    r.periods.push((p, x.rule.map_or(1, |_| x.count)));
                }
            }
        }
        for cut in &result.cuts {
            let key = (cut.section, cut.bonus, cut.cut);
            match cuts.iter_mut().find(|c: &&mut CutAcc| c.0 == key) {
                Some(c) => c.1.push((p, 1)),
                None => cuts.push((key, vec![(p, 1)])),
            }
        }
    }
    (acc, cuts)
}

/// Each section cap's cut in words, with the periods it cut in.
fn cut_lines(rb: &Rubric, cuts: &[CutAcc]) -> Vec<String> {
    let labels = &rb.periods.labels;
    cuts.iter()
        .map(|((section, bonus, cut), periods)| {
            let section = &rb.sections[*section];
            let when = if labels.is_empty() {
                String::new()
            } else {
                format!("{}:", fold_periods(labels, periods))
            };
            let what = if *bonus { "加分" } else { "减分" };
            let each = if periods.len() > 1 { "每期" } else { "" };
            format!(
                "{when}{} {} 封顶,{each}{what}多出 {} 不计",
                section.id,
                section.name,
                show(*cut)
            )
        })
        .collect()
}

/// The unit against the previous run (`--compare`), in words.
fn previous_line(r: &Results, c: &Scorecard) -> String {
    match r.compare.map(|cmp| cmp.change(r.name(c))) {
        Some(Change::Both(p)) => format!(
            "上次 {} 分({}),{},第 {} 名(名次 {})",
            show(p.total),
            compare::signed(c.total - p.total),
            if p.grade.is_empty() {
                "无等次"
            } else {
                p.grade.as_str()
            },
            p.rank,
            compare::rank_change(p.rank, c.rank)
        ),
        Some(Change::New) => "上次结果中没有这个单位".into(),
        None => String::new(),
    }
}

/// A section cap's cut on a sheet: (section, bonus, points cut) and the
/// periods it cut them in.
type CutAcc = ((usize, bool, Decimal), Vec<(usize, u64)>);

/// One item's findings on a sheet, periods folded together.
struct ItemAcc {
    item: usize,
    points: Decimal,
    change: Decimal,
    absorbed: Decimal,
    reasons: Vec<ReasonAcc>,
}

struct ReasonAcc {
    /// The rule (`None` for direct points or a score), and the period of
    /// an awarded score.
    key: (Option<usize>, Option<usize>),
    awarded: Option<Decimal>,
    count: u64,
    amount: Decimal,
    notes: Vec<String>,
    /// The periods it was found in, with the count in each.
    periods: Vec<(usize, u64)>,
}

/// Periods as a reader says them: `全年×3` for every period alike,
/// `1月–6月×3、8月` for runs of neighbours with the same count.
fn fold_periods(labels: &[String], found: &[(usize, u64)]) -> String {
    let times = |n: u64| {
        if n == 1 {
            String::new()
        } else {
            format!("×{n}")
        }
    };
    if found.len() == labels.len() && labels.len() > 2 && found.iter().all(|f| f.1 == found[0].1) {
        return format!("全年{}", times(found[0].1));
    }
    let mut runs: Vec<(usize, usize, u64)> = Vec::new();
    for &(p, n) in found {
        match runs.last_mut() {
            Some(run) if run.1 + 1 == p && run.2 == n => run.1 = p,
            _ => runs.push((p, p, n)),
        }
    }
    runs.iter()
        .map(|&(a, b, n)| {
            let span = match b - a {
                0 => labels[a].clone(),
                1 => format!("{}、{}", labels[a], labels[b]),
                _ => format!("{}–{}", labels[a], labels[b]),
            };
            format!("{span}{}", times(n))
        })
        .collect::<Vec<_>>()
        .join("、")
}

fn sheet_item(rb: &Rubric, a: &ItemAcc) -> SheetItem {
    let labels = &rb.periods.labels;
    let item = &rb.items[a.item];
    let sign = if item.item_type == ItemType::Bonus {
        "+"
    } else {
        "-"
    };
    let reasons = a
        .reasons
        .iter()
        .map(|x| {
            let (rule, cap) = match x.key.0 {
                Some(i) => {
                    let rule = &item.rules[i];
                    let mut text = format!("{}. {}", rule.id, rule.text);
                    if let Some(f) = rule.flag {
                        text.push_str(&format!("(标记:{})", rb.flags[f]));
                    }
                    if let Some(g) = rule.grade {
                        text.push_str(&format!("(等次:{})", rb.grades[g].name));
                    }
                    let cap = rule
                        .max_text
                        .as_ref()
                        .map(|m| format!("最多 {m}"))
                        .unwrap_or_default();
                    (text, cap)
                }
                None if x.awarded.is_some() => ("直接评分".to_string(), String::new()),
                None => ("直接扣分".to_string(), String::new()),
            };
            SheetReason {
                period: fold_periods(labels, &x.periods),
                rule,
                count: if x.key.0.is_some() {
                    x.count.to_string()
                } else {
                    String::new()
                },
                amount: match x.awarded {
                    Some(v) => format!("得 {}", show(v)),
                    None if x.amount.is_zero() => "0".into(),
                    None => format!("{sign}{}", show(x.amount)),
                },
                cap,
                notes: x.notes.join(";"),
            }
        })
        .collect();
    SheetItem {
        item: format!("{} {}", item.id, item.name),
        points: if a.points.is_zero() {
            String::new()
        } else {
            show(a.points)
        },
        change: compare::signed(a.change),
        absorbed: if a.absorbed.is_zero() {
            String::new()
        } else {
            show(a.absorbed)
        },
        reasons,
    }
}

/// How tightly a sheet must be set to fit one A4 page, from the lines its
/// tables take (a long rule text or note wraps onto several).
fn density(items: &[SheetItem], other_rows: usize) -> &'static str {
    let lines = |text: &str, per_line: usize| text.chars().count().div_ceil(per_line).max(1);
    let rows: usize = items
        .iter()
        .map(|it| {
            let own: usize = it
                .reasons
                .iter()
                .map(|x| {
                    lines(&x.rule, 14)
                        .max(lines(&x.notes, 10))
                        .max(lines(&x.period, 4))
                })
                .sum();
            own.max(lines(&it.item, 9))
        })
        .sum::<usize>()
        + other_rows;
    match rows {
        0..=34 => "",
        35..=48 => "dense",
        49..=64 => "denser",
        _ => "densest",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_periods() {
        let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
        let all: Vec<(usize, u64)> = (0..12).map(|p| (p, 3)).collect();
        assert_eq!(fold_periods(&months, &all), "全年×3");
        assert_eq!(
            fold_periods(&months, &[(0, 1), (1, 1), (2, 1), (4, 2), (6, 1), (7, 1)]),
            "1月–3月、5月×2、7月、8月"
        );
        let stages = ["初评".to_string(), "复评".to_string()];
        assert_eq!(fold_periods(&stages, &[(0, 1), (1, 1)]), "初评、复评");
    }
}
