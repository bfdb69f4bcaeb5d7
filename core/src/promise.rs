//! Promises to pay: a date within the policy's window, an amount no more than what is owed,
//! changeable once before it falls due. Holds the `promise` sync record and its intents.

use chrono::{DateTime, Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::message::{Explain, Message, Value};
use crate::money::{Money, MoneyError};
use crate::plan::PlanPolicy;
use crate::validation::{self, described_by_breach, Breach, InvalidField};

/// Where a promise stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PromiseStatus {
    /// Made, its date not yet passed without payment.
    Open,
    /// Paid in full by its date.
    Kept,
    /// Its date passed without full payment.
    Broken,
    /// Withdrawn or replaced by a plan.
    Cancelled,
}

impl std::fmt::Display for PromiseStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl PromiseStatus {
    /// The status in words.
    pub fn name(self) -> &'static str {
        match self {
            PromiseStatus::Open => "open",
            PromiseStatus::Kept => "kept",
            PromiseStatus::Broken => "broken",
            PromiseStatus::Cancelled => "cancelled",
        }
    }

    /// The status on `as_of` of a promise of `amount` due on `date` against which `paid`
    /// has been received since it was made.
    pub fn on(amount: Decimal, paid: Decimal, date: NaiveDate, as_of: NaiveDate) -> PromiseStatus {
        if paid >= amount {
            PromiseStatus::Kept
        } else if as_of > date {
            PromiseStatus::Broken
        } else {
            PromiseStatus::Open
        }
    }
}

/// A promise to pay (the `promise` sync record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Promise {
    /// Backend id.
    pub id: String,
    /// The account.
    pub account_id: String,
    /// Currency of the amount.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
    pub currency: Currency,
    /// How much the customer promised.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub amount: Decimal,
    /// By when.
    pub date: NaiveDate,
    /// Where it stands.
    pub status: PromiseStatus,
    /// The date first promised, once it has been changed (it can be changed once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_date: Option<NaiveDate>,
    /// When it was made.
    pub made_at: DateTime<Utc>,
}

impl Promise {
    /// Checks what a backend sent: an id, and an exact amount above zero.
    pub fn validate(&self) -> Result<(), InvalidField> {
        validation::id("/id", &self.id)?;
        validation::positive("/amount", self.amount, self.currency)?;
        Ok(())
    }

    /// Whether the one change has been used.
    pub fn changed(&self) -> bool {
        self.original_date.is_some()
    }

    /// Whether the customer may still change the date on `today`: the promise is open, has
    /// not been changed, and has not fallen due (`today` is before its date).
    pub fn can_change(&self, today: NaiveDate) -> Result<(), PromiseError> {
        if self.status != PromiseStatus::Open {
            return Err(PromiseError::NotOpen {
                status: self.status,
            });
        }
        if let Some(original_date) = self.original_date {
            return Err(PromiseError::AlreadyChanged { original_date });
        }
        if today >= self.date {
            return Err(PromiseError::AlreadyDue { date: self.date });
        }
        Ok(())
    }
}

/// Intent: promise to pay an amount by a date (`POST /api/v1/promises`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"account_id": "acc_alex_gbp", "currency": "GBP", "amount": "100.00", "date": "2025-03-10"}))))]
pub struct PromiseToPay {
    /// The account.
    pub account_id: String,
    /// Currency of the amount; the account's.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
    pub currency: Currency,
    /// How much.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub amount: Decimal,
    /// By when: from today to today + the policy's `promise_window_days`.
    pub date: NaiveDate,
}

/// Intent: move a promise to another date, once (`POST /api/v1/promises/{id}/change`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"promise_id": "prm_0123456789abcdef0123", "date": "2025-03-14"}))))]
pub struct ChangePromise {
    /// The promise.
    pub promise_id: String,
    /// The new date, within the window counted from the day of the change.
    pub date: NaiveDate,
}

/// A promise rule that was broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PromiseError {
    /// The policy's window is 0 days.
    NotOffered,
    /// The date is before today.
    DateInPast {
        /// The date asked.
        date: NaiveDate,
        /// Today.
        today: NaiveDate,
    },
    /// The date is after the window.
    DateTooFar {
        /// The date asked.
        date: NaiveDate,
        /// The latest date allowed.
        latest: NaiveDate,
        /// The policy's window.
        window_days: u32,
    },
    /// The amount is malformed or finer than its currency.
    Money(#[from] MoneyError),
    /// Zero or less.
    AmountNotPositive,
    /// More than is owed.
    AmountAboveOwed {
        /// The amount asked.
        amount: Money,
        /// What is owed.
        owed: Money,
    },
    /// The change has been used already.
    AlreadyChanged {
        /// The first date promised.
        original_date: NaiveDate,
    },
    /// The promise has fallen due.
    AlreadyDue {
        /// Its date.
        date: NaiveDate,
    },
    /// The promise is kept, broken or cancelled.
    NotOpen {
        /// Its status.
        status: PromiseStatus,
    },
    /// The new date is the current one.
    SameDate {
        /// Its date.
        date: NaiveDate,
    },
    /// The intent names another promise than the one given.
    WrongPromise {
        /// The id in the intent.
        requested: String,
        /// The promise it was checked against.
        given: String,
    },
}

impl PromiseError {
    /// The one description of each variant, read by `Explain` and [`RuleBreach`] alike.
    fn breach(&self) -> Breach {
        use PromiseError as E;
        use Value::{Date, Money as Amount};
        let at = Breach::at;
        match self {
            E::NotOffered => Breach {
                rule: "promise.not_offered",
                field: None,
                message: Message::plain("promises to pay are not offered on this account"),
            },
            E::DateInPast { date, today } => at(
                "promise.date_past",
                "/date",
                Message::new(
                    "the promised date {} is in the past; choose {} or later",
                    vec![Date(*date), Date(*today)],
                ),
            ),
            E::DateTooFar {
                date,
                latest,
                window_days,
            } => at(
                "promise.window",
                "/date",
                Message::new(
                    "the promised date {} is too far ahead; promises can be made up to {} days ahead, so by {}",
                    vec![Date(*date), Value::verbatim(window_days), Date(*latest)],
                ),
            ),
            E::Money(error) => at("promise.amount", "/amount", error.message()),
            E::AmountNotPositive => at(
                "promise.amount_positive",
                "/amount",
                Message::plain("the promised amount must be more than zero"),
            ),
            E::AmountAboveOwed { amount, owed } => at(
                "promise.amount_above_owed",
                "/amount",
                Message::new(
                    "the promised amount {} is more than the {} owed",
                    vec![Amount(*amount), Amount(*owed)],
                ),
            ),
            E::AlreadyChanged { original_date } => at(
                "promise.changed_once",
                "/promise_id",
                Message::new(
                    "a promise can be changed once, and this one was already moved from {}",
                    vec![Date(*original_date)],
                ),
            ),
            E::AlreadyDue { date } => at(
                "promise.already_due",
                "/promise_id",
                Message::new(
                    "the promise fell due on {}, so it can no longer be changed",
                    vec![Date(*date)],
                ),
            ),
            E::NotOpen { status } => at(
                "promise.not_open",
                "/promise_id",
                Message::new(
                    "the promise is {}, so it can no longer be changed",
                    vec![Value::Word(status.name())],
                ),
            ),
            E::SameDate { date } => at(
                "promise.same_date",
                "/date",
                Message::new("the promise is already for {}", vec![Date(*date)]),
            ),
            E::WrongPromise { requested, given } => at(
                "promise.promise",
                "/promise_id",
                Message::new(
                    "the change is for promise '{}', not '{}'",
                    vec![Value::verbatim(requested), Value::verbatim(given)],
                ),
            ),
        }
    }
}

described_by_breach!(PromiseError);

/// The first and last dates a promise made on `today` may name, or `None` when the policy
/// does not offer promises.
pub fn promise_window(policy: &PlanPolicy, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    if policy.promise_window_days == 0 {
        return None;
    }
    let latest = today
        .checked_add_days(Days::new(policy.promise_window_days.into()))
        .unwrap_or(NaiveDate::MAX);
    Some((today, latest))
}

fn check_date(policy: &PlanPolicy, date: NaiveDate, today: NaiveDate) -> Result<(), PromiseError> {
    let (earliest, latest) = promise_window(policy, today).ok_or(PromiseError::NotOffered)?;
    if date < earliest {
        return Err(PromiseError::DateInPast { date, today });
    }
    if date > latest {
        return Err(PromiseError::DateTooFar {
            date,
            latest,
            window_days: policy.promise_window_days,
        });
    }
    Ok(())
}

impl PromiseToPay {
    /// Checks the promise on `today` against the policy's window and what is `owed`
    /// (usually the account balance): a date from today to the end of the window, and an
    /// exact amount above zero and no more than owed. Returns the amount as [`Money`].
    pub fn check(
        &self,
        policy: &PlanPolicy,
        owed: Money,
        today: NaiveDate,
    ) -> Result<Money, PromiseError> {
        check_date(policy, self.date, today)?;
        let amount = Money::new(self.amount, self.currency)?;
        if !amount.is_positive() {
            return Err(PromiseError::AmountNotPositive);
        }
        if amount.checked_cmp(&owed)?.is_gt() {
            return Err(PromiseError::AmountAboveOwed { amount, owed });
        }
        Ok(amount)
    }
}

impl ChangePromise {
    /// Checks the change on `today`: the promise may still be changed (see
    /// [`Promise::can_change`]) and the new date is another date within the window, counted
    /// from today.
    pub fn check(
        &self,
        promise: &Promise,
        policy: &PlanPolicy,
        today: NaiveDate,
    ) -> Result<(), PromiseError> {
        if self.promise_id != promise.id {
            return Err(PromiseError::WrongPromise {
                requested: self.promise_id.clone(),
                given: promise.id.clone(),
            });
        }
        promise.can_change(today)?;
        if self.date == promise.date {
            return Err(PromiseError::SameDate { date: self.date });
        }
        check_date(policy, self.date, today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoice::tests::{date, dec};
    use crate::plan::tests::policy;
    use crate::validation::RuleBreach;

    fn gbp(text: &str) -> Money {
        Money::parse(text, Currency::GBP).unwrap()
    }

    fn promise_to_pay(amount: &str, on: &str) -> PromiseToPay {
        PromiseToPay {
            account_id: "acc-1".into(),
            currency: Currency::GBP,
            amount: dec(amount),
            date: date(on),
        }
    }

    fn promise(on: &str, original: Option<&str>) -> Promise {
        Promise {
            id: "pr-1".into(),
            account_id: "acc-1".into(),
            currency: Currency::GBP,
            amount: dec("50.00"),
            date: date(on),
            status: PromiseStatus::Open,
            original_date: original.map(date),
            made_at: "2024-03-01T10:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn date_must_be_inside_the_window() {
        let today = date("2024-03-01");
        let owed = gbp("100.00");
        assert!(promise_to_pay("50", "2024-03-01")
            .check(&policy(), owed, today)
            .is_ok());
        assert!(promise_to_pay("50", "2024-03-15")
            .check(&policy(), owed, today)
            .is_ok());
        let error = promise_to_pay("50", "2024-03-16")
            .check(&policy(), owed, today)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "the promised date 2024-03-16 is too far ahead; promises can be made up to 14 days ahead, so by 2024-03-15"
        );
        assert_eq!(error.rule(), "promise.window");
        assert!(matches!(
            promise_to_pay("50", "2024-02-29").check(&policy(), owed, today),
            Err(PromiseError::DateInPast { .. })
        ));
        let none = PlanPolicy {
            promise_window_days: 0,
            ..policy()
        };
        assert_eq!(
            promise_to_pay("50", "2024-03-02").check(&none, owed, today),
            Err(PromiseError::NotOffered)
        );
    }

    #[test]
    fn amount_is_exact_positive_and_no_more_than_owed() {
        let today = date("2024-03-01");
        let owed = gbp("100.00");
        let check = |amount| promise_to_pay(amount, "2024-03-05").check(&policy(), owed, today);
        assert_eq!(check("100.00"), Ok(gbp("100.00")));
        assert!(matches!(
            check("100.01"),
            Err(PromiseError::AmountAboveOwed { .. })
        ));
        assert_eq!(check("0"), Err(PromiseError::AmountNotPositive));
        assert!(matches!(check("1.001"), Err(PromiseError::Money(_))));
        let euros = Money::parse("100", Currency::EUR).unwrap();
        assert!(matches!(
            promise_to_pay("5", "2024-03-05").check(&policy(), euros, today),
            Err(PromiseError::Money(MoneyError::CurrencyMismatch { .. }))
        ));
    }

    #[test]
    fn a_promise_can_be_changed_once_before_it_falls_due() {
        let change = ChangePromise {
            promise_id: "pr-1".into(),
            date: date("2024-03-20"),
        };
        let today = date("2024-03-09");
        assert_eq!(
            change.check(&promise("2024-03-10", None), &policy(), today),
            Ok(())
        );
        assert!(matches!(
            change.check(&promise("2024-03-10", Some("2024-03-05")), &policy(), today),
            Err(PromiseError::AlreadyChanged { .. })
        ));
        // On its date it has fallen due.
        assert!(matches!(
            change.check(&promise("2024-03-10", None), &policy(), date("2024-03-10")),
            Err(PromiseError::AlreadyDue { .. })
        ));
        let mut kept = promise("2024-03-10", None);
        kept.status = PromiseStatus::Kept;
        assert!(matches!(
            change.check(&kept, &policy(), today),
            Err(PromiseError::NotOpen { .. })
        ));
        let same = ChangePromise {
            date: date("2024-03-10"),
            ..change.clone()
        };
        assert!(matches!(
            same.check(&promise("2024-03-10", None), &policy(), today),
            Err(PromiseError::SameDate { .. })
        ));
        // The window counts from the day of the change.
        let far = ChangePromise {
            date: date("2024-03-24"),
            ..change
        };
        assert!(matches!(
            far.check(&promise("2024-03-10", None), &policy(), today),
            Err(PromiseError::DateTooFar { .. })
        ));
    }

    #[test]
    fn status_follows_payment_and_date() {
        let on = date("2024-03-10");
        assert_eq!(
            PromiseStatus::on(dec("50"), dec("50"), on, date("2024-03-12")),
            PromiseStatus::Kept
        );
        assert_eq!(
            PromiseStatus::on(dec("50"), dec("49.99"), on, on),
            PromiseStatus::Open
        );
        assert_eq!(
            PromiseStatus::on(dec("50"), dec("49.99"), on, date("2024-03-11")),
            PromiseStatus::Broken
        );
    }
}
