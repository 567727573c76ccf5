//! What differs between the engines the query runs on: type names,
//! quoting, and the one operation (integer division) that has no common
//! spelling. Everything else the compiler writes is SQL all three share.

use rust_decimal::Decimal;

/// An engine `score sql` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Postgres,
    Spark,
}

/// The exact type every point value is kept in between steps. Narrow on
/// purpose: Spark rounds away decimals when a result would pass 38
/// digits, so each step casts back to 28 (18 before the point, 10 after)
/// and no sum or product of two such values can reach 38.
pub const NUM: &str = "DECIMAL(28,10)";

/// What Rust's `str::trim` takes off a cell (Unicode White_Space).
const WHITE: &str = " \t\n\u{b}\u{c}\r\u{85}\u{a0}\u{1680}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}";

/// Decimals a rubric constant may have and still fit [`NUM`] exactly.
pub const SCALE: u32 = 10;

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::DuckDb, Dialect::Postgres, Dialect::Spark];

    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Postgres => "postgres",
            Dialect::Spark => "spark",
        }
    }

    pub fn from_name(name: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The text type.
    pub fn text(self) -> &'static str {
        match self {
            Dialect::DuckDb => "VARCHAR",
            Dialect::Postgres => "TEXT",
            Dialect::Spark => "STRING",
        }
    }

    /// A quoted identifier (a table, or a result column named by the rubric).
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A table name as given: `schema.table` stays two parts, each quoted.
    pub fn table(self, name: &str) -> String {
        name.split('.')
            .map(|part| self.ident(part))
            .collect::<Vec<_>>()
            .join(".")
    }

    /// A string literal. Spark reads backslashes in literals as escapes;
    /// the others follow the standard (a quote doubled).
    pub fn string(self, s: &str) -> String {
        match self {
            Dialect::Spark => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            _ => format!("'{}'", s.replace('\'', "''")),
        }
    }

    /// Text sorted by code point, whatever the database's locale.
    pub fn collate(self) -> &'static str {
        match self {
            Dialect::Postgres => " COLLATE \"C\"",
            _ => "",
        }
    }

    /// Texts of a group joined by `sep`, ordered by an integer `key`
    /// (Spark has no ordered string aggregate: it sorts an array of pairs).
    pub fn joined(self, text: &str, key: &str, sep: &str) -> String {
        let sep = self.string(sep);
        match self {
            Dialect::Spark => format!(
                "array_join(transform(array_sort(collect_list(named_struct('k', {key}, 'v', {text}))), z -> z.v), {sep})"
            ),
            _ => format!("string_agg({text}, {sep} ORDER BY {key})"),
        }
    }

    /// Text trimmed of what Rust's `str::trim` takes off (Unicode White_Space),
    /// as `score` trims a cell: TRIM alone takes only spaces on some engines.
    pub fn trim(self, expr: &str) -> String {
        let w = self.string(WHITE);
        // Trimming by a set of characters is slow on some engines (DuckDB:
        // 20× a plain read); most cells have nothing to trim, so look first.
        format!(
            "CASE WHEN POSITION(LEFT({expr}, 1) IN {w}) = 0 AND POSITION(RIGHT({expr}, 1) IN {w}) = 0 THEN {expr} ELSE TRIM(BOTH {w} FROM {expr}) END"
        )
    }

    /// Text with trailing whitespace taken off, as `str::trim_end`.
    pub fn trim_end(self, expr: &str) -> String {
        let w = self.string(WHITE);
        format!("TRIM(TRAILING {w} FROM {expr})")
    }

    /// A text NULL, typed so that a UNION or VALUES list agrees on it.
    pub fn null_text(self) -> String {
        format!("CAST(NULL AS {})", self.text())
    }

    /// `floor(a / b)` for a whole non-negative decimal `a` and a positive
    /// integer `b`, exactly: DuckDB divides decimals in floating point,
    /// so it divides integers; Spark and PostgreSQL divide decimals to at
    /// least six places, and a quotient by b ≤ 1000 is never within 10⁻³
    /// of the next integer without reaching it.
    pub fn floor_div(self, a: &str, b: u64) -> String {
        match self {
            Dialect::DuckDb => format!("(CAST({a} AS HUGEINT) // {b})"),
            Dialect::Postgres => format!("div({a}, {b})"),
            Dialect::Spark => format!("FLOOR({a} / {b})"),
        }
    }
}

/// A decimal constant in the exact type: `CAST(2.4 AS DECIMAL(28,10))`.
pub fn num(d: Decimal) -> String {
    format!("CAST({} AS {NUM})", plain(d))
}

/// A decimal written as SQL reads it: plain digits, no exponent.
pub fn plain(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() {
        "0".to_string()
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_as_each_engine_reads_them() {
        assert_eq!(Dialect::Postgres.string("it's"), "'it''s'");
        assert_eq!(Dialect::Spark.string(r"a\b'c"), r"'a\\b\'c'");
        assert_eq!(Dialect::DuckDb.ident("1.1\"x"), "\"1.1\"\"x\"");
        assert_eq!(Dialect::Spark.ident("1月"), "`1月`");
        assert_eq!(Dialect::Spark.table("db.findings"), "`db`.`findings`");
    }
}
