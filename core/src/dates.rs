//! Dates on the wire: a calendar day as `YYYY-MM-DD`, an instant as RFC 3339
//! (`2024-05-01T09:30:00Z`, `2024-05-01T10:30:00.250+01:00`).
//!
//! chrono reads both already; these readers exist for the records the app decodes before
//! its first screen (the account and the session). chrono's reader goes through its
//! general format-string parser, RFC 2822 included, which would otherwise be part of
//! every first load. Written values are chrono's own: `serialize` is the same.
//!
//! ```
//! use chrono::{DateTime, NaiveDate, Utc};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Due {
//!     #[serde(with = "settle_core::dates::day")]
//!     date: NaiveDate,
//!     #[serde(with = "settle_core::dates::instant")]
//!     at: DateTime<Utc>,
//! }
//!
//! let due: Due =
//!     serde_json::from_str(r#"{"date":"2024-05-01","at":"2024-05-01T10:30:00+01:00"}"#).unwrap();
//! assert_eq!(due.date, NaiveDate::from_ymd_opt(2024, 5, 1).unwrap());
//! assert_eq!(due.at.to_rfc3339(), "2024-05-01T09:30:00+00:00");
//! ```

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};

/// Reads `YYYY-MM-DD`, a real day of the calendar.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = number(&bytes[0..4])?;
    let month = number(&bytes[5..7])?;
    let day = number(&bytes[8..10])?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// Reads an RFC 3339 instant: a day, `T` (or `t` or a space), `HH:MM:SS`, an optional
/// fraction of up to nine digits, and `Z` or an offset `+HH:MM`/`-HH:MM`.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    let day = parse_day(text.get(..10)?)?;
    let clock = &bytes[11..19];
    if clock[2] != b':' || clock[5] != b':' {
        return None;
    }
    let (hour, minute, second) = (
        number(&clock[0..2])?,
        number(&clock[3..5])?,
        number(&clock[6..8])?,
    );
    let mut rest = &bytes[19..];
    let mut nanos = 0;
    if let Some(fraction) = rest.strip_prefix(b".") {
        let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        nanos = number(&fraction[..digits])? * 10u32.pow(9 - digits as u32);
        rest = &fraction[digits..];
    }
    let offset_seconds = match rest {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (hours, minutes) = (number(&[*h1, *h2])?, number(&[*m1, *m2])?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    // A leap second (:60) is chrono's 59th second with a nanosecond count past a billion.
    let time = if second == 60 {
        NaiveTime::from_hms_nano_opt(hour, minute, 59, 1_000_000_000 + nanos)?
    } else {
        NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?
    };
    let local = day.and_time(time);
    let utc = local.checked_sub_signed(TimeDelta::seconds(offset_seconds))?;
    Some(utc.and_utc())
}

/// The value of a run of ASCII digits.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |value, &byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u32::from(byte - b'0'))
    })
}

/// Serde helper for `NaiveDate` fields: `YYYY-MM-DD`.
pub mod day {
    use chrono::NaiveDate;
    use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the day as chrono does.
    pub fn serialize<S: Serializer>(value: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    /// Reads `YYYY-MM-DD`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        super::parse_day(&text).ok_or_else(|| {
            de::Error::custom(format_args!("'{text}' is not a date written as YYYY-MM-DD"))
        })
    }
}

/// Serde helper for `DateTime<Utc>` fields: RFC 3339.
pub mod instant {
    use chrono::{DateTime, Utc};
    use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the instant as chrono does.
    pub fn serialize<S: Serializer>(
        value: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    /// Reads an RFC 3339 instant.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        super::parse_instant(&text).ok_or_else(|| {
            de::Error::custom(format_args!(
                "'{text}' is not a date and time in RFC 3339 form, like 2024-05-01T09:30:00Z"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_days_of_the_calendar_only() {
        assert_eq!(
            parse_day("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        for text in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "2024-01-01T",
            " 2024-01-01",
            "+2024-01-0",
            "2024-01-3a",
            "",
        ] {
            assert_eq!(parse_day(text), None, "{text:?}");
        }
    }

    #[test]
    fn reads_instants_with_their_offsets() {
        let utc = |text| DateTime::parse_from_rfc3339(text).unwrap().to_utc();
        for text in [
            "2024-05-01T09:30:00Z",
            "2024-05-01t09:30:00z",
            "2024-05-01 09:30:00Z",
            "2024-05-01T10:30:00.250+01:00",
            "2024-05-01T00:30:00.123456789-09:30",
            "2016-12-31T23:59:60Z",
        ] {
            assert_eq!(parse_instant(text), Some(utc(text)), "{text}");
        }
        for text in [
            "2024-05-01T09:30:00",
            "2024-05-01T09:30Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T09:30:00.Z",
            "2024-05-01T09:30:00.1234567891Z",
            "2024-05-01T09:30:00+0100",
            "2024-05-01T09:30:00+24:00",
            "2024-05-01T09:30:00Z ",
            "2024-02-30T09:30:00Z",
            "2024-05-01X09:30:00Z",
        ] {
            assert_eq!(parse_instant(text), None, "{text}");
        }
    }

    #[test]
    fn serde_names_the_text_it_refuses() {
        #[derive(serde::Deserialize, Debug)]
        struct Both {
            #[serde(with = "day")]
            _day: NaiveDate,
            #[serde(with = "instant")]
            _at: DateTime<Utc>,
        }
        let error = serde_json::from_str::<Both>(r#"{"_day":"1 May","_at":"x"}"#).unwrap_err();
        assert!(
            error.to_string().contains("'1 May' is not a date"),
            "{error}"
        );
        let error =
            serde_json::from_str::<Both>(r#"{"_day":"2024-05-01","_at":"noon"}"#).unwrap_err();
        assert!(
            error.to_string().contains("'noon' is not a date and time"),
            "{error}"
        );
    }

    proptest! {
        /// Every instant chrono writes reads back as itself.
        #[test]
        fn reads_what_chrono_writes(seconds in -62_135_596_800i64..253_402_300_799, nanos in 0u32..1_000_000_000, offset_minutes in -1439i32..1440) {
            let at = DateTime::from_timestamp(seconds, nanos).unwrap();
            prop_assert_eq!(parse_instant(&at.to_rfc3339()), Some(at));
            let written = serde_json::to_value(at).unwrap();
            prop_assert_eq!(parse_instant(written.as_str().unwrap()), Some(at));
            let offset = chrono::FixedOffset::east_opt(offset_minutes * 60).unwrap();
            let shifted = at.with_timezone(&offset).to_rfc3339();
            prop_assert_eq!(parse_instant(&shifted), Some(at));
            prop_assert_eq!(parse_day(&at.date_naive().to_string()), Some(at.date_naive()));
        }

        /// Whatever the text, an instant read is the one chrono reads from it.
        #[test]
        fn never_reads_what_chrono_would_not(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,10})?([Zz]|[+-][0-9]{2}:[0-9]{2})") {
            if let Some(at) = parse_instant(&text) {
                let chrono = DateTime::parse_from_rfc3339(&text).map(|at| at.to_utc());
                prop_assert_eq!(Ok(at), chrono);
            }
        }
    }
}
