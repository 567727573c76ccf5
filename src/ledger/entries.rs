//! A unit's entries: `key << 32 | value` each, stored in four bytes
//! (`key << 16 | value`) while every key and value fits in sixteen bits, as
//! a household's always do, and in eight once one does not. Half the
//! memory of a province's ledger is these.

/// A unit's entries, narrow or wide, and its dense block if it has one
/// (here rather than beside, so the two take 32 bytes, not 40). Once the
/// unit is scored, its entries can make way for its figures, in the same
/// allocation.
#[derive(Debug)]
pub(super) struct Entries {
    data: Vec<u32>,
    wide: bool,
    /// `data` holds the unit's figures, not entries.
    figures: bool,
    pub dense: u32,
}

impl Default for Entries {
    fn default() -> Entries {
        Entries {
            data: Vec::new(),
            wide: false,
            figures: false,
            dense: super::NONE,
        }
    }
}

/// Asks the processor to bring the cache line at `p` in, and goes on.
#[inline(always)]
pub(super) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint. It reads nothing into the program and
    // cannot fault, whatever the address, so no pointer rule applies.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// An entry in four bytes, if it fits.
#[inline]
fn narrow(e: u64) -> Option<u32> {
    let (k, v) = ((e >> 32) as u32, e as u32);
    (k < 1 << 16 && v < 1 << 16).then_some((k << 16) | v)
}

#[inline]
fn widen(x: u32) -> u64 {
    (u64::from(x >> 16) << 32) | u64::from(x & 0xffff)
}

impl Entries {
    pub fn len(&self) -> usize {
        if self.figures {
            0
        } else if self.wide {
            self.data.len() / 2
        } else {
            self.data.len()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Lets the entries go and keeps `figures` in their place, in the
    /// allocation they had (large enough, for a household's).
    pub fn keep_figures(&mut self, figures: impl Iterator<Item = u32>) {
        self.data.clear();
        self.data.extend(figures);
        (self.wide, self.figures) = (false, true);
    }

    /// What [`Entries::keep_figures`] kept.
    pub fn figures(&self) -> Option<&[u32]> {
        self.figures.then_some(&self.data[..])
    }

    #[inline]
    pub fn get(&self, i: usize) -> u64 {
        if self.wide {
            (u64::from(self.data[2 * i]) << 32) | u64::from(self.data[2 * i + 1])
        } else {
            widen(self.data[i])
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The index of the entry with key `key`.
    pub fn position(&self, key: u32) -> Option<usize> {
        self.find_two(key, key).0
    }

    /// The index of the entry with key `a`, and whether one has key `b`:
    /// the one pass a count row makes over its unit's entries.
    #[inline]
    pub fn find_two(&self, a: u32, b: u32) -> (Option<usize>, bool) {
        let (mut found, mut has) = (None, false);
        if self.wide {
            for (i, k) in self.data.iter().step_by(2).enumerate() {
                found = if *k == a { Some(i) } else { found };
                has |= *k == b;
            }
        } else {
            for (i, x) in self.data.iter().enumerate() {
                let k = x >> 16;
                found = if k == a { Some(i) } else { found };
                has |= k == b;
            }
        }
        (found, has)
    }

    /// Replaces entry `i`.
    #[inline]
    pub fn set(&mut self, i: usize, e: u64) {
        match (self.wide, narrow(e)) {
            (false, Some(x)) => self.data[i] = x,
            (false, None) => {
                self.go_wide();
                self.set(i, e);
            }
            (true, _) => {
                self.data[2 * i] = (e >> 32) as u32;
                self.data[2 * i + 1] = e as u32;
            }
        }
    }

    /// Appends an entry, growing by half rather than doubling: most units
    /// stop at a few dozen entries, and doubling would leave a third unused.
    pub fn push(&mut self, e: u64) {
        let x = narrow(e);
        if x.is_none() && !self.wide {
            self.go_wide();
        }
        let n = if self.wide { 2 } else { 1 };
        if self.data.len() + n > self.data.capacity() {
            self.data.reserve_exact((self.data.len() / 2).max(4 * n));
        }
        match x {
            Some(x) if !self.wide => self.data.push(x),
            _ => self.data.extend([(e >> 32) as u32, e as u32]),
        }
    }

    /// Keeps the entries `keep` says yes to, in their order.
    pub fn retain(&mut self, mut keep: impl FnMut(u64) -> bool) {
        let mut kept = 0;
        for i in 0..self.len() {
            let e = self.get(i);
            if keep(e) {
                self.set(kept, e);
                kept += 1;
            }
        }
        self.truncate(kept);
    }

    /// Asks for the first cache lines of the entries: most units' all.
    #[inline]
    pub fn prefetch(&self) {
        let words = if self.wide { 2 } else { 1 } * self.len();
        for at in (0..words.min(64)).step_by(16) {
            prefetch(self.data.as_ptr().wrapping_add(at));
        }
    }

    /// Room for `n` more entries of this width, asked for once, where
    /// pushing them one by one would grow the list several times.
    pub fn reserve(&mut self, n: usize) {
        self.data.reserve_exact(if self.wide { 2 * n } else { n });
    }

    pub fn shrink_to_fit(&mut self) {
        self.data.shrink_to_fit();
    }

    fn truncate(&mut self, n: usize) {
        self.data.truncate(if self.wide { 2 * n } else { n });
    }

    /// Every entry in eight bytes from now on.
    fn go_wide(&mut self) {
        let mut data = Vec::with_capacity(self.data.len() * 2 + 2);
        for &x in &self.data {
            let e = widen(x);
            data.extend([(e >> 32) as u32, e as u32]);
        }
        (self.data, self.wide) = (data, true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_until_an_entry_does_not_fit_then_wide_and_the_same() {
        let mut e = Entries::default();
        for k in 0..10u64 {
            e.push((k << 32) | (k * 100));
        }
        assert!(!e.wide);
        assert_eq!(e.get(3), (3 << 32) | 300);
        e.push((70_000 << 32) | 5); // a key past 16 bits
        assert!(e.wide);
        assert_eq!(e.len(), 11);
        assert_eq!(e.get(3), (3 << 32) | 300);
        assert_eq!(e.get(10), (70_000 << 32) | 5);
        assert_eq!(e.find_two(70_000, 9), (Some(10), true));
        assert_eq!(e.position(4), Some(4));
        e.retain(|x| x >> 32 != 70_000);
        assert_eq!(e.len(), 10);
        assert_eq!(e.iter().map(|x| x >> 32).sum::<u64>(), 45);
    }

    #[test]
    fn a_value_past_16_bits_widens_in_place() {
        let mut e = Entries::default();
        e.push((1 << 32) | 1);
        e.push((2 << 32) | 2);
        e.set(1, (2 << 32) | 65_536);
        assert!(e.wide);
        assert_eq!(
            e.iter().collect::<Vec<_>>(),
            [(1 << 32) | 1, (2 << 32) | 65_536]
        );
        assert_eq!(e.find_two(2, 3), (Some(1), false));
    }
}
