//! Folding a ledger that read the second half of a file on another
//! thread into the one that read the first, as if one thread had read both.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;

use super::{
    entry_key, packed_as_is, push, unpack_loc, unpack_points, Cells, Ledger, Loc, Tag, NONE, SPILL,
};

/// Why one ledger could not be folded into another: what one thread would
/// have reported at a row (a count past its limit, a second score).
#[derive(Debug)]
pub struct Clash;

impl Ledger {
    /// The same units, with nothing found yet: for reading a part of a
    /// file on another thread, to be folded back with [`Ledger::absorb`].
    pub fn fork(&self) -> Ledger {
        Ledger {
            names: self.names.clone(),
            ends: self.ends.clone(),
            kinds: self.kinds.clone(),
            categories: self.categories.clone(),
            index: self.index.clone(),
            periods: self.periods,
            rule_base: self.rule_base.clone(),
            rules: self.rules,
            item_rules: self.item_rules.clone(),
            rule_item: self.rule_item.clone(),
            scored: self.scored.clone(),
            lean: self.lean,
            width: self.width,
            cells: (0..self.len()).map(|_| Cells::default()).collect(),
            dense: Vec::new(),
            extras: HashMap::default(),
        }
    }

    /// Whether nothing has been found yet (units only, as from a roster).
    pub fn is_blank(&self) -> bool {
        self.extras.is_empty() && self.cells.iter().all(|c| c.is_empty() && c.dense == NONE)
    }

    /// Folds in what `other` (a fork of this ledger, or of one with the
    /// same units) found in rows that come after all of this one's: new
    /// units in their order of first appearance, then every cell, with
    /// rows moved by `moved`. Stops at what would have been an error.
    pub fn absorb(&mut self, mut other: Ledger, moved: impl Fn(Loc) -> Loc) -> Result<(), Clash> {
        let ids: Vec<u32> = (0..other.len() as u32)
            .map(|u| self.add_unit(other.name(u), other.kind(u), other.category(u)))
            .collect();
        let n = self.periods * self.rules;
        for (u, &to) in ids.iter().enumerate() {
            if other.cells[u].dense != NONE {
                let block = &other.dense[other.cells[u].dense as usize * n..][..n];
                for (i, &c) in block.iter().enumerate().filter(|(_, &c)| c > 0) {
                    self.bump(to, i / self.rules, i % self.rules, c)?;
                }
            }
            // Taken, so the other ledger shrinks as this one grows.
            let cells = std::mem::take(&mut other.cells[u]);
            self.cells[to as usize].reserve(cells.len());
            for e in cells.iter() {
                let k = entry_key(e) as usize;
                let (period, slot) = ((k >> 2) / self.width, (k >> 2) % self.width);
                // Looked up only for the rare value too large for its entry.
                let spilled = || other.extra_of(u as u32, period, slot);
                match (k & 3, e as u32) {
                    (0, c) => self.bump(to, period, slot, c)?,
                    // Direct points for an item the first half has none for,
                    // most of them: the entry one thread would have made.
                    // Joining (below) would check and add the same to the
                    // same end.
                    (1, v)
                        if packed_as_is(v)
                            && self.cells[to as usize].position(k as u32).is_none() =>
                    {
                        push(&mut self.cells[to as usize], k as u32, v);
                    }
                    (1, v) => {
                        let d = match v {
                            SPILL => spilled().and_then(|x| x.direct).unwrap_or_default(),
                            v => unpack_points(v),
                        };
                        self.join_points(to, period, slot, d)?;
                    }
                    (2, SPILL) => {
                        if let Some(at) = spilled().and_then(|x| x.first) {
                            self.set_first(to, period, slot, moved(at));
                        }
                    }
                    (2, v) => self.set_first(to, period, slot, moved(unpack_loc(v))),
                    _ => {}
                }
            }
        }
        for (&(u, period, item), x) in &other.extras {
            let (to, period, item) = (ids[u as usize], period as usize, item as usize);
            if let Some((score, at)) = x.score {
                self.set_score(to, period, item, score, moved(at))
                    .map_err(|_| Clash)?;
            }
            for (rule, note) in &x.notes {
                self.add_note(to, period, item, *rule, note);
            }
        }
        Ok(())
    }

    /// Adds the direct points of a later part, as long as no sum can have
    /// rounded: (a + b) + (c + d) is then a + b + c + d exactly.
    fn join_points(
        &mut self,
        unit: u32,
        period: usize,
        item: usize,
        d: Decimal,
    ) -> Result<(), Clash> {
        let pk = self.key(period, item, Tag::Points);
        let had = (self.cells[unit as usize].iter())
            .find(|&e| entry_key(e) == pk)
            .map_or(Decimal::ZERO, |e| self.points_at(unit, period, item, e));
        const BOUND: u128 = 10u128.pow(20);
        let small = |d: Decimal| d.scale() <= 4 && d.mantissa().unsigned_abs() < BOUND;
        if !small(had) || !small(d) {
            return Err(Clash);
        }
        self.sum_points(unit, period, item, d);
        Ok(())
    }

    /// Adds to one rule's count (by its index among all rules).
    fn bump(&mut self, unit: u32, period: usize, slot: usize, count: u32) -> Result<(), Clash> {
        let block = self.cells[unit as usize].dense;
        if block != NONE {
            let i = (block as usize * self.periods + period) * self.rules + slot;
            self.dense[i] = self.dense[i].checked_add(count).ok_or(Clash)?;
            return Ok(());
        }
        let ck = self.key(period, slot, Tag::Count);
        let cells = &mut self.cells[unit as usize];
        match cells.position(ck) {
            Some(i) => {
                let c = (cells.get(i) as u32).checked_add(count).ok_or(Clash)?;
                cells.set(i, (u64::from(ck) << 32) | u64::from(c));
            }
            None => {
                push(cells, ck, count);
                if cells.len() * 2 > self.periods * self.rules + 8 {
                    self.densify(unit);
                }
            }
        }
        Ok(())
    }
}
