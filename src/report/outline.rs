//! `score check`: the rubric's outline, for a person checking a transcription.

use crate::num::show;
use crate::rubric::{Cap, CapScope, Combine, ItemType, QuotaBound, Ranking, Rubric, Start};

pub fn outline(rb: &Rubric) -> String {
    let mut o = String::new();
    o.push_str(&format!("{} ({})\n", rb.name, rb.id));
    let ranking = match rb.ranking {
        Ranking::Competition => "competition",
        Ranking::Dense => "dense",
    };
    o.push_str(&format!(
        "total {}, precision {}, ranking {ranking}\n",
        show(rb.total),
        rb.precision
    ));
    head(rb, &mut o);
    outcomes(rb, &mut o);
    for s in &rb.sections {
        let points = if s.points.is_zero() {
            String::new()
        } else {
            format!(" ({})", show(s.points))
        };
        o.push_str(&format!(
            "\n{} {}{points}{}\n",
            s.id,
            s.name,
            cap_text(s.cap)
        ));
        for item in &rb.items[s.items.clone()] {
            o.push_str(&item_line(rb, item));
            for r in &item.rules {
                o.push_str(&rule_line(rb, item, r));
            }
        }
    }
    o
}

/// Periods, kinds and categories.
fn head(rb: &Rubric, o: &mut String) {
    if !rb.periods.labels.is_empty() {
        let combine = match rb.periods.combine {
            Combine::Sum => "sum".to_string(),
            Combine::Mean => "mean".to_string(),
            Combine::Last => "last".to_string(),
            Combine::Weighted => {
                let w: Vec<String> = rb.periods.weights.iter().map(|w| show(*w)).collect();
                format!("weighted {}", w.join("/"))
            }
        };
        o.push_str(&format!(
            "periods: {} (combine {combine})\n",
            rb.periods.labels.join(", ")
        ));
    }
    if rb.has_kinds {
        let kinds: Vec<String> = rb
            .kinds
            .iter()
            .map(|k| {
                let start = if k.start == Start::Full {
                    "full"
                } else {
                    "zero"
                };
                format!("{} ({start})", k.name)
            })
            .collect();
        o.push_str(&format!("kinds: {}\n", kinds.join(", ")));
    }
    if let Some(c) = &rb.category {
        let bands: Vec<String> = c
            .bands
            .iter()
            .map(|(n, m)| match m {
                Some(m) => format!("{n} ≥{}", show(*m)),
                None => n.clone(),
            })
            .collect();
        o.push_str(&format!("categories by {}: {}\n", c.by, bands.join(", ")));
    }
}

/// Grades, quotas and ratings.
fn outcomes(rb: &Rubric, o: &mut String) {
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
    for r in &rb.ratings {
        let mut line = format!("rating: {} top {}", r.name, show(r.top));
        if let Some(m) = r.min {
            line.push_str(&format!(", min {}", show(m)));
        }
        if !r.exclude.is_empty() {
            let words: Vec<&str> = r.exclude.iter().map(|&f| rb.flags[f].as_str()).collect();
            line.push_str(&format!(", excluding {}", words.join(", ")));
        }
        o.push_str(&line);
        o.push('\n');
    }
}

/// A rule: its deduction (or addition) as written and as computed, its
/// max, flag, grade and threshold, and its wording.
fn rule_line(rb: &Rubric, item: &crate::rubric::Item, r: &crate::rubric::Rule) -> String {
    let verb = if item.item_type == ItemType::Bonus {
        "add"
    } else {
        "deduct"
    };
    let mut what = if r.deduct_text.is_empty() {
        String::new()
    } else if r.deduct_text == show(r.each) {
        format!(" {verb} {}", r.deduct_text)
    } else {
        format!(" {verb} {} = {}", r.deduct_text, show(r.each))
    };
    if let Some(m) = &r.max_text {
        what.push_str(&format!(", max {m} = {}", show(r.max.unwrap_or_default())));
    }
    if let Some(f) = r.flag {
        what.push_str(&format!(", flag {}", rb.flags[f]));
    }
    if let Some(g) = r.grade {
        what.push_str(&format!(", grade {}", rb.grades[g].name));
    }
    if let Some(t) = &r.threshold {
        what.push_str(&threshold_text(t));
    }
    format!("    {}{what}: {}\n", r.id, r.text)
}

fn item_line(rb: &Rubric, item: &crate::rubric::Item) -> String {
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
    let what = match item.item_type {
        ItemType::Scored => format!(" ({})", show(item.points)),
        ItemType::Bonus => " (bonus)".to_string(),
        ItemType::Penalty => " (penalty)".to_string(),
    };
    format!(
        "  {} {}{what}{}{kinds}\n",
        item.id,
        item.name,
        cap_text(item.cap)
    )
}

fn cap_text(cap: Option<Cap>) -> String {
    match cap {
        None => String::new(),
        Some(c) => format!(
            " [cap {} a {}]",
            show(c.amount),
            if c.scope == CapScope::Year {
                "year"
            } else {
                "period"
            }
        ),
    }
}

/// `, when 卫生厕所普及率 is below 0.95`, or with steps over a roster column:
/// `, when 年度经费 is below (by households: 40000 from 0, 50000 from 2000)`.
fn threshold_text(t: &crate::rubric::Threshold) -> String {
    let dir = if t.below { "below" } else { "above" };
    let bound = match &t.bound {
        crate::rubric::Bound::Fixed(b) => show(*b),
        crate::rubric::Bound::Steps { by, steps } => {
            let parts: Vec<String> = steps
                .iter()
                .map(|(from, b)| format!("{} from {}", show(*b), show(*from)))
                .collect();
            format!("(by roster column {by}: {})", parts.join(", "))
        }
    };
    format!(", when {} is {dir} {bound}", t.metric)
}
