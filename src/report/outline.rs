//! `score check`: the rubric's outline, for a person checking a transcription.

use crate::num::show;
use crate::rubric::{QuotaBound, Rubric, Start};

pub fn outline(rb: &Rubric) -> String {
    let mut o = String::new();
    o.push_str(&format!("{} ({})\n", rb.name, rb.id));
    o.push_str(&format!(
        "total {}, precision {}, ranking {}\n",
        show(rb.total),
        rb.precision,
        match rb.ranking {
            crate::rubric::Ranking::Competition => "competition",
            crate::rubric::Ranking::Dense => "dense",
        }
    ));
    if rb.has_kinds {
        let kinds: Vec<String> = rb
            .kinds
            .iter()
            .map(|k| {
                format!(
                    "{} ({})",
                    k.name,
                    if k.start == Start::Full {
                        "full"
                    } else {
                        "zero"
                    }
                )
            })
            .collect();
        o.push_str(&format!("kinds: {}\n", kinds.join(", ")));
    }
    if !rb.grades.is_empty() {
        let grades: Vec<String> = rb
            .grades
            .iter()
            .map(|g| match g.min {
                Some(m) => format!("{} ≥{}", g.name, show(m)),
                None => g.name.clone(),
            })
            .collect();
        o.push_str(&format!("grades: {}\n", grades.join(", ")));
    }
    for q in &rb.quotas {
        let names: Vec<&str> = q
            .grades
            .iter()
            .map(|&g| rb.grades[g].name.as_str())
            .collect();
        let bound = match q.bound {
            QuotaBound::Max => "max",
            QuotaBound::Min => "min",
            QuotaBound::About => "about",
        };
        o.push_str(&format!(
            "quota: {} {bound} {}\n",
            names.join("+"),
            show(q.share)
        ));
    }
    for s in &rb.sections {
        o.push_str(&format!("\n{} {} ({})\n", s.id, s.name, show(s.points)));
        for item in &rb.items[s.items.clone()] {
            let kinds = if item.applies.iter().all(|&a| a) {
                String::new()
            } else {
                let names: Vec<&str> = rb
                    .kinds
                    .iter()
                    .zip(&item.applies)
                    .filter(|(_, &a)| a)
                    .map(|(k, _)| k.name.as_str())
                    .collect();
                format!(" [kinds: {}]", names.join(", "))
            };
            o.push_str(&format!(
                "  {} {} ({}){kinds}\n",
                item.id,
                item.name,
                show(item.points)
            ));
            for r in &item.rules {
                let max = match &r.max_text {
                    Some(m) => format!(", max {m} = {}", show(r.max.unwrap_or_default())),
                    None => String::new(),
                };
                o.push_str(&format!(
                    "    {} deduct {} = {}{max}: {}\n",
                    r.id,
                    r.deduct_text,
                    show(r.per),
                    r.text
                ));
            }
        }
    }
    o
}
