//! Field-level validation: the error every record and intent check returns, naming the
//! field at fault as a JSON pointer so a form or a problem+json answer can point at it.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::money::Money;

/// A field that breaks a rule. `field` is a JSON pointer into the record or intent
/// (`"/lines/2/net"`), `reason` says what is wrong and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{field}: {reason}")]
pub struct InvalidField {
    /// JSON pointer to the field.
    pub field: String,
    /// What is wrong, naming the limit.
    pub reason: String,
}

impl InvalidField {
    /// An error for `field` with the given reason.
    pub fn new(field: impl Into<String>, reason: impl ToString) -> InvalidField {
        InvalidField {
            field: field.into(),
            reason: reason.to_string(),
        }
    }
}

/// Checks that `amount` is exact in `currency` and returns it as [`Money`].
pub(crate) fn money(
    field: &str,
    amount: Decimal,
    currency: Currency,
) -> Result<Money, InvalidField> {
    Money::new(amount, currency).map_err(|error| InvalidField::new(field, error))
}

/// Checks that `amount` is exact in `currency` and not below zero.
pub(crate) fn non_negative(
    field: &str,
    amount: Decimal,
    currency: Currency,
) -> Result<Money, InvalidField> {
    let checked = money(field, amount, currency)?;
    if checked.is_negative() {
        return Err(InvalidField::new(field, "must not be below zero"));
    }
    Ok(checked)
}

/// Checks that `amount` is exact in `currency` and above zero.
pub(crate) fn positive(
    field: &str,
    amount: Decimal,
    currency: Currency,
) -> Result<Money, InvalidField> {
    let checked = money(field, amount, currency)?;
    if !checked.is_positive() {
        return Err(InvalidField::new(field, "must be more than zero"));
    }
    Ok(checked)
}

/// Checks a free-text field: at most `max_chars` characters, and not blank when required.
pub(crate) fn text(
    field: &str,
    value: &str,
    max_chars: usize,
    required: bool,
) -> Result<(), InvalidField> {
    if required && value.trim().is_empty() {
        return Err(InvalidField::new(field, "is required"));
    }
    let chars = value.chars().count();
    if chars > max_chars {
        return Err(InvalidField::new(
            field,
            format!("is {chars} characters long; the limit is {max_chars}"),
        ));
    }
    Ok(())
}

/// Checks an identifier: not blank, at most 200 characters.
pub(crate) fn id(field: &str, value: &str) -> Result<(), InvalidField> {
    text(field, value, 200, true)
}

/// A broken rule that can be told to the customer: a stable rule name (for the
/// problem+json `type` and for translated messages) and, where one field is at fault, a
/// JSON pointer to it in the intent that broke it. Every rule error in this crate
/// implements it, so the server can turn any of them into a [`crate::api::Problem`].
pub trait RuleBreach: std::fmt::Display {
    /// Stable rule name, e.g. `"plan.min_instalment"`.
    fn rule(&self) -> &'static str;
    /// JSON pointer to the field at fault in the intent, if one is.
    fn field(&self) -> Option<String>;
}

/// What a rule error is called, where it sits in the intent and what it says: one
/// description per variant, from which a type's [`RuleBreach`], `Explain` and `Display`
/// all come (see [`described_by_breach`]), so the three cannot drift apart.
pub(crate) struct Breach {
    pub rule: &'static str,
    pub field: Option<&'static str>,
    pub message: crate::message::Message,
}

impl Breach {
    /// A breach at `field`.
    pub fn at(rule: &'static str, field: &'static str, message: crate::message::Message) -> Breach {
        Breach {
            rule,
            field: Some(field),
            message,
        }
    }
}

/// `Explain`, `Display` and [`RuleBreach`] for error types with a `fn breach(&self) ->
/// Breach`.
macro_rules! described_by_breach {
    ($($error:ty),* $(,)?) => {
        $(impl $crate::message::Explain for $error {
            fn message(&self) -> $crate::message::Message {
                self.breach().message
            }
        }

        $crate::message::display_by_message!($error);

        impl $crate::validation::RuleBreach for $error {
            fn rule(&self) -> &'static str {
                self.breach().rule
            }

            fn field(&self) -> Option<String> {
                self.breach().field.map(str::to_owned)
            }
        })*
    };
}
pub(crate) use described_by_breach;

impl RuleBreach for InvalidField {
    fn rule(&self) -> &'static str {
        "invalid_field"
    }

    fn field(&self) -> Option<String> {
        Some(self.field.clone())
    }
}
