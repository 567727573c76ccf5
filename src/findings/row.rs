//! One findings row: what it says, checked against the rubric, applied to
//! the ledger. A problem comes back with the column it is in, so a
//! workbook's message can name the cell.

use rust_decimal::Decimal;

use super::{Cols, Reader};
use crate::columns;
use crate::ledger::{Ledger, Loc};
use crate::num::{self, BadNumber};
use crate::rubric::{Item, ItemType};
use crate::suggest;

/// A problem with a row: the column it is in, and what is wrong.
pub type RowError = (Option<usize>, String);

/// The largest `count` one row may carry.
const MAX_COUNT: u32 = 1_000_000_000;

impl Reader<'_> {
    /// The common row, read as bytes without decoding a field: a known
    /// unit, item and rule with a count, nothing else. Returns `None` for
    /// anything else, which `row` then reads in full (and reports).
    #[inline]
    pub(super) fn fast_row(
        &self,
        rec: &csv::ByteRecord,
        c: &Cols,
        at: Loc,
        ledger: &mut Ledger,
    ) -> Option<()> {
        let bytes = |col: Option<usize>| {
            col.and_then(|i| rec.get(i))
                .map_or(&b""[..], |b| b.trim_ascii())
        };
        if !c.wide.is_empty()
            || [c.points, c.score, c.note, c.value]
                .iter()
                .any(|&col| !bytes(col).is_empty())
        {
            return None;
        }
        let unit = ledger.find_bytes(bytes(Some(c.unit)))?;
        let item = *self.item_bytes.get(bytes(c.item))?;
        let it = &self.rubric.items[item];
        let rule_id = bytes(c.rule);
        let rule = it.rules.iter().position(|r| r.id.as_bytes() == rule_id)?;
        if it.rules[rule].threshold.is_some() || !it.applies[ledger.kind(unit)] {
            return None;
        }
        let period = match (bytes(c.period), self.rubric.periods.labels.is_empty()) {
            (b"", true) => 0,
            (p, false) => self
                .rubric
                .periods
                .labels
                .iter()
                .position(|l| l.as_bytes() == p)?,
            _ => return None,
        };
        let count = match bytes(c.count) {
            b"" => 1,
            d if d.len() <= 9 && d.iter().all(u8::is_ascii_digit) => {
                d.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
            }
            _ => return None,
        };
        if count > MAX_COUNT {
            return None;
        }
        ledger.add_count(unit, period, item, rule, count, at).ok()
    }

    /// Applies one row to the ledger, or says what is wrong with it.
    pub(super) fn row(
        &self,
        rec: &csv::ByteRecord,
        c: &Cols,
        at: Loc,
        ledger: &mut Ledger,
    ) -> Result<(), RowError> {
        let f = Fields::read(rec, c)?;
        if f.unit.is_empty() {
            return idle(rec, c, &f);
        }
        let unit = self.unit(&f, c, ledger)?;
        let note = f.text(c.note)?;
        if !c.wide.is_empty() {
            return self.wide(rec, c, unit, at, ledger, note);
        }
        if f.item.is_empty() {
            if !f.rule.is_empty() || !f.points.is_empty() || !f.score.is_empty() {
                return Err((
                    c.item,
                    "`item` is empty, but the row has a rule, points or score".into(),
                ));
            }
            return Ok(()); // declares the unit only
        }
        let Some(&item) = self.items.get(f.item) else {
            let close = suggest::closest(f.item, self.rubric.items.iter().map(|i| i.id.as_str()));
            return Err((
                c.item,
                format!("unknown item \"{}\"{}", f.item, suggest::quoted(close)),
            ));
        };
        self.applies(&self.rubric.items[item], ledger, unit)
            .map_err(|m| (c.item, m))?;
        let period = self.period(f.text(c.period)?).map_err(|m| (c.period, m))?;
        let to = Target { unit, period, at };
        if !f.score.is_empty() {
            return self.score_row(&f, c, item, to, ledger, note);
        }
        if !f.rule.is_empty() {
            return self.rule_row(&f, c, item, to, ledger, note);
        }
        if !f.points.is_empty() {
            return points_row(&f, c, item, to, ledger, note);
        }
        Err((
            c.item,
            format!(
                "item \"{}\" is given without a rule, points or score",
                f.item
            ),
        ))
    }

    /// The row's unit: known, new (without a roster), or an error.
    fn unit(&self, f: &Fields, c: &Cols, ledger: &mut Ledger) -> Result<u32, RowError> {
        match (ledger.find(f.unit), self.roster) {
            (Some(u), _) => Ok(u),
            (None, None) => Ok(ledger.add_unit(f.unit, 0, None)),
            (None, Some(roster)) => Err((
                Some(c.unit),
                format!(
                    "unknown unit \"{}\": not in the roster{}",
                    f.unit,
                    suggest::quoted(roster.suggest(f.unit))
                ),
            )),
        }
    }

    /// A `score` row: the item's awarded score.
    fn score_row(
        &self,
        f: &Fields,
        c: &Cols,
        item: usize,
        to: Target,
        ledger: &mut Ledger,
        note: &str,
    ) -> Result<(), RowError> {
        if !f.rule.is_empty() {
            return Err((
                c.score,
                "both rule and score given: a score sets the whole item".into(),
            ));
        }
        if !f.points.is_empty() {
            return Err((
                c.score,
                "both points and score given: a score sets the whole item".into(),
            ));
        }
        self.score(item, f.score, to, ledger, note)
            .map_err(|m| (c.score, m))
    }

    /// A `rule` row: how often a rule's finding occurred (a threshold
    /// rule: whether its value crossed the bound).
    fn rule_row(
        &self,
        f: &Fields,
        c: &Cols,
        item: usize,
        to: Target,
        ledger: &mut Ledger,
        note: &str,
    ) -> Result<(), RowError> {
        let it = &self.rubric.items[item];
        if !f.points.is_empty() {
            return Err((
                c.points,
                "both rule and points given: give points on a row of their own".into(),
            ));
        }
        let Some(rule) = it.rules.iter().position(|r| r.id == f.rule) else {
            let list: Vec<&str> = it.rules.iter().map(|r| r.id.as_str()).collect();
            let rules = if list.is_empty() {
                "it has no rules: use `points` or `score`".to_string()
            } else {
                format!("rules: {}", list.join(", "))
            };
            return Err((
                c.rule,
                format!(
                    "unknown rule \"{}\" for item \"{}\" ({rules})",
                    f.rule, f.item
                ),
            ));
        };
        let mut count = count(f.text(c.count)?).map_err(|m| (c.count, m))?;
        let mut said = String::new();
        if let (Some(t), true) = (&it.rules[rule].threshold, count > 0) {
            let (hit, what) = self
                .threshold(t, f.rule, f.text(c.value)?, to.unit)
                .map_err(|m| (c.value, m))?;
            if !hit {
                count = 0;
            }
            said = if note.is_empty() {
                what
            } else {
                format!("{what}; {note}")
            };
        }
        ledger
            .add_count(to.unit, to.period, item, rule, count, to.at)
            .map_err(|_| {
                (
                    c.count,
                    format!(
                        "the counts of rule \"{}\" for unit \"{}\" add up past 4294967295",
                        f.rule, f.unit
                    ),
                )
            })?;
        let note = if said.is_empty() { note } else { said.as_str() };
        if !note.is_empty() && count > 0 {
            ledger.add_note(to.unit, to.period, item, Some(rule), note);
        }
        Ok(())
    }

    /// A score-sheet row: each non-empty item cell is that item's score.
    fn wide(
        &self,
        rec: &csv::ByteRecord,
        c: &Cols,
        unit: u32,
        at: Loc,
        ledger: &mut Ledger,
        note: &str,
    ) -> Result<(), RowError> {
        let period_text = columns::text(rec, c.period).unwrap_or("");
        let mut period = None;
        for &(pos, item) in &c.wide {
            let cell = columns::text(rec, Some(pos))
                .ok_or_else(|| (Some(pos), "not valid text".to_string()))?;
            if cell.is_empty() {
                continue;
            }
            let it = &self.rubric.items[item];
            self.applies(it, ledger, unit).map_err(|m| (Some(pos), m))?;
            let p = match period {
                Some(p) => p,
                None => *period.insert(self.period(period_text).map_err(|m| (c.period, m))?),
            };
            let to = Target {
                unit,
                period: p,
                at,
            };
            self.score(item, cell, to, ledger, note)
                .map_err(|m| (Some(pos), m))?;
        }
        Ok(())
    }

    fn applies(&self, it: &Item, ledger: &Ledger, unit: u32) -> Result<(), String> {
        if it.applies[ledger.kind(unit)] {
            return Ok(());
        }
        let u = &ledger.units[unit as usize];
        Err(format!(
            "item \"{}\" does not apply to kind \"{}\" of unit \"{}\"",
            it.id, self.rubric.kinds[u.kind].name, u.name
        ))
    }

    /// Records an awarded score after checking it.
    fn score(
        &self,
        item: usize,
        text: &str,
        to: Target,
        ledger: &mut Ledger,
        note: &str,
    ) -> Result<(), String> {
        let it = &self.rubric.items[item];
        if it.item_type != ItemType::Scored {
            return Err(format!(
                "item \"{}\" is a bonus or penalty item: give `rule` or `points`, not a score",
                it.id
            ));
        }
        let s = decimal(text, "score")?;
        if s < Decimal::ZERO {
            return Err(format!("score must be 0 or more, got {}", num::show(s)));
        }
        if s > it.points {
            return Err(format!(
                "score {} is above the {} points of item \"{}\"",
                num::show(s),
                num::show(it.points),
                it.id
            ));
        }
        if let Err(earlier) = ledger.set_score(to.unit, to.period, item, s, to.at) {
            return Err(format!(
                "a second score for unit \"{}\" item \"{}\" (the first is at line {})",
                ledger.units[to.unit as usize].name, it.id, earlier.line
            ));
        }
        if !note.is_empty() {
            ledger.add_note(to.unit, to.period, item, None, note);
        }
        Ok(())
    }

    /// Tests a threshold rule's value: whether it triggers, and a note
    /// saying what was measured against what.
    fn threshold(
        &self,
        t: &crate::rubric::Threshold,
        rule: &str,
        value: &str,
        unit: u32,
    ) -> Result<(bool, String), String> {
        if value.is_empty() {
            return Err(format!(
                "rule \"{rule}\" is a threshold on {}: give its `value` (数值)",
                t.metric
            ));
        }
        let v = match value.strip_suffix('%') {
            Some(p) => num::parse_decimal(p).map(|d| d / Decimal::ONE_HUNDRED),
            None => num::parse_decimal(value),
        }
        .map_err(|e| match e {
            BadNumber::TooLarge => too_large("value", value),
            BadNumber::NotANumber => {
                format!("invalid value \"{value}\": expected a number such as 0.93, 93% or 45000")
            }
        })?;
        let attribute = match &t.bound {
            crate::rubric::Bound::Fixed(_) => None,
            crate::rubric::Bound::Steps { by, .. } => {
                let Some(values) = self.attributes.get(by) else {
                    return Err(match self.roster {
                        None => format!("rule \"{rule}\"'s bound depends on the roster column `{by}`: give --units"),
                        Some(_) => format!("rule \"{rule}\"'s bound depends on the roster column `{by}`, which the roster lacks"),
                    });
                };
                match values.get(unit as usize).copied().flatten() {
                    Some(a) => Some(a),
                    None => {
                        return Err(format!(
                            "the roster gives no number in `{by}` for this unit"
                        ))
                    }
                }
            }
        };
        let Some(bound) = t.bound.at(attribute) else {
            return Err(format!(
                "no step of rule \"{rule}\"'s bound covers this unit"
            ));
        };
        let hit = t.triggered(v, bound);
        let cmp = match (t.below, hit) {
            (true, true) => "<",
            (true, false) => "≥",
            (false, true) => ">",
            (false, false) => "≤",
        };
        Ok((
            hit,
            format!("{} {} {cmp} {}", t.metric, num::show(v), num::show(bound)),
        ))
    }
}

/// A row's text fields (empty where the column is absent). The ones every
/// row needs are decoded at once, the others when the row's kind needs
/// them, so a row reports the same first problem as it always has.
struct Fields<'r> {
    rec: &'r csv::ByteRecord,
    unit: &'r str,
    item: &'r str,
    rule: &'r str,
    points: &'r str,
    score: &'r str,
}

impl<'r> Fields<'r> {
    fn read(rec: &'r csv::ByteRecord, c: &Cols) -> Result<Fields<'r>, RowError> {
        let f = Fields {
            rec,
            unit: "",
            item: "",
            rule: "",
            points: "",
            score: "",
        };
        Ok(Fields {
            unit: f.text(Some(c.unit))?,
            item: f.text(c.item)?,
            rule: f.text(c.rule)?,
            points: f.text(c.points)?,
            score: f.text(c.score)?,
            ..f
        })
    }

    fn text(&self, col: Option<usize>) -> Result<&'r str, RowError> {
        columns::text(self.rec, col)
            .ok_or_else(|| (col, "not valid UTF-8 or GB18030 text".to_string()))
    }
}

/// Where a finding goes: a unit in a period, from a file's line.
#[derive(Clone, Copy)]
pub(super) struct Target {
    pub unit: u32,
    pub period: usize,
    pub at: Loc,
}

/// A row with no unit: fine if it is an unfilled template row (it carries
/// no finding), an error otherwise.
fn idle(rec: &csv::ByteRecord, c: &Cols, f: &Fields) -> Result<(), RowError> {
    let zero = |t: &str| t.is_empty() || num::parse_decimal(t).is_ok_and(|d| d.is_zero());
    let count = f.text(c.count)?;
    let idle = f.score.is_empty() && zero(f.points) && (f.rule.is_empty() || count == "0");
    let wide_empty = c
        .wide
        .iter()
        .all(|&(pos, _)| columns::text(rec, Some(pos)).is_none_or(str::is_empty));
    if idle && wide_empty {
        return Ok(());
    }
    Err((Some(c.unit), "`unit` is empty".into()))
}

/// A `points` row: points taken off (or added) directly.
fn points_row(
    f: &Fields,
    c: &Cols,
    item: usize,
    to: Target,
    ledger: &mut Ledger,
    note: &str,
) -> Result<(), RowError> {
    let p = decimal(f.points, "points").map_err(|m| (c.points, m))?;
    if p < Decimal::ZERO {
        return Err((
            c.points,
            format!("points must be 0 or more, got {}", num::show(p)),
        ));
    }
    ledger.add_points(to.unit, to.period, item, p, to.at);
    if !note.is_empty() && !p.is_zero() {
        ledger.add_note(to.unit, to.period, item, None, note);
    }
    Ok(())
}

/// A `count`: empty means 1; otherwise a whole number from 0.
fn count(text: &str) -> Result<u32, String> {
    if text.is_empty() {
        return Ok(1);
    }
    let bytes = text.as_bytes();
    if bytes.len() <= 10 && bytes.iter().all(u8::is_ascii_digit) {
        let n = bytes.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        if n <= u64::from(MAX_COUNT) {
            return Ok(n as u32);
        }
    }
    Err(format!(
        "invalid count \"{text}\": expected a whole number from 0 to {MAX_COUNT}"
    ))
}

fn decimal(text: &str, key: &str) -> Result<Decimal, String> {
    num::parse_decimal(text).map_err(|e| match e {
        BadNumber::NotANumber => {
            format!("invalid {key} \"{text}\": expected a number such as 2 or 1.5")
        }
        BadNumber::TooLarge => too_large(key, text),
    })
}

fn too_large(key: &str, text: &str) -> String {
    format!("{key} \"{text}\" is too large to compute exactly (at most 10^15)")
}
