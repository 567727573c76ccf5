//! Caps, starts, periods and totals: pure functions of the plan and the
//! ledger. Everything is exact; the total is rounded once, at the end.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::ledger::{Ledger, View, HAS_EXTRA, HAS_POINTS};
use crate::num;
use crate::rubric::{CapScope, Combine, Item, ItemType, Rubric, Start};

/// What one rule (or the direct points, or an awarded score) did to an item.
#[derive(Debug, Clone)]
pub struct Reason {
    /// Index of the rule within the item; `None` for direct points/score.
    pub rule: Option<usize>,
    pub count: u64,
    /// Points taken off (or added, on a bonus item) after the rule's `max`,
    /// before the item's cap.
    pub amount: Decimal,
    /// The score awarded, for a `score` row.
    pub awarded: Option<Decimal>,
    pub notes: Vec<String>,
}

/// A unit's result on one item in the period it counts in.
#[derive(Debug, Clone)]
pub struct ItemScore {
    pub item: usize,
    pub period: usize,
    /// Full marks of a scored item; 0 for bonus and penalty items.
    pub points: Decimal,
    /// Points taken off after the caps (scored and penalty items).
    pub deducted: Decimal,
    /// Points added after the item cap (bonus items).
    pub added: Decimal,
    /// What the item contributes to a full-start total: points − deducted
    /// for a scored item, +added for a bonus item, −deducted for a penalty.
    pub score: Decimal,
    /// Whether a cap cut the item's findings (扣完为止, 每月最高…).
    pub capped: bool,
    /// What the caps swallowed.
    pub absorbed: Decimal,
    pub reasons: Vec<Reason>,
}

/// A section cap that cut what its bonus (or penalty) items together did.
#[derive(Debug, Clone)]
pub struct SectionCut {
    pub section: usize,
    pub period: usize,
    /// True for bonus items (the cut lowers the score), false for penalties.
    pub bonus: bool,
    pub cut: Decimal,
}

impl SectionCut {
    /// The cut's effect on the score.
    pub fn effect(&self) -> Decimal {
        if self.bonus {
            -self.cut
        } else {
            self.cut
        }
    }
}

/// One period of one unit, every item and cap in it.
#[derive(Debug, Clone, Default)]
pub struct PeriodResult {
    pub items: Vec<ItemScore>,
    pub cuts: Vec<SectionCut>,
    /// Exact section scores, by section index.
    pub sections: Vec<Decimal>,
    pub total: Decimal,
}

/// Everything about one unit's scoring, for explanations.
#[derive(Debug, Clone)]
pub struct UnitDetail {
    pub periods: Vec<PeriodResult>,
    /// Indices into the rubric's flags, ascending.
    pub flags: Vec<usize>,
    /// The grade a rule forces (the worst, if several).
    pub forced: Option<usize>,
}

/// A unit's result (考核结果): what ranking and the summary need.
#[derive(Debug, Clone)]
pub struct Scorecard {
    pub unit: u32,
    pub kind: usize,
    pub category: Option<usize>,
    /// Exact period totals (boxed: no spare capacity, one card per unit).
    pub periods: Box<[Decimal]>,
    /// Exact section scores, periods combined.
    pub sections: Box<[Decimal]>,
    /// The exact total, before rounding.
    pub exact: Decimal,
    /// The total rounded to the rubric's precision: what grades and ranks use.
    pub total: Decimal,
    pub flags: Vec<usize>,
    pub forced: Option<usize>,
    /// Filled in by ranking.
    pub grade: Option<usize>,
    pub rank: usize,
    pub rating: Option<usize>,
}

/// Units scored together: on two threads, half each. Enough to make a
/// thread's start worth it, few enough that their figures take little room.
const BATCH: u32 = 1 << 11;

/// Scores every unit in the ledger, in ledger order.
pub fn score(rubric: &Rubric, ledger: &Ledger) -> Vec<Scorecard> {
    cards(rubric, &Plan::new(rubric), ledger, 0..ledger.len() as u32)
}

/// As [`score`], but each unit's figures (period totals, section scores)
/// go into the ledger in place of its findings, compactly, and its card
/// keeps none: millions of units cost little more than their findings. A
/// writer gets each card whole from [`Details::whole`]; the findings
/// cannot be explained after this.
pub fn score_compact(rubric: &Rubric, ledger: &mut Ledger) -> Vec<Scorecard> {
    let plan = Plan::new(rubric);
    let n = ledger.len() as u32;
    let mut all = Vec::with_capacity(n as usize);
    let mut figures = Vec::new();
    for start in (0..n).step_by(BATCH as usize) {
        for mut c in cards(rubric, &plan, ledger, start..n.min(start + BATCH)) {
            figures.clear();
            figures.extend(c.periods.iter().chain(c.sections.iter()));
            ledger.keep_figures(c.unit, &figures);
            (c.periods, c.sections) = (Box::default(), Box::default());
            all.push(c);
        }
    }
    all
}

/// The cards of units `units`, in order; on both cores when they are many.
fn cards(rubric: &Rubric, plan: &Plan, ledger: &Ledger, units: Range<u32>) -> Vec<Scorecard> {
    crate::threads::halves(units, 1024, |half| {
        let (mut view, mut reuse) = (View::default(), Reuse::default());
        half.map(|u| card(rubric, plan, ledger, u, (&mut view, &mut reuse)))
            .collect()
    })
}

/// What scoring one unit needs beside the ledger, kept from unit to unit
/// so that a unit's items cost no allocation once the first few are done.
#[derive(Default)]
struct Reuse {
    /// The found items of the period being summed.
    found: Vec<ItemScore>,
    /// Emptied reasons lists, for the next items.
    spare: Vec<Vec<Reason>>,
    sections: Vec<Decimal>,
}

fn card(
    rubric: &Rubric,
    plan: &Plan,
    ledger: &Ledger,
    u: u32,
    with: (&mut View, &mut Reuse),
) -> Scorecard {
    let (view, reuse) = with;
    ledger.view(u, view);
    let at = Cells {
        ledger,
        view,
        unit: u,
    };
    let t = match totals(rubric, plan, &at, ledger.kind(u), reuse) {
        Some(t) => t,
        None => totals_of_detail(rubric, detail(rubric, ledger, u, &mut View::default())),
    };
    let exact = combine(rubric, t.periods.iter().copied());
    let sections = (0..rubric.sections.len())
        .map(|s| combine(rubric, t.sections.iter().skip(s).step_by(t.width).copied()))
        .collect();
    Scorecard {
        unit: u,
        kind: ledger.kind(u),
        category: ledger.category(u),
        periods: t.periods.into(),
        sections,
        exact,
        total: num::round(exact, rubric.precision),
        flags: t.flags,
        forced: t.forced,
        grade: None,
        rank: 0,
        rating: None,
    }
}

/// What scoring needs of the rubric beyond it, worked out once a run:
/// what an item with nothing found adds to its section, and what all such
/// items add, per kind, so that a unit costs what was found against it.
struct Plan {
    /// Per item: the result with nothing found.
    empty: Vec<ItemScore>,
    /// Per kind: each section's sum of the empty results of the items
    /// that apply, yearly ones left out (they count in the last period).
    base: Vec<Vec<Decimal>>,
    yearly: Vec<bool>,
    /// Per kind: whether every empty result is [`small`] (and the rubric
    /// not huge), so sums may be taken in another order.
    exact: Vec<bool>,
}

impl Plan {
    fn new(rubric: &Rubric) -> Plan {
        let empty: Vec<ItemScore> = (rubric.items.iter().enumerate())
            .map(|(i, item)| empty_score(item, i, 0))
            .collect();
        let yearly: Vec<bool> = rubric.items.iter().map(|i| rubric.yearly(i)).collect();
        let base = (0..rubric.kinds.len())
            .map(|k| {
                let zero = rubric.kinds[k].start == Start::Zero;
                let mut sections = vec![Decimal::ZERO; rubric.sections.len()];
                for (i, item) in rubric.items.iter().enumerate() {
                    if item.applies[k] && !yearly[i] {
                        sections[item.section] += term(&empty[i], zero);
                    }
                }
                sections
            })
            .collect();
        let exact = (0..rubric.kinds.len())
            .map(|k| {
                let zero = rubric.kinds[k].start == Start::Zero;
                rubric.items.len() < 50_000
                    && (rubric.items.iter().zip(&empty))
                        .all(|(item, e)| !item.applies[k] || small(term(e, zero)))
            })
            .collect();
        Plan {
            empty,
            base,
            yearly,
            exact,
        }
    }
}

/// A figure with at most 4 decimals and under 10^16: fewer than 50,000 of
/// them (rescaled to 4 decimals, each under 10^20 × 10^4) sum to under
/// 5·10^28, inside `Decimal`'s 96-bit mantissa, so no sum of them rounds and
/// the order they are added in cannot change the result.
fn small(d: Decimal) -> bool {
    d.scale() <= 4 && d.mantissa().unsigned_abs() < 100_000_000_000_000_000_000
}

/// What an item's result adds to its section: a zero-start unit counts
/// only what was found against it.
fn term(s: &ItemScore, zero: bool) -> Decimal {
    if zero {
        s.score - s.points
    } else {
        s.score
    }
}

/// A unit's period totals and section scores (`width` a period), flags
/// and forced grade: what `detail` works out, from the found items only.
struct Totals {
    periods: Vec<Decimal>,
    sections: Vec<Decimal>,
    width: usize,
    flags: Vec<usize>,
    forced: Option<usize>,
}

/// `None` when a figure is not [`small`]: then only `detail`'s order of
/// sums gives its exact (28-digit, rounded) result.
fn totals(
    rubric: &Rubric,
    plan: &Plan,
    at: &Cells,
    kind: usize,
    reuse: &mut Reuse,
) -> Option<Totals> {
    let zero = rubric.kinds[kind].start == Start::Zero;
    let mut exact = plan.exact[kind];
    let fits = |s: &ItemScore| small(term(s, zero)) && small(s.added) && small(s.deducted);
    let (n, width, items) = (rubric.periods.count(), rubric.sections.len(), at.items());
    let mut t = Totals {
        periods: Vec::with_capacity(n),
        sections: Vec::with_capacity(n * width),
        width,
        flags: Vec::new(),
        forced: None,
    };
    let mut year: Vec<Option<ItemScore>> = Vec::new();
    let Reuse {
        found,
        spare,
        sections,
    } = reuse;
    for p in 0..n {
        sections.clear();
        sections.extend_from_slice(&plan.base[kind]);
        spare.extend(found.drain(..).map(|s| s.reasons));
        for (i, item) in rubric.items.iter().enumerate() {
            if at.view.marks[p * items + i] == 0 || !item.applies[kind] {
                continue;
            }
            let s = item_score(item, i, at, p, spare.pop().unwrap_or_default());
            raised(item, &s, &mut t.flags, &mut t.forced);
            if plan.yearly[i] {
                year.resize(rubric.items.len(), None);
                match &mut year[i] {
                    Some(y) => merge(y, s),
                    none => *none = Some(s),
                }
                continue;
            }
            let sec = item.section;
            exact &= fits(&s);
            sections[sec] = sections[sec] - term(&plan.empty[i], zero) + term(&s, zero);
            found.push(s);
        }
        if p == n - 1 {
            for (i, item) in rubric.items.iter().enumerate() {
                if !plan.yearly[i] || !item.applies[kind] {
                    continue;
                }
                let mut y = (year.get_mut(i).and_then(Option::take))
                    .unwrap_or_else(|| plan.empty[i].clone());
                if let Some(cap) = item.cap.filter(|c| c.scope == CapScope::Year) {
                    apply_cap(&mut y, cap.amount);
                }
                exact &= fits(&y);
                sections[item.section] += term(&y, zero);
                found.push(y);
            }
        }
        let mut result = PeriodResult {
            items: std::mem::take(found),
            ..PeriodResult::default()
        };
        section_cuts_at(rubric, &mut result, p, n - 1);
        for c in &result.cuts {
            exact &= small(c.effect());
            sections[c.section] += c.effect();
        }
        *found = result.items;
        t.periods.push(sections.iter().sum());
        t.sections.extend_from_slice(sections);
    }
    t.flags.sort_unstable();
    t.flags.dedup();
    exact.then_some(t)
}

/// The same totals from a full detail, summed in its order.
fn totals_of_detail(rubric: &Rubric, d: UnitDetail) -> Totals {
    let width = rubric.sections.len();
    Totals {
        periods: d.periods.iter().map(|p| p.total).collect(),
        sections: d
            .periods
            .iter()
            .flat_map(|p| p.sections.iter().copied())
            .collect(),
        width,
        flags: d.flags,
        forced: d.forced,
    }
}

/// The flags and forced grade an item's findings raise.
fn raised(item: &Item, s: &ItemScore, flags: &mut Vec<usize>, forced: &mut Option<usize>) {
    for r in s.reasons.iter().filter(|r| r.count > 0) {
        if let Some(rule) = r.rule.map(|x| &item.rules[x]) {
            flags.extend(rule.flag);
            *forced = (*forced).max(rule.grade);
        }
    }
}

/// Combines period values as the rubric says.
pub fn combine(rubric: &Rubric, values: impl Iterator<Item = Decimal>) -> Decimal {
    match rubric.periods.combine {
        Combine::Sum => values.sum(),
        // Not always a terminating decimal (n = 3); Decimal keeps 28 digits,
        // far past any precision, and rounding happens once afterwards.
        Combine::Mean => {
            let (mut sum, mut n) = (Decimal::ZERO, 0u32);
            for v in values {
                sum += v;
                n += 1;
            }
            sum / Decimal::from(n.max(1))
        }
        Combine::Weighted => values
            .zip(&rubric.periods.weights)
            .map(|(a, w)| a * w)
            .sum(),
        Combine::Last => values.last().unwrap_or_default(),
    }
}

/// Each unit's name and detail, for the report writers: worked out unit by
/// unit as a writer asks, so the details of all units never sit in memory
/// at once. Writers see finished results, never the ledger behind them.
pub struct Details<'a> {
    rubric: &'a Rubric,
    ledger: &'a Ledger,
}

impl<'a> Details<'a> {
    pub fn new(rubric: &'a Rubric, ledger: &'a Ledger) -> Details<'a> {
        Details { rubric, ledger }
    }

    /// The card with its period and section figures, taken back from the
    /// ledger if it is compact (from [`score_compact`]).
    pub fn whole<'c>(&self, card: &'c Scorecard) -> std::borrow::Cow<'c, Scorecard> {
        let Some(mut figures) = self.ledger.figures(card.unit) else {
            return std::borrow::Cow::Borrowed(card);
        };
        let sections = figures.split_off(figures.len() - self.rubric.sections.len());
        std::borrow::Cow::Owned(Scorecard {
            periods: figures.into(),
            sections: sections.into(),
            ..card.clone()
        })
    }

    /// The unit's name (kept once, in the ledger, not copied per card).
    pub fn name(&self, card: &Scorecard) -> &'a str {
        self.ledger.name(card.unit)
    }

    /// Everything about the unit's scoring, for explanations.
    pub fn of(&self, card: &Scorecard) -> UnitDetail {
        detail(self.rubric, self.ledger, card.unit, &mut View::default())
    }
}

/// Scores one unit in every period, with its yearly caps, section caps,
/// flags and forced grade.
fn detail(rubric: &Rubric, ledger: &Ledger, unit: u32, view: &mut View) -> UnitDetail {
    let kind = ledger.kind(unit);
    ledger.view(unit, view);
    let at = Cells { ledger, view, unit };
    let mut d = items(rubric, &at, kind);
    for result in &mut d.periods {
        result.items.sort_by_key(|s| s.item);
    }
    section_cuts(rubric, &mut d.periods);
    let zero = rubric.kinds[kind].start == Start::Zero;
    for result in &mut d.periods {
        result.sections = vec![Decimal::ZERO; rubric.sections.len()];
        for s in &result.items {
            let section = rubric.items[s.item].section;
            // A zero-start unit counts only what was found against it.
            result.sections[section] += if zero { s.score - s.points } else { s.score };
        }
        for c in &result.cuts {
            result.sections[c.section] += c.effect();
        }
        result.total = result.sections.iter().sum();
    }
    d.flags.sort_unstable();
    d.flags.dedup();
    d
}

/// Every item that applies to the unit, in every period, with the flags
/// and grade its rules raise; items under a yearly cap are summed over the
/// year, capped and credited to the last period.
fn items(rubric: &Rubric, at: &Cells, kind: usize) -> UnitDetail {
    let n = rubric.periods.count();
    let mut d = UnitDetail {
        periods: vec![PeriodResult::default(); n],
        flags: Vec::new(),
        forced: None,
    };
    let mut year: Vec<Option<ItemScore>> = vec![None; rubric.items.len()];
    for (p, result) in d.periods.iter_mut().enumerate() {
        for (i, item) in rubric.items.iter().enumerate() {
            if !item.applies[kind] {
                continue;
            }
            let s = item_score(item, i, at, p, Vec::new());
            raised(item, &s, &mut d.flags, &mut d.forced);
            if rubric.yearly(item) {
                match &mut year[i] {
                    Some(y) => merge(y, s),
                    none => *none = Some(s),
                }
            } else {
                result.items.push(s);
            }
        }
    }
    for (i, y) in year.into_iter().enumerate() {
        if let Some(mut y) = y {
            if let Some(cap) = rubric.items[i].cap.filter(|c| c.scope == CapScope::Year) {
                apply_cap(&mut y, cap.amount);
            }
            y.period = n - 1;
            d.periods[n - 1].items.push(y);
        }
    }
    d
}

/// Section caps on what bonus (or penalty) items did together, per period
/// or, for a yearly cap, in the last period.
fn section_cuts(rubric: &Rubric, periods: &mut [PeriodResult]) {
    let last = periods.len() - 1;
    for (p, result) in periods.iter_mut().enumerate() {
        section_cuts_at(rubric, result, p, last);
    }
}

/// The section cuts of period `p` (of `0..=last`).
fn section_cuts_at(rubric: &Rubric, result: &mut PeriodResult, p: usize, last: usize) {
    for (si, section) in rubric.sections.iter().enumerate() {
        let Some(cap) = section.cap else { continue };
        if cap.scope == CapScope::Year && p != last {
            continue;
        }
        for bonus in [true, false] {
            let sum: Decimal = result
                .items
                .iter()
                .filter(|s| rubric.items[s.item].section == si)
                .map(|s| match rubric.items[s.item].item_type {
                    ItemType::Bonus if bonus => s.added,
                    ItemType::Penalty if !bonus => s.deducted,
                    _ => Decimal::ZERO,
                })
                .sum();
            if sum > cap.amount {
                result.cuts.push(SectionCut {
                    section: si,
                    period: p,
                    bonus,
                    cut: sum - cap.amount,
                });
            }
        }
    }
}

/// Adds a later period's result on a yearly item to the year's so far.
fn merge(into: &mut ItemScore, s: ItemScore) {
    into.deducted += s.deducted;
    into.added += s.added;
    into.score += s.score;
    into.absorbed += s.absorbed;
    into.capped |= s.capped;
    for r in s.reasons {
        match into
            .reasons
            .iter_mut()
            .find(|x| x.rule == r.rule && x.awarded.is_none())
        {
            Some(x) => {
                x.count += r.count;
                x.amount += r.amount;
                for n in r.notes {
                    if x.notes.len() < 3 && !x.notes.contains(&n) {
                        x.notes.push(n);
                    }
                }
            }
            None => into.reasons.push(r),
        }
    }
}

/// Caps what a bonus or penalty item did.
fn apply_cap(s: &mut ItemScore, cap: Decimal) {
    let (amount, bonus) = if s.added > Decimal::ZERO {
        (s.added, true)
    } else {
        (s.deducted, false)
    };
    if amount > cap {
        s.absorbed += amount - cap;
        s.capped = true;
        if bonus {
            s.added = cap;
            s.score = cap;
        } else {
            s.deducted = cap;
            s.score = -cap;
        }
    }
}

/// One item in one period: each rule's findings (capped by its `max`) and
/// the direct points; a scored item capped at its points or set by an
/// awarded score; a bonus or penalty item capped by its per-period cap.
/// `reasons`: an empty list to fill (one kept from an earlier item).
fn item_score(
    item: &Item,
    index: usize,
    at: &Cells,
    period: usize,
    mut reasons: Vec<Reason>,
) -> ItemScore {
    reasons.clear();
    let mark = at.view.marks[period * at.items() + index];
    let cell = (mark & HAS_EXTRA != 0)
        .then(|| at.ledger.extra_of(at.unit, period, index))
        .flatten();
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
    let mut s = ItemScore {
        item: index,
        period,
        points: item.points,
        deducted: Decimal::ZERO,
        added: Decimal::ZERO,
        score: Decimal::ZERO,
        capped: false,
        absorbed: Decimal::ZERO,
        reasons,
    };
    if let Some((awarded, _)) = cell.and_then(|c| c.score) {
        s.deducted = item.points - awarded;
        s.score = awarded;
        s.reasons.push(Reason {
            rule: None,
            count: 1,
            amount: s.deducted,
            awarded: Some(awarded),
            notes: notes_for(None),
        });
        return s;
    }
    if mark == 0 {
        return empty_score(item, index, period);
    }
    let counts = at.counts(period, index, item.rules.len());
    for (r, (rule, &count)) in item.rules.iter().zip(counts).enumerate() {
        if count == 0 {
            continue;
        }
        let mut amount = rule.each * Decimal::from(count); // ≤ 10^15 × 4.3·10^9: exact
                                                           // A rule's own max (扣完为止 within the rule) is a cap like the
                                                           // item's: it shows as capped, with what it swallowed.
        if let Some(max) = rule.max.filter(|&m| amount > m) {
            s.absorbed += amount - max;
            s.capped = true;
            amount = max;
        }
        s.reasons.push(Reason {
            rule: Some(r),
            count: u64::from(count),
            amount,
            awarded: None,
            notes: notes_for(Some(r)),
        });
    }
    let direct = match mark & HAS_POINTS {
        0 => Decimal::ZERO,
        _ => at.view.direct(period * at.items() + index),
    };
    if !direct.is_zero() {
        s.reasons.push(Reason {
            rule: None,
            count: 1,
            amount: direct,
            awarded: None,
            notes: notes_for(None),
        });
    }
    settle(item, &mut s);
    s
}

/// An item's result in a period with nothing found.
fn empty_score(item: &Item, index: usize, period: usize) -> ItemScore {
    let mut s = ItemScore {
        item: index,
        period,
        points: item.points,
        deducted: Decimal::ZERO,
        added: Decimal::ZERO,
        score: Decimal::ZERO,
        capped: false,
        absorbed: Decimal::ZERO,
        reasons: Vec::new(),
    };
    settle(item, &mut s);
    s
}

/// One unit's cells, as scoring reads them.
struct Cells<'a> {
    ledger: &'a Ledger,
    view: &'a View,
    unit: u32,
}

impl Cells<'_> {
    fn items(&self) -> usize {
        self.view.marks.len() / self.view.periods.max(1)
    }

    /// How many times each rule of `item` was found in `period`.
    fn counts(&self, period: usize, item: usize, rules: usize) -> &[u32] {
        let start = period * self.view.rules + self.view.rule_base[item];
        &self.view.counts[start..start + rules]
    }
}

/// What an item's findings come to: a scored item capped at its points
/// (扣完为止), a bonus added, a penalty taken off, then the item's
/// per-period cap.
fn settle(item: &Item, s: &mut ItemScore) {
    let raw: Decimal = s.reasons.iter().map(|r| r.amount).sum();
    match item.item_type {
        ItemType::Scored => {
            // One comparison does what `min`, `>` and `max(0)` did, to the
            // same values and scales; the rest is skipped below the points.
            let over = raw.cmp(&item.points);
            s.deducted = if over.is_gt() { item.points } else { raw };
            s.score = item.points - s.deducted;
            s.capped |= over.is_gt();
            if over.is_ge() {
                s.absorbed += raw - item.points;
            }
        }
        ItemType::Bonus => {
            s.added = raw;
            s.score = raw;
        }
        ItemType::Penalty => {
            s.deducted = raw;
            s.score = -raw;
        }
    }
    if let Some(cap) = item.cap.filter(|c| c.scope == CapScope::Period) {
        apply_cap(s, cap.amount);
    }
}
