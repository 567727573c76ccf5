//! The HTML report's summary tables: the heat map of points lost per unit
//! and section, where the points went, and the spread of period scores.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::charts::{dec, truncate};
use super::Results;
use crate::num::{self, show};
use crate::rubric::{ItemType, Start};
use crate::scoring::combine;

/// The rules and items listed under "where the points went".
pub(super) const TOP_LOSSES: usize = 12;

#[derive(Serialize)]
pub(super) struct Heat {
    sections: Vec<String>,
    rows: Vec<HeatRow>,
}

#[derive(Serialize)]
pub(super) struct HeatRow {
    unit: String,
    cells: Vec<HeatCell>,
}

#[derive(Serialize)]
pub(super) struct HeatCell {
    text: String,
    alpha: String,
    dark: bool,
}

#[derive(Serialize)]
pub(super) struct Loss {
    item: String,
    rule: String,
    units: usize,
    count: u64,
    points: String,
}

#[derive(Serialize)]
pub(super) struct Spread {
    bins: Vec<String>,
    rows: Vec<SpreadRow>,
}

#[derive(Serialize)]
pub(super) struct SpreadRow {
    period: String,
    cells: Vec<HeatCell>,
}

/// Units × sections: the share of each section's points the unit lost.
pub(super) fn heat(r: &Results) -> Option<Heat> {
    let rb = r.rubric;
    let scored: Vec<usize> = (0..rb.sections.len())
        .filter(|&s| !rb.sections[s].points.is_zero())
        .collect();
    if scored.is_empty() {
        return None;
    }
    // A section's full marks for a kind: only the items that apply to it,
    // over every period as the periods combine.
    let full: Vec<Vec<Decimal>> = (0..rb.kinds.len())
        .map(|k| {
            scored
                .iter()
                .map(|&s| {
                    let one: Decimal = rb.items[rb.sections[s].items.clone()]
                        .iter()
                        .filter(|i| i.applies[k] && i.item_type == ItemType::Scored)
                        .map(|i| i.points)
                        .sum();
                    combine(rb, std::iter::repeat_n(one, rb.periods.count()))
                })
                .collect()
        })
        .collect();
    let rows = r
        .cards
        .iter()
        .map(|c| HeatRow {
            unit: r.name(c).to_string(),
            cells: scored
                .iter()
                .enumerate()
                .map(|(j, &s)| {
                    let f = full[c.kind][j];
                    if f.is_zero() {
                        return HeatCell {
                            text: String::new(),
                            alpha: "0".into(),
                            dark: false,
                        };
                    }
                    let got = c.sections[s];
                    let lost = if rb.kinds[c.kind].start == Start::Zero {
                        -got
                    } else {
                        f - got
                    };
                    shade((lost / f).max(Decimal::ZERO), true)
                })
                .collect(),
        })
        .collect();
    Some(Heat {
        sections: scored
            .iter()
            .map(|&s| {
                format!(
                    "{} {}",
                    rb.sections[s].id,
                    truncate(&rb.sections[s].name, 8)
                )
            })
            .collect(),
        rows,
    })
}

/// A cell shaded by a share from 0 to 1 (more is darker), as a percentage
/// or (for counts) with its own text.
pub(super) fn shade(share: Decimal, percent: bool) -> HeatCell {
    let a = share.min(Decimal::ONE);
    // Anything at all lost is visible.
    let alpha = if a.is_zero() {
        a
    } else {
        a.max(Decimal::new(8, 2))
    };
    HeatCell {
        text: if percent {
            format!("{}%", show(num::round(share * Decimal::ONE_HUNDRED, 0)))
        } else {
            String::new()
        },
        alpha: show(num::round(alpha, 2)),
        dark: a > Decimal::new(55, 2),
    }
}

/// Points, units hit, occurrences, and the last unit counted (units come
/// one at a time, so a unit is counted once however many rows hit it).
pub(super) type Tally = (Decimal, usize, u64, u32);

/// The rules (and direct deductions) that cost the most across all units,
/// with how many units they hit. Details come unit by unit, never all at once.
pub(super) fn losses(r: &Results) -> Vec<Loss> {
    let rb = r.rubric;
    // (item, rule) -> (points, units hit, occurrences, last unit counted)
    let mut by: FxHashMap<(usize, Option<usize>), Tally> = FxHashMap::default();
    for c in r.cards {
        let d = r.details.of(c);
        for p in &d.periods {
            for s in &p.items {
                if rb.items[s.item].item_type == ItemType::Bonus {
                    continue;
                }
                for reason in &s.reasons {
                    let lost = match reason.awarded {
                        Some(a) => s.points - a,
                        None => reason.amount,
                    };
                    if lost <= Decimal::ZERO {
                        continue;
                    }
                    let e =
                        by.entry((s.item, reason.rule))
                            .or_insert((Decimal::ZERO, 0, 0, u32::MAX));
                    e.0 += lost;
                    e.2 += reason.count.max(1);
                    if e.3 != c.unit {
                        e.1 += 1;
                        e.3 = c.unit;
                    }
                }
            }
        }
    }
    let mut list: Vec<_> = by.into_iter().collect();
    list.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    list.into_iter()
        .take(TOP_LOSSES)
        .map(|((i, rule), (points, units, count, _))| {
            let item = &rb.items[i];
            Loss {
                item: format!("{} {}", item.id, item.name),
                rule: match rule {
                    Some(x) => format!("{}. {}", item.rules[x].id, item.rules[x].text),
                    None => "直接扣分或评分".to_string(),
                },
                units,
                count,
                points: show(points),
            }
        })
        .collect()
}

/// Per period, how many units scored in each band of ten equal bands.
pub(super) fn spread(r: &Results) -> Option<Spread> {
    let rb = r.rubric;
    if rb.periods.labels.is_empty() || r.cards.is_empty() {
        return None;
    }
    let round = |d| num::round(d, rb.precision);
    let all = r
        .cards
        .iter()
        .flat_map(|c| c.periods.iter().copied().map(round));
    let lo = all.clone().min().unwrap_or_default();
    let hi = all.max().unwrap_or_default();
    let bands = if hi == lo { 1 } else { 10 };
    let width = if hi == lo {
        Decimal::ONE
    } else {
        (hi - lo) / dec(bands)
    };
    let band = |v: Decimal| {
        let b = ((v - lo) / width).floor();
        usize::try_from(b.mantissa()).unwrap_or(0).min(bands - 1)
    };
    let mut rows = Vec::new();
    let mut most = 1;
    let mut table = vec![vec![0usize; bands]; rb.periods.labels.len()];
    for c in r.cards {
        for (p, &v) in c.periods.iter().enumerate() {
            let b = band(round(v));
            table[p][b] += 1;
            most = most.max(table[p][b]);
        }
    }
    for (p, label) in rb.periods.labels.iter().enumerate() {
        rows.push(SpreadRow {
            period: label.clone(),
            cells: table[p]
                .iter()
                .map(|&n| {
                    let mut cell = shade(dec(n) / dec(most), false);
                    cell.text = if n == 0 { String::new() } else { n.to_string() };
                    cell
                })
                .collect(),
        });
    }
    let bins = (0..bands)
        .map(|b| {
            let from = round(lo + width * dec(b));
            let to = if b + 1 == bands {
                hi
            } else {
                round(lo + width * dec(b + 1))
            };
            format!("{}–{}", show(from), show(to))
        })
        .collect();
    Some(Spread { bins, rows })
}
