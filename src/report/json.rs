//! JSON with exact numbers, for programs that read the results.

use serde_json::{json, Value};

use super::{json_number as n, Results};
use crate::num::round;
use crate::scoring::Reason;

pub fn render(r: &Results) -> Vec<u8> {
    let rb = r.rubric;
    let units: Vec<Value> = r
        .cards
        .iter()
        .map(|c| {
            let sections: Vec<Value> = rb
                .sections
                .iter()
                .enumerate()
                .map(|(si, s)| {
                    let items: Vec<Value> = c
                        .items
                        .iter()
                        .filter(|i| rb.items[i.item].section == si)
                        .map(|i| {
                            let item = &rb.items[i.item];
                            json!({
                                "id": item.id,
                                "points": n(i.points),
                                "deducted": n(i.deducted),
                                "score": n(i.score),
                                "capped": i.capped,
                                "absorbed": n(i.absorbed),
                                "findings": i.reasons.iter().map(|x| finding(item, x)).collect::<Vec<_>>(),
                            })
                        })
                        .collect();
                    json!({"id": s.id, "score": n(c.sections[si]), "items": items})
                })
                .collect();
            json!({
                "unit": c.unit,
                "kind": if rb.has_kinds { Value::from(rb.kinds[c.kind].name.clone()) } else { Value::Null },
                "total": n(c.total),
                "exact": n(c.exact),
                "grade": c.grade.map(|g| rb.grades[g].name.clone()),
                "rank": c.rank,
                "sections": sections,
            })
        })
        .collect();
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
    let doc = json!({
        "rubric": {"id": rb.id, "name": rb.name, "total": n(rb.total), "precision": rb.precision},
        "units": units,
        "quotas": quotas,
    });
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

fn finding(item: &crate::rubric::Item, r: &Reason) -> Value {
    let mut v = match (r.rule, r.awarded) {
        (Some(i), _) => json!({
            "rule": item.rules[i].id,
            "text": item.rules[i].text,
            "count": r.count,
            "deducted": n(r.deducted),
        }),
        (None, Some(a)) => json!({"score": n(a)}),
        (None, None) => json!({"points": n(r.deducted), "deducted": n(r.deducted)}),
    };
    v["notes"] = json!(r.notes);
    v
}
