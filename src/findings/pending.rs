//! Common rows wait a few rows before they are applied. A row of a large
//! file lands on a unit whose cells are far away in memory; asking for
//! them when the row is read, and applying it [`DEPTH`] rows later, lets
//! those fetches overlap instead of each stalling the reader in turn.
//! Rows are applied in file order, and every other row waits until those
//! before it are applied, so the ledger and the problems are what
//! applying each row at once gives. Before all that, records are read one
//! ahead, so that the unit's slot in the index is on its way too.

use rust_decimal::Decimal;

use crate::error::Problem;
use crate::input::Input;
use crate::ledger::{Ledger, Loc};
use crate::record::{trimmed, Record};

/// Rows read ahead of the one applied: enough for the fetches to arrive.
const DEPTH: usize = 16;

/// A common row, read and checked, not yet applied.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pending {
    pub unit: u32,
    pub period: usize,
    pub item: usize,
    pub what: What,
    pub at: Loc,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum What {
    /// `count` findings of the item's rule `rule`.
    Count { rule: usize, count: u32 },
    /// Direct points.
    Points(Decimal),
}

/// A row whose rule's counts for its unit added up past what a count holds.
#[derive(Debug)]
pub(super) struct Overflow {
    pub unit: u32,
    pub item: usize,
    pub rule: usize,
    pub at: Loc,
}

impl Pending {
    /// Applies the row; `Err` if its rule's counts add up past `u32`.
    fn apply(&self, ledger: &mut Ledger) -> Result<(), Overflow> {
        let (unit, period, item, at) = (self.unit, self.period, self.item, self.at);
        match self.what {
            What::Count { rule, count } => ledger
                .add_count(unit, period, item, rule, count, at)
                .map_err(|_| Overflow {
                    unit,
                    item,
                    rule,
                    at,
                }),
            What::Points(p) => {
                ledger.add_points(unit, period, item, p, at);
                Ok(())
            }
        }
    }
}

/// Slots in the ring of waiting rows: a power of two past [`DEPTH`].
const RING: usize = (DEPTH + 1).next_power_of_two();

/// The rows waiting, oldest first, in a ring: a row is applied from
/// where it waits, not copied out of a `VecDeque` first (which stalled on
/// reading back fields the copy had just written).
#[derive(Debug, Default)]
pub(super) struct Queue {
    rows: Vec<Pending>,
    head: usize,
    len: usize,
}

impl Queue {
    /// Queues `row` and asks for its unit's cells; asks for what the row
    /// half the queue ahead will touch, now that its cells have come, and
    /// applies the oldest row once [`DEPTH`] wait, `Err` if it failed.
    #[inline]
    pub fn push(&mut self, row: Pending, ledger: &mut Ledger) -> Result<(), Overflow> {
        ledger.prefetch_unit(row.unit);
        let slot = (self.head + self.len) % RING;
        if slot == self.rows.len() {
            self.rows.push(row); // the ring's first round
        } else {
            self.rows[slot] = row;
        }
        self.len += 1;
        if let Some(back) = self.len.checked_sub(DEPTH / 2 + 1) {
            let r = &self.rows[(self.head + back) % RING];
            ledger.prefetch(r.unit, r.period, r.item);
        }
        if self.len <= DEPTH {
            return Ok(());
        }
        self.pop(ledger)
    }

    /// Applies the oldest row waiting (there is one).
    #[inline]
    fn pop(&mut self, ledger: &mut Ledger) -> Result<(), Overflow> {
        let at = self.head;
        self.head = (self.head + 1) % RING;
        self.len -= 1;
        self.rows[at].apply(ledger)
    }

    /// Applies every waiting row, in order; `failed` is told of each that fails.
    pub fn flush(&mut self, ledger: &mut Ledger, mut failed: impl FnMut(Overflow)) {
        while self.len > 0 {
            if let Err(o) = self.pop(ledger) {
                failed(o);
            }
        }
    }
}

/// Reads records one ahead of the one being read, asking meanwhile for
/// where the next one's unit is in the ledger's index. CSV only: a
/// workbook answers questions about the row it read last.
pub(super) struct Ahead {
    next: Record,
    upcoming: Option<Result<u64, Box<Problem>>>,
    /// The hash of `next`'s unit name, and of the record handed out last.
    upcoming_hash: Option<u64>,
    hash: Option<u64>,
    on: bool,
    /// The `unit` column.
    unit: usize,
}

impl Ahead {
    pub fn new(input: &mut Input, unit: usize, ledger: &Ledger) -> Ahead {
        let mut ahead = Ahead {
            next: Record::new(),
            upcoming: None,
            upcoming_hash: None,
            hash: None,
            on: !input.is_sheet(),
            unit,
        };
        if ahead.on {
            ahead.read(input, ledger);
        }
        ahead
    }

    fn read(&mut self, input: &mut Input, ledger: &Ledger) {
        self.upcoming = input.next(&mut self.next);
        self.upcoming_hash = match (&self.upcoming, self.next.get(self.unit)) {
            (Some(Ok(_)), Some(name)) => Some(ledger.prefetch_name(trimmed(name))),
            _ => None,
        };
    }

    /// The hash of the unit name (trimmed) of the record handed out last,
    /// when it was read ahead.
    #[inline]
    pub fn hash(&self) -> Option<u64> {
        self.hash
    }

    /// The next record, into `rec`: what [`Input::next`] gives.
    #[inline]
    pub fn next(
        &mut self,
        input: &mut Input,
        rec: &mut Record,
        ledger: &Ledger,
    ) -> Option<Result<u64, Box<Problem>>> {
        if !self.on {
            return input.next(rec);
        }
        let row = self.upcoming.take()?;
        self.hash = self.upcoming_hash.take();
        std::mem::swap(rec, &mut self.next);
        self.read(input, ledger);
        Some(row)
    }
}
