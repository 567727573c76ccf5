//! The rubric TOML as written, with the span of every value that a later
//! check may need to point at. Unknown keys are rejected here, so a typo
//! such as `deduce` never passes silently.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    pub id: Spanned<String>,
    pub name: String,
    pub total: Spanned<RawNum>,
    pub precision: Option<Spanned<i64>>,
    pub ranking: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKind {
    pub name: Spanned<String>,
    pub start: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrade {
    pub name: Spanned<String>,
    pub min: Option<Spanned<RawNum>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuota {
    pub grades: Spanned<Vec<Spanned<String>>>,
    pub max: Option<Spanned<RawNum>>,
    pub min: Option<Spanned<RawNum>>,
    pub about: Option<Spanned<RawNum>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: Spanned<String>,
    pub name: String,
    pub points: Spanned<RawNum>,
    #[serde(default)]
    pub item: Vec<RawItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub id: Spanned<String>,
    pub name: String,
    pub points: Spanned<RawNum>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
    pub kinds: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    #[serde(default)]
    pub text: String,
    pub deduct: Option<Spanned<RawNum>>,
    pub max: Option<Spanned<RawNum>>,
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

/// Parses the TOML, stopping at the first syntax error or unknown key
/// (the TOML reader cannot go on past either); returns the byte span and
/// message of that error.
pub fn parse(source: &str) -> Result<RawRubric, (Option<std::ops::Range<usize>>, String)> {
    toml::from_str(source).map_err(|e| (e.span(), e.message().to_string()))
}
