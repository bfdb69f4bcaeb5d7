//! Converting single values between a backend's way of writing them and Settle's:
//! amounts (minor units or decimals, never through a float's arithmetic), dates and
//! instants (chrono formats or RFC 3339, a date only standing for a stated time), and
//! times of day.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, Utc};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::currency::Currency;
use crate::decimal::parse_decimal;
use crate::money::Money;
use crate::profile::format::Amounts;

/// The format name that means RFC 3339 (`2024-03-31T09:30:00Z`).
pub const RFC3339: &str = "rfc3339";
/// Dates when a profile names no format.
pub const DEFAULT_DATE_FORMAT: &str = "%Y-%m-%d";

/// The most significant digits a JSON number may have to be read exactly: any decimal of
/// up to 15 digits survives the trip through a binary float and back to the shortest
/// text, so the text we read is the text the backend wrote.
const EXACT_DIGITS: usize = 15;

/// Reads a decimal written as a JSON string or number, exactly.
pub fn read_number(value: &Value) -> Result<Decimal, String> {
    match value {
        Value::String(text) => parse_decimal(text).map_err(|error| error.to_string()),
        Value::Number(number) => {
            if let Some(whole) = number.as_i64() {
                return Ok(Decimal::from(whole));
            }
            if let Some(whole) = number.as_u64() {
                return Ok(Decimal::from(whole));
            }
            // The shortest text that reads back as the same float: for up to 15
            // significant digits, the very text the backend wrote.
            let text = number.to_string();
            if significant_digits(&text) > EXACT_DIGITS {
                return Err(format!(
                    "the number {text} has more than {EXACT_DIGITS} significant digits, too many to read exactly; the backend should send it as a string"
                ));
            }
            let read = if text.contains(['e', 'E']) {
                Decimal::from_scientific(&text).map_err(|_| ())
            } else {
                parse_decimal(&text).map_err(|_| ())
            };
            read.map(|number| number.normalize())
                .map_err(|()| format!("the number {text} is out of range"))
        }
        _ => Err("expected a number or a decimal string".to_owned()),
    }
}

fn significant_digits(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len()
}

/// Reads an amount of `currency` written as `style`; refuses amounts finer than the
/// currency's minor units.
pub fn read_amount(value: &Value, currency: Currency, style: Amounts) -> Result<Money, String> {
    match style {
        Amounts::MinorUnits => match value {
            Value::String(text) => Money::parse_minor(text, currency).map_err(|e| e.to_string()),
            Value::Number(number) => match number.as_i64() {
                Some(minor) => Money::from_minor(minor, currency).map_err(|e| e.to_string()),
                None => Err(format!(
                    "expected a whole number of minor units, found {number}"
                )),
            },
            _ => Err("expected a whole number of minor units".to_owned()),
        },
        Amounts::Decimal | Amounts::DecimalNumber => {
            Money::new(read_number(value)?, currency).map_err(|e| e.to_string())
        }
    }
}

/// Writes an amount as `style` asks.
pub fn write_amount(amount: &Money, style: Amounts) -> Result<Value, String> {
    match style {
        Amounts::Decimal => Ok(Value::String(amount.amount().to_string())),
        Amounts::MinorUnits => Ok(Value::from(amount.to_minor())),
        Amounts::DecimalNumber => {
            let number = amount.amount().normalize();
            let text = number.to_string();
            if number.scale() == 0 {
                if let Ok(whole) = i64::try_from(number.mantissa()) {
                    return Ok(Value::from(whole));
                }
            }
            // serde_json holds fractional numbers as floats; with at most 15 significant
            // digits the float is written back as exactly this text.
            if significant_digits(&text) > EXACT_DIGITS {
                return Err(format!(
                    "{text} has too many digits to send exactly as a JSON number"
                ));
            }
            text.parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| format!("{text} cannot be written as a JSON number"))
        }
    }
}

/// Why `format` is not a usable chrono format (or `rfc3339` where allowed for instants).
/// A format must read back what it writes, so one the loader accepts works on every
/// record: `%Y-%m` (no day) or `%H:%M` (no date) never would.
pub fn format_problem(format: &str, rfc3339_allowed: bool) -> Option<String> {
    if format == RFC3339 {
        return (!rfc3339_allowed).then(|| "rfc3339 is for instants, not dates".to_owned());
    }
    if let Some(problem) = chrono_problem(format) {
        return Some(problem);
    }
    let day = NaiveDate::from_ymd_opt(2024, 3, 31).unwrap_or_default();
    let reads_back = if rfc3339_allowed {
        let at = day.and_hms_opt(9, 30, 15).unwrap_or_default().and_utc();
        let written = Value::String(write_date_time(at, format));
        read_date_time(&written, format).is_ok_and(|read| read.date_naive() == day)
    } else {
        read_date(&Value::String(write_date(day, format)), format) == Ok(day)
    };
    (!reads_back).then(|| {
        format!(
            "'{format}' cannot be read back as a date: it needs the year, the month and the day"
        )
    })
}

/// Why `format` is not a usable format for times of day.
pub fn time_format_problem(format: &str) -> Option<String> {
    if let Some(problem) = chrono_problem(format) {
        return Some(problem);
    }
    let time = NaiveTime::from_hms_opt(21, 30, 0).unwrap_or_default();
    let written = Value::String(time.format(format).to_string());
    (read_time(&written, Some(format)) != Ok(time)).then(|| {
        format!("'{format}' cannot be read back as a time of day: it needs the hour and the minute")
    })
}

fn chrono_problem(format: &str) -> Option<String> {
    if format.is_empty() {
        return Some("a date format cannot be empty".to_owned());
    }
    if StrftimeItems::new(format).any(|item| matches!(item, Item::Error)) {
        return Some(format!(
            "'{format}' is not a date format: use chrono's % codes, like %Y-%m-%d"
        ));
    }
    None
}

/// The time and offset a date-only instant stands for: `"12:00"`, `"12:00Z"`,
/// `"09:00+01:00"`, `"17:30:00-05:00"`. Offsets, not zone names: the app carries no zone
/// database.
pub fn read_at(text: &str) -> Result<(NaiveTime, FixedOffset), String> {
    let split = text.find(['+', '-', 'Z']).unwrap_or(text.len());
    let (time, offset) = text.split_at(split);
    let time = NaiveTime::parse_from_str(time, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"));
    let offset = match offset {
        "" | "Z" => FixedOffset::east_opt(0),
        offset => {
            DateTime::parse_from_str(&format!("2024-01-01T00:00{offset}"), "%Y-%m-%dT%H:%M%:z")
                .ok()
                .map(|at| *at.offset())
        }
    };
    match (time, offset) {
        (Ok(time), Some(offset)) => Ok((time, offset)),
        _ => Err(format!(
            "'{text}' is not a time with an optional UTC offset, like 12:00 or 09:00+01:00"
        )),
    }
}

/// Reads a time of day in `format`; without one, `21:30:00` or `21:30`.
pub fn read_time(value: &Value, format: Option<&str>) -> Result<NaiveTime, String> {
    let text = as_text(value)?;
    let read = match format {
        Some(format) => NaiveTime::parse_from_str(&text, format),
        None => NaiveTime::parse_from_str(&text, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(&text, "%H:%M")),
    };
    read.map_err(|_| {
        format!(
            "'{text}' is not a time of day{}",
            match format {
                Some(format) => format!(" in the format {format}"),
                None => " like 21:30".to_owned(),
            }
        )
    })
}

/// Writes a time of day in `format`, or Settle's `21:30:00`.
pub fn write_time(time: NaiveTime, format: Option<&str>) -> String {
    time.format(format.unwrap_or("%H:%M:%S")).to_string()
}

/// A date or instant is text, or a whole number for formats like `%s`.
fn as_text(value: &Value) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Number(number) if number.is_i64() => Ok(number.to_string()),
        _ => Err("expected a date as text".to_owned()),
    }
}

/// Reads a date written in `format`.
pub fn read_date(value: &Value, format: &str) -> Result<NaiveDate, String> {
    let text = as_text(value)?;
    NaiveDate::parse_from_str(&text, format)
        .map_err(|_| format!("'{text}' is not a date in the format {format}"))
}

/// Reads an instant written in `format`; without an offset it is taken as UTC, and a
/// date alone as midnight UTC.
pub fn read_date_time(value: &Value, format: &str) -> Result<DateTime<Utc>, String> {
    read_date_time_at(value, format, None)
}

/// Reads an instant written in `format`; a date alone stands for `at` (a time and
/// offset, [`read_at`]), midnight UTC when `None`.
pub fn read_date_time_at(
    value: &Value,
    format: &str,
    at: Option<(NaiveTime, FixedOffset)>,
) -> Result<DateTime<Utc>, String> {
    let text = as_text(value)?;
    let read = if format == RFC3339 {
        DateTime::parse_from_rfc3339(&text).map(|at| at.with_timezone(&Utc))
    } else {
        DateTime::parse_from_str(&text, format)
            .map(|at| at.with_timezone(&Utc))
            .or_else(|_| NaiveDateTime::parse_from_str(&text, format).map(|at| at.and_utc()))
    };
    let date_only = || {
        let (time, offset) = at.unwrap_or((NaiveTime::MIN, FixedOffset::east_opt(0)?));
        let day = NaiveDate::parse_from_str(&text, format).ok()?;
        day.and_time(time)
            .and_local_timezone(offset)
            .single()
            .map(|at| at.with_timezone(&Utc))
    };
    read.ok()
        .or_else(|| (format != RFC3339).then(date_only).flatten())
        .ok_or_else(|| format!("'{text}' is not a date and time in the format {format}"))
}

/// Writes a date in `format`.
pub fn write_date(date: NaiveDate, format: &str) -> String {
    date.format(format).to_string()
}

/// Writes an instant in `format` (UTC).
pub fn write_date_time(at: DateTime<Utc>, format: &str) -> String {
    if format == RFC3339 {
        at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    } else {
        at.format(format).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn gbp(text: &str) -> Money {
        Money::parse(text, Currency::GBP).unwrap()
    }

    #[test]
    fn amounts_in_every_style() {
        let amount = gbp("1234.50");
        assert_eq!(
            read_amount(&json!(123450), Currency::GBP, Amounts::MinorUnits),
            Ok(amount)
        );
        assert_eq!(
            read_amount(&json!("123450"), Currency::GBP, Amounts::MinorUnits),
            Ok(amount)
        );
        assert_eq!(
            read_amount(&json!(1234.5), Currency::GBP, Amounts::Decimal),
            Ok(amount)
        );
        assert_eq!(
            read_amount(&json!("1234.50"), Currency::GBP, Amounts::DecimalNumber),
            Ok(amount)
        );
        assert_eq!(
            write_amount(&amount, Amounts::Decimal),
            Ok(json!("1234.50"))
        );
        assert_eq!(
            write_amount(&amount, Amounts::MinorUnits),
            Ok(json!(123450))
        );
        assert_eq!(
            write_amount(&amount, Amounts::DecimalNumber),
            Ok(json!(1234.5))
        );
        let yen = Money::parse("500", Currency::JPY).unwrap();
        assert_eq!(write_amount(&yen, Amounts::DecimalNumber), Ok(json!(500)));
    }

    #[test]
    fn bad_amounts_say_why() {
        let too_fine = read_amount(&json!(1.005), Currency::GBP, Amounts::Decimal);
        assert!(too_fine.unwrap_err().contains("1.005"));
        let fraction = read_amount(&json!(12.5), Currency::GBP, Amounts::MinorUnits);
        assert!(fraction
            .unwrap_err()
            .contains("whole number of minor units"));
        let long = read_amount(&json!(0.1234567890123456), Currency::GBP, Amounts::Decimal);
        assert!(long.unwrap_err().contains("send it as a string"));
        assert!(read_amount(&json!(true), Currency::GBP, Amounts::Decimal).is_err());
        assert!(read_amount(&json!("1,50"), Currency::GBP, Amounts::Decimal).is_err());
    }

    #[test]
    fn dates_in_formats() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
        assert_eq!(read_date(&json!("31/03/2024"), "%d/%m/%Y"), Ok(day));
        assert!(read_date(&json!("2024-31-03"), DEFAULT_DATE_FORMAT)
            .unwrap_err()
            .contains("'2024-31-03' is not a date"));
        let at = read_date_time(&json!("2024-03-31T10:00:00+01:00"), RFC3339).unwrap();
        assert_eq!(write_date_time(at, RFC3339), "2024-03-31T09:00:00Z");
        let naive = read_date_time(&json!("2024-03-31 09:00"), "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(naive, at);
        let epoch = read_date_time(&json!(1711875600), "%s").unwrap();
        assert_eq!(epoch, at);
        assert_eq!(write_date(day, "%d.%m.%Y"), "31.03.2024");
        assert!(format_problem("%Y-%m-%d", false).is_none());
        assert!(format_problem("%Q", false).is_some());
        assert!(format_problem(RFC3339, false).is_some());
        assert!(format_problem(RFC3339, true).is_none());
    }

    proptest! {
        /// Minor units and decimals convert into each other exactly, in every currency.
        #[test]
        fn minor_units_and_decimals_agree(minor in -999_999_999_999i64..999_999_999_999, index in 0usize..Currency::ALL.len()) {
            let currency = Currency::ALL[index];
            let money = Money::from_minor(minor, currency).unwrap();
            for style in [Amounts::Decimal, Amounts::MinorUnits, Amounts::DecimalNumber] {
                let written = write_amount(&money, style).unwrap();
                prop_assert_eq!(read_amount(&written, currency, style), Ok(money));
            }
            let text = Value::String(money.amount().to_string());
            let from_text = read_amount(&text, currency, Amounts::Decimal).unwrap();
            prop_assert_eq!(from_text.to_minor(), minor);
        }

        /// A JSON number with up to 15 significant digits reads as exactly the decimal
        /// written, though serde_json holds it as a float.
        #[test]
        fn json_numbers_read_exactly(mantissa in -999_999_999_999_999i64..999_999_999_999_999, scale in 0u32..16) {
            let written = Decimal::new(mantissa, scale);
            let json: Value = serde_json::from_str(&written.to_string()).unwrap();
            prop_assert_eq!(read_number(&json), Ok(written.normalize()));
        }
    }
}
