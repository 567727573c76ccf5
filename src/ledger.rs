//! Per-unit, per-period, per-rule accumulators, filled while findings rows
//! stream. Memory follows units × periods × rules; rows are never kept.

use rustc_hash::FxHashMap as HashMap;

use rust_decimal::Decimal;

use crate::rubric::{ItemType, Rubric};

/// Where a row was read: the index of its file and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Loc {
    pub file: u32,
    pub line: u64,
}

/// A unit being scored, in order of first appearance (roster first).
#[derive(Debug, Clone)]
pub struct LedgerUnit {
    pub name: String,
    pub kind: usize,
    /// Index into the roster's categories.
    pub category: Option<usize>,
}

/// What a unit has on one item in one period besides rule counts: direct
/// points, an awarded score, notes. Sparse: most pairs have none.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// Points given directly (the `points` column): deducted, or added on
    /// a bonus item.
    pub direct: Decimal,
    /// The first row that gave direct points.
    pub direct_at: Option<Loc>,
    /// The awarded score (the `score` column) and its row.
    pub score: Option<(Decimal, Loc)>,
    /// Notes by rule index within the item; `None` for direct points and
    /// scores. A few distinct notes per rule are kept.
    pub notes: Vec<(Option<usize>, String)>,
}

/// Distinct notes kept per rule, unit and period, so memory does not grow with rows.
const NOTES_KEPT: usize = 3;

/// The accumulators for every unit, period and rule.
#[derive(Debug)]
pub struct Ledger {
    pub units: Vec<LedgerUnit>,
    /// Each unit's kind again, compact, for the per-row check.
    kinds: Vec<u16>,
    index: HashMap<Box<[u8]>, u32>,
    periods: usize,
    /// Offset of each item's first rule in a unit-period block of counts.
    rule_base: Vec<usize>,
    rules: usize,
    /// How many rules each item has.
    item_rules: Vec<usize>,
    /// `counts[(unit * periods + period) * rules + rule_base[item] + rule]`.
    counts: Vec<u32>,
    /// Whether rule rows of an item can clash with a `score` (scored items).
    scored: Vec<bool>,
    /// The first row with a count above zero, per unit, period and scored
    /// item, to name in a clash with a `score` row. Written once per
    /// unit, period and item (when its counts leave zero), not per row.
    first_rule_row: HashMap<(u32, u32, u32), Loc>,
    cells: HashMap<(u32, u32, u32), Cell>,
    /// Per unit and period, a bit for each item with a cell (items past
    /// 63 share the last bit): scoring asks about every item of every
    /// unit, and most have none, so most questions end here, not in `cells`.
    cell_bits: Vec<u64>,
}

fn item_bit(item: usize) -> u64 {
    1 << item.min(63)
}

/// A count that no longer fits: the sum of a unit's counts for one rule
/// and period passed 4,294,967,295.
#[derive(Debug)]
pub struct CountOverflow;

impl Ledger {
    pub fn new(rubric: &Rubric) -> Ledger {
        let mut rule_base = Vec::with_capacity(rubric.items.len());
        let mut rules = 0;
        for item in &rubric.items {
            rule_base.push(rules);
            rules += item.rules.len();
        }
        Ledger {
            units: Vec::new(),
            kinds: Vec::new(),
            index: HashMap::default(),
            periods: rubric.periods.count(),
            rule_base,
            rules,
            item_rules: rubric.items.iter().map(|i| i.rules.len()).collect(),
            counts: Vec::new(),
            scored: rubric
                .items
                .iter()
                .map(|i| i.item_type == ItemType::Scored)
                .collect(),
            first_rule_row: HashMap::default(),
            cells: HashMap::default(),
            cell_bits: Vec::new(),
        }
    }

    /// The id of a unit already in the ledger.
    pub fn find(&self, name: &str) -> Option<u32> {
        self.find_bytes(name.as_bytes())
    }

    /// The id of a unit already in the ledger, by the bytes of its name.
    #[inline]
    pub fn find_bytes(&self, name: &[u8]) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// Adds a unit (first appearance fixes its place in the output).
    pub fn add_unit(&mut self, name: &str, kind: usize, category: Option<usize>) -> u32 {
        if let Some(id) = self.find(name) {
            return id;
        }
        let id = self.units.len() as u32;
        self.index.insert(name.as_bytes().into(), id);
        self.kinds.push(kind as u16);
        self.units.push(LedgerUnit {
            name: name.to_string(),
            kind,
            category,
        });
        self.counts
            .resize(self.counts.len() + self.periods * self.rules, 0);
        self.cell_bits
            .resize(self.cell_bits.len() + self.periods, 0);
        id
    }

    /// A unit's kind.
    #[inline]
    pub fn kind(&self, unit: u32) -> usize {
        usize::from(self.kinds[unit as usize])
    }

    fn block(&self, unit: u32, period: usize) -> usize {
        unit as usize * self.periods + period
    }

    /// Records `count` occurrences of rule `rule` of item `item`.
    #[inline]
    pub fn add_count(
        &mut self,
        unit: u32,
        period: usize,
        item: usize,
        rule: usize,
        count: u32,
        at: Loc,
    ) -> Result<(), CountOverflow> {
        let base = self.block(unit, period) * self.rules + self.rule_base[item];
        let counts = &mut self.counts[base..base + self.item_rules[item]];
        // The item's first finding: remember where, for a clash with a
        // score. The check reads counts on the cache line about to be written.
        if count > 0 && self.scored[item] && counts.iter().all(|&c| c == 0) {
            self.first_rule_row
                .entry((unit, period as u32, item as u32))
                .or_insert(at);
        }
        counts[rule] = counts[rule].checked_add(count).ok_or(CountOverflow)?;
        Ok(())
    }

    /// Records points given directly.
    pub fn add_points(&mut self, unit: u32, period: usize, item: usize, points: Decimal, at: Loc) {
        let cell = self.cell_mut(unit, period, item);
        cell.direct += points;
        if !points.is_zero() {
            cell.direct_at.get_or_insert(at);
        }
    }

    /// Records an awarded score; returns the row of an earlier one, if any.
    pub fn set_score(
        &mut self,
        unit: u32,
        period: usize,
        item: usize,
        score: Decimal,
        at: Loc,
    ) -> Result<(), Loc> {
        let cell = self.cell_mut(unit, period, item);
        match cell.score {
            Some((_, earlier)) => Err(earlier),
            None => {
                cell.score = Some((score, at));
                Ok(())
            }
        }
    }

    /// Keeps a note for a rule (or for direct points / scores: `None`).
    pub fn add_note(
        &mut self,
        unit: u32,
        period: usize,
        item: usize,
        rule: Option<usize>,
        note: &str,
    ) {
        let cell = self.cell_mut(unit, period, item);
        let mut same_rule = cell.notes.iter().filter(|(r, _)| *r == rule);
        if same_rule.clone().count() < NOTES_KEPT && !same_rule.any(|(_, n)| n == note) {
            cell.notes.push((rule, note.to_string()));
        }
    }

    fn cell_mut(&mut self, unit: u32, period: usize, item: usize) -> &mut Cell {
        let block = self.block(unit, period);
        self.cell_bits[block] |= item_bit(item);
        self.cells
            .entry((unit, period as u32, item as u32))
            .or_default()
    }

    /// The extras of a unit's item in a period, if it has any.
    pub fn cell(&self, unit: u32, period: usize, item: usize) -> Option<&Cell> {
        if self.cell_bits[self.block(unit, period)] & item_bit(item) == 0 {
            return None;
        }
        self.cells.get(&(unit, period as u32, item as u32))
    }

    /// How many times each rule of `item` was found for `unit` in `period`.
    pub fn counts(&self, unit: u32, period: usize, item: usize, rules: usize) -> &[u32] {
        let start = self.block(unit, period) * self.rules + self.rule_base[item];
        &self.counts[start..start + rules]
    }

    /// Every awarded score that shares its unit, period and item with
    /// deductions: `(unit, period, item, score row, deduction row)`, in
    /// the order of the scores.
    pub fn conflicts(&self) -> Vec<(u32, usize, usize, Loc, Loc)> {
        let mut out: Vec<_> = self
            .cells
            .iter()
            .filter_map(|(&(unit, period, item), cell)| {
                let (_, at) = cell.score?;
                let (period, item) = (period as usize, item as usize);
                let rule_row = self
                    .first_rule_row
                    .get(&(unit, period as u32, item as u32))
                    .copied();
                let other = match (rule_row, cell.direct_at) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }?;
                Some((unit, period, item, at, other))
            })
            .collect();
        out.sort_by_key(|c| c.3);
        out
    }
}
