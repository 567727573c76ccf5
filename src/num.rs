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
///
/// The text `d.normalize().to_string()` gives (a test holds them equal), made
/// from the mantissa's digits by hand: rust_decimal's `Display` took about
/// 600 instructions a figure, a sixth of all the work of writing results.
pub fn show(d: Decimal) -> String {
    let mut out = String::new();
    show_into(d, &mut out);
    out
}

/// [`show`], appended to `out` (a cell reused row after row).
pub fn show_into(d: Decimal, out: &mut String) {
    // A u128 has at most 39 digits; one more for the sign, one for the point.
    let mut digits = [0u8; 39];
    let mut at = digits.len();
    let mantissa = d.mantissa().unsigned_abs();
    // Within u64 (every figure a rubric can give) the division is cheaper.
    match u64::try_from(mantissa) {
        Ok(mut m) => {
            while m > 0 {
                at -= 1;
                digits[at] = b'0' + (m % 10) as u8;
                m /= 10;
            }
        }
        Err(_) => {
            let mut m = mantissa;
            while m > 0 {
                at -= 1;
                digits[at] = b'0' + (m % 10) as u8;
                m /= 10;
            }
        }
    }
    let mut digits = &digits[at..];
    let mut scale = d.scale() as usize;
    while scale > 0 && digits.last() == Some(&b'0') {
        digits = &digits[..digits.len() - 1];
        scale -= 1;
    }
    // Zero, however written, is "0": nobody wants "-0" or "0.00".
    if digits.is_empty() {
        out.push('0');
        return;
    }
    out.reserve(digits.len() + 3 + scale);
    if d.is_sign_negative() {
        out.push('-');
    }
    if digits.len() > scale {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        out.push_str(text(whole));
        if scale > 0 {
            out.push('.');
            out.push_str(text(fraction));
        }
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', scale - digits.len()));
        out.push_str(text(digits));
    }
}

/// ASCII digits as text (only digits are ever written, so this never fails).
fn text(digits: &[u8]) -> &str {
    std::str::from_utf8(digits).unwrap_or_default()
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
        assert_eq!(show(d("0.050")), "0.05");
        assert_eq!(show(d("-0.0001")), "-0.0001");
        assert_eq!(show(d("1000")), "1000");
        assert_eq!(show(d("-1000.10")), "-1000.1");
        assert_eq!(show(Decimal::MAX), "79228162514264337593543950335");
        assert_eq!(show(Decimal::new(1, 28)), "0.0000000000000000000000000001");
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

    #[test]
    fn midpoints_go_away_from_zero_not_to_even() {
        // the spec's example: 0.125 at precision 2 -> 0.13, and -0.125 -> -0.13 (banker's
        // rounding would give 0.12 and -0.12)
        assert_eq!(round(d("0.125"), 2), d("0.13"));
        assert_eq!(round(d("-0.125"), 2), d("-0.13"));
        // 0.5 -> 1 and -0.5 -> -1 at precision 0 (to even would give 0)
        assert_eq!(round(d("0.5"), 0), d("1"));
        assert_eq!(round(d("-0.5"), 0), d("-1"));
        assert_eq!(round(d("-2.5"), 0), d("-3"));
        // 1.005 is exact here; through f64 it is 1.00499999... and would round to 1
        assert_eq!(round(d("1.005"), 2), d("1.01"));
        // just below a midpoint goes down, at any precision
        assert_eq!(round(d("0.124999"), 2), d("0.12"));
        assert_eq!(round(d("-0.124999"), 2), d("-0.12"));
        assert_eq!(round(d("0.00000000005"), 10), d("0.0000000001"));
    }

    #[test]
    fn rounding_twice_is_not_rounding_once() {
        // why the total is rounded once: 0.1249 -> 0.12 directly, but 0.1249 -> 0.125 (3
        // decimals) -> 0.13 (2 decimals) when rounded in two steps
        assert_eq!(round(d("0.1249"), 2), d("0.12"));
        assert_eq!(round(round(d("0.1249"), 3), 2), d("0.13"));
    }

    #[test]
    fn percent_rounds_to_two_decimals() {
        // 0.4 x 100 = 40; 1/3 x 100 = 33.333... -> 33.33; 0.12345 x 100 = 12.345 -> 12.35
        assert_eq!(percent(d("0.4")), "40%");
        assert_eq!(percent(Decimal::ONE / Decimal::from(3)), "33.33%");
        assert_eq!(percent(d("0.12345")), "12.35%");
        assert_eq!(percent(Decimal::ZERO), "0%");
    }

    /// Decimals from -10^15 to 10^15 with up to 6 decimals (the range points may take).
    fn decimal_in_range() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        (
            -1_000_000_000_000_000_000_000i128..=1_000_000_000_000_000_000_000i128,
            0u32..=6,
        )
            .prop_map(|(units, scale)| {
                // units are millionths; a smaller scale drops trailing digits
                Decimal::from_i128_with_scale(units / 10i128.pow(6 - scale), scale)
            })
    }

    proptest::proptest! {
        #[test]
        fn round_stays_within_half_a_step_and_keeps_precision(
            x in decimal_in_range(),
            precision in 0u32..=6,
        ) {
            let r = round(x, precision);
            let half_step = Decimal::new(5, precision + 1);
            proptest::prop_assert!((r - x).abs() <= half_step, "{} -> {}", x, r);
            proptest::prop_assert!(r.normalize().scale() <= precision, "{} -> {}", x, r);
            // once rounded, rounding again changes nothing
            proptest::prop_assert_eq!(round(r, precision), r);
            // half away from zero is symmetric: -x rounds to -round(x)
            proptest::prop_assert_eq!(round(-x, precision), -r);
            // a midpoint is never rounded toward zero
            if (r - x).abs() == half_step {
                proptest::prop_assert!(r.abs() > x.abs(), "{} -> {}", x, r);
            }
        }

        /// Every decimal rust_decimal can hold, any scale, any sign, zeros too.
        #[test]
        fn show_is_what_display_gives_the_normalized_value(
            mantissa in -(1i128 << 96) + 1..(1i128 << 96),
            zeros in 0u32..=28,
            scale in 0u32..=28,
        ) {
            // Trailing zeros, often: a mantissa times a power of ten within range.
            let m = mantissa / 10i128.pow(zeros) * 10i128.pow(zeros);
            let x = Decimal::from_i128_with_scale(m, scale);
            let n = x.normalize();
            let want = if n.is_zero() { "0".to_string() } else { n.to_string() };
            proptest::prop_assert_eq!(show(x), want);
        }

        #[test]
        fn show_and_parse_round_trip(x in decimal_in_range()) {
            let text = show(x);
            proptest::prop_assert_eq!(parse_decimal(&text), Ok(x));
            proptest::prop_assert!(!text.contains('e') && !text.contains('E'), "{}", text);
            proptest::prop_assert!(text != "-0", "{}", text);
            if text.contains('.') {
                proptest::prop_assert!(!text.ends_with('0') && !text.ends_with('.'), "{}", text);
            }
        }
    }
}
