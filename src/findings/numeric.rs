//! Ids typed into number cells of a workbook. Excel keeps `1.10` typed into
//! a General cell as the number 1.1, so the text the reader sees may not be
//! what the assessor typed. An id cell holding a number is matched by value
//! against the ids it could be: one match is that id; several are an error
//! at the cell, never a silent pick.

use rust_decimal::Decimal;

use super::{Cols, Reader};
use crate::input::Input;
use crate::record::Record;
use crate::roster::Roster;
use crate::rubric::Rubric;

use super::row::RowError;

/// The ids that read as numbers, with their values.
pub struct NumericIds<'a> {
    items: Vec<(Decimal, &'a str)>,
    units: Vec<(Decimal, &'a str)>,
}

fn numeric<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<(Decimal, &'a str)> {
    ids.filter_map(|id| Some((id.parse::<Decimal>().ok()?, id)))
        .collect()
}

impl<'a> NumericIds<'a> {
    pub fn new(rubric: &'a Rubric, roster: Option<&'a Roster>) -> NumericIds<'a> {
        NumericIds {
            items: numeric(rubric.items.iter().map(|i| i.id.as_str())),
            units: numeric(
                roster
                    .iter()
                    .flat_map(|r| &r.units)
                    .map(|u| u.name.as_str()),
            ),
        }
    }
}

impl Reader<'_> {
    /// Replaces each id held in a number cell (unit with a roster, item,
    /// rule) by the one id of the same value, or says which it could be.
    pub(super) fn numeric_ids(
        &self,
        input: &Input,
        rec: &mut Record,
        c: &Cols,
    ) -> Result<(), RowError> {
        let ids = &self.numeric;
        resolve(input, rec, Some(c.unit), Id::Unit, &ids.units)?;
        resolve(input, rec, c.item, Id::Item, &ids.items)?;
        let item = c
            .item
            .and_then(|i| rec.get(i))
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|id| self.items.get(id.trim()));
        if let Some(&item) = item {
            let rules = numeric(self.rubric.items[item].rules.iter().map(|r| r.id.as_str()));
            resolve(input, rec, c.rule, Id::Rule, &rules)?;
        }
        Ok(())
    }
}

/// What an id cell names, for the message when it is ambiguous.
#[derive(Clone, Copy)]
pub enum Id {
    Unit,
    Item,
    Rule,
}

impl Id {
    fn name(self) -> String {
        match self {
            Id::Unit => crate::tr!("unit", "单位"),
            Id::Item => crate::tr!("item", "指标"),
            Id::Rule => crate::tr!("rule", "规则"),
        }
    }
}

fn resolve(
    input: &Input,
    rec: &mut Record,
    col: Option<usize>,
    what: Id,
    ids: &[(Decimal, &str)],
) -> Result<(), RowError> {
    let Some(col) = col.filter(|&c| input.is_number(c)) else {
        return Ok(());
    };
    let text = rec
        .get(col)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("");
    match the_id(text, what, ids) {
        Ok(Some(id)) => {
            replace(rec, col, id);
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(msg) => Err((Some(col), msg)),
    }
}

/// The one id a number cell's text stands for, when it is not that text
/// already; an error when several ids have its value.
pub fn the_id<'i>(
    text: &str,
    what: Id,
    ids: &[(Decimal, &'i str)],
) -> Result<Option<&'i str>, String> {
    let Ok(value) = text.trim().parse::<Decimal>() else {
        return Ok(None);
    };
    let same: Vec<&str> = ids
        .iter()
        .filter(|(v, _)| *v == value)
        .map(|(_, id)| *id)
        .collect();
    match same[..] {
        [] => Ok(None),
        [id] if id == text => Ok(None),
        [id] => Ok(Some(id)),
        _ => {
            let (what, ids) = (what.name(), either(&same));
            Err(crate::tr!(
                "the number {text} could be {what} {ids}: format the column as text (文本) and type the ids again",
                "数字 {text} 可能是{what} {ids}：请把该列设为文本格式并重新输入编号"
            ))
        }
    }
}

impl NumericIds<'_> {
    /// A score sheet's header cells that hold numbers, read as the item
    /// ids they stand for (or a problem at the cell).
    pub fn header(&self, input: &mut Input) -> Vec<crate::error::Problem> {
        let mut problems = Vec::new();
        for col in 0..input.header.len() {
            if !input.header_is_number(col) {
                continue;
            }
            match the_id(&input.header[col], Id::Item, &self.items) {
                Ok(Some(id)) => input.header[col] = id.to_string(),
                Ok(None) => {}
                Err(msg) => {
                    problems.push(crate::error::Problem::new(input.place(1, Some(col)), msg))
                }
            }
        }
        problems
    }
}

/// `"1.1" or "1.10"`; `"1", "1.0" or "1.00"`.
fn either(ids: &[&str]) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("\"{id}\"")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            let rest = rest.join(&crate::tr!(", ", "、"));
            crate::tr!("{rest} or {last}", "{rest} 或 {last}")
        }
        _ => quoted.concat(),
    }
}

/// Rebuilds the record with field `col` replaced: rare (a number cell
/// whose text differs from its id), so a copy costs nothing that matters.
fn replace(rec: &mut Record, col: usize, id: &str) {
    let mut out = Record::new();
    for (i, field) in rec.iter().enumerate() {
        out.push_field(if i == col { id.as_bytes() } else { field });
    }
    *rec = out;
}

#[cfg(test)]
mod tests {
    use super::either;

    #[test]
    fn lists_read_as_a_sentence() {
        assert_eq!(either(&["1.1", "1.10"]), "\"1.1\" or \"1.10\"");
        assert_eq!(either(&["1", "1.0", "1.00"]), "\"1\", \"1.0\" or \"1.00\"");
    }
}
