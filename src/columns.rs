//! Finding columns by name, English or Chinese, in any order; shared by the
//! findings and the roster readers.

use crate::error::Problem;

/// A column the reader knows: its English name and Chinese aliases.
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
}

/// The unit column, which findings and rosters both have.
pub const UNIT: Column = Column {
    name: "unit",
    aliases: &["单位", "单位名称", "考核对象"],
};

/// The problem of a header without a unit column.
pub fn no_unit(file: &str, header: &[String]) -> Problem {
    Problem::at(
        file,
        1,
        format!(
            "no `unit` (单位) column; the columns are: {}",
            header.join(", ")
        ),
    )
}

/// Header names as matched: trimmed, ASCII-lowercased.
fn normal(h: &str) -> String {
    h.trim().to_ascii_lowercase()
}

/// Finds each known column in `header`; returns their indices (in the order
/// of `known`) and which header positions matched nothing. A column named
/// twice is a problem at line 1.
pub fn locate(
    header: &[String],
    known: &[Column],
    file: &str,
    problems: &mut Vec<Problem>,
) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut found = vec![None; known.len()];
    let mut unknown = Vec::new();
    for (pos, h) in header.iter().enumerate() {
        let h = normal(h);
        match known
            .iter()
            .position(|c| c.name == h || c.aliases.contains(&h.as_str()))
        {
            Some(k) if found[k].is_some() => problems.push(Problem::at(
                file,
                1,
                format!("column `{}` appears twice", known[k].name),
            )),
            Some(k) => found[k] = Some(pos),
            None => unknown.push(pos),
        }
    }
    (found, unknown)
}

/// A field as text; `None` when it is not UTF-8 (reported by the caller).
pub fn text(rec: &csv::ByteRecord, col: Option<usize>) -> Option<&str> {
    match col.and_then(|c| rec.get(c)) {
        None => Some(""),
        Some(b) => std::str::from_utf8(b).ok().map(str::trim),
    }
}

/// The closest of `names` to `wanted`, if one is close enough to suggest:
/// one contains the other, or few characters differ.
pub fn closest<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let w: Vec<char> = wanted.chars().collect();
    let mut best: Option<(usize, &str)> = None;
    for n in names {
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

/// Levenshtein distance over characters.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names() {
        let names = ["曲山镇", "永昌镇", "擂鼓镇"];
        assert_eq!(closest("曲山", names.into_iter()), Some("曲山镇"));
        assert_eq!(closest("永冒镇", names.into_iter()), Some("永昌镇"));
        assert_eq!(closest("县民政局", names.into_iter()), None);
    }
}
