//! Exact decimal helpers: parsing the text users write, rounding once half
//! away from zero (四舍五入), and printing without trailing zeros.

use rust_decimal::{Decimal, RoundingStrategy};

/// The largest magnitude accepted for points and bounds, so that sums and
/// products of counts stay far inside `Decimal`'s exact range.
pub const LIMIT: Decimal = Decimal::from_parts(0xA4C6_8000, 0x38D7E, 0, false, 0); // 1e15

/// Why text is not a decimal `score` computes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadNumber {
    /// Not a plain decimal: letters, `1e5`, full-width digits, `1.2.3`.
    NotANumber,
    /// A plain decimal beyond [`LIMIT`].
    TooLarge,
}

/// Parses a plain decimal such as `92.4`, `-3`, `0.30`; no exponents, no
/// thousands separators, at most [`LIMIT`] in magnitude.
pub fn parse_decimal(text: &str) -> Result<Decimal, BadNumber> {
    let t = text.trim();
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    let plain = digits.bytes().any(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1;
    if !plain {
        return Err(BadNumber::NotANumber);
    }
    // A plain decimal that `Decimal` cannot hold (over 28 digits) is too large.
    match t.parse::<Decimal>() {
        Ok(d) if d.abs() <= LIMIT => Ok(d),
        _ => Err(BadNumber::TooLarge),
    }
}

/// Rounds half away from zero to `precision` decimals (四舍五入).
pub fn round(d: Decimal, precision: u32) -> Decimal {
    d.round_dp_with_strategy(precision, RoundingStrategy::MidpointAwayFromZero)
}

/// Prints a decimal without trailing zeros or exponent: `92.4`, `100`, `-7.2`.
pub fn show(d: Decimal) -> String {
    let n = d.normalize();
    // normalize() keeps the sign of a negative zero; nobody wants "-0".
    if n.is_zero() {
        "0".to_string()
    } else {
        n.to_string()
    }
}

/// A share such as 0.4 shown as a percentage: `40%`, `33.33%`.
pub fn percent(share: Decimal) -> String {
    format!("{}%", show(round(share * Decimal::ONE_HUNDRED, 2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn limit_is_ten_to_the_fifteen() {
        assert_eq!(LIMIT, d("1000000000000000"));
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(show(round(d("89.995"), 2)), "90");
        assert_eq!(show(round(d("89.994"), 2)), "89.99");
        assert_eq!(show(round(d("-7.235"), 2)), "-7.24");
        assert_eq!(show(round(d("2.5"), 0)), "3");
    }

    #[test]
    fn shows_without_noise() {
        assert_eq!(show(d("92.40")), "92.4");
        assert_eq!(show(d("100.00")), "100");
        assert_eq!(show(d("-0.00")), "0");
        assert_eq!(show(d("8") - d("3") * d("2.4")), "0.8");
    }

    #[test]
    fn parses_plain_decimals_only() {
        assert_eq!(parse_decimal(" 1.5 "), Ok(d("1.5")));
        assert_eq!(parse_decimal("-.5"), Ok(d("-0.5")));
        assert_eq!(parse_decimal("1e5"), Err(BadNumber::NotANumber));
        assert_eq!(parse_decimal("１"), Err(BadNumber::NotANumber));
        assert_eq!(parse_decimal(""), Err(BadNumber::NotANumber));
        assert_eq!(parse_decimal("1.2.3"), Err(BadNumber::NotANumber));
        assert_eq!(parse_decimal("--1"), Err(BadNumber::NotANumber));
        assert_eq!(parse_decimal("1000000000000000"), Ok(LIMIT));
        assert_eq!(
            parse_decimal("1000000000000000.1"),
            Err(BadNumber::TooLarge)
        );
        assert_eq!(
            parse_decimal("1".repeat(40).as_str()),
            Err(BadNumber::TooLarge)
        );
    }
}
