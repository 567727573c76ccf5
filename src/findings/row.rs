//! One findings row: what it says, checked against the rubric, applied to
//! the ledger. A problem comes back with the column it is in, so a
//! workbook's message can name the cell.

use rust_decimal::Decimal;

use super::pending::{Overflow, Pending, What};
use super::{Cols, Reader};
use crate::columns;
use crate::ledger::{Ledger, Loc};
use crate::num::{self, BadNumber};
use crate::record::{trimmed, Record};
use crate::rubric::{Item, ItemType};
use crate::suggest;

/// A problem with a row: the column it is in, and what is wrong.
pub type RowError = (Option<usize>, String);

/// The largest `count` one row may carry.
const MAX_COUNT: u32 = 1_000_000_000;

impl Reader<'_> {
    /// The common row, read as bytes without decoding a field: a known
    /// unit and item with a rule and a count, or with plain direct points,
    /// nothing else. Returns `None` for anything else, which `row` then
    /// reads in full (and reports). The row is applied later, in order.
    /// `hash`: the unit name's, if worked out when the row was read ahead.
    #[inline]
    pub(super) fn fast_row(
        &self,
        rec: &Record,
        c: &Cols,
        at: Loc,
        ledger: &Ledger,
        hash: Option<u64>,
    ) -> Option<Pending> {
        let bytes = |col: Option<usize>| field(rec, col);
        let idle = |col: Option<usize>| col.is_none() || bytes(col).is_empty();
        if !(c.wide.is_empty() && idle(c.score) && idle(c.note) && idle(c.value)) {
            return None;
        }
        let name = bytes(Some(c.unit));
        let unit = match hash {
            Some(h) => ledger.find_hashed(h, name),
            None => ledger.find_bytes(name),
        }?;
        let item = self.item_bytes.get(bytes(c.item))?;
        let it = &self.rubric.items[item];
        if !it.applies[ledger.kind(unit)] {
            return None;
        }
        let period = match (bytes(c.period), self.rubric.periods.labels.is_empty()) {
            (b"", true) => 0,
            (p, false) => self.period_bytes.get(p)?,
            _ => return None,
        };
        let (rule_id, points) = (bytes(c.rule), bytes(c.points));
        if !points.is_empty() {
            // A `points` row: taken once, so a count beside them is 1 or none.
            if !rule_id.is_empty() || !matches!(bytes(c.count), b"" | b"1") {
                return None;
            }
            let what = What::Points(plain_points(points)?);
            return Some(Pending {
                unit,
                period,
                item,
                what,
                at,
            });
        }
        let (rule, plain) = self.rule_ids.find(item, rule_id)?;
        if !plain {
            return None; // a threshold: read in full
        }
        let count = match bytes(c.count) {
            b"" => 1,
            &[d] if d.is_ascii_digit() => u32::from(d - b'0'),
            d if d.len() <= 9 && d.iter().all(u8::is_ascii_digit) => {
                d.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
            }
            _ => return None,
        };
        if count > MAX_COUNT {
            return None;
        }
        Some(Pending {
            unit,
            period,
            item,
            what: What::Count { rule, count },
            at,
        })
    }

    /// What is wrong with a common row whose rule's counts overflowed:
    /// what `row` says of the same row.
    pub(super) fn overflowed(&self, o: &Overflow, ledger: &Ledger) -> String {
        let rule = &self.rubric.items[o.item].rules[o.rule].id;
        overflow(rule, ledger.name(o.unit))
    }

    /// Applies one row to the ledger, or says what is wrong with it.
    pub(super) fn row(
        &self,
        rec: &Record,
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
                    crate::tr!(
                        "`item` is empty, but the row has a rule, points or score",
                        "`item` 为空，但此行有规则、扣分或得分"
                    ),
                ));
            }
            return Ok(()); // declares the unit only
        }
        let Some(&item) = self.items.get(f.item) else {
            let close = suggest::closest(f.item, self.rubric.items.iter().map(|i| i.id.as_str()));
            let (id, hint) = (f.item, suggest::quoted(close));
            return Err((
                c.item,
                crate::tr!("unknown item \"{id}\"{hint}", "未知指标 \"{id}\"{hint}"),
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
        let id = f.item;
        Err((
            c.item,
            crate::tr!(
                "item \"{id}\" is given without a rule, points or score",
                "指标 \"{id}\" 没有给出规则、扣分或得分"
            ),
        ))
    }

    /// The row's unit: known, new (without a roster), or an error.
    fn unit(&self, f: &Fields, c: &Cols, ledger: &mut Ledger) -> Result<u32, RowError> {
        match (ledger.find(f.unit), self.roster) {
            (Some(u), _) => Ok(u),
            (None, None) => Ok(ledger.add_unit(f.unit, 0, None)),
            (None, Some(roster)) => {
                let (name, hint) = (f.unit, suggest::quoted(roster.suggest(f.unit)));
                Err((
                    Some(c.unit),
                    crate::tr!(
                        "unknown unit \"{name}\": not in the roster{hint}",
                        "未知单位 \"{name}\"：不在单位名单中{hint}"
                    ),
                ))
            }
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
                crate::tr!(
                    "both rule and score given: a score sets the whole item",
                    "同时给了规则和得分：得分即整个指标的得分"
                ),
            ));
        }
        if !f.points.is_empty() {
            return Err((
                c.score,
                crate::tr!(
                    "both points and score given: a score sets the whole item",
                    "同时给了扣分和得分：得分即整个指标的得分"
                ),
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
                crate::tr!(
                    "both rule and points given: give points on a row of their own",
                    "同时给了规则和扣分：扣分请另起一行"
                ),
            ));
        }
        let Some(rule) = it.rules.iter().position(|r| r.id == f.rule) else {
            let list: Vec<&str> = it.rules.iter().map(|r| r.id.as_str()).collect();
            let (rule, id) = (f.rule, f.item);
            let rules = if list.is_empty() {
                crate::tr!(
                    "it has no rules: use `points` or `score`",
                    "该指标没有规则：请用 `points` 或 `score`"
                )
            } else {
                let list = columns::list(&list);
                crate::tr!("rules: {list}", "规则有：{list}")
            };
            return Err((
                c.rule,
                crate::tr!(
                    "unknown rule \"{rule}\" for item \"{id}\" ({rules})",
                    "指标 \"{id}\" 没有规则 \"{rule}\"（{rules}）"
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
            .map_err(|_| (c.count, overflow(f.rule, f.unit)))?;
        let note = if said.is_empty() { note } else { said.as_str() };
        if !note.is_empty() && count > 0 {
            ledger.add_note(to.unit, to.period, item, Some(rule), note);
        }
        Ok(())
    }

    /// A score-sheet row: each non-empty item cell is that item's score.
    fn wide(
        &self,
        rec: &Record,
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
                .ok_or_else(|| (Some(pos), crate::tr!("not valid text", "不是有效文本")))?;
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
            if it.item_type == ItemType::Scored {
                self.score(item, cell, to, ledger, note)
                    .map_err(|m| (Some(pos), m))?;
            } else {
                // A bonus or penalty item has no score to award: its cell
                // is the points it adds or takes off, as a `points` row.
                let f = Fields {
                    points: cell,
                    ..Fields::empty(rec)
                };
                points_row(&f, c, item, to, ledger, note).map_err(|(_, m)| (Some(pos), m))?;
            }
        }
        Ok(())
    }

    fn applies(&self, it: &Item, ledger: &Ledger, unit: u32) -> Result<(), String> {
        if it.applies[ledger.kind(unit)] {
            return Ok(());
        }
        let (id, name) = (&it.id, ledger.name(unit));
        let kind = &self.rubric.kinds[ledger.kind(unit)].name;
        Err(crate::tr!(
            "item \"{id}\" does not apply to kind \"{kind}\" of unit \"{name}\"",
            "指标 \"{id}\" 不适用于单位 \"{name}\" 的类型 \"{kind}\""
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
            let id = &it.id;
            return Err(crate::tr!(
                "item \"{id}\" is a bonus or penalty item: give `rule` or `points`, not a score",
                "指标 \"{id}\" 是加分项或扣分项：请给 `rule` 或 `points`，不能给得分"
            ));
        }
        let s = decimal(text, Key::Score)?;
        let id = &it.id;
        if s < Decimal::ZERO {
            let shown = num::show(s);
            return Err(crate::tr!(
                "score must be 0 or more, got {shown}",
                "得分须为 0 或以上，实为 {shown}"
            ));
        }
        if s > it.points {
            let (shown, points) = (num::show(s), num::show(it.points));
            return Err(crate::tr!(
                "score {shown} is above the {points} points of item \"{id}\"",
                "得分 {shown} 超过指标 \"{id}\" 的分值 {points}"
            ));
        }
        if let Err(earlier) = ledger.set_score(to.unit, to.period, item, s, to.at) {
            let (name, line) = (ledger.name(to.unit), earlier.line);
            return Err(crate::tr!(
                "a second score for unit \"{name}\" item \"{id}\" (the first is at line {line})",
                "单位 \"{name}\" 指标 \"{id}\" 有第二个得分（第一个在第 {line} 行）"
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
            let metric = &t.metric;
            return Err(crate::tr!(
                "rule \"{rule}\" is a threshold on {metric}: give its `value` (数值)",
                "规则 \"{rule}\" 是{metric}的阈值规则：请给出 `value`（数值）"
            ));
        }
        let v = match value.strip_suffix('%') {
            Some(p) => num::parse_decimal(p).map(|d| d / Decimal::ONE_HUNDRED),
            None => num::parse_decimal(value),
        }
        .map_err(|e| match e {
            BadNumber::TooLarge => too_large(Key::Value, value),
            BadNumber::NotANumber => crate::tr!(
                "invalid value \"{value}\": expected a number such as 0.93, 93% or 45000",
                "数值 \"{value}\" 无效：应为数字，如 0.93、93% 或 45000"
            ),
        })?;
        let attribute = match &t.bound {
            crate::rubric::Bound::Fixed(_) => None,
            crate::rubric::Bound::Steps { by, .. } => {
                let Some(values) = self.attributes.get(by) else {
                    return Err(match self.roster {
                        None => crate::tr!(
                            "rule \"{rule}\"'s bound depends on the roster column `{by}`: give --units",
                            "规则 \"{rule}\" 的阈值取决于单位名单的 `{by}` 列：请给出 --units"
                        ),
                        Some(_) => crate::tr!(
                            "rule \"{rule}\"'s bound depends on the roster column `{by}`, which the roster lacks",
                            "规则 \"{rule}\" 的阈值取决于单位名单的 `{by}` 列，但单位名单没有这一列"
                        ),
                    });
                };
                match values.get(unit as usize).copied().flatten() {
                    Some(a) => Some(a),
                    None => {
                        return Err(crate::tr!(
                            "the roster gives no number in `{by}` for this unit",
                            "单位名单的 `{by}` 列没有给出此单位的数字"
                        ))
                    }
                }
            }
        };
        let Some(bound) = t.bound.at(attribute) else {
            return Err(crate::tr!(
                "no step of rule \"{rule}\"'s bound covers this unit",
                "规则 \"{rule}\" 的阈值没有哪一档适用于此单位"
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
    rec: &'r Record,
    unit: &'r str,
    item: &'r str,
    rule: &'r str,
    points: &'r str,
    score: &'r str,
}

impl<'r> Fields<'r> {
    fn empty(rec: &'r Record) -> Fields<'r> {
        Fields {
            rec,
            unit: "",
            item: "",
            rule: "",
            points: "",
            score: "",
        }
    }

    fn read(rec: &'r Record, c: &Cols) -> Result<Fields<'r>, RowError> {
        let f = Fields::empty(rec);
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
        columns::text(self.rec, col).ok_or_else(|| (col, crate::input::not_text()))
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
fn idle(rec: &Record, c: &Cols, f: &Fields) -> Result<(), RowError> {
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
    Err((Some(c.unit), crate::tr!("`unit` is empty", "`unit` 为空")))
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
    // Points are taken once: a count beside them was silently ignored.
    let count = f.text(c.count)?;
    if !count.is_empty() && count != "1" {
        let points = f.points;
        return Err((
            c.count,
            crate::tr!(
                "both points {points} and count {count} given: points are taken once; give the total points, or a rule and its count",
                "同时给了扣分 {points} 和次数 {count}：扣分只计一次；请给出扣分总数，或给出规则及其次数"
            ),
        ));
    }
    let p = decimal(f.points, Key::Points).map_err(|m| (c.points, m))?;
    if p < Decimal::ZERO {
        let shown = num::show(p);
        return Err((
            c.points,
            crate::tr!(
                "points must be 0 or more, got {shown}",
                "扣分须为 0 或以上，实为 {shown}"
            ),
        ));
    }
    ledger.add_points(to.unit, to.period, item, p, to.at);
    if !note.is_empty() && !p.is_zero() {
        ledger.add_note(to.unit, to.period, item, None, note);
    }
    Ok(())
}

/// Points written plainly (`2`, `0.5`, `1.50`: digits, at most one point
/// with digits on both sides, 15 digits at most), as the `Decimal` that
/// parsing the text gives: the digits as its mantissa, those after the
/// point as its scale. Anything else is left to the full parse.
/// A rule's counts for a unit that add up past what a count holds.
/// Column `col` of `rec`, trimmed; empty if there is none.
#[inline(always)]
fn field(rec: &Record, col: Option<usize>) -> &[u8] {
    match col.and_then(|i| rec.get(i)) {
        Some(b) => trimmed(b),
        None => b"",
    }
}

fn overflow(rule: &str, name: &str) -> String {
    crate::tr!(
        "the counts of rule \"{rule}\" for unit \"{name}\" add up past 4294967295",
        "单位 \"{name}\" 规则 \"{rule}\" 的次数合计超过 4294967295"
    )
}

fn plain_points(text: &[u8]) -> Option<Decimal> {
    let (whole, frac) = match memchr::memchr(b'.', text) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, &b""[..]),
    };
    let digits = |d: &[u8]| d.iter().all(u8::is_ascii_digit);
    let dotted = whole.len() < text.len();
    if whole.is_empty() || (dotted && frac.is_empty()) || whole.len() + frac.len() > 15 {
        return None;
    }
    if !digits(whole) || !digits(frac) {
        return None;
    }
    let m = (whole.iter().chain(frac)).fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
    Some(Decimal::new(m, frac.len() as u32))
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
    Err(crate::tr!(
        "invalid count \"{text}\": expected a whole number from 0 to {MAX_COUNT}",
        "次数 \"{text}\" 无效：应为 0 到 {MAX_COUNT} 的整数"
    ))
}

/// A numeric column, named in a message as the user's language calls it.
#[derive(Clone, Copy)]
enum Key {
    Points,
    Score,
    Value,
}

impl Key {
    fn name(self) -> String {
        match self {
            Key::Points => crate::tr!("points", "扣分"),
            Key::Score => crate::tr!("score", "得分"),
            Key::Value => crate::tr!("value", "数值"),
        }
    }
}

fn decimal(text: &str, key: Key) -> Result<Decimal, String> {
    num::parse_decimal(text).map_err(|e| match e {
        BadNumber::NotANumber => {
            let key = key.name();
            crate::tr!(
                "invalid {key} \"{text}\": expected a number such as 2 or 1.5",
                "{key} \"{text}\" 无效：应为数字，如 2 或 1.5"
            )
        }
        BadNumber::TooLarge => too_large(key, text),
    })
}

fn too_large(key: Key, text: &str) -> String {
    let key = key.name();
    crate::tr!(
        "{key} \"{text}\" is too large to compute exactly (at most 10^15)",
        "{key} \"{text}\" 太大，无法精确计算（至多 10^15）"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_points_are_what_the_full_parse_gives() {
        for t in [
            "0",
            "0.5",
            "1.50",
            "007",
            "00.050",
            "123456789012345",
            "99999999999999.9",
        ] {
            let plain = plain_points(t.as_bytes()).expect(t);
            let full = num::parse_decimal(t).expect(t);
            assert_eq!(plain.serialize(), full.serialize(), "{t}");
        }
        for t in [
            "",
            ".5",
            "5.",
            "1.2.3",
            "-1",
            "+1",
            "1e3",
            "1234567890123456",
            " 1",
            "１",
        ] {
            assert!(plain_points(t.as_bytes()).is_none(), "{t}");
        }
    }
}
