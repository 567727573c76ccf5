//! Ids and labels looked up by their bytes on the fast path. Most are a
//! few bytes (`4.5`, `B2`, `1月`): packed with their length into one word,
//! a lookup hashes that word and compares no bytes.

use rustc_hash::FxHashMap as HashMap;

/// An empty slot's key: never a packed word, whose length byte is at most 7.
const EMPTY: u64 = u64::MAX;

/// Byte strings to indices: short ones in a table of packed words of its
/// own (a multiply, a shift and most often one compare, where a general
/// map's lookup took some seventy instructions a row), long ones in a map.
#[derive(Debug)]
pub(super) struct ByBytes<'a> {
    /// `(packed key, index)`; a power of two slots, at most half full, so
    /// a probe always meets an empty one.
    slots: Vec<(u64, u32)>,
    /// 64 less the bits of a slot's place.
    shift: u32,
    long: HashMap<&'a [u8], usize>,
}

impl<'a> ByBytes<'a> {
    /// The map of `pairs`; of two equal keys, the later is kept.
    pub fn new(pairs: impl Iterator<Item = (&'a [u8], usize)>) -> ByBytes<'a> {
        let (mut short, mut long) = (Vec::new(), HashMap::default());
        for (key, i) in pairs {
            match pack(key) {
                Some(k) => short.push((k, i as u32)),
                None => {
                    long.insert(key, i);
                }
            }
        }
        let bits = (2 * short.len())
            .max(2)
            .next_power_of_two()
            .trailing_zeros();
        let mut map = ByBytes {
            slots: vec![(EMPTY, 0); 1 << bits],
            shift: 64 - bits,
            long,
        };
        for (k, i) in short {
            let at = map.place(k);
            map.slots[at] = (k, i);
        }
        map
    }

    /// The slot holding `key`, or the empty one where it would go.
    #[inline]
    fn place(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        // Fibonacci hashing: the multiply carries every byte to the top bits.
        let mut at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize;
        while !matches!(self.slots[at].0, k if k == key || k == EMPTY) {
            at = (at + 1) & mask;
        }
        at
    }

    #[inline(always)]
    pub fn get(&self, key: &[u8]) -> Option<usize> {
        match pack(key) {
            Some(k) => match self.slots[self.place(k)] {
                (EMPTY, _) => None,
                (_, i) => Some(i as usize),
            },
            None => self.get_long(key),
        }
    }

    /// Kept out of line, so that the short lookup is inlined whole.
    #[inline(never)]
    fn get_long(&self, key: &[u8]) -> Option<usize> {
        self.long.get(key).copied()
    }
}

/// Up to 7 bytes and their length in one word: equal words, equal bytes.
/// Read as two overlapping pieces rather than byte by byte: a few
/// instructions, whatever the length.
#[inline(always)]
pub(super) fn pack(bytes: &[u8]) -> Option<u64> {
    let n = bytes.len();
    let at = |i: usize| u64::from(bytes[i]) << (8 * i);
    let four = |i: usize| {
        let w: [u8; 4] = bytes[i..i + 4].try_into().unwrap_or_default();
        u64::from(u32::from_le_bytes(w)) << (8 * i)
    };
    let word = match n {
        0 => 0,
        1..=3 => at(0) | at(n / 2) | at(n - 1),
        4..=7 => four(0) | four(n - 4),
        _ => return None,
    };
    Some(word | (n as u64) << 56)
}

/// Rules an item may have to be looked up all at once.
const FEW: usize = 4;

/// Every item's rules as the fast path finds them: an item of at most
/// [`FEW`] rules with short ids compares the packed id with all of them at
/// once, with no branch for rows in random order to mispredict; others go
/// through their rules end to end. Neither follows a pointer to a rule's
/// id (rows of a large file keep pushing those out of the cache).
#[derive(Debug)]
pub(super) struct RuleIds<'a> {
    items: Vec<ItemRules>,
    rules: Vec<RuleId<'a>>,
    /// Where each item's rules start in `rules`, and one past the last.
    starts: Vec<usize>,
}

#[derive(Debug)]
struct ItemRules {
    /// The packed ids, [`EMPTY`] past the last; `None` when the item has
    /// more than [`FEW`] rules or a long id.
    few: Option<[u64; FEW]>,
    /// Bit `i`: rule `i` needs only a count (for the first [`FEW`]).
    plain: u32,
}

#[derive(Debug)]
struct RuleId<'a> {
    /// The id packed by [`pack`], if it is short enough.
    packed: Option<u64>,
    id: &'a [u8],
    /// A count is all the rule needs: it has no threshold.
    plain: bool,
}

impl<'a> RuleIds<'a> {
    /// `items` gives each item's rules as (id, has a threshold).
    pub fn new<R>(items: impl Iterator<Item = R>) -> RuleIds<'a>
    where
        R: Iterator<Item = (&'a str, bool)>,
    {
        let (mut rules, mut starts, mut items_rules) = (Vec::new(), vec![0], Vec::new());
        for item in items {
            let from = rules.len();
            rules.extend(item.map(|(id, threshold)| RuleId {
                packed: pack(id.as_bytes()),
                id: id.as_bytes(),
                plain: !threshold,
            }));
            starts.push(rules.len());
            items_rules.push(ItemRules::of(&rules[from..]));
        }
        RuleIds {
            items: items_rules,
            rules,
            starts,
        }
    }

    /// The index of item `item`'s rule `id` and whether a count is all
    /// it needs.
    #[inline(always)]
    pub fn find(&self, item: usize, id: &[u8]) -> Option<(usize, bool)> {
        let it = &self.items[item];
        if let Some(few) = &it.few {
            // A long id is none of these short ones.
            let k = pack(id)?;
            let hits = (0..FEW).fold(0u32, |m, i| m | (u32::from(few[i] == k) << i));
            if hits == 0 {
                return None;
            }
            let i = hits.trailing_zeros() as usize; // the first, as a search finds
            return Some((i, (it.plain >> i) & 1 == 1));
        }
        self.search(item, id)
    }

    /// [`RuleIds::find`] for an item of many rules or long ids: kept out
    /// of line, so that the common lookup is inlined whole.
    #[inline(never)]
    fn search(&self, item: usize, id: &[u8]) -> Option<(usize, bool)> {
        let rules = &self.rules[self.starts[item]..self.starts[item + 1]];
        let packed = pack(id);
        let same = |r: &RuleId| r.packed == packed && (packed.is_some() || r.id == id);
        let i = rules.iter().position(same)?;
        Some((i, rules[i].plain))
    }
}

impl ItemRules {
    fn of(rules: &[RuleId]) -> ItemRules {
        let mut few = (rules.len() <= FEW).then_some([EMPTY; FEW]);
        let mut plain = 0;
        for (i, r) in rules.iter().enumerate().take(FEW) {
            match (few.as_mut(), r.packed) {
                (Some(f), Some(k)) => f[i] = k,
                _ => few = None,
            }
            plain |= u32::from(r.plain) << i;
        }
        ItemRules { few, plain }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_word_is_each_byte_in_its_place() {
        let bytes = b"\x01\x82\x03\xf4\x05\x06\xff\x08";
        for n in 0..=7 {
            let mut want = (n as u64) << 56;
            for (i, &b) in bytes[..n].iter().enumerate() {
                want |= u64::from(b) << (8 * i);
            }
            assert_eq!(pack(&bytes[..n]), Some(want), "{n}");
        }
        assert_eq!(pack(bytes), None);
    }

    #[test]
    fn short_and_long_keys_find_only_themselves() {
        let keys: [&[u8]; 7] = [
            b"",
            b"4.5",
            b"4.5\0",
            b"1.10",
            "1月".as_bytes(),
            b"1234567",
            b"12345678",
        ];
        let map = ByBytes::new(keys.iter().enumerate().map(|(i, k)| (*k, i)));
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(map.get(k), Some(i), "{k:?}");
        }
        for k in [&b"4.50"[..], b"1.1", b"123456789", b"4."] {
            assert_eq!(map.get(k), None, "{k:?}");
        }
        let later = ByBytes::new([(&b"a"[..], 1), (b"a", 0)].into_iter());
        assert_eq!(later.get(b"a"), Some(0));
    }

    #[test]
    fn rules_are_found_within_their_item() {
        let items: [&[(&str, bool)]; 3] = [
            &[("a", false), ("b", true)],
            &[],
            &[
                ("b", false),
                ("a_very_long_rule", false),
                ("a_very_long_rulf", true),
            ],
        ];
        let ids = RuleIds::new(items.iter().map(|rules| rules.iter().copied()));
        assert_eq!(ids.find(0, b"a"), Some((0, true)));
        assert_eq!(ids.find(0, b"b"), Some((1, false)));
        assert_eq!(ids.find(1, b"a"), None);
        assert_eq!(ids.find(2, b"b"), Some((0, true)));
        assert_eq!(ids.find(2, b"a_very_long_rulf"), Some((2, false)));
        assert_eq!(ids.find(2, b"a"), None);
    }

    #[test]
    fn few_rules_at_once_find_what_a_search_finds() {
        // Four short ids: looked up at once; five: searched. Both see the
        // same: the first of two equal ids, none for an id not there (or
        // too long to be short), and the fourth's threshold.
        let four = [("a", false), ("", false), ("a", true), ("dd", true)];
        let five = [
            ("a", false),
            ("", false),
            ("a", true),
            ("dd", true),
            ("e", false),
        ];
        let items: [&[(&str, bool)]; 2] = [&four, &five];
        let ids = RuleIds::new(items.iter().map(|rules| rules.iter().copied()));
        assert!(ids.items[0].few.is_some() && ids.items[1].few.is_none());
        for item in 0..2 {
            assert_eq!(ids.find(item, b"a"), Some((0, true)));
            assert_eq!(ids.find(item, b""), Some((1, true)));
            assert_eq!(ids.find(item, b"dd"), Some((3, false)));
            assert_eq!(ids.find(item, b"d"), None);
            assert_eq!(ids.find(item, b"dddddddd"), None);
        }
        assert_eq!(ids.find(1, b"e"), Some((4, true)));
    }

    #[test]
    fn a_full_table_finds_every_key_and_no_other() {
        // 1,000 keys in 2,048 slots: long runs of probes, every one ending.
        let keys: Vec<String> = (0..1000)
            .map(|i| format!("{}.{}", i / 10, i % 10))
            .collect();
        let map = ByBytes::new(keys.iter().enumerate().map(|(i, k)| (k.as_bytes(), i)));
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(map.get(k.as_bytes()), Some(i));
        }
        for k in ["100.0", "0.10", "1", "", "0.0 "] {
            assert_eq!(map.get(k.as_bytes()), None, "{k}");
        }
        assert_eq!(ByBytes::new(std::iter::empty()).get(b"a"), None);
    }
}
