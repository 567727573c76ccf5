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
/// valid TOML but too large for exact sums are. In Chinese the reader's
/// English is put in Chinese words (see [`zh`]).
pub fn message(source: &str, span: Option<std::ops::Range<usize>>, msg: &str) -> String {
    match span.and_then(|s| key_at(source, s.start)) {
        Some(k) if msg.contains("too large to fit") => super::check::too_large(k),
        _ => match crate::lang::current() {
            crate::lang::Lang::En => msg.to_string(),
            crate::lang::Lang::Zh => zh(msg),
        },
    }
}

/// The TOML reader's English message in Chinese. The reader's words are
/// few and regular (`invalid type: integer `3`, expected a string`,
/// `invalid array` + `expected `]``); what is not recognised is shown as
/// written after `TOML 语法错误：`, so a Chinese run never shows it bare.
fn zh(msg: &str) -> String {
    let one: String = msg.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut lines = msg.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("");
    let rest: Vec<&str> = lines.collect();
    if let Some(k) = first.strip_prefix("missing field ") {
        return crate::tr!("missing field {k}", "缺少键 {k}");
    }
    if let Some((found, expected)) = first
        .strip_prefix("invalid type: ")
        .and_then(|t| t.split_once(", expected "))
    {
        let (found, expected) = (kind(found), kind(expected));
        return crate::tr!(
            "invalid type: {found}, expected {expected}",
            "类型不对：{found}，应为{expected}"
        );
    }
    if let Some((k, table)) = first
        .strip_prefix("duplicate key ")
        .and_then(|t| t.split_once(" in "))
    {
        return match table.strip_prefix("table ") {
            Some(t) => crate::tr!("duplicate key {k} in table {t}", "表 {t} 中的键 {k} 重复"),
            None => crate::tr!("duplicate key {k} at the top", "顶层的键 {k} 重复"),
        };
    }
    if first.starts_with("data did not match any variant of untagged enum RawBound") {
        return crate::tr!(
            "expected a number, or steps {{ by = …, steps = … }}",
            "应为数字，或 {{ by = …, steps = … }} 这样的分级阈值"
        );
    }
    if first.starts_with("data did not match any variant of untagged enum") {
        return crate::tr!(
            "expected a number, or text such as \"30%\" or \"all\"",
            "应为数字，或 \"30%\"、\"all\" 这样的文本"
        );
    }
    if let Some(e) = first.strip_prefix("expected ") {
        let e = alternatives(e);
        return crate::tr!("expected {e}", "应为{e}");
    }
    match (first.strip_prefix("invalid "), rest.as_slice()) {
        (Some(what), []) => {
            if let Some(w) = syntax_word(what) {
                return crate::tr!("invalid {w}", "{w}无效");
            }
        }
        (Some(what), [e]) => {
            if let (Some(w), Some(e)) = (syntax_word(what), e.strip_prefix("expected ")) {
                let e = alternatives(e);
                return crate::tr!("invalid {w}, expected {e}", "{w}无效，应为{e}");
            }
        }
        _ => {}
    }
    if one.is_empty() {
        return crate::tr!("TOML syntax error", "TOML 语法错误");
    }
    crate::tr!("TOML syntax error: {one}", "TOML 语法错误：{one}")
}

/// The reader's `newline, `#`` as ` 换行或 `#``: the last of the
/// alternatives after 或, a space between Chinese and code.
fn alternatives(list: &str) -> String {
    let parts: Vec<String> = list
        .split(", ")
        .map(|p| match p {
            "newline" => crate::tr!("newline", "换行"),
            p => format!(" {p} "),
        })
        .collect();
    let text = match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, init)) => format!("{}或{last}", init.join("、")),
        None => String::new(),
    };
    // One space between Chinese and code, none at the end or around 、.
    let text = text
        .replace("  ", " ")
        .replace(" 、", "、")
        .replace("、 ", "、");
    text.trim_end().to_string()
}

/// What a TOML value is, as the reader names it in `invalid type`.
fn kind(what: &str) -> String {
    let (word, rest) = match what.split_once(' ') {
        Some((w, r)) => (w, r),
        None => (what, ""),
    };
    let word = match (word, rest) {
        ("a" | "an", r) => return kind(r),
        ("string", _) => crate::tr!("string", "字符串"),
        ("integer" | "i64" | "u64", _) => crate::tr!("integer", "整数"),
        ("float" | "f64", _) => crate::tr!("float", "小数"),
        ("boolean", _) => crate::tr!("boolean", "布尔值"),
        ("sequence" | "array", _) => crate::tr!("sequence", "数组"),
        ("map" | "table" | "struct", _) => {
            return crate::tr!("table", "表");
        }
        _ => return what.to_string(),
    };
    if rest.is_empty() {
        word
    } else {
        format!("{word} {rest}")
    }
}

/// A TOML syntax word (`invalid array`) in the current language.
fn syntax_word(what: &str) -> Option<String> {
    Some(match what {
        "string" | "basic string" | "literal string" => crate::tr!("string", "字符串"),
        "multiline basic string" | "multiline literal string" => {
            crate::tr!("multiline string", "多行字符串")
        }
        "array" => crate::tr!("array", "数组"),
        "inline table" => crate::tr!("inline table", "内联表"),
        "table header" => crate::tr!("table header", "表头"),
        "array table header" | "array of tables header" => crate::tr!("table header", "表头"),
        "key" | "unquoted key" | "quoted key" => crate::tr!("key", "键"),
        "number" | "integer" => crate::tr!("number", "数字"),
        "float" => crate::tr!("float", "小数"),
        "datetime" | "date-time" => crate::tr!("datetime", "日期时间"),
        "escape sequence" | "unicode 4-digit hex code" | "unicode 8-digit hex code" => {
            crate::tr!("escape sequence", "转义序列")
        }
        _ => return None,
    })
}

/// The key of a `key = value` line holding byte `at`.
fn key_at(source: &str, at: usize) -> Option<&str> {
    let start = source.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line = &source[start..];
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && !key.contains(['\n', '[', '{', '"'])).then_some(key)
}
