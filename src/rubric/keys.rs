//! Unknown keys, all of them, each with its line: a typo such as `deduce`
//! must not pass silently, and must not hide the rubric's other problems.
//! The TOML is walked once against the keys each table may hold.

use std::ops::Range;

use toml_edit::{ImDocument, Item, TableLike, Value};

use crate::suggest;

/// The keys a kind of table may hold, and the schema of those that hold tables.
struct Schema {
    what: &'static str,
    keys: &'static [&'static str],
    children: &'static [(&'static str, &'static Schema)],
}

const RULE: Schema = Schema {
    what: "a rule",
    keys: &[
        "id", "text", "deduct", "add", "max", "flag", "grade", "metric", "below", "above",
    ],
    children: &[],
};
const ITEM: Schema = Schema {
    what: "an item",
    keys: &[
        "id", "name", "points", "type", "cap", "cap_per", "kinds", "rules",
    ],
    children: &[("rules", &RULE)],
};
const SECTION: Schema = Schema {
    what: "a section",
    keys: &["id", "name", "points", "cap", "cap_per", "item"],
    children: &[("item", &ITEM)],
};
const HEADER: Schema = Schema {
    what: "[rubric]",
    keys: &["id", "name", "total", "precision", "ranking"],
    children: &[],
};
const KIND: Schema = Schema {
    what: "a kind",
    keys: &["name", "start"],
    children: &[],
};
const GRADE: Schema = Schema {
    what: "a grade",
    keys: &["name", "min"],
    children: &[],
};
const QUOTA: Schema = Schema {
    what: "a quota",
    keys: &["grades", "max", "min", "about"],
    children: &[],
};
const PERIODS: Schema = Schema {
    what: "[periods]",
    keys: &["labels", "combine", "weights"],
    children: &[],
};
const RATING: Schema = Schema {
    what: "a rating",
    keys: &["name", "top", "min", "exclude"],
    children: &[],
};
const BAND: Schema = Schema {
    what: "a category band",
    keys: &["name", "min"],
    children: &[],
};
const CATEGORY: Schema = Schema {
    what: "[category]",
    keys: &["by", "bands"],
    children: &[("bands", &BAND)],
};
const ROOT: Schema = Schema {
    what: "the rubric",
    keys: &[
        "rubric", "kind", "grade", "quota", "section", "periods", "rating", "category",
    ],
    children: &[
        ("rubric", &HEADER),
        ("kind", &KIND),
        ("grade", &GRADE),
        ("quota", &QUOTA),
        ("section", &SECTION),
        ("periods", &PERIODS),
        ("rating", &RATING),
        ("category", &CATEGORY),
    ],
};

/// A problem found in the TOML: its byte span and message.
pub type Found = (Range<usize>, String);

/// Parses the TOML syntax and lists every unknown key. A syntax error
/// comes back alone, as `Err`, with its span when the parser knows it.
pub fn unknown(source: &str) -> Result<Vec<Found>, (Option<Range<usize>>, String)> {
    let doc = ImDocument::parse(source).map_err(|e| (e.span(), e.message().to_string()))?;
    let mut out = Vec::new();
    walk(doc.as_table(), &ROOT, &mut out);
    Ok(out)
}

fn walk(table: &dyn TableLike, schema: &Schema, out: &mut Vec<Found>) {
    for (key, item) in table.iter() {
        if !schema.keys.contains(&key) {
            let span = table
                .get_key_value(key)
                .and_then(|(k, _)| k.span())
                .unwrap_or(0..0);
            let hint = suggest::key(suggest::closest(key, schema.keys.iter().copied()));
            out.push((
                span,
                format!(
                    "unknown key `{key}` in {}{hint}; it may hold: {}",
                    schema.what,
                    schema.keys.join(", ")
                ),
            ));
            continue;
        }
        if let Some((_, child)) = schema.children.iter().find(|(k, _)| *k == key) {
            for t in tables(item) {
                walk(t, child, out);
            }
        }
    }
}

/// The tables an item holds: itself, an array of tables, or an array of
/// inline tables. Anything else is left for the typed reader to reject.
fn tables(item: &Item) -> Vec<&dyn TableLike> {
    match item {
        Item::Table(t) => vec![t as &dyn TableLike],
        Item::ArrayOfTables(a) => a.iter().map(|t| t as &dyn TableLike).collect(),
        Item::Value(Value::InlineTable(t)) => vec![t as &dyn TableLike],
        Item::Value(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_inline_table().map(|t| t as &dyn TableLike))
            .collect(),
        _ => Vec::new(),
    }
}
