//! Per-unit, per-item accumulators, filled while findings rows stream.
//! Memory follows units × rules; rows are never kept.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::rubric::Rubric;

/// Where a row was read: the index of its file and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Loc {
    pub file: u32,
    pub line: u64,
}

/// A unit being scored, in order of first appearance (roster first).
#[derive(Debug, Clone)]
pub struct LedgerUnit {
    pub name: String,
    pub kind: usize,
}

/// What a unit has on one item besides rule counts: direct points, an
/// awarded score, notes. Sparse: most unit-item pairs have none.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// Points deducted directly (the `points` column).
    pub direct: Decimal,
    /// The first row that deducted direct points.
    pub direct_at: Option<Loc>,
    /// The awarded score (the `score` column) and its row.
    pub score: Option<(Decimal, Loc)>,
    /// Notes by rule index within the item; `None` for direct points and
    /// scores. A few distinct notes per rule are kept.
    pub notes: Vec<(Option<usize>, String)>,
}

/// Distinct notes kept per rule and unit, so memory does not grow with rows.
const NOTES_KEPT: usize = 3;

/// The accumulators for every unit and item.
#[derive(Debug)]
pub struct Ledger {
    pub units: Vec<LedgerUnit>,
    index: HashMap<Box<str>, u32>,
    /// Offset of each item's first rule in a unit's block of counts.
    rule_base: Vec<usize>,
    rules: usize,
    items: usize,
    /// `counts[unit * rules + rule_base[item] + rule]`: times found.
    counts: Vec<u64>,
    /// `first_rule_row[unit * items + item]`: the first row with a count
    /// above zero, to name in a conflict with a `score` row.
    first_rule_row: Vec<Option<Loc>>,
    cells: HashMap<(u32, u32), Cell>,
}

impl Ledger {
    pub fn new(rubric: &Rubric) -> Ledger {
        let mut rule_base = Vec::with_capacity(rubric.items.len());
        let mut n = 0;
        for item in &rubric.items {
            rule_base.push(n);
            n += item.rules.len();
        }
        Ledger {
            units: Vec::new(),
            index: HashMap::new(),
            rule_base,
            rules: n,
            items: rubric.items.len(),
            counts: Vec::new(),
            first_rule_row: Vec::new(),
            cells: HashMap::new(),
        }
    }

    /// The id of a unit already in the ledger.
    pub fn find(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// Adds a unit (first appearance fixes its place in the output).
    pub fn add_unit(&mut self, name: &str, kind: usize) -> u32 {
        if let Some(id) = self.find(name) {
            return id;
        }
        let id = self.units.len() as u32;
        self.index.insert(name.into(), id);
        self.units.push(LedgerUnit {
            name: name.to_string(),
            kind,
        });
        self.counts.resize(self.counts.len() + self.rules, 0);
        self.first_rule_row
            .resize(self.first_rule_row.len() + self.items, None);
        id
    }

    /// Records `count` occurrences of rule `rule` of item `item`.
    pub fn add_count(&mut self, unit: u32, item: usize, rule: usize, count: u64, at: Loc) {
        let i = unit as usize * self.rules + self.rule_base[item] + rule;
        self.counts[i] = self.counts[i].saturating_add(count);
        if count > 0 {
            let first = &mut self.first_rule_row[unit as usize * self.items + item];
            first.get_or_insert(at);
        }
    }

    /// Records points deducted directly.
    pub fn add_points(&mut self, unit: u32, item: usize, points: Decimal, at: Loc) {
        let cell = self.cell_mut(unit, item);
        cell.direct += points;
        if !points.is_zero() {
            cell.direct_at.get_or_insert(at);
        }
    }

    /// Records an awarded score; returns the row of an earlier one, if any.
    pub fn set_score(
        &mut self,
        unit: u32,
        item: usize,
        score: Decimal,
        at: Loc,
    ) -> Result<(), Loc> {
        let cell = self.cell_mut(unit, item);
        match cell.score {
            Some((_, earlier)) => Err(earlier),
            None => {
                cell.score = Some((score, at));
                Ok(())
            }
        }
    }

    /// Keeps a note for a rule (or for direct points / scores: `None`).
    pub fn add_note(&mut self, unit: u32, item: usize, rule: Option<usize>, note: &str) {
        let cell = self.cell_mut(unit, item);
        let same_rule = cell.notes.iter().filter(|(r, _)| *r == rule);
        if same_rule.clone().count() < NOTES_KEPT && !same_rule.clone().any(|(_, n)| n == note) {
            cell.notes.push((rule, note.to_string()));
        }
    }

    fn cell_mut(&mut self, unit: u32, item: usize) -> &mut Cell {
        self.cells.entry((unit, item as u32)).or_default()
    }

    /// The extras of a unit's item, if it has any.
    pub fn cell(&self, unit: u32, item: usize) -> Option<&Cell> {
        self.cells.get(&(unit, item as u32))
    }

    /// How many times each rule of `item` was found for `unit`.
    pub fn counts(&self, unit: u32, item: usize, rules: usize) -> &[u64] {
        let start = unit as usize * self.rules + self.rule_base[item];
        &self.counts[start..start + rules]
    }

    /// Every awarded score that shares its unit and item with deductions:
    /// `(unit, item, score row, deduction row)`, in the order of the scores.
    pub fn conflicts(&self) -> Vec<(u32, usize, Loc, Loc)> {
        let mut out: Vec<(u32, usize, Loc, Loc)> = self
            .cells
            .iter()
            .filter_map(|(&(unit, item), cell)| {
                let (_, at) = cell.score?;
                let rule_row = self.first_rule_row[unit as usize * self.items + item as usize];
                let other = match (rule_row, cell.direct_at) {
                    (Some(a), Some(b)) => Some(if (a.file, a.line) < (b.file, b.line) {
                        a
                    } else {
                        b
                    }),
                    (a, b) => a.or(b),
                }?;
                Some((unit, item as usize, at, other))
            })
            .collect();
        out.sort_by_key(|(_, _, a, _)| (a.file, a.line));
        out
    }
}
