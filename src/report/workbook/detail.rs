//! 明细: every unit and item with its section and item names, what was
//! taken off (扣分) or added (加分), and each finding in the rubric's words.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{section_title, Sheet, Styles};
use crate::num::show;
use crate::report::Results;
use crate::rubric::{CapScope, Item, ItemType, Rubric};
use crate::scoring::{ItemScore, Reason, SectionCut};

/// Rows above the first unit: title, header.
const TOP: u32 = 2;

pub(super) fn sheet(ws: &mut Worksheet, r: &Results, st: &Styles) -> Result<(), XlsxError> {
    let rb = r.rubric;
    let has_periods = !rb.periods.labels.is_empty();
    let mut header = vec!["单位"];
    if has_periods {
        header.push("期间");
    }
    let cols = Cols::after(header.len() as u16);
    header.extend([
        "考核内容",
        "指标",
        "指标名称",
        "分值",
        "扣分",
        "加分",
        "得分",
        "封顶",
        "封顶未计",
        "扣分/加分情形",
    ]);
    let header: Vec<String> = header.into_iter().map(String::from).collect();
    let last = (header.len() - 1) as u16;
    let titles: Vec<String> = rb
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| section_title(i, s))
        .collect();
    let mut s = Sheet::new(ws, "明细")?;
    s.title(0, last, &format!("{}　评分明细", rb.name), &st.title)?;
    s.ws.set_row_height(0, 28)?;
    s.header(1, &header, st)?;
    let mut row = TOP;
    for c in r.cards {
        let d = r.details.of(c);
        for (p, result) in d.periods.iter().enumerate() {
            let period = rb.periods.labels.get(p).map(String::as_str);
            for it in &result.items {
                s.text(row, 0, r.name(c), &st.text)?;
                if let Some(period) = period {
                    s.text(row, 1, period, &st.text)?;
                }
                let section = &titles[rb.items[it.item].section];
                item_row(&mut s, row, &cols, rb, it, section, st)?;
                row += 1;
            }
            for cut in &result.cuts {
                s.text(row, 0, r.name(c), &st.text)?;
                if let Some(period) = period {
                    s.text(row, 1, period, &st.text)?;
                }
                cut_row(&mut s, row, &cols, rb, cut, &titles[cut.section], st)?;
                row += 1;
            }
        }
    }
    s.ws.set_freeze_panes(TOP, 1)?;
    s.ws.set_repeat_rows(0, TOP - 1)?;
    s.size(|c| match c {
        c if c == cols.section || c == cols.name => 24,
        c if c == cols.why => 60,
        _ => 30,
    })
}

/// Column indices after the unit (and period).
struct Cols {
    section: u16,
    id: u16,
    name: u16,
    points: u16,
    minus: u16,
    plus: u16,
    score: u16,
    capped: u16,
    absorbed: u16,
    why: u16,
}

impl Cols {
    fn after(lead: u16) -> Cols {
        Cols {
            section: lead,
            id: lead + 1,
            name: lead + 2,
            points: lead + 3,
            minus: lead + 4,
            plus: lead + 5,
            score: lead + 6,
            capped: lead + 7,
            absorbed: lead + 8,
            why: lead + 9,
        }
    }
}

/// An item's row: a bonus as 加分, a deduction as 扣分, each finding in
/// the rubric's wording.
fn item_row(
    s: &mut Sheet,
    row: u32,
    c: &Cols,
    rb: &Rubric,
    it: &ItemScore,
    section: &str,
    st: &Styles,
) -> Result<(), XlsxError> {
    let item = &rb.items[it.item];
    s.wrap(row, c.section, section, &st.wrap)?;
    s.text(row, c.id, &item.id, &st.text)?;
    s.wrap(row, c.name, &item.name, &st.wrap)?;
    s.number(row, c.points, it.points, &st.score)?;
    // A bonus item adds; every other item takes off.
    if item.item_type == ItemType::Bonus {
        s.blank(row, c.minus, &st.text)?;
        s.number(row, c.plus, it.added, &st.score)?;
    } else {
        s.number(row, c.minus, it.deducted, &st.score)?;
        s.blank(row, c.plus, &st.text)?;
    }
    s.number(row, c.score, it.score, &st.score)?;
    s.text(row, c.capped, yes_no(it.capped), &st.mid)?;
    s.number(row, c.absorbed, it.absorbed, &st.score)?;
    let lines: Vec<String> = it
        .reasons
        .iter()
        .map(|x| reason_line(rb, item, x))
        .collect();
    s.wrap(row, c.why, &lines.join("\n"), &st.wrap)
}

/// A section cap's row: what it took back from the section's bonus or
/// penalty items together.
fn cut_row(
    s: &mut Sheet,
    row: u32,
    c: &Cols,
    rb: &Rubric,
    cut: &SectionCut,
    section: &str,
    st: &Styles,
) -> Result<(), XlsxError> {
    s.wrap(row, c.section, section, &st.wrap)?;
    s.blank(row, c.id, &st.text)?;
    s.wrap(row, c.name, cut_name(cut), &st.wrap)?;
    for col in [c.points, c.minus, c.plus] {
        s.blank(row, col, &st.text)?;
    }
    s.number(row, c.score, cut.effect(), &st.score)?;
    s.text(row, c.capped, yes_no(true), &st.mid)?;
    s.number(row, c.absorbed, cut.cut, &st.score)?;
    s.wrap(row, c.why, &cut_text(rb, cut), &st.wrap)
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "是"
    } else {
        "否"
    }
}

/// A finding in the rubric's words: `a. 制度落实不到位的,每项扣30%（2次，扣4.8分）`,
/// `直接加3分`, `评定得分6分`, with the assessor's notes after it.
fn reason_line(rb: &Rubric, item: &Item, r: &Reason) -> String {
    let verb = if item.item_type == ItemType::Bonus {
        "加"
    } else {
        "扣"
    };
    let mut t = match (r.rule, r.awarded) {
        (Some(i), _) => {
            let rule = &item.rules[i];
            let mut t = format!(
                "{}. {}（{}次，{verb}{}分）",
                rule.id,
                rule.text,
                r.count,
                show(r.amount)
            );
            if let Some(f) = rule.flag {
                t.push_str(&format!("（标记：{}）", rb.flags[f]));
            }
            if let Some(g) = rule.grade {
                t.push_str(&format!("（等次：{}）", rb.grades[g].name));
            }
            t
        }
        (None, Some(a)) => format!("评定得分{}分", show(a)),
        (None, None) => format!("直接{verb}{}分", show(r.amount)),
    };
    if !r.notes.is_empty() {
        t.push_str(&format!("［{}］", r.notes.join("；")));
    }
    t
}

fn cut_name(cut: &SectionCut) -> &'static str {
    if cut.bonus {
        "加分合计封顶"
    } else {
        "扣分合计封顶"
    }
}

/// Why a section cap cut: `加分项合计每年最高20分，超出部分不计`.
fn cut_text(rb: &Rubric, cut: &SectionCut) -> String {
    let section = &rb.sections[cut.section];
    let cap = section.cap.map(|c| c.amount).unwrap_or_default();
    let per = match section.cap.map(|c| c.scope) {
        Some(CapScope::Year) => "每年",
        _ => "每期",
    };
    let what = if cut.bonus { "加分项" } else { "扣分项" };
    format!("{what}合计{per}最高{}分，超出部分不计", show(cap))
}
