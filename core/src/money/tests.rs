//! Money: parsing to the currency's scale, minor units, never mixing currencies, named
//! rounding, and splits that add up.

use super::*;
use proptest::prelude::*;

fn gbp(text: &str) -> Money {
    Money::parse(text, Currency::GBP).unwrap()
}

#[test]
fn limit_is_ten_to_the_fourteen() {
    assert_eq!(AMOUNT_LIMIT, Decimal::from(100_000_000_000_000_i64));
}

#[test]
fn parses_api_strings_to_the_currency_scale() {
    assert_eq!(gbp("1234.50").to_string(), "1234.50 GBP");
    assert_eq!(gbp("1234.5").amount().to_string(), "1234.50");
    assert_eq!(gbp("7").amount().to_string(), "7.00");
    assert_eq!(gbp("1.500").amount().to_string(), "1.50");
    assert_eq!(gbp("-0.00").amount().to_string(), "0.00");
    let yen = Money::parse("1234", Currency::JPY).unwrap();
    assert_eq!(yen.amount().to_string(), "1234");
    let dinar = Money::parse("1.25", Currency::KWD).unwrap();
    assert_eq!(dinar.amount().to_string(), "1.250");
}

#[test]
fn refuses_amounts_finer_than_the_currency() {
    let error = Money::parse("1234.505", Currency::GBP).unwrap_err();
    assert_eq!(
        error.to_string(),
        "1234.505 is finer than GBP allows: GBP amounts have at most 2 decimal places"
    );
    assert!(matches!(
        Money::parse("100.5", Currency::JPY),
        Err(MoneyError::TooFine { minor_units: 0, .. })
    ));
    assert!(matches!(
        Money::parse("1.2345", Currency::KWD),
        Err(MoneyError::TooFine { minor_units: 3, .. })
    ));
    assert!(Money::parse("100.0", Currency::JPY).is_ok());
}

#[test]
fn refuses_malformed_and_huge_amounts() {
    assert!(matches!(
        Money::parse("1,234.50", Currency::GBP),
        Err(MoneyError::Syntax(_))
    ));
    assert!(matches!(
        Money::parse("100000000000000", Currency::GBP),
        Err(MoneyError::TooLarge { .. })
    ));
    assert!(Money::parse("99999999999999.99", Currency::GBP).is_ok());
}

#[test]
fn minor_units_both_ways() {
    let money = Money::parse_minor("123450", Currency::GBP).unwrap();
    assert_eq!(money, gbp("1234.50"));
    assert_eq!(money.to_minor(), 123_450);
    assert_eq!(
        Money::from_minor(-5, Currency::KWD).unwrap().to_string(),
        "-0.005 KWD"
    );
    assert_eq!(
        Money::from_minor(500, Currency::JPY).unwrap().to_string(),
        "500 JPY"
    );
    assert!(matches!(
        Money::parse_minor("12.5", Currency::GBP),
        Err(MoneyError::NotMinorUnits { .. })
    ));
    assert!(matches!(
        Money::parse_minor("99999999999999999999", Currency::GBP),
        Err(MoneyError::TooLarge { .. })
    ));
    assert!(matches!(
        Money::from_minor(i64::MAX, Currency::GBP),
        Err(MoneyError::TooLarge { .. })
    ));
}

#[test]
fn reads_json_values_per_profile_format() {
    use serde_json::json;
    let read = |value, format| Money::from_json(&value, Currency::GBP, format);
    assert_eq!(
        read(json!("12.34"), AmountFormat::Decimal),
        Ok(gbp("12.34"))
    );
    assert_eq!(read(json!(12), AmountFormat::Decimal), Ok(gbp("12")));
    assert_eq!(
        read(json!(1234), AmountFormat::MinorUnits),
        Ok(gbp("12.34"))
    );
    assert_eq!(
        read(json!("1234"), AmountFormat::MinorUnits),
        Ok(gbp("12.34"))
    );
    assert_eq!(
        read(json!(12.34), AmountFormat::Decimal),
        Err(MoneyError::InexactNumber)
    );
    assert_eq!(
        read(json!(null), AmountFormat::Decimal),
        Err(MoneyError::NotAnAmount)
    );
    assert!(matches!(
        read(json!(u64::MAX), AmountFormat::MinorUnits),
        Err(MoneyError::TooLarge { .. })
    ));
}

#[test]
fn never_mixes_currencies() {
    let pounds = gbp("1.00");
    let euros = Money::parse("1.00", Currency::EUR).unwrap();
    let mismatch = MoneyError::CurrencyMismatch {
        left: Currency::GBP,
        right: Currency::EUR,
    };
    assert_eq!(pounds.checked_add(&euros), Err(mismatch.clone()));
    assert_eq!(pounds.checked_sub(&euros), Err(mismatch.clone()));
    assert_eq!(pounds.checked_cmp(&euros), Err(mismatch));
    assert!(Money::sum([&pounds, &euros], Currency::GBP).is_err());
    assert_eq!(Money::sum([&pounds, &pounds], Currency::GBP), Ok(gbp("2")));
    assert_ne!(pounds, euros);
}

#[test]
fn rounding_is_named() {
    let amount = Decimal::new(125, 3); // 0.125
    let round = |rule| {
        Money::rounded(amount, Currency::GBP, rule)
            .unwrap()
            .amount()
    };
    assert_eq!(round(Rounding::HalfAwayFromZero).to_string(), "0.13");
    assert_eq!(round(Rounding::HalfEven).to_string(), "0.12");
    assert_eq!(round(Rounding::TowardZero).to_string(), "0.12");
    assert_eq!(round(Rounding::AwayFromZero).to_string(), "0.13");
    let negative = Money::rounded(-amount, Currency::GBP, Rounding::HalfAwayFromZero).unwrap();
    assert_eq!(negative.amount().to_string(), "-0.13");
    let interest = gbp("1000.00")
        .times(Decimal::new(333, 4), Rounding::TowardZero)
        .unwrap();
    assert_eq!(interest, gbp("33.30"));
}

#[test]
fn split_adds_up_and_says_where_the_remainder_goes() {
    let parts = gbp("100.00").split(3, RemainderPlacement::First);
    let texts: Vec<_> = parts.iter().map(|p| p.amount().to_string()).collect();
    assert_eq!(texts, ["33.34", "33.33", "33.33"]);
    let parts = gbp("100.00").split(3, RemainderPlacement::Last);
    let texts: Vec<_> = parts.iter().map(|p| p.amount().to_string()).collect();
    assert_eq!(texts, ["33.33", "33.33", "33.34"]);
    let parts = gbp("-0.05").split(3, RemainderPlacement::First);
    let texts: Vec<_> = parts.iter().map(|p| p.amount().to_string()).collect();
    assert_eq!(texts, ["-0.02", "-0.02", "-0.01"]);
    assert!(gbp("1").split(0, RemainderPlacement::First).is_empty());
}

#[test]
fn stand_alone_serde_checks_the_currency_scale() {
    let json = serde_json::to_string(&gbp("5.1")).unwrap();
    assert_eq!(json, r#"{"amount":"5.10","currency":"GBP"}"#);
    assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), gbp("5.10"));
    let error = serde_json::from_str::<Money>(r#"{"amount":"5.5","currency":"JPY"}"#)
        .unwrap_err()
        .to_string();
    assert!(error.contains("finer than JPY allows"), "{error}");
}

fn currency() -> impl Strategy<Value = Currency> {
    proptest::sample::select(Currency::ALL)
}

proptest! {
    // Cheap cases: ten thousand each.
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Formatting then parsing gives back the same amount, in both wire formats.
    #[test]
    fn parsing_round_trips(
        minor in -99_999_999_999_999_i64..=99_999_999_999_999_i64,
        currency in currency(),
    ) {
        let money = Money::from_minor(minor, currency).unwrap();
        let text = money.amount().to_string();
        prop_assert_eq!(Money::parse(&text, currency).unwrap(), money);
        prop_assert_eq!(Money::parse_minor(&minor.to_string(), currency).unwrap(), money);
        prop_assert_eq!(money.to_minor(), minor);
        let json = serde_json::to_string(&money).unwrap();
        prop_assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), money);
    }

    /// An extra decimal place beyond the currency's is always refused.
    #[test]
    fn finer_amounts_are_refused(
        minor in -999_999_999_i64..=999_999_999_i64,
        digit in 1_u8..=9,
        currency in currency(),
    ) {
        let text = format!("{}{}", Money::from_minor(minor, currency).unwrap().amount(), digit);
        let text = if currency.minor_units() == 0 { format!("{text}.{digit}") } else { text };
        let refused = matches!(
            Money::parse(&text, currency),
            Err(MoneyError::TooFine { .. })
        );
        prop_assert!(refused, "{} accepted in {}", text, currency);
    }

    /// A split always adds up exactly and its parts differ by at most one minor unit.
    #[test]
    fn split_adds_up(
        minor in -1_000_000_000_i64..=1_000_000_000_i64,
        parts in 1_u32..=120,
        currency in currency(),
        last in any::<bool>(),
    ) {
        let money = Money::from_minor(minor, currency).unwrap();
        let placement = if last { RemainderPlacement::Last } else { RemainderPlacement::First };
        let split = money.split(parts, placement);
        prop_assert_eq!(split.len(), parts as usize);
        prop_assert_eq!(Money::sum(&split, currency).unwrap(), money);
        let smallest = split.iter().map(Money::to_minor).min().unwrap();
        let largest = split.iter().map(Money::to_minor).max().unwrap();
        prop_assert!(largest - smallest <= 1);
    }

    /// Every named rounding lands on a whole minor unit less than one minor unit from
    /// the exact value, on the side its name says; an amount already exact is kept.
    #[test]
    fn rounding_goes_the_named_way(
        mantissa in -10_000_000_000_i64..=10_000_000_000,
        extra_places in 0_u32..=6,
        currency in currency(),
    ) {
        let exact = Decimal::new(mantissa, currency.minor_units() + extra_places);
        let one = Decimal::new(1, currency.minor_units());
        for rule in Rounding::ALL {
            let rounded = Money::rounded(exact, currency, rule).unwrap().amount();
            prop_assert_eq!(rounded.scale(), currency.minor_units());
            let gap = (rounded - exact).abs();
            prop_assert!(gap < one, "{} rounded {:?} to {}", exact, rule, rounded);
            if exact.round_dp(currency.minor_units()) == exact {
                prop_assert_eq!(rounded, exact);
            }
            match rule {
                Rounding::TowardZero => prop_assert!(rounded.abs() <= exact.abs()),
                Rounding::AwayFromZero => prop_assert!(rounded.abs() >= exact.abs()),
                Rounding::HalfAwayFromZero | Rounding::HalfEven => {
                    prop_assert!(gap * Decimal::TWO <= one)
                }
            }
        }
    }
}
