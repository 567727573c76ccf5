//! The rubric TOML as written, with the span of every value that a later
//! check may need to point at. Unknown keys are found by `keys.rs`, which
//! reports all of them; here they are skipped. These structs are the
//! schema: `keys.rs` asks serde (through `fields.rs`) which keys each
//! table may hold, in the order declared here, which is the order its
//! messages list them in.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
pub struct RawRubric {
    pub rubric: RawHeader,
    #[serde(default)]
    pub kind: Vec<RawKind>,
    #[serde(default)]
    pub grade: Vec<RawGrade>,
    #[serde(default)]
    pub quota: Vec<RawQuota>,
    #[serde(default)]
    pub section: Vec<RawSection>,
    pub periods: Option<RawPeriods>,
    #[serde(default)]
    pub rating: Vec<RawRating>,
    pub category: Option<RawCategory>,
}

#[derive(Debug, Deserialize)]
pub struct RawPeriods {
    pub labels: Spanned<Vec<Spanned<String>>>,
    pub combine: Option<Spanned<String>>,
    pub weights: Option<Spanned<Vec<Spanned<RawNum>>>>,
}

#[derive(Debug, Deserialize)]
pub struct RawRating {
    pub name: Spanned<String>,
    pub top: Spanned<RawNum>,
    pub min: Option<Spanned<RawNum>>,
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
pub struct RawCategory {
    pub by: Spanned<String>,
    pub bands: Vec<RawBand>,
}

#[derive(Debug, Deserialize)]
pub struct RawBand {
    pub name: Spanned<String>,
    pub min: Option<Spanned<RawNum>>,
}

#[derive(Debug, Deserialize)]
pub struct RawHeader {
    pub id: Spanned<String>,
    pub name: String,
    pub total: Spanned<RawNum>,
    pub precision: Option<Spanned<i64>>,
    pub ranking: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
pub struct RawKind {
    pub name: Spanned<String>,
    pub start: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
pub struct RawGrade {
    pub name: Spanned<String>,
    pub min: Option<Spanned<RawNum>>,
}

#[derive(Debug, Deserialize)]
pub struct RawQuota {
    pub grades: Spanned<Vec<Spanned<String>>>,
    pub max: Option<Spanned<RawNum>>,
    pub min: Option<Spanned<RawNum>>,
    pub about: Option<Spanned<RawNum>>,
}

#[derive(Debug, Deserialize)]
pub struct RawSection {
    pub id: Spanned<String>,
    pub name: String,
    pub points: Option<Spanned<RawNum>>,
    pub cap: Option<Spanned<RawNum>>,
    pub cap_per: Option<Spanned<String>>,
    #[serde(default)]
    pub item: Vec<RawItem>,
}

#[derive(Debug, Deserialize)]
pub struct RawItem {
    pub id: Spanned<String>,
    pub name: String,
    pub points: Option<Spanned<RawNum>>,
    #[serde(rename = "type")]
    pub item_type: Option<Spanned<String>>,
    pub cap: Option<Spanned<RawNum>>,
    pub cap_per: Option<Spanned<String>>,
    pub kinds: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
pub struct RawRule {
    pub id: Spanned<String>,
    #[serde(default)]
    pub text: String,
    pub deduct: Option<Spanned<RawNum>>,
    pub add: Option<Spanned<RawNum>>,
    pub max: Option<Spanned<RawNum>>,
    pub flag: Option<Spanned<String>>,
    pub grade: Option<Spanned<String>>,
    pub metric: Option<Spanned<String>>,
    pub below: Option<Spanned<RawBound>>,
    pub above: Option<Spanned<RawBound>>,
}

/// A threshold's bound as written: a number, or steps over a roster column.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawBound {
    Int(i64),
    Float(f64),
    Steps { by: String, steps: Vec<Vec<RawNum>> },
}

/// A number as TOML gave it, or a string such as `"30%"` or `"all"`;
/// turned into an exact decimal by validation, which can say what is wrong.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawNum {
    Int(i64),
    Float(f64),
    Text(String),
}

/// Reads the TOML into the raw structs; a wrong type or a missing key
/// stops it (returned with its byte span).
pub fn parse(source: &str) -> Result<RawRubric, (Option<std::ops::Range<usize>>, String)> {
    toml::from_str(source).map_err(|e| (e.span(), message(source, e.span(), e.message())))
}

/// A TOML reader's message in our words where they help: TOML integers
/// stop at 2^63, and a larger one is named by its key, as numbers that are
/// valid TOML but too large for exact sums are.
pub fn message(source: &str, span: Option<std::ops::Range<usize>>, msg: &str) -> String {
    match span.and_then(|s| key_at(source, s.start)) {
        Some(k) if msg.contains("too large to fit") => {
            format!("`{k}` is too large to compute exactly (at most 10^15)")
        }
        _ => msg.to_string(),
    }
}

/// The key of a `key = value` line holding byte `at`.
fn key_at(source: &str, at: usize) -> Option<&str> {
    let start = source.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line = &source[start..];
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && !key.contains(['\n', '[', '{', '"'])).then_some(key)
}
