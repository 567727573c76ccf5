//! Unknown keys, all of them, each with its line: a typo such as `deduce`
//! must not pass silently, and must not hide the rubric's other problems.
//! The TOML is walked once against the keys each table may hold, which
//! are those the serde structs of `parse.rs` read (see `fields.rs`): the
//! schema is written once, there; only the tables' names are here.

use std::ops::Range;
use std::sync::OnceLock;

use toml_edit::{ImDocument, Item, TableLike, Value};

use super::fields;
use crate::suggest;

/// What each table is called in messages, by its path of keys: English,
/// Chinese.
const NAMES: &[(&[&str], &str, &str)] = &[
    (&[], "the rubric", "细则顶层"),
    (&["rubric"], "[rubric]", "[rubric] 表"),
    (&["kind"], "a kind", "类型"),
    (&["grade"], "a grade", "等次"),
    (&["quota"], "a quota", "比例要求"),
    (&["section"], "a section", "分项"),
    (&["section", "item"], "an item", "指标"),
    (&["section", "item", "rules"], "a rule", "规则"),
    (&["periods"], "[periods]", "[periods] 表"),
    (&["rating"], "a rating", "评定"),
    (&["category"], "[category]", "[category] 表"),
    (&["category", "bands"], "a category band", "档次"),
];

/// The keys a table may hold, and the schema of those that hold tables.
struct Schema {
    what: (&'static str, &'static str),
    keys: &'static [&'static str],
    children: Vec<(&'static str, Schema)>,
}

/// The schema of the whole rubric, asked of serde once.
fn root() -> &'static Schema {
    static ROOT: OnceLock<Schema> = OnceLock::new();
    ROOT.get_or_init(|| schema(&mut Vec::new()))
}

fn schema(path: &mut Vec<&'static str>) -> Schema {
    let keys = fields::at(path).unwrap_or_default();
    let mut children = Vec::new();
    for &k in keys {
        path.push(k);
        if fields::at(path).is_some() {
            children.push((k, schema(path)));
        }
        path.pop();
    }
    Schema {
        // A table left out of NAMES fails a test; "a table" is never shown.
        what: NAMES
            .iter()
            .find(|(p, _, _)| *p == path.as_slice())
            .map_or(("a table", "表"), |(_, en, zh)| (en, zh)),
        keys,
        children,
    }
}

/// A problem found in the TOML: its byte span and message.
pub type Found = (Range<usize>, String);

/// Parses the TOML syntax and lists every unknown key. A syntax error
/// comes back alone, as `Err`, with its span when the parser knows it.
pub fn unknown(source: &str) -> Result<Vec<Found>, (Option<Range<usize>>, String)> {
    let doc = ImDocument::parse(source).map_err(|e| (e.span(), e.message().to_string()))?;
    let mut out = Vec::new();
    walk(doc.as_table(), root(), &mut out);
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
            let (what, sep) = match crate::lang::current() {
                crate::lang::Lang::En => (schema.what.0, ", "),
                crate::lang::Lang::Zh => (schema.what.1, "、"),
            };
            out.push((
                span,
                crate::tr!(
                    "unknown key `{key}` in {what}{hint}; it may hold: {}",
                    "{what}中有未知的键 `{key}`{hint}；可用的键：{}",
                    schema.keys.join(sep)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(
        s: &Schema,
        path: &mut Vec<&'static str>,
        out: &mut Vec<(Vec<&'static str>, (&'static str, &'static str))>,
    ) {
        out.push((path.clone(), s.what));
        for (k, child) in &s.children {
            path.push(k);
            paths(child, path, out);
            path.pop();
        }
    }

    #[test]
    fn every_table_serde_reads_has_a_name_and_every_name_a_table() {
        let mut found = Vec::new();
        paths(root(), &mut Vec::new(), &mut found);
        let named: Vec<(Vec<&str>, (&str, &str))> = NAMES
            .iter()
            .map(|(p, en, zh)| (p.to_vec(), (*en, *zh)))
            .collect();
        assert_eq!(found, named);
    }

    #[test]
    fn an_unknown_key_is_named_with_its_table_and_a_suggestion() {
        let toml = "[rubric]\nid = \"x\"\n\n[[section]]\nid = \"1\"\n[[section.item]]\nid = \"1.1\"\n[[section.item.rules]]\nid = \"a\"\ndeduce = 1\n";
        let found = unknown(toml).unwrap_or_default();
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].1,
            "unknown key `deduce` in a rule (did you mean `deduct`?); it may hold: \
             id, text, deduct, add, max, flag, grade, metric, below, above"
        );
        assert_eq!(&toml[found[0].0.clone()], "deduce");
    }
}
