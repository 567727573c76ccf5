//! Caps, starts and totals: pure functions of the plan and the ledger.
//! Everything is exact; the total is rounded once, at the end.

use rust_decimal::Decimal;

use crate::ledger::Ledger;
use crate::num;
use crate::rubric::{Item, Rubric, Start};

/// What one rule (or the direct points, or an awarded score) did to an item.
#[derive(Debug, Clone)]
pub struct Reason {
    /// Index of the rule within the item; `None` for direct points/score.
    pub rule: Option<usize>,
    pub count: u64,
    /// Points taken off, after the rule's `max`, before the item cap.
    pub deducted: Decimal,
    /// The score awarded, for a `score` row.
    pub awarded: Option<Decimal>,
    pub notes: Vec<String>,
}

/// A unit's result on one item.
#[derive(Debug, Clone)]
pub struct ItemScore {
    pub item: usize,
    pub points: Decimal,
    /// Points taken off after the item cap.
    pub deducted: Decimal,
    pub score: Decimal,
    /// Whether the item cap cut the deductions (扣完为止).
    pub capped: bool,
    /// Deductions the cap swallowed.
    pub absorbed: Decimal,
    pub reasons: Vec<Reason>,
}

/// A unit's whole result (考核结果).
#[derive(Debug, Clone)]
pub struct Scorecard {
    pub unit: String,
    pub kind: usize,
    /// The items that apply to the unit's kind, in rubric order.
    pub items: Vec<ItemScore>,
    /// Exact section scores, by section index.
    pub sections: Vec<Decimal>,
    /// The exact total, before rounding.
    pub exact: Decimal,
    /// The total rounded to the rubric's precision: what grades and ranks use.
    pub total: Decimal,
    /// Filled in by ranking.
    pub grade: Option<usize>,
    pub rank: usize,
}

/// Scores every unit in the ledger, in ledger order.
pub fn score(rubric: &Rubric, ledger: &Ledger) -> Vec<Scorecard> {
    (0..ledger.units.len() as u32)
        .map(|u| scorecard(rubric, ledger, u))
        .collect()
}

fn scorecard(rubric: &Rubric, ledger: &Ledger, unit: u32) -> Scorecard {
    let kind = ledger.units[unit as usize].kind;
    let zero = rubric.kinds[kind].start == Start::Zero;
    let mut sections = vec![Decimal::ZERO; rubric.sections.len()];
    let mut items = Vec::new();
    for (i, item) in rubric.items.iter().enumerate() {
        if !item.applies[kind] {
            continue;
        }
        let s = item_score(item, i, ledger, unit);
        // A zero-start unit counts only what was found against it.
        sections[item.section] += if zero { -s.deducted } else { s.score };
        items.push(s);
    }
    let exact: Decimal = sections.iter().sum();
    Scorecard {
        unit: ledger.units[unit as usize].name.clone(),
        kind,
        items,
        sections,
        exact,
        total: num::round(exact, rubric.precision),
        grade: None,
        rank: 0,
    }
}

/// One item: the sum of each rule's deductions (capped by its `max`) and
/// the direct points, capped at the item's points; or an awarded score.
pub fn item_score(item: &Item, index: usize, ledger: &Ledger, unit: u32) -> ItemScore {
    let cell = ledger.cell(unit, index);
    let notes_for = |rule: Option<usize>| -> Vec<String> {
        cell.map(|c| {
            c.notes
                .iter()
                .filter(|(r, _)| *r == rule)
                .map(|(_, n)| n.clone())
                .collect()
        })
        .unwrap_or_default()
    };
    if let Some((awarded, _)) = cell.and_then(|c| c.score) {
        return ItemScore {
            item: index,
            points: item.points,
            deducted: item.points - awarded,
            score: awarded,
            capped: false,
            absorbed: Decimal::ZERO,
            reasons: vec![Reason {
                rule: None,
                count: 1,
                deducted: item.points - awarded,
                awarded: Some(awarded),
                notes: notes_for(None),
            }],
        };
    }
    let mut reasons = Vec::new();
    let mut raw = Decimal::ZERO;
    for (r, (rule, &count)) in item
        .rules
        .iter()
        .zip(ledger.counts(unit, index, item.rules.len()))
        .enumerate()
    {
        if count == 0 {
            continue;
        }
        // Counts are bounded per row but add up across rows; a product too
        // large for Decimal is larger than any cap, so saturate and let the
        // caps decide.
        let mut d = rule
            .per
            .checked_mul(Decimal::from(count))
            .unwrap_or(Decimal::MAX);
        if let Some(max) = rule.max {
            d = d.min(max);
        }
        raw = raw.saturating_add(d);
        reasons.push(Reason {
            rule: Some(r),
            count,
            deducted: d,
            awarded: None,
            notes: notes_for(Some(r)),
        });
    }
    if let Some(c) = cell.filter(|c| !c.direct.is_zero()) {
        raw = raw.saturating_add(c.direct);
        reasons.push(Reason {
            rule: None,
            count: 1,
            deducted: c.direct,
            awarded: None,
            notes: notes_for(None),
        });
    }
    let deducted = raw.min(item.points);
    ItemScore {
        item: index,
        points: item.points,
        deducted,
        score: item.points - deducted,
        capped: raw > item.points,
        absorbed: (raw - item.points).max(Decimal::ZERO),
        reasons,
    }
}
