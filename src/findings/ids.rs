//! Ids and labels looked up by their bytes on the fast path. Most are a
//! few bytes (`4.5`, `B2`, `1月`): packed with their length into one word,
//! a lookup hashes that word and compares no bytes.

use rustc_hash::FxHashMap as HashMap;

/// Byte strings to indices.
#[derive(Debug, Default)]
pub(super) struct ByBytes<'a> {
    short: HashMap<u64, usize>,
    long: HashMap<&'a [u8], usize>,
}

impl<'a> ByBytes<'a> {
    /// The map of `pairs`; of two equal keys, the later is kept.
    pub fn new(pairs: impl Iterator<Item = (&'a [u8], usize)>) -> ByBytes<'a> {
        let mut map = ByBytes::default();
        for (key, i) in pairs {
            match pack(key) {
                Some(k) => map.short.insert(k, i),
                None => map.long.insert(key, i),
            };
        }
        map
    }

    #[inline]
    pub fn get(&self, key: &[u8]) -> Option<usize> {
        match pack(key) {
            Some(k) => self.short.get(&k).copied(),
            None => self.long.get(key).copied(),
        }
    }
}

/// Up to 7 bytes and their length in one word: equal words, equal bytes.
#[inline]
pub(super) fn pack(bytes: &[u8]) -> Option<u64> {
    if bytes.len() > 7 {
        return None;
    }
    let mut word = (bytes.len() as u64) << 56;
    for (i, &b) in bytes.iter().enumerate() {
        word |= u64::from(b) << (8 * i);
    }
    Some(word)
}

/// Every item's rules, end to end, as the fast path finds them: without
/// following a pointer to each rule's id (rows of a large file keep
/// pushing those out of the cache).
#[derive(Debug)]
pub(super) struct RuleIds<'a> {
    rules: Vec<RuleId<'a>>,
    /// Where each item's rules start in `rules`, and one past the last.
    starts: Vec<usize>,
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
        let (mut rules, mut starts) = (Vec::new(), vec![0]);
        for item in items {
            rules.extend(item.map(|(id, threshold)| RuleId {
                packed: pack(id.as_bytes()),
                id: id.as_bytes(),
                plain: !threshold,
            }));
            starts.push(rules.len());
        }
        RuleIds { rules, starts }
    }

    /// The index of item `item`'s rule `id` and whether a count is all
    /// it needs.
    #[inline]
    pub fn find(&self, item: usize, id: &[u8]) -> Option<(usize, bool)> {
        let rules = &self.rules[self.starts[item]..self.starts[item + 1]];
        let packed = pack(id);
        let same = |r: &RuleId| r.packed == packed && (packed.is_some() || r.id == id);
        let i = rules.iter().position(same)?;
        Some((i, rules[i].plain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
