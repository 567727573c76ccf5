//! Grades, ranks and quotas, from the rounded totals.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::num;
use crate::rubric::{QuotaBound, Ranking, Rubric, Start};
use crate::scoring::Scorecard;

/// Grades the full-start units (a rule's forced grade wins), ranks every
/// unit within its kind and category, gives ratings, then sorts the cards
/// into output order: kind, category, rank, first appearance.
pub fn rank(rubric: &Rubric, cards: &mut [Scorecard]) {
    for c in cards.iter_mut() {
        if rubric.kinds[c.kind].start == Start::Full {
            c.grade = c.forced.or_else(|| rubric.grade(c.total));
        }
    }
    // Card indices as u32, sorted by total, and no copy of the totals:
    // millions of units rank in four bytes each.
    let mut groups: BTreeMap<(usize, Option<usize>), Vec<u32>> = BTreeMap::new();
    for (i, c) in cards.iter().enumerate() {
        groups
            .entry((c.kind, c.category))
            .or_default()
            .push(i as u32);
    }
    let total = |cards: &[Scorecard], i: u32| cards[i as usize].total;
    for members in groups.values_mut() {
        members.sort_unstable_by_key(|&i| std::cmp::Reverse(total(cards, i)));
        // Units above this one, plus one: ties share, the next skips;
        // dense ranks count the distinct totals above instead.
        let (mut place, mut dense) = (0, 0);
        for (k, &i) in members.iter().enumerate() {
            if k == 0 || total(cards, members[k - 1]) != total(cards, i) {
                (place, dense) = (k + 1, dense + 1);
            }
            let i = i as usize;
            cards[i].rank = match rubric.ranking {
                Ranking::Competition => place,
                Ranking::Dense => dense,
            };
            cards[i].rating = rating(rubric, &cards[i], place, members.len());
        }
    }
    // Equal keys keep first appearance (the unit id, cards being in unit
    // order), sorted in place: a stable sort would borrow half the cards'
    // size again. Units without a category come after the categorised ones.
    cards.sort_unstable_by_key(|c| (c.kind, c.category.is_none(), c.category, c.rank, c.unit));
}

/// The best rating a unit qualifies for: its place (the skipping rank,
/// whatever the ranking style) within `top` × the group's size, rounded
/// half up; not excluded by a flag; at least `min`. A unit that fails a
/// rating keeps its place: nothing is passed on to the next unit.
fn rating(rubric: &Rubric, card: &Scorecard, place: usize, group: usize) -> Option<usize> {
    rubric.ratings.iter().position(|r| {
        let places = num::round(r.top * Decimal::from(group), 0);
        Decimal::from(place) <= places
            && !r.exclude.iter().any(|f| card.flags.contains(f))
            && r.min.is_none_or(|m| card.total >= m)
    })
}

/// One quota checked on the graded units of one kind.
#[derive(Debug, Clone)]
pub struct QuotaCheck {
    pub quota: usize,
    pub kind: usize,
    /// Graded units of the kind in the quota's grades.
    pub count: usize,
    /// Graded units of the kind.
    pub graded: usize,
    /// False only for a `max` or `min` quota that is not met.
    pub met: bool,
}

impl QuotaCheck {
    /// How many units the bound allows: at most ⌊share × graded⌋ for a
    /// `max`, at least ⌈share × graded⌉ for a `min`, about the product
    /// rounded half up for `about` (5 of 12 at 40% is 4.8: at most 4, at
    /// least 5, about 5).
    pub fn allowed(&self, quota: &crate::rubric::Quota) -> Decimal {
        let limit = quota.share * Decimal::from(self.graded);
        match quota.bound {
            QuotaBound::Max => limit.floor(),
            QuotaBound::Min => limit.ceil(),
            QuotaBound::About => num::round(limit, 0),
        }
    }

    /// The share in the quota's grades (0 when nothing is graded).
    pub fn share(&self) -> Decimal {
        if self.graded == 0 {
            Decimal::ZERO
        } else {
            Decimal::from(self.count) / Decimal::from(self.graded)
        }
    }
}

/// Checks each quota on each kind that has graded units.
pub fn quotas(rubric: &Rubric, cards: &[Scorecard]) -> Vec<QuotaCheck> {
    let mut out = Vec::new();
    for (qi, q) in rubric.quotas.iter().enumerate() {
        for kind in 0..rubric.kinds.len() {
            let graded: Vec<usize> = cards
                .iter()
                .filter(|c| c.kind == kind)
                .filter_map(|c| c.grade)
                .collect();
            if graded.is_empty() {
                continue;
            }
            let count = graded.iter().filter(|g| q.grades.contains(g)).count();
            // Compare counts, not divided shares, so no rounding enters.
            let n = Decimal::from(count);
            let limit = q.share * Decimal::from(graded.len());
            let met = match q.bound {
                QuotaBound::Max => n <= limit,
                QuotaBound::Min => n >= limit,
                QuotaBound::About => true,
            };
            out.push(QuotaCheck {
                quota: qi,
                kind,
                count,
                graded: graded.len(),
                met,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Quota;

    fn allowed(bound: QuotaBound, share: &str, graded: usize) -> Decimal {
        let quota = Quota {
            grades: vec![0],
            bound,
            share: share.parse().expect("a share"),
        };
        let check = QuotaCheck {
            quota: 0,
            kind: 0,
            count: 0,
            graded,
            met: true,
        };
        check.allowed(&quota)
    }

    #[test]
    fn bounds_round_the_way_that_keeps_the_quota() {
        // 40% of 11 = 4.4: at most 4 (5 would break it), at least 5 (4 falls short), about 4.
        assert_eq!(allowed(QuotaBound::Max, "0.4", 11), 4.into());
        assert_eq!(allowed(QuotaBound::Min, "0.4", 11), 5.into());
        assert_eq!(allowed(QuotaBound::About, "0.4", 11), 4.into());
        // 10% of 15 = 1.5: about rounds half up to 2; exact bounds stay as they are.
        assert_eq!(allowed(QuotaBound::About, "0.1", 15), 2.into());
        assert_eq!(allowed(QuotaBound::Max, "0.4", 10), 4.into());
        assert_eq!(allowed(QuotaBound::Min, "0.5", 4), 2.into());
    }
}
