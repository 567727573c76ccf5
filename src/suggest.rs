//! "Did you mean …?": the closest known name to a typo, and the words
//! every message uses to offer it, so a rubric key, a unit, an item and a
//! period are suggested the same way.

/// The closest of `names` to `wanted`, if one is close enough to suggest:
/// at most a third of the longer name's characters differ (at least one
/// may). On a tie the first name wins, so the rubric's or roster's order
/// decides.
pub fn closest<'a>(wanted: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = wanted.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for n in names {
        // Levenshtein over characters, not bytes: a Chinese name one
        // character off is one edit. A name containing the other is
        // exactly their length difference away, so needs no special case.
        let d = strsim::levenshtein(wanted, n);
        let limit = (w.max(n.chars().count()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, n));
        }
    }
    best.map(|(_, n)| n)
}

/// ` (did you mean "x"?)` after a value (a unit, item or period), or
/// nothing when there is no suggestion.
pub fn quoted(found: Option<&str>) -> String {
    found
        .map(|s| crate::tr!(" (did you mean \"{s}\"?)", "（是否为 \"{s}\"？）"))
        .unwrap_or_default()
}

/// ` (did you mean `x`?)` after a rubric key, or nothing.
pub fn key(found: Option<&str>) -> String {
    found
        .map(|s| crate::tr!(" (did you mean `{s}`?)", "（是否为 `{s}`？）"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn suggests_close_names() {
        let names = ["曲山镇", "永昌镇", "擂鼓镇"];
        assert_eq!(closest("曲山", names), Some("曲山镇"));
        assert_eq!(closest("永冒镇", names), Some("永昌镇"));
        assert_eq!(closest("县民政局", names), None);
    }

    #[test]
    fn the_limit_is_a_third_of_the_longer_name_and_at_least_one() {
        // "ab" vs "xy": 2 edits, limit max(2/3, 1) = 1: too far.
        assert_eq!(closest("ab", ["xy"]), None);
        // "a" vs "b": 1 edit, limit 1.
        assert_eq!(closest("a", ["b"]), Some("b"));
        // 6 characters: limit 2; "dexuce" -> "deduct" is 2 edits, "dexxce" 3.
        assert_eq!(closest("dexuce", ["deduct"]), Some("deduct"));
        assert_eq!(closest("dexxce", ["deduct"]), None);
        assert_eq!(closest("", ["ab"]), None);
    }

    #[test]
    fn the_first_of_equally_close_names_wins() {
        // "min" is 2 edits away; "mix" and "may" 1 each: the first wins.
        assert_eq!(closest("max", ["min", "mix", "may"]), Some("mix"));
        assert_eq!(closest("maxi", ["mini", "maxa", "maxb"]), Some("maxa"));
        assert_eq!(closest("maxi", ["maxb", "max"]), Some("maxb"));
    }

    #[test]
    fn hints_read_as_before() {
        assert_eq!(quoted(Some("曲山镇")), " (did you mean \"曲山镇\"?)");
        assert_eq!(key(Some("deduct")), " (did you mean `deduct`?)");
        assert_eq!(quoted(None), "");
        assert_eq!(key(None), "");
    }

    /// The hand-written matcher `closest` replaced: containment, else
    /// Levenshtein over characters, same limit, first wins ties.
    fn before<'a>(wanted: &str, names: &[&'a str]) -> Option<&'a str> {
        fn distance(a: &[char], b: &[char]) -> usize {
            let mut prev: Vec<usize> = (0..=b.len()).collect();
            let mut cur = vec![0; b.len() + 1];
            for (i, ca) in a.iter().enumerate() {
                cur[0] = i + 1;
                for (j, cb) in b.iter().enumerate() {
                    let sub = prev[j] + usize::from(ca != cb);
                    cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
                }
                std::mem::swap(&mut prev, &mut cur);
            }
            prev[b.len()]
        }
        let w: Vec<char> = wanted.chars().collect();
        let mut best: Option<(usize, &str)> = None;
        for &n in names {
            let c: Vec<char> = n.chars().collect();
            let d = if n.contains(wanted) || wanted.contains(n) {
                w.len().abs_diff(c.len())
            } else {
                distance(&w, &c)
            };
            let limit = (w.len().max(c.len()) / 3).max(1);
            if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, n));
            }
        }
        best.map(|(_, n)| n)
    }

    proptest! {
        // A small alphabet, Chinese and ASCII, so names are often close.
        #[test]
        fn suggests_what_the_hand_written_matcher_did(
            wanted in "[曲山镇永昌ab]{0,7}",
            names in proptest::collection::vec("[曲山镇永昌ab]{0,7}", 0..8),
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            prop_assert_eq!(closest(&wanted, names.iter().copied()), before(&wanted, &names));
        }
    }
}
