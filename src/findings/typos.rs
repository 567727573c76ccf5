//! Unit names one character apart, when there is no roster to check them
//! against: `城关真` beside `城关镇` is most likely a typo that would
//! otherwise become one more graded unit and change the quota count.

use crate::ledger::Ledger;

/// Past this many units the check is skipped: its index grows with units
/// times name length, and a table that large comes from a system with its
/// own unit list, where `--units` is the check.
pub const MAX_UNITS: usize = 50_000;

/// Pairs shown at most; the rest are counted.
const MAX_PAIRS: usize = 20;

/// Warnings for pairs of unit names one edit apart (a character changed,
/// added or left out), in order of first appearance. Pairs of names both
/// shorter than three characters are left out: `甲` and `乙` differ by one
/// character too.
pub fn warnings(ledger: &Ledger) -> Vec<String> {
    if ledger.len() > MAX_UNITS {
        return Vec::new();
    }
    let pairs = near_pairs((0..ledger.len() as u32).map(|u| ledger.name(u)));
    let mut out: Vec<String> = pairs
        .iter()
        .take(MAX_PAIRS)
        .map(|&(a, b)| {
            let (a, b) = (ledger.name(a as u32), ledger.name(b as u32));
            crate::tr!(
                "warning: units \"{a}\" and \"{b}\" differ by one character: a typo? Give --units ROSTER to check unit names",
                "警告：单位 \"{a}\" 和 \"{b}\" 只差一个字：是否打错？请用 --units 单位名单 核对单位名称"
            )
        })
        .collect();
    if pairs.len() > MAX_PAIRS {
        let more = pairs.len() - MAX_PAIRS;
        out.push(crate::tr!(
            "warning: and {more} more pairs of units one character apart",
            "警告：另有 {more} 对单位名称只差一个字"
        ));
    }
    out
}

/// A key's place: a name with one character left out (at that place), or
/// a whole name (`WHOLE`) looking for names one character longer.
const WHOLE: u32 = u32::MAX;

/// Index pairs `(earlier, later)` of names one edit apart, found through
/// keys rather than by comparing every pair: two names one character
/// changed apart share the key "both with that position left out"; a name
/// one character shorter than another equals it with one left out. Keys
/// are hashes, so each candidate is confirmed on the characters.
fn near_pairs<'a>(names: impl Iterator<Item = &'a str>) -> Vec<(usize, usize)> {
    let names: Vec<Vec<char>> = names.map(|n| n.chars().collect()).collect();
    // One number a key, sorted as numbers (several times faster than
    // tuples): the hash of the characters and of the length of the names
    // the key matches, then the place, then the name.
    let key = |chars: u64, len: usize, place: u32, name: usize| {
        let h = chars ^ (len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (u128::from(h) << 64) | (u128::from(place) << 32) | name as u128
    };
    let mut keys: Vec<u128> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        keys.push(key(hash(name.iter()), name.len() + 1, WHOLE, i));
        if name.len() < 2 {
            continue; // one character left out of it leaves nothing to go on
        }
        for k in 0..name.len() {
            let rest = name[..k].iter().chain(&name[k + 1..]);
            keys.push(key(hash(rest), name.len(), k as u32, i));
        }
    }
    keys.sort_unstable();
    let hash_of = |k: &u128| (k >> 64) as u64;
    let place = |k: &u128| (k >> 32) as u32;
    let name = |k: &u128| *k as u32 as usize;
    let mut pairs = Vec::new();
    for run in keys.chunk_by(|a, b| hash_of(a) == hash_of(b)) {
        // Left out at the same place: one character changed.
        for same in run.chunk_by(|a, b| place(a) == place(b)) {
            if place(&same[0]) == WHOLE {
                continue;
            }
            for (n, a) in same.iter().enumerate() {
                for b in &same[n + 1..] {
                    let (a, b) = (name(a), name(b));
                    if changed(&names[a], &names[b], place(&same[0]) as usize) {
                        pairs.push(((a.max(b) as u64) << 32) | a.min(b) as u64);
                    }
                }
            }
        }
        // A whole name against longer ones with a character left out.
        for w in run.iter().filter(|k| place(k) == WHOLE) {
            for d in run.iter().filter(|k| place(k) != WHOLE) {
                let (w, d, at) = (name(w), name(d), place(d) as usize);
                if names[d].len() == names[w].len() + 1 && left_out(&names[d], at) == names[w] {
                    pairs.push(((w.max(d) as u64) << 32) | w.min(d) as u64);
                }
            }
        }
    }
    // By the later name, then the earlier: the order they first appear.
    pairs.sort_unstable();
    pairs.dedup();
    let pairs = pairs
        .into_iter()
        .map(|p| ((p as u32) as usize, (p >> 32) as usize));
    pairs
        .filter(|&(a, b)| names[a].len().max(names[b].len()) >= 3)
        .collect()
}

fn hash<'c>(chars: impl Iterator<Item = &'c char>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for c in chars {
        c.hash(&mut h);
    }
    h.finish()
}

/// Whether `a` and `b` differ at `pos` and nowhere else.
fn changed(a: &[char], b: &[char], pos: usize) -> bool {
    a.len() == b.len() && a[pos] != b[pos] && a[..pos] == b[..pos] && a[pos + 1..] == b[pos + 1..]
}

fn left_out(name: &[char], pos: usize) -> Vec<char> {
    name[..pos]
        .iter()
        .chain(&name[pos + 1..])
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::near_pairs;

    fn pairs(names: &[&str]) -> Vec<(usize, usize)> {
        near_pairs(names.iter().copied())
    }

    #[test]
    fn a_changed_added_or_missing_character() {
        assert_eq!(pairs(&["城关镇", "城关真"]), [(0, 1)]);
        assert_eq!(pairs(&["城关镇", "城关镇镇"]), [(0, 1)]);
        assert_eq!(pairs(&["城关镇", "城关"]), [(0, 1)]);
        assert_eq!(pairs(&["城关镇", "关镇"]), [(0, 1)]);
    }

    #[test]
    fn two_apart_or_short_names_are_not_pairs() {
        assert_eq!(pairs(&["城关镇", "城南乡"]), []);
        assert_eq!(pairs(&["甲", "乙", "丙"]), []);
        assert_eq!(pairs(&["甲乙", "甲丙"]), []);
        assert_eq!(pairs(&["城关镇", "永昌镇", "曲山镇"]), []);
    }

    proptest::proptest! {
        /// The keys find exactly the pairs a comparison of every pair finds.
        #[test]
        fn keys_find_what_comparing_every_pair_finds(
            names in proptest::collection::btree_set("[甲乙丙ab]{0,5}", 0..24)
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let chars: Vec<Vec<char>> = names.iter().map(|n| n.chars().collect()).collect();
            let mut want = Vec::new();
            for b in 0..names.len() {
                for a in 0..b {
                    let long = chars[a].len().max(chars[b].len());
                    if long >= 3 && strsim::generic_levenshtein(&chars[a], &chars[b]) == 1 {
                        want.push((a, b));
                    }
                }
            }
            proptest::prop_assert_eq!(pairs(&names), want);
        }
    }

    #[test]
    fn each_pair_once_in_order_of_the_later_name() {
        // 0~1, 0~2 and 1~2 are one character apart; 3 stands alone.
        assert_eq!(
            pairs(&["一组张三", "一组张四", "一组张五", "二组李四四四"]),
            [(0, 1), (0, 2), (1, 2)]
        );
        // "aab" has the key "ab" twice: still one pair with "ab".
        assert_eq!(pairs(&["aab", "ab"]), [(0, 1)]);
    }
}
