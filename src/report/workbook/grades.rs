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
    let mut row = grade_counts(&mut s, r, &header, lead, st)?;
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

/// Units per grade in each kind and category, from row 2; returns the
/// row after them.
fn grade_counts(
    s: &mut Sheet,
    r: &Results,
    header: &[String],
    lead: u16,
    st: &Styles,
) -> Result<u32, XlsxError> {
    let rb = r.rubric;
    let cats = r.has_categories();
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
        s.header(row, header, st)?;
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
    Ok(row)
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
        &format!("{word}{}个", num::show(q.allowed(quota))),
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
