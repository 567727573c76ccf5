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
fn pack(bytes: &[u8]) -> Option<u64> {
    if bytes.len() > 7 {
        return None;
    }
    let mut word = (bytes.len() as u64) << 56;
    for (i, &b) in bytes.iter().enumerate() {
        word |= u64::from(b) << (8 * i);
    }
    Some(word)
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
}
