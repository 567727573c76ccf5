//! Per-unit accumulators, filled while findings rows stream. Memory follows
//! what was found: each unit keeps only the (period, rule) cells it has,
//! and unit names are stored once. Rows are never kept.

use rustc_hash::FxHashMap as HashMap;

use rust_decimal::Decimal;

mod entries;
mod fold;
mod index;
use entries::Entries;
pub use fold::Clash;
use index::Index;

use crate::rubric::{ItemType, Rubric};

/// Where a row was read: the index of its file and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Loc {
    pub file: u32,
    pub line: u64,
}

/// What a unit has on one item in one period besides rule counts and
/// direct points: an awarded score, notes. Rare: most pairs have none.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    /// The awarded score (the `score` column) and its row.
    pub score: Option<(Decimal, Loc)>,
    /// Notes by rule index within the item; `None` for direct points and
    /// scores. A few distinct notes per rule are kept.
    pub notes: Vec<(Option<usize>, String)>,
    /// Direct points too long for a compact entry.
    direct: Option<Decimal>,
    /// A first finding row too far down for a compact entry.
    first: Option<Loc>,
}

/// Distinct notes kept per rule, unit and period, so memory does not grow with rows.
const NOTES_KEPT: usize = 3;

/// What an entry of a unit's cells holds: a rule's count, an item's
/// direct points, the row of a scored item's first finding (for a clash
/// with a score), or a mark that the item has an [`Extra`].
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
enum Tag {
    Count = 0,
    Points = 1,
    First = 2,
    Extra = 3,
}

/// An entry's value that did not fit: the real one is in the [`Extra`].
const SPILL: u32 = u32::MAX;
/// No dense block, no category.
const NONE: u32 = u32::MAX;

/// One unit's cells: a few `key << 32 | value` entries, and once rule
/// counts are many, a dense block of them (never larger than the entries
/// it replaces were, give or take half).
type Cells = Entries;

/// The accumulators for every unit, period and rule found.
#[derive(Debug)]
pub struct Ledger {
    /// Every unit's name end to end; unit `u`'s ends at `ends[u]`.
    names: String,
    ends: Vec<usize>,
    kinds: Vec<u16>,
    categories: Vec<u32>,
    /// Unit ids, hashed by name (the name itself lives in `names`).
    index: Index,
    periods: usize,
    /// Index of each item's first rule among all rules.
    rule_base: Vec<usize>,
    rules: usize,
    /// How many rules each item has.
    item_rules: Vec<usize>,
    /// The item of each rule, by its index among all rules.
    rule_item: Vec<u32>,
    /// Whether rule rows of an item can clash with a `score` (scored
    /// items), so the first is kept; all false in a lean ledger.
    scored: Vec<bool>,
    lean: bool,
    /// Slots per period in an entry's key: enough for every rule and item.
    width: usize,
    cells: Vec<Cells>,
    /// Dense count blocks, `periods × rules` each.
    dense: Vec<u32>,
    extras: HashMap<(u32, u32, u32), Extra>,
}

/// A count that no longer fits: the sum of a unit's counts for one rule
/// and period passed 4,294,967,295.
#[derive(Debug)]
pub struct CountOverflow;

/// A rubric with more periods × rules than an entry's key can name.
#[derive(Debug)]
pub struct TooLarge;

fn entry_key(e: u64) -> u32 {
    (e >> 32) as u32
}

/// Direct points as an entry's value, when they fit: a mantissa below
/// 2^26, the scale and the sign give back the very same `Decimal`. The
/// mantissa goes on top, so small points (`0.5`, `-12`) fit a narrow entry.
fn pack_points(d: Decimal) -> u32 {
    let m = d.mantissa().unsigned_abs();
    if m >= 1 << 26 {
        return SPILL;
    }
    ((m as u32) << 6) | (d.scale() << 1) | u32::from(d.is_sign_negative())
}

fn unpack_points(v: u32) -> Decimal {
    let mut d = Decimal::from_i128_with_scale(i128::from(v >> 6), (v >> 1) & 31);
    d.set_sign_negative(v & 1 == 1);
    d
}

/// Whether packed points are nonzero with at most 4 decimals: then 0 + d
/// is d bit for bit, and adding another such figure cannot round, so a
/// later part's entry may be taken as it is (see `fold`).
fn packed_as_is(v: u32) -> bool {
    v != SPILL && v >> 6 != 0 && (v >> 1) & 31 <= 4
}

/// A row as an entry's value, when it fits: files 0–14, lines below 2^28.
fn pack_loc(at: Loc) -> u32 {
    if at.file < 15 && at.line < 1 << 28 {
        (at.file << 28) | at.line as u32
    } else {
        SPILL
    }
}

fn unpack_loc(v: u32) -> Loc {
    Loc {
        file: v >> 28,
        line: u64::from(v & ((1 << 28) - 1)),
    }
}

impl Ledger {
    /// An empty ledger for `rubric`; too large a rubric (over a billion
    /// period–rule pairs) cannot be scored.
    pub fn new(rubric: &Rubric) -> Result<Ledger, TooLarge> {
        let mut rule_base = Vec::with_capacity(rubric.items.len());
        let mut rules = 0;
        for item in &rubric.items {
            rule_base.push(rules);
            rules += item.rules.len();
        }
        let periods = rubric.periods.count();
        let width = rules.max(rubric.items.len()).max(1);
        if periods.saturating_mul(width) >= 1 << 30 {
            return Err(TooLarge);
        }
        Ok(Ledger {
            names: String::new(),
            ends: Vec::new(),
            kinds: Vec::new(),
            categories: Vec::new(),
            index: Index::default(),
            periods,
            rule_base,
            rules,
            item_rules: rubric.items.iter().map(|i| i.rules.len()).collect(),
            rule_item: (rubric.items.iter().enumerate())
                .flat_map(|(i, it)| std::iter::repeat_n(i as u32, it.rules.len()))
                .collect(),
            scored: rubric
                .items
                .iter()
                .map(|i| i.item_type == ItemType::Scored)
                .collect(),
            lean: false,
            width,
            cells: Vec::new(),
            dense: Vec::new(),
            extras: HashMap::default(),
        })
    }

    /// How many units the ledger holds.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the ledger holds no unit.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// A unit's name.
    pub fn name(&self, unit: u32) -> &str {
        let u = unit as usize;
        let start = if u == 0 { 0 } else { self.ends[u - 1] };
        &self.names[start..self.ends[u]]
    }

    /// The unit's index into the roster's categories.
    pub fn category(&self, unit: u32) -> Option<usize> {
        let c = self.categories[unit as usize];
        (c != NONE).then_some(c as usize)
    }

    /// The id of a unit already in the ledger.
    pub fn find(&self, name: &str) -> Option<u32> {
        self.find_bytes(name.as_bytes())
    }

    /// The id of a unit already in the ledger, by the bytes of its name.
    #[inline]
    pub fn find_bytes(&self, name: &[u8]) -> Option<u32> {
        self.find_hashed(index::hash(name), name)
    }

    /// [`Ledger::find_bytes`], given what [`Ledger::prefetch_name`] gave.
    #[inline]
    pub fn find_hashed(&self, hash: u64, name: &[u8]) -> Option<u32> {
        let long_is = |u: u32| self.name(u).as_bytes() == name;
        self.index.find(hash, name, long_is)
    }

    /// Asks for the memory that finding `name` will read, so that a row
    /// read ahead finds its unit without waiting; returns the name's hash,
    /// for [`Ledger::find_hashed`] not to work it out again.
    #[inline]
    pub fn prefetch_name(&self, name: &[u8]) -> u64 {
        let hash = index::hash(name);
        self.index.prefetch(hash);
        hash
    }

    /// Adds a unit (first appearance fixes its place in the output).
    pub fn add_unit(&mut self, name: &str, kind: usize, category: Option<usize>) -> u32 {
        if let Some(id) = self.find(name) {
            return id;
        }
        let id = self.ends.len() as u32;
        self.names.push_str(name);
        self.ends.push(self.names.len());
        self.kinds.push(kind as u16);
        self.categories.push(category.map_or(NONE, |c| c as u32));
        self.cells.push(Cells::default());
        let (names, ends) = (&self.names, &self.ends);
        let name_of = |u: u32| {
            let u = u as usize;
            &names.as_bytes()[if u == 0 { 0 } else { ends[u - 1] }..ends[u]]
        };
        self.index.insert(name.as_bytes(), id, name_of);
        id
    }

    /// A unit's kind.
    #[inline]
    pub fn kind(&self, unit: u32) -> usize {
        usize::from(self.kinds[unit as usize])
    }

    /// The key of a unit's entry: the period, a rule or item, what it holds.
    #[inline]
    fn key(&self, period: usize, slot: usize, tag: Tag) -> u32 {
        (((period * self.width + slot) << 2) | tag as usize) as u32
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
        let slot = self.rule_base[item] + rule;
        let first = count > 0 && self.scored[item];
        let block = self.cells[unit as usize].dense;
        if block != NONE {
            let base = (block as usize * self.periods + period) * self.rules + self.rule_base[item];
            let counts = &mut self.dense[base..base + self.item_rules[item]];
            // The item's first finding: remember where, for a clash with a score.
            let fresh = first && counts.iter().all(|&c| c == 0);
            counts[rule] = counts[rule].checked_add(count).ok_or(CountOverflow)?;
            if fresh {
                self.set_first(unit, period, item, at);
            }
            return Ok(());
        }
        let ck = self.key(period, slot, Tag::Count);
        let fk = self.key(period, item, Tag::First);
        let cells = &mut self.cells[unit as usize];
        let (found, has_first) = cells.find_two(ck, fk);
        match found {
            Some(i) => {
                let c = (cells.get(i) as u32)
                    .checked_add(count)
                    .ok_or(CountOverflow)?;
                cells.set(i, (u64::from(ck) << 32) | u64::from(c));
            }
            None if count == 0 => {}
            None => push(cells, ck, count),
        }
        if first && !has_first {
            push(cells, fk, pack_loc(at));
        }
        let grown = found.is_none() && count > 0 && cells.len() * 2 > self.periods * self.rules + 8;
        if first && !has_first && pack_loc(at) == SPILL {
            self.extra(unit, period, item).first = Some(at);
        }
        if grown {
            self.densify(unit);
        }
        Ok(())
    }

    /// Asks for the unit's cells: the first of two steps of [`Ledger::prefetch`].
    #[inline]
    pub fn prefetch_unit(&self, unit: u32) {
        if let Some(cells) = self.cells.get(unit as usize) {
            entries::prefetch(cells);
        }
    }

    /// Asks for the memory a row of `unit` on `item` in `period` will
    /// touch, so that the row, applied a few rows later, finds it in cache
    /// rather than waiting for it (most of the time of a large file).
    #[inline]
    pub fn prefetch(&self, unit: u32, period: usize, item: usize) {
        let cells = &self.cells[unit as usize];
        // A unit with a dense block counts there; its entries are read
        // only for an item's first finding, rarely worth the fetch.
        if cells.dense == NONE {
            cells.prefetch();
        } else {
            let base = (cells.dense as usize * self.periods + period) * self.rules;
            if let Some(c) = self.dense.get(base + self.rule_base[item]) {
                entries::prefetch(c);
            }
        }
    }

    /// Moves a unit's rule counts from entries into a dense block, once
    /// they are so many that the block is the smaller (and faster) of the two.
    fn densify(&mut self, unit: u32) {
        let block = self.dense.len() / (self.periods * self.rules).max(1);
        let Ok(id) = u32::try_from(block) else { return };
        if id == NONE {
            return;
        }
        let base = self.dense.len();
        self.dense.resize(base + self.periods * self.rules, 0);
        let cells = &mut self.cells[unit as usize];
        let width = self.width;
        let rules = self.rules;
        let dense = &mut self.dense;
        cells.retain(|e| {
            let k = entry_key(e) as usize;
            if k & 3 != Tag::Count as usize {
                return true;
            }
            let (period, slot) = ((k >> 2) / width, (k >> 2) % width);
            dense[base + period * rules + slot] = e as u32;
            false
        });
        cells.shrink_to_fit();
        cells.dense = id;
    }

    /// Notes the first row of a scored item's findings, if none is yet.
    fn set_first(&mut self, unit: u32, period: usize, item: usize, at: Loc) {
        let fk = self.key(period, item, Tag::First);
        let cells = &mut self.cells[unit as usize];
        if cells.iter().any(|e| entry_key(e) == fk) {
            return;
        }
        push(cells, fk, pack_loc(at));
        if pack_loc(at) == SPILL {
            self.extra(unit, period, item).first = Some(at);
        }
    }

    /// Records points given directly.
    pub fn add_points(&mut self, unit: u32, period: usize, item: usize, points: Decimal, at: Loc) {
        self.sum_points(unit, period, item, points);
        if !points.is_zero() && self.scored[item] {
            self.set_first(unit, period, item, at);
        }
    }

    /// Adds to an item's direct points.
    fn sum_points(&mut self, unit: u32, period: usize, item: usize, points: Decimal) {
        let pk = self.key(period, item, Tag::Points);
        let cells = &mut self.cells[unit as usize];
        let at = cells.position(pk);
        let sum = match at {
            Some(i) => {
                let old = match cells.get(i) as u32 {
                    SPILL => self.extras[&(unit, period as u32, item as u32)]
                        .direct
                        .unwrap_or_default(),
                    v => unpack_points(v),
                };
                old + points
            }
            None => Decimal::ZERO + points,
        };
        let entry = (u64::from(pk) << 32) | u64::from(pack_points(sum));
        match at {
            Some(i) => cells.set(i, entry),
            None => cells.push(entry),
        }
        if pack_points(sum) == SPILL {
            self.extra(unit, period, item).direct = Some(sum);
        }
    }

    /// The unit's extras on an item in a period, made if missing.
    fn extra(&mut self, unit: u32, period: usize, item: usize) -> &mut Extra {
        let xk = self.key(period, item, Tag::Extra);
        let cells = &mut self.cells[unit as usize];
        if !cells.iter().any(|e| entry_key(e) == xk) {
            push(cells, xk, 0);
        }
        self.extras
            .entry((unit, period as u32, item as u32))
            .or_default()
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
        let extra = self.extra(unit, period, item);
        match extra.score {
            Some((_, earlier)) => Err(earlier),
            None => {
                extra.score = Some((score, at));
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
        let extra = self.extra(unit, period, item);
        let mut same_rule = extra.notes.iter().filter(|(r, _)| *r == rule);
        if same_rule.clone().count() < NOTES_KEPT && !same_rule.any(|(_, n)| n == note) {
            extra.notes.push((rule, note.to_string()));
        }
    }

    /// Fills `view` with one unit's cells, for scoring it.
    pub fn view(&self, unit: u32, view: &mut View) {
        view.clear(self);
        let cells = &self.cells[unit as usize];
        if cells.dense != NONE {
            let n = self.periods * self.rules;
            let base = cells.dense as usize * n;
            view.counts.copy_from_slice(&self.dense[base..base + n]);
            for (p, block) in view.counts.chunks(self.rules.max(1)).enumerate() {
                for (i, &b) in self.rule_base.iter().enumerate() {
                    if block[b..b + self.item_rules[i]].iter().any(|&c| c > 0) {
                        view.marks[p * self.item_rules.len() + i] |= HAS_COUNTS;
                    }
                }
            }
        }
        for e in cells.iter() {
            let k = entry_key(e) as usize;
            let (period, slot) = ((k >> 2) / self.width, (k >> 2) % self.width);
            let items = self.item_rules.len();
            match k & 3 {
                0 => {
                    view.counts[period * self.rules + slot] = e as u32;
                    let item = self.rule_item[slot] as usize;
                    view.marks[period * items + item] |= HAS_COUNTS;
                }
                1 => {
                    let d = match e as u32 {
                        SPILL => self.extras[&(unit, period as u32, slot as u32)]
                            .direct
                            .unwrap_or_default(),
                        v => unpack_points(v),
                    };
                    view.marks[period * items + slot] |= HAS_POINTS;
                    view.points.push((period * items + slot, d));
                }
                3 => view.marks[period * items + slot] |= HAS_EXTRA,
                _ => {}
            }
        }
    }

    /// The same ledger, keeping no first rows of scored items' findings:
    /// an entry less for most cells. A clash of a score with findings then
    /// cannot be placed, only noticed ([`Ledger::lost_firsts`]).
    pub fn without_firsts(mut self) -> Ledger {
        self.scored.fill(false);
        self.lean = true;
        self
    }

    /// Whether a score shares its unit, period and item with findings
    /// whose first row was not kept: the input must be read again with
    /// first rows kept, to say where the clash is.
    pub fn lost_firsts(&self) -> bool {
        self.lean
            && (self.extras.iter())
                .any(|(&(u, p, i), x)| x.score.is_some() && self.found(u, p as usize, i as usize))
    }

    /// Whether a unit has counts or points on an item in a period.
    fn found(&self, unit: u32, period: usize, item: usize) -> bool {
        let cells = &self.cells[unit as usize];
        let rules = self.rule_base[item]..self.rule_base[item] + self.item_rules[item];
        if cells.dense != NONE {
            let base = (cells.dense as usize * self.periods + period) * self.rules;
            if self.dense[base + rules.start..base + rules.end]
                .iter()
                .any(|&c| c > 0)
            {
                return true;
            }
        }
        let pk = self.key(period, item, Tag::Points);
        cells.iter().any(|e| {
            let k = entry_key(e) as usize;
            let (p, slot) = ((k >> 2) / self.width, (k >> 2) % self.width);
            match k & 3 {
                0 => p == period && rules.contains(&slot),
                1 => entry_key(e) == pk && !self.points_at(unit, period, item, e).is_zero(),
                _ => false,
            }
        })
    }

    /// The direct points an entry holds.
    fn points_at(&self, unit: u32, period: usize, item: usize, e: u64) -> Decimal {
        match e as u32 {
            SPILL => self
                .extra_of(unit, period, item)
                .and_then(|x| x.direct)
                .unwrap_or_default(),
            v => unpack_points(v),
        }
    }

    /// Lets a scored unit's entries go and keeps its figures (period
    /// totals, section scores) in their place: four bytes each when every
    /// one fits (`pack_points`), sixteen otherwise. Its cells cannot be
    /// read after this; its figures can, by [`Ledger::figures`].
    pub fn keep_figures(&mut self, unit: u32, figures: &[Decimal]) {
        let packed: Option<Vec<u32>> = figures
            .iter()
            .map(|&d| Some(pack_points(d)).filter(|&v| v != SPILL))
            .collect();
        let cells = &mut self.cells[unit as usize];
        match packed {
            Some(v) => cells.keep_figures(std::iter::once(0).chain(v)),
            None => cells.keep_figures(std::iter::once(1).chain(figures.iter().flat_map(|d| {
                let b = d.serialize();
                (0..4).map(move |i| {
                    u32::from_le_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]])
                })
            }))),
        }
    }

    /// The figures [`Ledger::keep_figures`] kept for a unit, if any.
    pub fn figures(&self, unit: u32) -> Option<Vec<Decimal>> {
        let (&form, v) = self.cells[unit as usize].figures()?.split_first()?;
        Some(match form {
            0 => v.iter().map(|&x| unpack_points(x)).collect(),
            _ => v
                .chunks_exact(4)
                .map(|c| {
                    let mut b = [0; 16];
                    for (i, x) in c.iter().enumerate() {
                        b[4 * i..4 * i + 4].copy_from_slice(&x.to_le_bytes());
                    }
                    Decimal::deserialize(b)
                })
                .collect(),
        })
    }

    /// The extras of a unit's item in a period, if it has any.
    pub fn extra_of(&self, unit: u32, period: usize, item: usize) -> Option<&Extra> {
        self.extras.get(&(unit, period as u32, item as u32))
    }

    /// The first row of findings of a scored item, if any.
    fn first(&self, unit: u32, period: usize, item: usize) -> Option<Loc> {
        let fk = self.key(period, item, Tag::First);
        let e = self.cells[unit as usize]
            .iter()
            .find(|&e| entry_key(e) == fk)?;
        match e as u32 {
            SPILL => self.extra_of(unit, period, item)?.first,
            v => Some(unpack_loc(v)),
        }
    }

    /// Every awarded score that shares its unit, period and item with
    /// deductions: `(unit, period, item, score row, deduction row)`, in
    /// the order of the scores.
    pub fn conflicts(&self) -> Vec<(u32, usize, usize, Loc, Loc)> {
        let mut out: Vec<_> = self
            .extras
            .iter()
            .filter_map(|(&(unit, period, item), extra)| {
                let (_, at) = extra.score?;
                let (period, item) = (period as usize, item as usize);
                let other = self.first(unit, period, item)?;
                Some((unit, period, item, at, other))
            })
            .collect();
        // Scores of one row (a score sheet's) in item order.
        out.sort_by_key(|c| (c.3, c.0, c.1, c.2));
        out
    }
}

/// Appends an entry.
fn push(cells: &mut Entries, key: u32, value: u32) {
    cells.push((u64::from(key) << 32) | u64::from(value));
}

/// The item has rule counts above zero in the period.
pub const HAS_COUNTS: u8 = 1;
/// The item has direct points in the period.
pub const HAS_POINTS: u8 = 2;
/// The item has a score or notes in the period.
pub const HAS_EXTRA: u8 = 4;

/// One unit's cells laid out for scoring: dense counts, a mark per period
/// and item saying what it has, the direct points. Reused unit after unit.
#[derive(Debug, Default)]
pub struct View {
    /// `counts[period * rules + rule_base[item] + rule]`.
    pub counts: Vec<u32>,
    /// `marks[period * items + item]`: `HAS_*` bits.
    pub marks: Vec<u8>,
    /// `(period * items + item, direct points)`.
    pub points: Vec<(usize, Decimal)>,
    pub periods: usize,
    /// Rules in all, and the index of each item's first.
    pub rules: usize,
    pub rule_base: Vec<usize>,
}

impl View {
    fn clear(&mut self, ledger: &Ledger) {
        let (periods, rules) = (ledger.periods, ledger.rules);
        self.counts.clear();
        self.counts.resize(periods * rules, 0);
        self.marks.clear();
        self.marks.resize(periods * ledger.item_rules.len(), 0);
        self.points.clear();
        if self.rule_base.len() != ledger.rule_base.len() {
            self.rule_base.clone_from(&ledger.rule_base);
        }
        (self.periods, self.rules) = (periods, rules);
    }

    /// The direct points of an item in a period.
    pub fn direct(&self, at: usize) -> Decimal {
        self.points
            .iter()
            .find(|p| p.0 == at)
            .map_or(Decimal::ZERO, |p| p.1)
    }
}
