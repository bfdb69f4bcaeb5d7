//! [`PlanError`]: every plan rule that can be broken, with its stable rule name, the field
//! of the intent at fault and the message naming the limit, described together in one
//! match so a new rule is added in one place.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Frequency;
use crate::currency::Currency;
use crate::message::{Message, Value};
use crate::money::{Money, MoneyError};
use crate::validation::{described_by_breach, Breach, InvalidField};

/// A plan rule that was broken. Each message names the rule and the limit; the fields let
/// the app word it in the customer's language and suggest what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The policy itself is incoherent (a creditor configuration error).
    Policy(InvalidField),
    /// The amount is not in the policy's currency.
    CurrencyMismatch {
        /// The policy's currency.
        policy: Currency,
        /// The amount's currency.
        amount: Currency,
    },
    /// The amount is malformed or finer than its currency.
    Amount(MoneyError),
    /// The amount per instalment is malformed or finer than its currency.
    PerInstalment(MoneyError),
    /// Zero or less to spread.
    AmountNotPositive,
    /// The frequency is not offered.
    FrequencyNotAllowed {
        /// The frequency asked.
        frequency: Frequency,
        /// The frequencies the policy offers.
        allowed: Vec<Frequency>,
    },
    /// The first date is before the window.
    FirstDateTooEarly {
        /// The date asked.
        first_date: NaiveDate,
        /// The earliest allowed.
        earliest: NaiveDate,
    },
    /// The first date is after the window.
    FirstDateTooLate {
        /// The date asked.
        first_date: NaiveDate,
        /// The latest allowed.
        latest: NaiveDate,
    },
    /// Zero instalments asked.
    NoInstalments,
    /// More instalments than the policy allows.
    TooManyInstalments {
        /// How many were asked.
        requested: u32,
        /// The policy's maximum.
        max: u32,
    },
    /// The last instalment would fall after the maximum term.
    TermTooLong {
        /// Due date the last instalment would have.
        last_date: NaiveDate,
        /// The last day allowed.
        term_end: NaiveDate,
        /// The policy's maximum term.
        max_term_months: u32,
        /// How often.
        frequency: Frequency,
        /// The most instalments that fit the term (and the maximum number).
        most_instalments: u32,
    },
    /// The instalments would be smaller than the minimum.
    InstalmentBelowMinimum {
        /// How many were asked.
        count: u32,
        /// The smallest instalment the split gives.
        smallest: Money,
        /// The policy's minimum instalment.
        minimum: Money,
        /// The most instalments that keep each at or above the minimum.
        most_instalments: u32,
    },
    /// The amount per instalment asked is below the minimum.
    PerInstalmentBelowMinimum {
        /// The amount asked.
        per_instalment: Money,
        /// The policy's minimum instalment.
        minimum: Money,
    },
    /// The amount per instalment asked would need more instalments than the policy's
    /// maximum number or term allow.
    PerInstalmentTooLow {
        /// The amount asked.
        per_instalment: Money,
        /// The lowest amount per instalment that fits.
        lowest: Money,
    },
    /// The whole amount is less than one minimum instalment.
    AmountBelowMinimum {
        /// Amount plus fee.
        total: Money,
        /// The policy's minimum instalment.
        minimum: Money,
    },
    /// A date past the end of the calendar.
    DateOutOfRange,
    /// The customer agreed to other terms than the ones now in force.
    TermsChanged {
        /// The version in the intent.
        agreed: String,
        /// The version in force.
        current: String,
    },
    /// The rebuilt schedule differs from what the customer saw.
    ScheduleChanged {
        /// The total payable the customer saw.
        expected: Decimal,
        /// The total payable now.
        actual: Decimal,
    },
    /// The rebuilt instalments (dates or amounts) differ from those the customer saw.
    InstalmentsChanged,
    /// The offer expired.
    OfferExpired {
        /// Its last day.
        expires_on: NaiveDate,
    },
    /// The intent names another offer than the one given.
    WrongOffer {
        /// The offer id in the intent.
        requested: String,
        /// The offer it was checked against.
        given: String,
    },
}

impl PlanError {
    /// The one description of each variant, read by [`Explain`] and [`RuleBreach`] alike.
    fn breach(&self) -> Breach {
        use PlanError as E;
        use Value::{Date, Money as Amount, Word};
        let at = Breach::at;
        match self {
            E::Policy(error) => Breach {
                rule: "plan.policy",
                field: None,
                message: Message::new(
                    "the plan policy is not valid: {}",
                    vec![Value::verbatim(error)],
                ),
            },
            E::CurrencyMismatch { policy, amount } => at(
                "plan.currency",
                "/currency",
                Message::new(
                    "plans are in {}, not {}",
                    vec![Value::verbatim(policy), Value::verbatim(amount)],
                ),
            ),
            E::Amount(error) => at(
                "plan.amount",
                "/amount",
                Message::new(
                    "the plan amount is not valid: {}",
                    vec![Value::message(error)],
                ),
            ),
            E::PerInstalment(error) => at(
                "plan.per_instalment",
                "/size/per_instalment",
                Message::new(
                    "the amount per instalment is not valid: {}",
                    vec![Value::message(error)],
                ),
            ),
            E::AmountNotPositive => at(
                "plan.amount_positive",
                "/amount",
                Message::plain("the plan amount must be more than zero"),
            ),
            E::FrequencyNotAllowed { frequency, allowed } => at(
                "plan.frequency",
                "/frequency",
                Message::new(
                    "{} instalments are not offered; choose {}",
                    vec![
                        Word(frequency.name()),
                        Value::Words(allowed.iter().map(|f| f.name()).collect()),
                    ],
                ),
            ),
            E::FirstDateTooEarly {
                first_date,
                earliest,
            } => at(
                "plan.first_date_earliest",
                "/first_date",
                Message::new(
                    "the first instalment cannot be due before {} (asked for {})",
                    vec![Date(*earliest), Date(*first_date)],
                ),
            ),
            E::FirstDateTooLate { first_date, latest } => at(
                "plan.first_date_latest",
                "/first_date",
                Message::new(
                    "the first instalment must be due by {} (asked for {})",
                    vec![Date(*latest), Date(*first_date)],
                ),
            ),
            E::NoInstalments => at(
                "plan.instalments_min",
                "/size/instalments",
                Message::plain("a plan needs at least one instalment"),
            ),
            E::TooManyInstalments { requested, max } => at(
                "plan.max_instalments",
                "/size/instalments",
                Message::new(
                    "{} instalments is more than the maximum of {}",
                    vec![Value::verbatim(requested), Value::verbatim(max)],
                ),
            ),
            E::TermTooLong {
                last_date,
                term_end,
                max_term_months,
                frequency,
                most_instalments,
            } => at(
                "plan.max_term",
                "/size",
                Message::new(
                    "the last instalment would be due on {}, but plans must end by {} (at most {} months); with this start date that allows at most {} {} instalments",
                    vec![
                        Date(*last_date),
                        Date(*term_end),
                        Value::verbatim(max_term_months),
                        Value::verbatim(most_instalments),
                        Word(frequency.name()),
                    ],
                ),
            ),
            E::InstalmentBelowMinimum {
                count,
                smallest,
                minimum,
                most_instalments,
            } => at(
                "plan.min_instalment",
                "/size/instalments",
                Message::new(
                    "instalments must be at least {}, but {} instalments would be {}; choose at most {} instalments",
                    vec![
                        Amount(*minimum),
                        Value::verbatim(count),
                        Amount(*smallest),
                        Value::verbatim(most_instalments),
                    ],
                ),
            ),
            E::PerInstalmentBelowMinimum {
                per_instalment,
                minimum,
            } => at(
                "plan.min_instalment",
                "/size/per_instalment",
                Message::new(
                    "instalments must be at least {}; {} is too little",
                    vec![Amount(*minimum), Amount(*per_instalment)],
                ),
            ),
            E::PerInstalmentTooLow {
                per_instalment,
                lowest,
            } => at(
                "plan.per_instalment_too_low",
                "/size/per_instalment",
                Message::new(
                    "at {} per instalment the plan would need more instalments than allowed; the lowest amount per instalment is {}",
                    vec![Amount(*per_instalment), Amount(*lowest)],
                ),
            ),
            E::AmountBelowMinimum { total, minimum } => at(
                "plan.amount_below_minimum",
                "/amount",
                Message::new(
                    "the total of {} is less than the minimum instalment of {}, so it cannot be spread: it can be paid in one go",
                    vec![Amount(*total), Amount(*minimum)],
                ),
            ),
            E::DateOutOfRange => at(
                "plan.date_range",
                "/first_date",
                Message::plain("the dates asked for are beyond the supported calendar"),
            ),
            E::TermsChanged { agreed, current } => at(
                "plan.terms_changed",
                "/terms_version",
                Message::new(
                    "the plan terms have changed from version {} to {}; please review them again",
                    vec![Value::verbatim(agreed), Value::verbatim(current)],
                ),
            ),
            E::ScheduleChanged { expected, actual } => at(
                "plan.schedule_changed",
                "/expected_total_payable",
                Message::new(
                    "the plan now comes to {}, not the {} shown; please review it again",
                    vec![Value::verbatim(actual), Value::verbatim(expected)],
                ),
            ),
            E::InstalmentsChanged => at(
                "plan.instalments_changed",
                "/schedule",
                Message::plain(
                    "the plan's instalments are no longer the ones shown; please review it again",
                ),
            ),
            E::OfferExpired { expires_on } => at(
                "plan.offer_expired",
                "/offer_id",
                Message::new(
                    "this offer could be accepted until {}",
                    vec![Date(*expires_on)],
                ),
            ),
            E::WrongOffer { requested, given } => at(
                "plan.offer",
                "/offer_id",
                Message::new(
                    "the acceptance is for offer '{}', not '{}'",
                    vec![Value::verbatim(requested), Value::verbatim(given)],
                ),
            ),
        }
    }
}

described_by_breach!(PlanError);
