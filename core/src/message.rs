//! What a broken rule says to the customer: its English wording with the values kept
//! apart, so the app can say it in the customer's language and write amounts and dates the
//! way they read them. The English text is also each rule error's `Display`, which the
//! server sends as problem details, so both sides word a rule the same way.

use std::fmt;

use chrono::NaiveDate;

use crate::money::Money;

/// A sentence for the customer. Each `{}` in `text` takes the next of `values`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The English wording, which is also the key translations are looked up by.
    pub text: &'static str,
    /// The values, in the order the wording names them.
    pub values: Vec<Value>,
}

/// A value inside a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Said as it is: an invoice number, a count, what the customer typed.
    Verbatim(String),
    /// An amount, to write in the customer's format.
    Money(Money),
    /// A date, to write in the customer's format.
    Date(NaiveDate),
    /// A word from a fixed set ("weekly", "under review"), to translate.
    Word(&'static str),
    /// Words from a fixed set, listed: "weekly, monthly".
    Words(Vec<&'static str>),
    /// A message inside this one ("the plan amount is not valid: …").
    Message(Box<Message>),
}

impl Message {
    /// A message with `values` for the `{}` of `text`.
    pub fn new(text: &'static str, values: Vec<Value>) -> Message {
        Message { text, values }
    }

    /// A message with no values.
    pub fn plain(text: &'static str) -> Message {
        Message::new(text, Vec::new())
    }
}

impl Value {
    /// Anything written as it is.
    pub fn verbatim(value: impl ToString) -> Value {
        Value::Verbatim(value.to_string())
    }

    /// A message inside another.
    pub fn message(inner: &impl Explain) -> Value {
        Value::Message(Box::new(inner.message()))
    }
}

/// A rule error that can tell the customer what went wrong.
pub trait Explain {
    /// The customer-facing message.
    fn message(&self) -> Message;
}

impl fmt::Display for Message {
    /// The English wording, with amounts as `1234.50 GBP` and dates as `2026-12-02`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut values = self.values.iter();
        let mut parts = self.text.split("{}");
        if let Some(first) = parts.next() {
            f.write_str(first)?;
        }
        for part in parts {
            if let Some(value) = values.next() {
                write!(f, "{value}")?;
            }
            f.write_str(part)?;
        }
        Ok(())
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Verbatim(text) => f.write_str(text),
            Value::Money(money) => write!(f, "{money}"),
            Value::Date(date) => write!(f, "{date}"),
            Value::Word(word) => f.write_str(word),
            Value::Words(words) => f.write_str(&words.join(", ")),
            Value::Message(message) => write!(f, "{message}"),
        }
    }
}

/// A message as a sentence of its own: the first letter capitalised and a full stop at
/// the end. Messages are worded in lower case so that they can also follow a colon.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// Rule errors show their message as their `Display`.
macro_rules! display_by_message {
    ($($error:ty),* $(,)?) => {
        $(impl std::fmt::Display for $error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&$crate::message::Explain::message(self), f)
            }
        })*
    };
}
pub(crate) use display_by_message;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::currency::Currency;
    use rust_decimal::Decimal;

    #[test]
    fn values_fill_the_wording_in_order() {
        let gbp = Currency::from_code("GBP").unwrap();
        let message = Message::new(
            "{} is due on {}, {} instalments ({})",
            vec![
                Value::Money(Money::new(Decimal::new(1250, 2), gbp).unwrap()),
                Value::Date(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()),
                Value::Word("weekly"),
                Value::Words(vec!["weekly", "monthly"]),
            ],
        );
        assert_eq!(
            message.to_string(),
            "12.50 GBP is due on 2026-12-02, weekly instalments (weekly, monthly)"
        );
    }

    #[test]
    fn a_sentence_starts_with_a_capital_and_ends_with_a_stop() {
        assert_eq!(sentence("élan is needed"), "Élan is needed.");
        assert_eq!(sentence("already one."), "Already one.");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn a_message_inside_another_reads_in_place() {
        let inner = Message::new("'{}' is not a number", vec![Value::verbatim("abc")]);
        let outer = Message::new(
            "the amount is not valid: {}",
            vec![Value::Message(Box::new(inner))],
        );
        assert_eq!(
            outer.to_string(),
            "the amount is not valid: 'abc' is not a number"
        );
    }
}
