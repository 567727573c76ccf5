//! 结果: a title, the run's date and number of units, then one row per unit
//! under the rubric's section names and points.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{section_title, Sheet, Styles};
use crate::compare;
use crate::num;
use crate::report::Results;
use crate::scoring::Scorecard;

/// Rows above the first unit: title, subtitle, header.
const TOP: u32 = 3;

pub(super) fn sheet(
    ws: &mut Worksheet,
    r: &Results,
    st: &Styles,
    date: &str,
) -> Result<(), XlsxError> {
    let rb = r.rubric;
    let header = header(r);
    let fixed = header.len() - r.compare.map_or(0, |_| compare::COLUMNS.len());
    let last = (header.len() - 1) as u16;

    let mut s = Sheet::new(ws, "结果")?;
    s.title(0, last, &rb.name, &st.title)?;
    s.ws.set_row_height(0, 28)?;
    let sub = format!("考核结果　{date}　共{}个单位", r.cards.len());
    s.title(1, last, &sub, &st.subtitle)?;
    s.header(2, &header, st)?;

    for (i, c) in r.cards.iter().enumerate() {
        unit_row(&mut s, TOP + i as u32, r, c, fixed as u16, st)?;
    }
    // Units only in the previous run close the list, so that a unit that
    // left (or was renamed) is not silently lost.
    if let Some(cmp) = r.compare {
        let gone = cmp.gone(r.cards.iter().map(|c| r.name(c)));
        for (i, p) in gone.into_iter().enumerate() {
            let row = TOP + (r.cards.len() + i) as u32;
            s.text(row, 0, &p.unit, &st.text)?;
            change_cells(&mut s, row, fixed as u16, &compare::gone_cells(p, true), st)?;
        }
    }
    // The unit column stays in view as the figures scroll, and the header
    // rows head every printed page.
    s.ws.set_freeze_panes(TOP, 1)?;
    s.ws.set_repeat_rows(0, TOP - 1)?;
    s.size(|_| 40)
}

/// The sheet's header: the rubric's section names and points, periods,
/// total, grade and rank, and the change since the previous run.
fn header(r: &Results) -> Vec<String> {
    let rb = r.rubric;
    let mut header = vec!["单位".to_string()];
    if rb.has_kinds {
        header.push("类型".into());
    }
    if r.has_categories() {
        header.push("档次".into());
    }
    header.extend(
        rb.sections
            .iter()
            .enumerate()
            .map(|(i, s)| section_title(i, s)),
    );
    header.extend(rb.periods.labels.iter().cloned());
    header.extend(["总分", "等次", "排名"].map(String::from));
    if !rb.ratings.is_empty() {
        header.push("评定".into());
    }
    if !rb.flags.is_empty() {
        header.push("标记".into());
    }
    if r.compare.is_some() {
        header.extend(compare::COLUMNS.iter().map(|(_, zh, _)| zh.to_string()));
    }
    header
}

/// One unit's row: figures as numbers at the rubric's precision.
fn unit_row(
    s: &mut Sheet,
    row: u32,
    r: &Results,
    c: &Scorecard,
    fixed: u16,
    st: &Styles,
) -> Result<(), XlsxError> {
    let rb = r.rubric;
    let shown = |d| num::round(d, rb.precision);
    let mut col = 0u16;
    let mut next = || {
        col += 1;
        col - 1
    };
    s.text(row, next(), r.name(c), &st.text)?;
    if rb.has_kinds {
        s.text(row, next(), &rb.kinds[c.kind].name, &st.text)?;
    }
    if r.has_categories() {
        s.text(row, next(), &r.category(c), &st.text)?;
    }
    for &d in &c.sections {
        s.number(row, next(), shown(d), &st.score)?;
    }
    if !rb.periods.labels.is_empty() {
        for &d in &c.periods {
            s.number(row, next(), shown(d), &st.score)?;
        }
    }
    s.number(row, next(), c.total, &st.score)?;
    match c.grade {
        Some(g) => s.text(row, next(), &rb.grades[g].name, &st.mid)?,
        None => s.blank(row, next(), &st.text)?,
    }
    s.number(row, next(), c.rank.into(), &st.count)?;
    if !rb.ratings.is_empty() {
        match c.rating {
            Some(x) => s.text(row, next(), &rb.ratings[x].name, &st.mid)?,
            None => s.blank(row, next(), &st.text)?,
        }
    }
    if !rb.flags.is_empty() {
        s.text(row, next(), &r.flags(c).join("；"), &st.text)?;
    }
    if let Some(cmp) = r.compare {
        let cells = compare::cells(cmp.change(r.name(c)), c.total, c.rank, true);
        change_cells(s, row, fixed, &cells, st)?;
    }
    Ok(())
}

/// The change since the previous run from column `from` on: figures as
/// numbers (`+0.5` is the number 0.5), words (新增, a grade) as text.
fn change_cells(
    s: &mut Sheet,
    row: u32,
    from: u16,
    cells: &[String],
    st: &Styles,
) -> Result<(), XlsxError> {
    for (i, (cell, (_, _, numeric))) in cells.iter().zip(compare::COLUMNS).enumerate() {
        let col = from + i as u16;
        // Totals and their change at the rubric's precision; ranks whole.
        let format = if i < 2 { &st.score } else { &st.count };
        match cell
            .trim_start_matches('+')
            .parse::<rust_decimal::Decimal>()
        {
            Ok(d) if numeric => s.number(row, col, d, format)?,
            _ if cell.is_empty() => s.blank(row, col, &st.text)?,
            _ => s.text(row, col, cell, &st.text)?,
        }
    }
    Ok(())
}
