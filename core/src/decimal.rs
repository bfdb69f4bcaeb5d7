//! Strict decimal strings: how every amount, rate and quantity is written on the wire.
//!
//! The accepted form is `-?DIGITS(.DIGITS)?`, for example `"1234.50"`, `"-0.5"` or `"7"`.
//! No plus sign, exponent, spaces, thousands separators or underscores: a backend that
//! sends anything else gets a clear error instead of a guess. JSON numbers are refused,
//! because a JSON number with a fraction would pass through a binary float.
//!
//! Use the serde helpers on `Decimal` fields:
//!
//! ```
//! use rust_decimal::Decimal;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize)]
//! struct Line {
//!     #[serde(with = "settle_core::decimal::wire")]
//!     amount: Decimal,
//! }
//!
//! let line: Line = serde_json::from_str(r#"{"amount":"12.30"}"#).unwrap();
//! assert_eq!(serde_json::to_string(&line).unwrap(), r#"{"amount":"12.30"}"#);
//! assert!(serde_json::from_str::<Line>(r#"{"amount":12.3}"#).is_err());
//! ```

use rust_decimal::Decimal;

use crate::message::{display_by_message, Explain, Message, Value};

/// Why a decimal string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    /// The text is not of the form `-?DIGITS(.DIGITS)?`.
    Syntax(String),
    /// The number has more than the 28 significant digits a decimal can hold.
    TooManyDigits(String),
}

impl Explain for DecimalError {
    fn message(&self) -> Message {
        match self {
            DecimalError::Syntax(text) => Message::new(
                "'{}' is not a decimal number: write digits with an optional minus sign and one decimal point, like \"1234.50\"",
                vec![Value::verbatim(text)],
            ),
            DecimalError::TooManyDigits(text) => Message::new(
                "'{}' has too many digits: at most 28 significant digits are supported",
                vec![Value::verbatim(text)],
            ),
        }
    }
}

display_by_message!(DecimalError);

/// Parses a strict decimal string (see the module docs).
///
/// The value is built from its digits rather than by `Decimal::from_str`, which also reads
/// exponents and rounds past 28 significant digits (both refused here), and whose code is
/// most of what the app's first load would carry of rust_decimal.
pub fn parse_decimal(text: &str) -> Result<Decimal, DecimalError> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !fraction.is_none_or(all_digits) {
        return Err(DecimalError::Syntax(text.to_owned()));
    }
    let too_many = || DecimalError::TooManyDigits(text.to_owned());
    let fraction = fraction.unwrap_or_default();
    let mut mantissa: i128 = 0;
    for byte in whole.bytes().chain(fraction.bytes()) {
        mantissa = mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(i128::from(byte - b'0')))
            .ok_or_else(too_many)?;
    }
    let scale = u32::try_from(fraction.len()).map_err(|_| too_many())?;
    // Fails past the 96-bit mantissa or a scale of 28: more digits than a decimal holds.
    let mut value = Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| too_many())?;
    // No negative zero: "-0" is zero, as everywhere else.
    value.set_sign_negative(negative && mantissa != 0);
    Ok(value)
}

/// Serde helper for `Decimal` fields: a strict decimal string on the wire.
pub mod wire {
    use rust_decimal::Decimal;
    use serde::{de, Deserialize, Deserializer, Serializer};

    /// Writes the decimal as a string, keeping its scale (`"12.30"` stays `"12.30"`).
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    /// Reads a strict decimal string; JSON numbers are refused.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        super::parse_decimal(&text).map_err(de::Error::custom)
    }
}

/// Serde helper for `Option<Decimal>` fields: a strict decimal string or `null`.
pub mod wire_option {
    use rust_decimal::Decimal;
    use serde::{de, Deserialize, Deserializer, Serializer};

    /// Writes the decimal as a string, or `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.collect_str(value),
            None => serializer.serialize_none(),
        }
    }

    /// Reads a strict decimal string or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        let text = <Option<std::borrow::Cow<'de, str>>>::deserialize(deserializer)?;
        text.map(|text| super::parse_decimal(&text).map_err(de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    #[test]
    fn accepts_plain_decimals() {
        for text in [
            "0", "7", "-7", "1234.50", "0.001", "-0.5", "007.10", "-0", "-0.00",
        ] {
            let value = parse_decimal(text).unwrap();
            assert_eq!(value, Decimal::from_str(text).unwrap(), "{text}");
            assert_eq!(
                value.to_string(),
                Decimal::from_str(text).unwrap().to_string()
            );
        }
        assert_eq!(parse_decimal("1234.50").unwrap().to_string(), "1234.50");
    }

    #[test]
    fn refuses_anything_else() {
        for text in [
            "", "-", ".5", "5.", "+5", "1e3", "1,234.50", "1_000", " 1", "1 ", "1.2.3", "--1",
            "0x10", "NaN", "١٢",
        ] {
            assert_eq!(
                parse_decimal(text),
                Err(DecimalError::Syntax(text.to_owned())),
                "{text:?}"
            );
        }
    }

    #[test]
    fn refuses_more_digits_than_a_decimal_holds() {
        let text = "1.00000000000000000000000000001";
        assert_eq!(
            parse_decimal(text),
            Err(DecimalError::TooManyDigits(text.to_owned()))
        );
        assert!(parse_decimal("99999999999999999999999999999999").is_err());
        assert!(parse_decimal(&format!("1{}", "0".repeat(40))).is_err());
        assert_eq!(
            parse_decimal(&format!("{}1.5", "0".repeat(60))).unwrap(),
            Decimal::new(15, 1)
        );
    }

    proptest::proptest! {
        /// Whatever the digits, the value is `Decimal::from_str`'s whenever that keeps
        /// every digit written, and a refusal when it would have to round.
        #[test]
        fn reads_digits_as_from_str_does_without_rounding(
            negative: bool,
            whole in "[0-9]{1,32}",
            fraction in proptest::option::of("[0-9]{1,32}"),
        ) {
            let text = format!(
                "{}{whole}{}",
                if negative { "-" } else { "" },
                fraction.as_ref().map(|f| format!(".{f}")).unwrap_or_default()
            );
            let written = fraction.as_ref().map_or(0, String::len);
            match Decimal::from_str(&text) {
                Ok(expected) if expected.scale() as usize == written => {
                    let value = parse_decimal(&text).unwrap();
                    proptest::prop_assert_eq!(value, expected);
                    proptest::prop_assert_eq!(value.to_string(), expected.to_string());
                }
                _ => proptest::prop_assert_eq!(
                    parse_decimal(&text),
                    Err(DecimalError::TooManyDigits(text.clone()))
                ),
            }
        }
    }

    #[test]
    fn serde_refuses_json_numbers_and_accepts_null_for_options() {
        #[derive(serde::Deserialize, Debug)]
        struct Both {
            #[serde(with = "wire")]
            a: Decimal,
            #[serde(default, with = "wire_option")]
            b: Option<Decimal>,
        }
        let both: Both = serde_json::from_str(r#"{"a":"1.50","b":null}"#).unwrap();
        assert_eq!(both.a.to_string(), "1.50");
        assert_eq!(both.b, None);
        let both: Both = serde_json::from_str(r#"{"a":"1","b":"2.25"}"#).unwrap();
        assert_eq!(both.b.unwrap().to_string(), "2.25");
        let both: Both = serde_json::from_str(r#"{"a":"1"}"#).unwrap();
        assert_eq!(both.b, None);
        assert!(serde_json::from_str::<Both>(r#"{"a":1.5}"#).is_err());
        assert!(serde_json::from_str::<Both>(r#"{"a":"1e2"}"#).is_err());
    }
}
