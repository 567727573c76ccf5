//! JSON with exact numbers, for programs that read the results.

use serde_json::{json, Value};

use super::{json_number as n, Results};
use crate::compare::Change;
use crate::num::round;
use crate::rubric::{Item, Rubric};
use crate::scoring::{PeriodResult, Reason, Scorecard};

pub fn render(r: &Results) -> Vec<u8> {
    let rb = r.rubric;
    let units: Vec<Value> = r.cards.iter().map(|c| unit(r, c)).collect();
    let quotas: Vec<Value> = r
        .quotas
        .iter()
        .map(|q| {
            let quota = &rb.quotas[q.quota];
            json!({
                "grades": quota.grades.iter().map(|&g| rb.grades[g].name.clone()).collect::<Vec<_>>(),
                "bound": format!("{:?}", quota.bound).to_lowercase(),
                "share": n(quota.share),
                "kind": if rb.has_kinds { Value::from(rb.kinds[q.kind].name.clone()) } else { Value::Null },
                "count": q.count,
                "graded": q.graded,
                "actual": n(round(q.share(), 4)),
                "met": q.met,
            })
        })
        .collect();
    let mut doc = json!({
        "rubric": {"id": rb.id, "name": rb.name, "total": n(rb.total), "precision": rb.precision},
        "units": units,
        "quotas": quotas,
    });
    if let Some(cmp) = r.compare {
        let gone: Vec<Value> = cmp
            .gone(r.cards.iter().map(|c| r.name(c)))
            .into_iter()
            .map(|p| json!({"unit": p.unit, "total": n(p.total), "grade": p.grade, "rank": p.rank}))
            .collect();
        doc["compare"] = json!({"file": cmp.file, "previous_only": gone});
    }
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

fn unit(r: &Results, c: &Scorecard) -> Value {
    let rb = r.rubric;
    let d = r.details.of(c);
    let single = rb.periods.labels.is_empty();
    let sections: Vec<Value> = rb
        .sections
        .iter()
        .enumerate()
        .map(|(si, s)| {
            let mut v = json!({"id": s.id, "name": s.name, "points": n(s.points), "score": n(c.sections[si])});
            if single {
                v["items"] = items(rb, &d.periods[0], si);
                add_caps(&mut v, &d.periods[0], si);
            }
            v
        })
        .collect();
    let mut v = json!({
        "unit": r.name(c),
        "kind": if rb.has_kinds { Value::from(rb.kinds[c.kind].name.clone()) } else { Value::Null },
        "total": n(c.total),
        "exact": n(c.exact),
        "grade": c.grade.map(|g| rb.grades[g].name.clone()),
        "rank": c.rank,
        "sections": sections,
    });
    if r.has_categories() {
        v["category"] = json!(r.category(c));
    }
    if !rb.ratings.is_empty() {
        v["rating"] = json!(c.rating.map(|x| rb.ratings[x].name.clone()));
    }
    if !rb.flags.is_empty() {
        v["flags"] = json!(r.flags(c));
    }
    if let Some(cmp) = r.compare {
        // null for a unit only in this run.
        v["previous"] = match cmp.change(r.name(c)) {
            Change::Both(p) => json!({
                "total": n(p.total),
                "grade": p.grade,
                "rank": p.rank,
                "change": n(c.total - p.total),
                "rank_change": p.rank as i64 - c.rank as i64,
            }),
            Change::New => Value::Null,
        };
    }
    if !single {
        let periods: Vec<Value> = d
            .periods
            .iter()
            .enumerate()
            .map(|(p, result)| {
                let sections: Vec<Value> = rb
                    .sections
                    .iter()
                    .enumerate()
                    .map(|(si, s)| {
                        let mut v = json!({"id": s.id, "name": s.name, "score": n(result.sections[si]), "items": items(rb, result, si)});
                        add_caps(&mut v, result, si);
                        v
                    })
                    .collect();
                json!({"period": rb.periods.labels[p], "total": n(result.total), "sections": sections})
            })
            .collect();
        v["periods"] = json!(periods);
    }
    v
}

/// The cuts a section's cap made in one period, as the section's own
/// `caps` (what its bonus or penalty items did together past the cap).
fn add_caps(v: &mut Value, result: &PeriodResult, section: usize) {
    let caps: Vec<Value> = result
        .cuts
        .iter()
        .filter(|c| c.section == section)
        .map(|c| {
            let on = if c.bonus { "bonus" } else { "penalty" };
            json!({"on": on, "cut": n(c.cut), "effect": n(c.effect())})
        })
        .collect();
    if !caps.is_empty() {
        v["caps"] = Value::Array(caps);
    }
}

/// The items of one section in one period, with their findings.
fn items(rb: &Rubric, result: &PeriodResult, section: usize) -> Value {
    let list: Vec<Value> = result
        .items
        .iter()
        .filter(|i| rb.items[i.item].section == section)
        .map(|i| {
            let item = &rb.items[i.item];
            json!({
                "id": item.id,
                "name": item.name,
                "points": n(i.points),
                "deducted": n(i.deducted),
                "added": n(i.added),
                "score": n(i.score),
                "capped": i.capped,
                "absorbed": n(i.absorbed),
                "findings": i.reasons.iter().map(|x| finding(item, x)).collect::<Vec<_>>(),
            })
        })
        .collect();
    Value::Array(list)
}

fn finding(item: &Item, r: &Reason) -> Value {
    let mut v = match (r.rule, r.awarded) {
        (Some(i), _) => json!({
            "rule": item.rules[i].id,
            "text": item.rules[i].text,
            "count": r.count,
            "amount": n(r.amount),
        }),
        (None, Some(a)) => json!({"score": n(a)}),
        (None, None) => json!({"points": n(r.amount)}),
    };
    v["notes"] = json!(r.notes);
    v
}
