//! 等次统计: how many units each grade holds (per kind, and per category
//! when units are ranked in categories), and each quota with its bound as a
//! count of units beside the actual count.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{Sheet, Styles};
use crate::num;
use crate::ranking::QuotaCheck;
use crate::report::Results;
use crate::rubric::{Quota, QuotaBound};
use crate::scoring::Scorecard;

pub(super) fn sheet(ws: &mut Worksheet, r: &Results, st: &Styles) -> Result<(), XlsxError> {
    let rb = r.rubric;
    let cats = r.has_categories();
    let mut s = Sheet::new(ws, "等次统计")?;
    let mut header = Vec::new();
    if rb.has_kinds {
        header.push("类型");
    }
    if cats {
        header.push("档次");
    }
    header.extend(["等次", "单位数", "参评单位数", "占比"]);
    let lead = header.len() as u16 - 4;
    let header: Vec<String> = header.into_iter().map(String::from).collect();
    let quota_header: Vec<String> = {
        let mut h = vec!["等次"];
        if rb.has_kinds {
            h.push("类型");
        }
        h.extend(["要求", "参评单位数", "限额", "实有", "实际占比", "结论"]);
        h.into_iter().map(String::from).collect()
    };
    let last = header.len().max(quota_header.len()) as u16 - 1;
    s.title(0, last, &format!("{}　等次统计", rb.name), &st.title)?;
    s.ws.set_row_height(0, 28)?;

    s.text(1, 0, "各等次单位数", &st.caption)?;
    // Cards come ordered by kind and category, so a group is a run of them;
    // a kind that starts from zero has no grades, and no group here.
    let groups: Vec<(&Scorecard, Vec<usize>)> = r
        .cards
        .chunk_by(|a, b| (a.kind, a.category) == (b.kind, b.category))
        .filter_map(|g| {
            let graded: Vec<usize> = g.iter().filter_map(|c| c.grade).collect();
            Some((g.first()?, graded)).filter(|(_, v)| !v.is_empty())
        })
        .collect();
    let mut row = 2;
    if groups.is_empty() {
        let why = match rb.grades.is_empty() {
            true => "本细则未规定等次",
            false => "没有评定等次的单位",
        };
        s.text(row, 0, why, &st.text)?;
        row += 1;
    } else {
        s.header(row, &header, st)?;
        row += 1;
    }
    for (first, graded) in &groups {
        let n = Decimal::from(graded.len());
        for (g, grade) in rb.grades.iter().enumerate() {
            let count = graded.iter().filter(|&&x| x == g).count();
            let mut col = 0;
            if rb.has_kinds {
                s.text(row, col, &rb.kinds[first.kind].name, &st.text)?;
                col += 1;
            }
            if cats {
                s.text(row, col, &r.category(first), &st.text)?;
            }
            s.text(row, lead, &grade.name, &st.mid)?;
            s.number(row, lead + 1, count.into(), &st.count)?;
            s.number(row, lead + 2, n, &st.count)?;
            s.number(row, lead + 3, Decimal::from(count) / n, &st.share)?;
            row += 1;
        }
    }

    row += 1;
    s.text(row, 0, "比例要求", &st.caption)?;
    row += 1;
    if r.quotas.is_empty() {
        s.text(row, 0, "本细则未规定等次比例", &st.text)?;
    } else {
        s.header(row, &quota_header, st)?;
        row += 1;
        for q in r.quotas {
            quota_row(&mut s, row, r, q, st)?;
            row += 1;
        }
    }
    s.ws.set_repeat_rows(0, 0)?;
    s.size(|_| 40)
}

fn quota_row(
    s: &mut Sheet,
    row: u32,
    r: &Results,
    q: &QuotaCheck,
    st: &Styles,
) -> Result<(), XlsxError> {
    let rb = r.rubric;
    let quota = &rb.quotas[q.quota];
    let names: Vec<&str> = quota
        .grades
        .iter()
        .map(|&g| rb.grades[g].name.as_str())
        .collect();
    let word = bound_word(quota);
    // Met or not is the ranking's verdict; the sheet only words it.
    let verdict = match (quota.bound, q.met) {
        (QuotaBound::About, _) => "仅作报告",
        (_, true) => "达标",
        (_, false) => "未达标",
    };
    let mut col = 0;
    let mut next = || {
        col += 1;
        col - 1
    };
    s.text(row, next(), &names.join("+"), &st.text)?;
    if rb.has_kinds {
        s.text(row, next(), &rb.kinds[q.kind].name, &st.text)?;
    }
    s.text(
        row,
        next(),
        &format!("{word}{}", num::percent(quota.share)),
        &st.text,
    )?;
    s.number(row, next(), q.graded.into(), &st.count)?;
    s.text(
        row,
        next(),
        &format!("{word}{}个", num::show(allowed(quota, q.graded))),
        &st.text,
    )?;
    s.number(row, next(), q.count.into(), &st.count)?;
    s.number(row, next(), q.share(), &st.share)?;
    s.text(row, next(), verdict, &st.mid)
}

fn bound_word(q: &Quota) -> &'static str {
    match q.bound {
        QuotaBound::Max => "至多",
        QuotaBound::Min => "至少",
        QuotaBound::About => "约",
    }
}

/// The quota's bound as a count of units out of `graded`: at most 40% of 11
/// is 4 (rounded down, as 5 would break it), at least 40% of 11 is 5
/// (rounded up, as 4 would fall short), about 40% of 11 is 4 (half up).
/// The ranking's met/not met compares the same bound.
fn allowed(q: &Quota, graded: usize) -> Decimal {
    let exact = q.share * Decimal::from(graded);
    match q.bound {
        QuotaBound::Max => exact.floor(),
        QuotaBound::Min => exact.ceil(),
        QuotaBound::About => num::round(exact, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quota(bound: QuotaBound, share: &str) -> Quota {
        Quota {
            grades: vec![0],
            bound,
            share: share.parse().expect("a share"),
        }
    }

    #[test]
    fn bounds_round_the_way_that_keeps_the_quota() {
        // 40% of 11 = 4.4: at most 4, at least 5, about 4.
        assert_eq!(allowed(&quota(QuotaBound::Max, "0.4"), 11), 4.into());
        assert_eq!(allowed(&quota(QuotaBound::Min, "0.4"), 11), 5.into());
        assert_eq!(allowed(&quota(QuotaBound::About, "0.4"), 11), 4.into());
        // 10% of 15 = 1.5: about rounds half up to 2; exact bounds stay.
        assert_eq!(allowed(&quota(QuotaBound::About, "0.1"), 15), 2.into());
        assert_eq!(allowed(&quota(QuotaBound::Max, "0.4"), 10), 4.into());
        assert_eq!(allowed(&quota(QuotaBound::Min, "0.5"), 4), 2.into());
    }
}
