//! Money: an amount in one currency, exact to that currency's minor unit.
//!
//! A [`Money`] never holds more decimal places than its currency allows, and two amounts in
//! different currencies are never combined: every operation that takes two amounts returns
//! [`MoneyError::CurrencyMismatch`] instead. Anything that could produce a fraction of a
//! minor unit (a percentage, a rate) takes an explicit [`Rounding`].

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::currency::{Currency, UnknownCurrency};
use crate::decimal::{parse_decimal, DecimalError};
use crate::message::{display_by_message, Explain, Message, Value};

/// The largest magnitude an amount may have, exclusive: 10^14 major units (one hundred
/// trillion). It keeps every sum of a realistic account far from overflow and every amount
/// representable as an `i64` count of minor units, even for 4-decimal currencies.
pub const AMOUNT_LIMIT: Decimal = Decimal::from_parts(276_447_232, 23_283, 0, false, 0);

/// An exact amount of one currency. Its scale always equals the currency's minor units, so
/// it prints as `"1234.50"` for GBP, `"1234"` for JPY and `"1.250"` for KWD.
///
/// On the wire (as a stand-alone value) it is `{"amount": "1234.50", "currency": "GBP"}`;
/// records carry one `currency` and plain decimal amounts instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "MoneyWire", into = "MoneyWire")]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

/// Why an amount was refused or an operation on amounts failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The text is not a decimal number.
    Syntax(#[from] DecimalError),
    /// The text is not a whole number of minor units.
    NotMinorUnits {
        /// What was sent.
        text: String,
        /// The currency it was read in.
        currency: Currency,
    },
    /// A JSON number with a fraction: it has been through a binary float and is not exact.
    InexactNumber,
    /// A JSON value that is neither a string nor an integer.
    NotAnAmount,
    /// More decimal places than the currency has.
    TooFine {
        /// The amount as given.
        amount: Decimal,
        /// Its currency.
        currency: Currency,
        /// The currency's minor units.
        minor_units: u32,
    },
    /// The amount's magnitude reaches [`AMOUNT_LIMIT`].
    TooLarge {
        /// The amount, or the result of the operation, that was too large.
        amount: Decimal,
    },
    /// Two amounts in different currencies met.
    CurrencyMismatch {
        /// The currency of the left-hand amount.
        left: Currency,
        /// The currency of the right-hand amount.
        right: Currency,
    },
    /// The currency code is unknown.
    UnknownCurrency(#[from] UnknownCurrency),
}

impl Explain for MoneyError {
    fn message(&self) -> Message {
        match self {
            MoneyError::Syntax(error) => error.message(),
            MoneyError::NotMinorUnits { text, currency } => Message::new(
                "'{}' is not a whole number of minor units of {} (write digits with an optional minus sign, like \"123450\")",
                vec![Value::verbatim(text), Value::verbatim(currency)],
            ),
            MoneyError::InexactNumber => Message::plain(
                "a JSON number with a fraction cannot be read exactly: send the amount as a string, like \"12.34\", or as an integer of minor units",
            ),
            MoneyError::NotAnAmount => Message::plain(
                "an amount must be a string like \"12.34\" or an integer of minor units",
            ),
            MoneyError::TooFine {
                amount,
                currency,
                minor_units,
            } => Message::new(
                "{} is finer than {} allows: {} amounts have at most {} decimal places",
                vec![
                    Value::verbatim(amount),
                    Value::verbatim(currency),
                    Value::verbatim(currency),
                    Value::verbatim(minor_units),
                ],
            ),
            MoneyError::TooLarge { amount } => Message::new(
                "{} is too large: amounts must be smaller than {} in size",
                vec![Value::verbatim(amount), Value::verbatim(AMOUNT_LIMIT)],
            ),
            MoneyError::CurrencyMismatch { left, right } => Message::new(
                "cannot combine {} and {}: amounts in different currencies are never mixed",
                vec![Value::verbatim(left), Value::verbatim(right)],
            ),
            MoneyError::UnknownCurrency(error) => error.message(),
        }
    }
}

display_by_message!(MoneyError);

/// How to round when a calculation produces a fraction of a minor unit. There is no
/// default: every caller names the rule it applies, so it can be shown to the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Nearest minor unit; halves go away from zero (0.125 -> 0.13, -0.125 -> -0.13).
    HalfAwayFromZero,
    /// Nearest minor unit; halves go to the even neighbour (0.125 -> 0.12, 0.135 -> 0.14).
    HalfEven,
    /// Drop the fraction (0.129 -> 0.12, -0.129 -> -0.12). For a charge to the customer this
    /// is the rounding in the customer's favour.
    TowardZero,
    /// Round any fraction up in size (0.121 -> 0.13, -0.121 -> -0.13).
    AwayFromZero,
}

impl Rounding {
    /// Every rounding rule, for a policy editor to list.
    pub const ALL: [Rounding; 4] = [
        Rounding::HalfAwayFromZero,
        Rounding::HalfEven,
        Rounding::TowardZero,
        Rounding::AwayFromZero,
    ];

    fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::TowardZero => RoundingStrategy::ToZero,
            Rounding::AwayFromZero => RoundingStrategy::AwayFromZero,
        }
    }
}

/// How a backend writes amounts (a backend profile says which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountFormat {
    /// Decimal strings in major units: `"1234.50"`.
    Decimal,
    /// Integers of minor units: `123450` or `"123450"` for GBP 1234.50.
    MinorUnits,
}

/// Where the minor units left over from an even split go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RemainderPlacement {
    /// One extra minor unit on each of the first parts (the usual choice: the later
    /// payments are never larger than the earlier ones).
    #[default]
    First,
    /// One extra minor unit on each of the last parts.
    Last,
}

impl Money {
    /// An amount of `currency`. Refuses amounts with more decimal places than the currency
    /// has (trailing zeros are fine: GBP 1.500 is GBP 1.50) and amounts at or over
    /// [`AMOUNT_LIMIT`].
    pub fn new(amount: Decimal, currency: Currency) -> Result<Money, MoneyError> {
        let minor_units = currency.minor_units();
        if amount.abs() >= AMOUNT_LIMIT {
            return Err(MoneyError::TooLarge { amount });
        }
        if amount.round_dp(minor_units) != amount {
            return Err(MoneyError::TooFine {
                amount,
                currency,
                minor_units,
            });
        }
        Ok(Money::exact(amount, currency))
    }

    /// Builds a value already known to fit: rescales to the currency's minor units and
    /// drops the sign of zero, so equal amounts compare and print the same.
    fn exact(mut amount: Decimal, currency: Currency) -> Money {
        amount.rescale(currency.minor_units());
        if amount.is_zero() {
            amount.set_sign_positive(true);
        }
        Money { amount, currency }
    }

    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Money {
        Money::exact(Decimal::ZERO, currency)
    }

    /// Reads a strict decimal string (`"1234.50"`, see [`crate::decimal`]) in `currency`.
    pub fn parse(text: &str, currency: Currency) -> Result<Money, MoneyError> {
        Money::new(parse_decimal(text)?, currency)
    }

    /// Reads an integer of minor units written as text (`"123450"` is GBP 1234.50).
    pub fn parse_minor(text: &str, currency: Currency) -> Result<Money, MoneyError> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::NotMinorUnits {
                text: text.to_owned(),
                currency,
            });
        }
        match text.parse::<i64>() {
            Ok(minor) => Money::from_minor(minor, currency),
            // Only digits, so the one way to fail is being too long for an i64.
            Err(_) => Err(MoneyError::TooLarge {
                amount: parse_decimal(text).unwrap_or(Decimal::MAX),
            }),
        }
    }

    /// Reads text written in `format`.
    pub fn parse_as(
        text: &str,
        currency: Currency,
        format: AmountFormat,
    ) -> Result<Money, MoneyError> {
        match format {
            AmountFormat::Decimal => Money::parse(text, currency),
            AmountFormat::MinorUnits => Money::parse_minor(text, currency),
        }
    }

    /// Reads a JSON value from a backend written in `format`: a string in either format, or
    /// a JSON integer (in major units for [`AmountFormat::Decimal`]). JSON numbers with a
    /// fraction are refused with [`MoneyError::InexactNumber`], because they have been
    /// through a binary float.
    pub fn from_json(
        value: &serde_json::Value,
        currency: Currency,
        format: AmountFormat,
    ) -> Result<Money, MoneyError> {
        match value {
            serde_json::Value::String(text) => Money::parse_as(text, currency, format),
            serde_json::Value::Number(number) => {
                let whole = match (number.as_i64(), number.as_u64()) {
                    (Some(whole), _) => whole,
                    (None, Some(huge)) => {
                        return Err(MoneyError::TooLarge {
                            amount: Decimal::from(huge),
                        })
                    }
                    (None, None) => return Err(MoneyError::InexactNumber),
                };
                match format {
                    AmountFormat::Decimal => Money::new(Decimal::from(whole), currency),
                    AmountFormat::MinorUnits => Money::from_minor(whole, currency),
                }
            }
            _ => Err(MoneyError::NotAnAmount),
        }
    }

    /// An amount given as a count of minor units (`123450` is GBP 1234.50, JPY 123450).
    pub fn from_minor(minor: i64, currency: Currency) -> Result<Money, MoneyError> {
        Money::new(Decimal::new(minor, currency.minor_units()), currency)
    }

    /// Rounds any decimal to the currency's minor unit with the named rule.
    pub fn rounded(
        amount: Decimal,
        currency: Currency,
        rounding: Rounding,
    ) -> Result<Money, MoneyError> {
        Money::new(
            amount.round_dp_with_strategy(currency.minor_units(), rounding.strategy()),
            currency,
        )
    }

    /// The amount, with exactly the currency's number of decimal places.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The amount as a count of minor units. Always fits, because of [`AMOUNT_LIMIT`].
    pub fn to_minor(&self) -> i64 {
        // The scale equals the minor units, so the mantissa is the count of minor units;
        // the limit keeps it below 10^18.
        self.amount.mantissa() as i64
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// True above zero.
    pub fn is_positive(&self) -> bool {
        self.amount > Decimal::ZERO
    }

    /// True below zero.
    pub fn is_negative(&self) -> bool {
        self.amount < Decimal::ZERO
    }

    /// The same amount with the sign flipped.
    pub fn negated(&self) -> Money {
        Money::exact(-self.amount, self.currency)
    }

    /// The size of the amount.
    pub fn abs(&self) -> Money {
        Money::exact(self.amount.abs(), self.currency)
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }

    /// `self + other`, in the same currency only.
    pub fn checked_add(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        Money::new(self.amount + other.amount, self.currency)
    }

    /// `self - other`, in the same currency only.
    pub fn checked_sub(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        Money::new(self.amount - other.amount, self.currency)
    }

    /// Compares two amounts of the same currency.
    pub fn checked_cmp(&self, other: &Money) -> Result<Ordering, MoneyError> {
        self.same_currency(other)?;
        Ok(self.amount.cmp(&other.amount))
    }

    /// `self × factor`, rounded to the minor unit with the named rule (for rates and
    /// percentages).
    pub fn times(&self, factor: Decimal, rounding: Rounding) -> Result<Money, MoneyError> {
        let product = self
            .amount
            .checked_mul(factor)
            .ok_or(MoneyError::TooLarge {
                amount: self.amount,
            })?;
        Money::rounded(product, self.currency, rounding)
    }

    /// Adds up amounts of `currency`; any other currency is an error.
    pub fn sum<'a>(
        amounts: impl IntoIterator<Item = &'a Money>,
        currency: Currency,
    ) -> Result<Money, MoneyError> {
        amounts
            .into_iter()
            .try_fold(Money::zero(currency), |total, amount| {
                total.checked_add(amount)
            })
    }

    /// Splits the amount into `parts` amounts that differ by at most one minor unit and add
    /// up exactly to it. The leftover minor units go one each to the parts `placement`
    /// names. Returns no parts when `parts` is 0.
    pub fn split(&self, parts: u32, placement: RemainderPlacement) -> Vec<Money> {
        if parts == 0 {
            return Vec::new();
        }
        let minor = self.to_minor();
        let count = i64::from(parts);
        let (base, remainder) = (minor / count, minor % count);
        // `%` keeps the sign of the amount, so a refund splits the same way as a charge.
        let step = remainder.signum();
        let carrying = remainder.unsigned_abs();
        (0..u64::from(parts))
            .map(|index| {
                let carries = match placement {
                    RemainderPlacement::First => index < carrying,
                    RemainderPlacement::Last => index >= u64::from(parts) - carrying,
                };
                let part = if carries { base + step } else { base };
                Money::exact(
                    Decimal::new(part, self.currency.minor_units()),
                    self.currency,
                )
            })
            .collect()
    }
}

impl fmt::Display for Money {
    /// `"1234.50 GBP"`. Locale-aware formatting is the app's job; this is for logs and tests.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// The wire shape of a stand-alone [`Money`].
#[derive(Serialize, Deserialize)]
struct MoneyWire {
    #[serde(with = "crate::decimal::wire")]
    amount: Decimal,
    currency: Currency,
}

impl TryFrom<MoneyWire> for Money {
    type Error = MoneyError;

    fn try_from(wire: MoneyWire) -> Result<Self, Self::Error> {
        Money::new(wire.amount, wire.currency)
    }
}

impl From<Money> for MoneyWire {
    fn from(money: Money) -> Self {
        MoneyWire {
            amount: money.amount,
            currency: money.currency,
        }
    }
}

#[cfg(test)]
mod tests;
