//! Unit ids by name, for the reader's one lookup a row: open addressing
//! with linear probing, at most three quarters full. Hand-written rather
//! than a general table because a row's slot can then be asked for (see
//! [`Index::prefetch`]) while the row before it is still being read: on a
//! province's units the table is far larger than the cache, and the
//! lookup would otherwise wait on memory for every row.

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

use super::entries::prefetch;

/// Names up to this many bytes sit in the index itself (a Chinese name of
/// three characters and a few digits), so finding one reads no string.
const SHORT: usize = 11;
/// The length of a name longer than [`SHORT`]: compared in the ledger's names.
const LONG: u8 = u8::MAX;
/// An empty slot's id.
const EMPTY: u32 = u32::MAX;

/// A unit in the index: its id and, when short, its name.
#[derive(Debug, Clone, Copy)]
struct Slot {
    id: u32,
    len: u8,
    bytes: [u8; SHORT],
}

const FREE: Slot = Slot {
    id: EMPTY,
    len: 0,
    bytes: [0; SHORT],
};

/// A name's hash: FxHash, then MurmurHash3's final mix, so names that
/// differ only in their last digits spread over the whole table.
pub(super) fn hash(name: &[u8]) -> u64 {
    let mut h = FxBuildHasher.hash_one(name);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The table: a power of two slots, or none yet.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    slots: Vec<Slot>,
    len: usize,
}

impl Index {
    #[inline]
    fn start(&self, hash: u64) -> usize {
        hash as usize & (self.slots.len().wrapping_sub(1))
    }

    /// Asks for the slot where a lookup of `hash` begins.
    #[inline]
    pub fn prefetch(&self, hash: u64) {
        if let Some(s) = self.slots.get(self.start(hash)) {
            prefetch(s);
        }
    }

    /// The id of the unit named `name`; `long_is` compares a long name
    /// with the name of a unit id.
    #[inline]
    pub fn find(&self, hash: u64, name: &[u8], long_is: impl Fn(u32) -> bool) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let short = short(name);
        let mask = self.slots.len() - 1;
        let mut at = self.start(hash);
        loop {
            let s = &self.slots[at];
            let same = match short {
                _ if s.id == EMPTY => return None,
                Some(b) => s.len == name.len() as u8 && s.bytes == b,
                None => s.len == LONG && long_is(s.id),
            };
            if same {
                return Some(s.id);
            }
            at = (at + 1) & mask;
        }
    }

    /// Adds unit `id`, named `name` (not in the index yet); `name_of`
    /// gives the name of any unit already in, to place it again when the
    /// table grows.
    pub fn insert<'n>(&mut self, name: &[u8], id: u32, name_of: impl Fn(u32) -> &'n [u8]) {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            let grown = vec![FREE; (self.slots.len() * 2).max(16)];
            let old = std::mem::replace(&mut self.slots, grown);
            for s in old.into_iter().filter(|s| s.id != EMPTY) {
                let h = match s.len {
                    LONG => hash(name_of(s.id)),
                    n => hash(&s.bytes[..usize::from(n)]),
                };
                self.place(h, s);
            }
        }
        let slot = match short(name) {
            Some(bytes) => Slot {
                id,
                len: name.len() as u8,
                bytes,
            },
            None => Slot {
                id,
                len: LONG,
                bytes: [0; SHORT],
            },
        };
        self.place(hash(name), slot);
        self.len += 1;
    }

    /// Puts `slot` in the first free slot from where `hash` begins.
    fn place(&mut self, hash: u64, slot: Slot) {
        let mask = self.slots.len() - 1;
        let mut at = self.start(hash);
        while self.slots[at].id != EMPTY {
            at = (at + 1) & mask;
        }
        self.slots[at] = slot;
    }
}

/// A short name padded with zeros, or `None` for a long one.
#[inline]
fn short(name: &[u8]) -> Option<[u8; SHORT]> {
    let mut bytes = [0; SHORT];
    bytes.get_mut(..name.len())?.copy_from_slice(name);
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Short and long names, through several growths, and names that are
    /// not in: each found at its id, none confused with another.
    #[test]
    fn every_name_is_found_at_its_id_through_growth() {
        let names: Vec<String> = (0..5000)
            .map(|i| match i % 3 {
                0 => format!("户{i}"),
                1 => format!("一个很长的单位名称{i}"),
                _ => format!("{i}"),
            })
            .collect();
        let mut index = Index::default();
        for (id, n) in names.iter().enumerate() {
            let of = |u: u32| names[u as usize].as_bytes();
            assert_eq!(
                index.find(hash(n.as_bytes()), n.as_bytes(), |u| of(u) == n.as_bytes()),
                None
            );
            index.insert(n.as_bytes(), id as u32, of);
        }
        assert_eq!(index.slots.len(), 8192);
        for (id, n) in names.iter().enumerate() {
            let b = n.as_bytes();
            let found = index.find(hash(b), b, |u| names[u as usize].as_bytes() == b);
            assert_eq!(found, Some(id as u32), "{n}");
        }
        let absent = "户5000".as_bytes();
        assert_eq!(index.find(hash(absent), absent, |_| false), None);
    }
}
