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
        let field = |col: Option<usize>| {
            columns::text(rec, col)
                .ok_or_else(|| (col, "not valid UTF-8 or GB18030 text".to_string()))
        };
        let name = field(Some(c.unit))?;
        let (item_id, rule_id, points, score) = (
            field(c.item)?,
            field(c.rule)?,
            field(c.points)?,
            field(c.score)?,
        );
        if name.is_empty() {
            // An unfilled template row carries no finding: skip it quietly.
            let zero = |t: &str| t.is_empty() || num::parse_decimal(t).is_ok_and(|d| d.is_zero());
            let count = field(c.count)?;
            let idle = score.is_empty() && zero(points) && (rule_id.is_empty() || count == "0");
            let wide_empty = c
                .wide
                .iter()
                .all(|&(pos, _)| columns::text(rec, Some(pos)).is_none_or(str::is_empty));
            if idle && wide_empty {
                return Ok(());
            }
            return Err((Some(c.unit), "`unit` is empty".into()));
        }
        let unit = match (ledger.find(name), self.roster) {
            (Some(u), _) => u,
            (None, None) => ledger.add_unit(name, 0, None),
            (None, Some(roster)) => {
                return Err((
                    Some(c.unit),
                    format!(
                        "unknown unit \"{name}\": not in the roster{}",
                        suggest::quoted(roster.suggest(name))
                    ),
                ))
            }
        };
        let note = field(c.note)?;
        if !c.wide.is_empty() {
            return self.wide(rec, c, unit, at, ledger, note);
        }
        if item_id.is_empty() {
            if !rule_id.is_empty() || !points.is_empty() || !score.is_empty() {
                return Err((
                    c.item,
                    "`item` is empty, but the row has a rule, points or score".into(),
                ));
            }
            return Ok(()); // declares the unit only
        }
        let Some(&item) = self.items.get(item_id) else {
            let close = suggest::closest(item_id, self.rubric.items.iter().map(|i| i.id.as_str()));
            let hint = suggest::quoted(close);
            return Err((c.item, format!("unknown item \"{item_id}\"{hint}")));
        };
        let it = &self.rubric.items[item];
        self.applies(it, ledger, unit).map_err(|m| (c.item, m))?;
        let period = self.period(field(c.period)?).map_err(|m| (c.period, m))?;
        if !score.is_empty() {
            if !rule_id.is_empty() {
                return Err((
                    c.score,
                    "both rule and score given: a score sets the whole item".into(),
                ));
            }
            if !points.is_empty() {
                return Err((
                    c.score,
                    "both points and score given: a score sets the whole item".into(),
                ));
            }
            return self
                .score(it, item, score, unit, period, at, ledger, note)
                .map_err(|m| (c.score, m));
        }
        if !rule_id.is_empty() {
            if !points.is_empty() {
                return Err((
                    c.points,
                    "both rule and points given: give points on a row of their own".into(),
                ));
            }
            let Some(rule) = it.rules.iter().position(|r| r.id == rule_id) else {
                let list: Vec<&str> = it.rules.iter().map(|r| r.id.as_str()).collect();
                let rules = if list.is_empty() {
                    "it has no rules: use `points` or `score`".to_string()
                } else {
                    format!("rules: {}", list.join(", "))
                };
                return Err((
                    c.rule,
                    format!("unknown rule \"{rule_id}\" for item \"{item_id}\" ({rules})"),
                ));
            };
            let mut count = count(field(c.count)?).map_err(|m| (c.count, m))?;
            let mut said = String::new();
            if let (Some(t), true) = (&it.rules[rule].threshold, count > 0) {
                let value = field(c.value)?;
                let (hit, what) = self
                    .threshold(t, rule_id, value, unit)
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
            ledger.add_count(unit, period, item, rule, count, at).map_err(|_| {
                (c.count, format!("the counts of rule \"{rule_id}\" for unit \"{name}\" add up past 4294967295"))
            })?;
            let note = if said.is_empty() { note } else { said.as_str() };
            if !note.is_empty() && count > 0 {
                ledger.add_note(unit, period, item, Some(rule), note);
            }
            return Ok(());
        }
        if !points.is_empty() {
            let p = decimal(points, "points").map_err(|m| (c.points, m))?;
            if p < Decimal::ZERO {
                return Err((
                    c.points,
                    format!("points must be 0 or more, got {}", num::show(p)),
                ));
            }
            ledger.add_points(unit, period, item, p, at);
            if !note.is_empty() && !p.is_zero() {
                ledger.add_note(unit, period, item, None, note);
            }
            return Ok(());
        }
        Err((
            c.item,
            format!("item \"{item_id}\" is given without a rule, points or score"),
        ))
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
            self.score(it, item, cell, unit, p, at, ledger, note)
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
    #[allow(clippy::too_many_arguments)]
    fn score(
        &self,
        it: &Item,
        item: usize,
        text: &str,
        unit: u32,
        period: usize,
        at: Loc,
        ledger: &mut Ledger,
        note: &str,
    ) -> Result<(), String> {
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
        if let Err(earlier) = ledger.set_score(unit, period, item, s, at) {
            return Err(format!(
                "a second score for unit \"{}\" item \"{}\" (the first is at line {})",
                ledger.units[unit as usize].name, it.id, earlier.line
            ));
        }
        if !note.is_empty() {
            ledger.add_note(unit, period, item, None, note);
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
