//! Unit names one character apart, when there is no roster to check them
//! against: `城关真` beside `城关镇` is most likely a typo that would
//! otherwise become one more graded unit and change the quota count.

use rustc_hash::FxHashMap as HashMap;

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
    let units = &ledger.units;
    if units.len() > MAX_UNITS {
        return Vec::new();
    }
    let pairs = near_pairs(units.iter().map(|u| u.name.as_str()));
    let mut out: Vec<String> = pairs
        .iter()
        .take(MAX_PAIRS)
        .map(|&(a, b)| {
            let (a, b) = (&units[a].name, &units[b].name);
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

/// Index pairs `(earlier, later)` of names one edit apart. Two such names
/// share a key: the shorter name itself, or both with the same character
/// left out; each candidate pair is then confirmed exactly.
fn near_pairs<'a>(names: impl Iterator<Item = &'a str>) -> Vec<(usize, usize)> {
    let names: Vec<Vec<char>> = names.map(|n| n.chars().collect()).collect();
    let mut keys: HashMap<Vec<char>, Vec<usize>> = HashMap::default();
    for (i, name) in names.iter().enumerate() {
        if name.len() < 2 {
            continue; // one character left out of it leaves nothing to go on
        }
        let mut own: Vec<Vec<char>> = (0..name.len())
            .map(|k| [&name[..k], &name[k + 1..]].concat())
            .collect();
        own.push(name.clone());
        own.sort();
        own.dedup();
        for key in own {
            keys.entry(key).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = keys
        .values()
        .flat_map(|ids| {
            ids.iter()
                .enumerate()
                .flat_map(move |(n, &a)| ids[n + 1..].iter().map(move |&b| (a, b)))
        })
        .filter(|&(a, b)| names[a].len().max(names[b].len()) >= 3)
        .filter(|&(a, b)| strsim::generic_levenshtein(&names[a], &names[b]) == 1)
        .collect();
    pairs.sort_unstable_by_key(|&(a, b)| (b, a));
    pairs.dedup();
    pairs
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
