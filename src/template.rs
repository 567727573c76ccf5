//! `score template`: a findings file to fill in. Scored as it comes, it
//! gives every unit full marks: rule rows have count 0, rule-less items
//! points 0, and a score sheet's cells are empty.

use crate::report::grid::Grid;
use crate::roster::Roster;
use crate::rubric::{ItemType, Rubric};

/// The long form: one row per unit, period and rule, with the rule's text
/// in `note`; one row with `points` 0 for each item without rules. Without
/// a roster, the unit cells are left for the assessor to fill in.
pub fn long(rb: &Rubric, roster: Option<&Roster>) -> Grid {
    let thresholds = rb
        .items
        .iter()
        .flat_map(|i| &i.rules)
        .any(|r| r.threshold.is_some());
    let periods = !rb.periods.labels.is_empty();
    let mut header = vec!["unit"];
    if periods {
        header.push("period");
    }
    header.extend(["item", "rule", "count", "points"]);
    if thresholds {
        header.push("value");
    }
    header.push("note");
    let mut rows = Vec::new();
    for (unit, kind) in units(rb, roster) {
        for period in labels(rb) {
            for item in rb.items.iter().filter(|i| i.applies[kind]) {
                let lead = |row: &mut Vec<String>| {
                    row.push(unit.clone());
                    if periods {
                        row.push(period.clone());
                    }
                    row.push(item.id.clone());
                };
                let tail = |row: &mut Vec<String>, note: &str| {
                    if thresholds {
                        row.push(String::new());
                    }
                    row.push(note.to_string());
                };
                for r in &item.rules {
                    let mut row = Vec::new();
                    lead(&mut row);
                    row.extend([r.id.clone(), "0".into(), String::new()]);
                    let note = match &r.threshold {
                        Some(t) => {
                            let (text, metric) = (&r.text, &t.metric);
                            crate::tr!("{text} (value: {metric})", "{text}（数值：{metric}）")
                        }
                        None => r.text.clone(),
                    };
                    tail(&mut row, &note);
                    rows.push(row);
                }
                if item.rules.is_empty() {
                    let mut row = Vec::new();
                    lead(&mut row);
                    row.extend([String::new(), String::new(), "0".into()]);
                    tail(&mut row, &item.name);
                    rows.push(row);
                }
            }
        }
    }
    let numeric = header
        .iter()
        .map(|h| matches!(*h, "count" | "points"))
        .collect();
    Grid {
        header: header.iter().map(|h| h.to_string()).collect(),
        numeric,
        rows,
    }
}

/// The wide form (a score sheet): one row per roster unit and period, one
/// column per scored item, each cell the score to award.
pub fn wide(rb: &Rubric, roster: Option<&Roster>) -> Grid {
    let periods = !rb.periods.labels.is_empty();
    let mut header = vec!["unit".to_string()];
    if periods {
        header.push("period".into());
    }
    let items: Vec<_> = rb
        .items
        .iter()
        .filter(|i| i.item_type == ItemType::Scored)
        .collect();
    header.extend(items.iter().map(|i| i.id.clone()));
    header.push("note".into());
    let mut rows = Vec::new();
    if roster.is_some() {
        for (unit, _) in units(rb, roster) {
            for period in labels(rb) {
                let mut row = vec![unit.clone()];
                if periods {
                    row.push(period);
                }
                row.resize(header.len(), String::new());
                rows.push(row);
            }
        }
    }
    let numeric = header
        .iter()
        .map(|h| items.iter().any(|i| &i.id == h))
        .collect();
    Grid {
        header,
        numeric,
        rows,
    }
}

/// The roster's units with their kinds, or one blank unit of the first kind.
fn units(rb: &Rubric, roster: Option<&Roster>) -> Vec<(String, usize)> {
    let _ = rb;
    match roster {
        Some(r) => r.units.iter().map(|u| (u.name.clone(), u.kind)).collect(),
        None => vec![(String::new(), 0)],
    }
}

fn labels(rb: &Rubric) -> Vec<String> {
    if rb.periods.labels.is_empty() {
        vec![String::new()]
    } else {
        rb.periods.labels.clone()
    }
}
