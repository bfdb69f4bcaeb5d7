//! The plan schedule builder: from an amount, a frequency, a first date and either a number
//! of instalments or an amount per instalment, the dated instalments of a plan under a
//! [`PlanPolicy`], with its total payable and cost of credit.
//!
//! How a schedule is worked out:
//!
//! 1. The policy's set-up fee is added to the amount.
//! 2. Simple interest is `amount × annual rate × days / 365`, where `days` runs from the
//!    day of agreement to the last instalment, rounded with the policy's named rounding.
//! 3. The total payable (`amount + fee + interest`) is split evenly into the instalments,
//!    to the minor unit; the minor units left over go one each to the first (or last,
//!    as the policy says) instalments, listed in [`Schedule::remainder_carried_by`].
//! 4. Dates step weekly, fortnightly or monthly from the first date; monthly dates keep
//!    the first date's day and fall back to the last day of shorter months.
//!
//! Every policy limit is checked and a breach is a [`PlanError`] naming the rule and the
//! limit, with what would fit where that can be worked out.
//!
//! ```
//! use settle_core::money::Money;
//! use settle_core::plan::{Frequency, PlanPolicy, PlanSize};
//! use settle_core::schedule::{build_schedule, ScheduleRequest};
//!
//! // "Instalments of at least £25, up to 12 of them, cleared within a year, monthly or
//! // weekly, first payment within 30 days, £10 set-up fee, no interest."
//! let policy: PlanPolicy = serde_json::from_value(serde_json::json!({
//!     "currency": "GBP",
//!     "min_instalment": "25.00",
//!     "max_instalments": 12,
//!     "max_term_months": 12,
//!     "frequencies": ["monthly", "weekly"],
//!     "first_date_latest_days": 30,
//!     "setup_fee": "10.00",
//!     "interest_rounding": "toward_zero",
//!     "missed_instalment_rule": "If a payment is missed we will contact you before anything else happens.",
//!     "terms_version": "2024-01"
//! })).unwrap();
//! let schedule = build_schedule(&policy, &ScheduleRequest {
//!     amount: Money::parse("1000.00", policy.currency).unwrap(),
//!     frequency: Frequency::Monthly,
//!     first_date: "2024-01-31".parse().unwrap(),
//!     size: PlanSize::Instalments(3),
//!     today: "2024-01-15".parse().unwrap(),
//! }).unwrap();
//! assert_eq!(schedule.total_payable.to_string(), "1010.00");
//! let amounts: Vec<String> = schedule.instalments.iter().map(|i| i.amount.to_string()).collect();
//! assert_eq!(amounts, ["336.67", "336.67", "336.66"]);
//! assert_eq!(schedule.remainder_carried_by, [1, 2]);
//! let dates: Vec<String> = schedule.instalments.iter().map(|i| i.due_date.to_string()).collect();
//! assert_eq!(dates, ["2024-01-31", "2024-02-29", "2024-03-31"]);
//! ```

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::message::{display_by_message, Explain, Message, Value};
use crate::money::{Money, MoneyError};
use crate::plan::{check_instalments, Frequency, PlanPolicy, PlanSize, ProposePlan};
use crate::validation::{InvalidField, RuleBreach};

/// What the customer (or the creditor making an offer) asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleRequest {
    /// The amount owed to spread over the plan.
    pub amount: Money,
    /// How often.
    pub frequency: Frequency,
    /// When the first instalment falls due.
    pub first_date: NaiveDate,
    /// How many instalments, or at most how much each.
    pub size: PlanSize,
    /// The day the plan would be agreed: the first-date window and the term count from it.
    pub today: NaiveDate,
}

/// A worked-out plan: dated instalments adding up exactly to the total payable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// Currency of every amount.
    pub currency: Currency,
    /// How often.
    pub frequency: Frequency,
    /// The amount owed it pays off.
    #[serde(with = "crate::decimal::wire")]
    pub principal: Decimal,
    /// The policy's set-up fee.
    #[serde(with = "crate::decimal::wire")]
    pub setup_fee: Decimal,
    /// Simple interest for the plan's term.
    #[serde(with = "crate::decimal::wire")]
    pub interest: Decimal,
    /// `setup_fee + interest`: what the plan costs on top of the amount owed.
    #[serde(with = "crate::decimal::wire")]
    pub cost_of_credit: Decimal,
    /// `principal + cost_of_credit`: what the instalments add up to.
    #[serde(with = "crate::decimal::wire")]
    pub total_payable: Decimal,
    /// The instalments, in date order.
    pub instalments: Vec<ScheduledInstalment>,
    /// Numbers of the instalments that carry one extra minor unit of the remainder.
    #[serde(default)]
    pub remainder_carried_by: Vec<u32>,
    /// The policy's terms version the schedule was built under.
    pub terms_version: String,
}

/// One dated instalment of a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledInstalment {
    /// 1 for the first.
    pub number: u32,
    /// When it falls due.
    pub due_date: NaiveDate,
    /// How much.
    #[serde(with = "crate::decimal::wire")]
    pub amount: Decimal,
}

impl Schedule {
    /// Checks a schedule a backend sent (in a plan offer): amounts exact, costs adding up,
    /// instalments numbered from 1 with strictly increasing dates and adding up to the total.
    pub fn validate(&self) -> Result<(), InvalidField> {
        crate::validation::positive("/principal", self.principal, self.currency)?;
        crate::validation::non_negative("/setup_fee", self.setup_fee, self.currency)?;
        crate::validation::non_negative("/interest", self.interest, self.currency)?;
        if self.setup_fee + self.interest != self.cost_of_credit {
            return Err(InvalidField::new(
                "/cost_of_credit",
                "is not set-up fee plus interest",
            ));
        }
        if self.principal + self.cost_of_credit != self.total_payable {
            return Err(InvalidField::new(
                "/total_payable",
                "is not principal plus cost of credit",
            ));
        }
        check_instalments(
            self.currency,
            self.total_payable,
            self.instalments
                .iter()
                .map(|i| (i.number, i.due_date, i.amount)),
            "/instalments",
        )
    }
}

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

impl Explain for PlanError {
    fn message(&self) -> Message {
        use PlanError as E;
        use Value::{Date, Money as Amount, Word};
        match self {
            E::Policy(error) => Message::new(
                "the plan policy is not valid: {}",
                vec![Value::verbatim(error)],
            ),
            E::CurrencyMismatch { policy, amount } => Message::new(
                "plans are in {}, not {}",
                vec![Value::verbatim(policy), Value::verbatim(amount)],
            ),
            E::Amount(error) => Message::new(
                "the plan amount is not valid: {}",
                vec![Value::message(error)],
            ),
            E::PerInstalment(error) => Message::new(
                "the amount per instalment is not valid: {}",
                vec![Value::message(error)],
            ),
            E::AmountNotPositive => Message::plain("the plan amount must be more than zero"),
            E::FrequencyNotAllowed { frequency, allowed } => Message::new(
                "{} instalments are not offered; choose {}",
                vec![
                    Word(frequency.name()),
                    Value::Words(allowed.iter().map(|f| f.name()).collect()),
                ],
            ),
            E::FirstDateTooEarly {
                first_date,
                earliest,
            } => Message::new(
                "the first instalment cannot be due before {} (asked for {})",
                vec![Date(*earliest), Date(*first_date)],
            ),
            E::FirstDateTooLate { first_date, latest } => Message::new(
                "the first instalment must be due by {} (asked for {})",
                vec![Date(*latest), Date(*first_date)],
            ),
            E::NoInstalments => Message::plain("a plan needs at least one instalment"),
            E::TooManyInstalments { requested, max } => Message::new(
                "{} instalments is more than the maximum of {}",
                vec![Value::verbatim(requested), Value::verbatim(max)],
            ),
            E::TermTooLong {
                last_date,
                term_end,
                max_term_months,
                frequency,
                most_instalments,
            } => Message::new(
                "the last instalment would be due on {}, but plans must end by {} (at most {} months); with this start date that allows at most {} {} instalments",
                vec![
                    Date(*last_date),
                    Date(*term_end),
                    Value::verbatim(max_term_months),
                    Value::verbatim(most_instalments),
                    Word(frequency.name()),
                ],
            ),
            E::InstalmentBelowMinimum {
                count,
                smallest,
                minimum,
                most_instalments,
            } => Message::new(
                "instalments must be at least {}, but {} instalments would be {}; choose at most {} instalments",
                vec![
                    Amount(*minimum),
                    Value::verbatim(count),
                    Amount(*smallest),
                    Value::verbatim(most_instalments),
                ],
            ),
            E::PerInstalmentBelowMinimum {
                per_instalment,
                minimum,
            } => Message::new(
                "instalments must be at least {}; {} is too little",
                vec![Amount(*minimum), Amount(*per_instalment)],
            ),
            E::PerInstalmentTooLow {
                per_instalment,
                lowest,
            } => Message::new(
                "at {} per instalment the plan would need more instalments than allowed; the lowest amount per instalment is {}",
                vec![Amount(*per_instalment), Amount(*lowest)],
            ),
            E::AmountBelowMinimum { total, minimum } => Message::new(
                "the total of {} is less than the minimum instalment of {}, so it cannot be spread: it can be paid in one go",
                vec![Amount(*total), Amount(*minimum)],
            ),
            E::DateOutOfRange => {
                Message::plain("the dates asked for are beyond the supported calendar")
            }
            E::TermsChanged { agreed, current } => Message::new(
                "the plan terms have changed from version {} to {}; please review them again",
                vec![Value::verbatim(agreed), Value::verbatim(current)],
            ),
            E::ScheduleChanged { expected, actual } => Message::new(
                "the plan now comes to {}, not the {} shown; please review it again",
                vec![Value::verbatim(actual), Value::verbatim(expected)],
            ),
            E::OfferExpired { expires_on } => Message::new(
                "this offer could be accepted until {}",
                vec![Date(*expires_on)],
            ),
            E::WrongOffer { requested, given } => Message::new(
                "the acceptance is for offer '{}', not '{}'",
                vec![Value::verbatim(requested), Value::verbatim(given)],
            ),
        }
    }
}

display_by_message!(PlanError);

impl RuleBreach for PlanError {
    fn rule(&self) -> &'static str {
        match self {
            PlanError::Policy(_) => "plan.policy",
            PlanError::CurrencyMismatch { .. } => "plan.currency",
            PlanError::Amount(_) => "plan.amount",
            PlanError::PerInstalment(_) => "plan.per_instalment",
            PlanError::AmountNotPositive => "plan.amount_positive",
            PlanError::FrequencyNotAllowed { .. } => "plan.frequency",
            PlanError::FirstDateTooEarly { .. } => "plan.first_date_earliest",
            PlanError::FirstDateTooLate { .. } => "plan.first_date_latest",
            PlanError::NoInstalments => "plan.instalments_min",
            PlanError::TooManyInstalments { .. } => "plan.max_instalments",
            PlanError::TermTooLong { .. } => "plan.max_term",
            PlanError::InstalmentBelowMinimum { .. } => "plan.min_instalment",
            PlanError::PerInstalmentBelowMinimum { .. } => "plan.min_instalment",
            PlanError::PerInstalmentTooLow { .. } => "plan.per_instalment_too_low",
            PlanError::AmountBelowMinimum { .. } => "plan.amount_below_minimum",
            PlanError::DateOutOfRange => "plan.date_range",
            PlanError::TermsChanged { .. } => "plan.terms_changed",
            PlanError::ScheduleChanged { .. } => "plan.schedule_changed",
            PlanError::OfferExpired { .. } => "plan.offer_expired",
            PlanError::WrongOffer { .. } => "plan.offer",
        }
    }

    fn field(&self) -> Option<String> {
        let field = match self {
            PlanError::Policy(_) => return None,
            PlanError::CurrencyMismatch { .. } => "/currency",
            PlanError::Amount(_) | PlanError::AmountNotPositive => "/amount",
            PlanError::AmountBelowMinimum { .. } => "/amount",
            PlanError::PerInstalment(_)
            | PlanError::PerInstalmentBelowMinimum { .. }
            | PlanError::PerInstalmentTooLow { .. } => "/size/per_instalment",
            PlanError::FrequencyNotAllowed { .. } => "/frequency",
            PlanError::FirstDateTooEarly { .. }
            | PlanError::FirstDateTooLate { .. }
            | PlanError::DateOutOfRange => "/first_date",
            PlanError::NoInstalments
            | PlanError::TooManyInstalments { .. }
            | PlanError::InstalmentBelowMinimum { .. } => "/size/instalments",
            PlanError::TermTooLong { .. } => "/size",
            PlanError::TermsChanged { .. } => "/terms_version",
            PlanError::ScheduleChanged { .. } => "/expected_total_payable",
            PlanError::OfferExpired { .. } | PlanError::WrongOffer { .. } => "/offer_id",
        };
        Some(field.to_owned())
    }
}

/// The parts of a schedule that depend on the number of instalments.
struct Priced {
    dates: Vec<NaiveDate>,
    interest: Money,
    total: Money,
}

/// Works out the schedule for `request` under `policy`, or the first rule it breaks.
///
/// Checks, in order: the policy is coherent; the currency is the policy's; the amount is
/// exact and above zero; the frequency is offered; the first date is inside the window;
/// then the number of instalments (1 to the maximum), the term, and the minimum
/// instalment. With [`PlanSize::PerInstalment`] the fewest instalments are used that keep
/// every instalment at or below the amount asked.
pub fn build_schedule(
    policy: &PlanPolicy,
    request: &ScheduleRequest,
) -> Result<Schedule, PlanError> {
    policy.validate().map_err(PlanError::Policy)?;
    let currency = policy.currency;
    let principal = request.amount;
    if principal.currency() != currency {
        return Err(PlanError::CurrencyMismatch {
            policy: currency,
            amount: principal.currency(),
        });
    }
    if !principal.is_positive() {
        return Err(PlanError::AmountNotPositive);
    }
    if !policy.frequencies.contains(&request.frequency) {
        return Err(PlanError::FrequencyNotAllowed {
            frequency: request.frequency,
            allowed: policy.frequencies.clone(),
        });
    }
    let (earliest, latest) = policy.first_date_window(request.today);
    if request.first_date < earliest {
        return Err(PlanError::FirstDateTooEarly {
            first_date: request.first_date,
            earliest,
        });
    }
    if request.first_date > latest {
        return Err(PlanError::FirstDateTooLate {
            first_date: request.first_date,
            latest,
        });
    }
    // Validated by the policy check above, so these cannot fail.
    let minimum = Money::new(policy.min_instalment, currency).map_err(PlanError::Amount)?;
    let fee = Money::new(policy.setup_fee, currency).map_err(PlanError::Amount)?;
    let builder = Builder {
        policy,
        request,
        principal,
        fee,
        term_end: policy.term_end(request.today),
    };
    let most_in_term = builder.most_in_term()?;

    let (priced, parts) = match request.size {
        PlanSize::Instalments(count) => {
            if count == 0 {
                return Err(PlanError::NoInstalments);
            }
            if count > policy.max_instalments {
                return Err(PlanError::TooManyInstalments {
                    requested: count,
                    max: policy.max_instalments,
                });
            }
            builder.check_term(count, most_in_term)?;
            let priced = builder.price(count)?;
            let parts = priced.total.split(count, policy.remainder);
            let smallest = parts.iter().map(Money::amount).min().unwrap_or_default();
            if smallest < minimum.amount() {
                let most_instalments = builder.most_above_minimum(count - 1, minimum)?;
                if most_instalments == 0 {
                    return Err(builder.below_minimum(minimum)?);
                }
                return Err(PlanError::InstalmentBelowMinimum {
                    count,
                    smallest: Money::new(smallest, currency).map_err(PlanError::Amount)?,
                    minimum,
                    most_instalments,
                });
            }
            (priced, parts)
        }
        PlanSize::PerInstalment(per) => {
            let per = Money::new(per, currency).map_err(PlanError::PerInstalment)?;
            if per.amount() < minimum.amount() {
                return Err(PlanError::PerInstalmentBelowMinimum {
                    per_instalment: per,
                    minimum,
                });
            }
            let found = builder
                .fewest_within(per, most_in_term)?
                .and_then(|(count, priced)| {
                    let parts = priced.total.split(count, policy.remainder);
                    let fits = parts.iter().all(|part| part.amount() >= minimum.amount());
                    fits.then_some((priced, parts))
                });
            match found {
                Some(found) => found,
                None => return Err(builder.per_instalment_error(per, most_in_term, minimum)?),
            }
        }
    };

    let base = parts.iter().map(Money::amount).min().unwrap_or_default();
    let instalments: Vec<ScheduledInstalment> = parts
        .iter()
        .zip(&priced.dates)
        .zip(1..)
        .map(|((part, due_date), number)| ScheduledInstalment {
            number,
            due_date: *due_date,
            amount: part.amount(),
        })
        .collect();
    let remainder_carried_by = instalments
        .iter()
        .filter(|i| i.amount > base)
        .map(|i| i.number)
        .collect();
    let cost_of_credit = fee
        .checked_add(&priced.interest)
        .map_err(PlanError::Amount)?;
    Ok(Schedule {
        currency,
        frequency: request.frequency,
        principal: principal.amount(),
        setup_fee: fee.amount(),
        interest: priced.interest.amount(),
        cost_of_credit: cost_of_credit.amount(),
        total_payable: priced.total.amount(),
        instalments,
        remainder_carried_by,
        terms_version: policy.terms_version.clone(),
    })
}

struct Builder<'a> {
    policy: &'a PlanPolicy,
    request: &'a ScheduleRequest,
    principal: Money,
    fee: Money,
    term_end: NaiveDate,
}

impl Builder<'_> {
    fn date(&self, index: u32) -> Result<NaiveDate, PlanError> {
        self.request
            .frequency
            .due_date(self.request.first_date, index)
            .ok_or(PlanError::DateOutOfRange)
    }

    /// The most instalments (up to the policy maximum) whose last date is within the term.
    fn most_in_term(&self) -> Result<u32, PlanError> {
        let mut most = 0;
        while most < self.policy.max_instalments && self.date(most)? <= self.term_end {
            most += 1;
        }
        Ok(most)
    }

    fn check_term(&self, count: u32, most_in_term: u32) -> Result<(), PlanError> {
        if count > most_in_term {
            return Err(PlanError::TermTooLong {
                last_date: self.date(count - 1)?,
                term_end: self.term_end,
                max_term_months: self.policy.max_term_months,
                frequency: self.request.frequency,
                most_instalments: most_in_term,
            });
        }
        Ok(())
    }

    /// Dates, interest and total payable for `count` instalments.
    fn price(&self, count: u32) -> Result<Priced, PlanError> {
        let dates = (0..count)
            .map(|index| self.date(index))
            .collect::<Result<Vec<_>, _>>()?;
        let last = dates.last().copied().unwrap_or(self.request.first_date);
        let days = Decimal::from((last - self.request.today).num_days().max(0));
        // Simple interest: amount × (rate / 100) × (days / 365), rounded once at the end.
        let exact = self.principal.amount() * self.policy.annual_interest_percent * days
            / Decimal::from(36_500);
        let interest = Money::rounded(
            exact,
            self.principal.currency(),
            self.policy.interest_rounding,
        )
        .map_err(PlanError::Amount)?;
        let total = self
            .principal
            .checked_add(&self.fee)
            .and_then(|sum| sum.checked_add(&interest))
            .map_err(PlanError::Amount)?;
        Ok(Priced {
            dates,
            interest,
            total,
        })
    }

    /// The fewest instalments, within the policy, none of which is above `per`; `None`
    /// when even the most instalments the policy allows would each be above it.
    fn fewest_within(
        &self,
        per: Money,
        most_in_term: u32,
    ) -> Result<Option<(u32, Priced)>, PlanError> {
        let without_interest = self
            .principal
            .checked_add(&self.fee)
            .map_err(PlanError::Amount)?;
        let mut count = count_for(ceil_div(without_interest.to_minor(), per.to_minor())).max(1);
        while count <= most_in_term {
            let priced = self.price(count)?;
            // Interest grows with the term, so check the count still covers the total.
            if ceil_div(priced.total.to_minor(), per.to_minor()) <= i64::from(count) {
                return Ok(Some((count, priced)));
            }
            count += 1;
        }
        Ok(None)
    }

    /// Why no schedule fits `per`, with the lowest amount per instalment that does fit:
    /// the even share of the most instalments the term, the maximum number and the
    /// minimum instalment allow together.
    fn per_instalment_error(
        &self,
        per: Money,
        most_in_term: u32,
        minimum: Money,
    ) -> Result<PlanError, PlanError> {
        if most_in_term == 0 {
            return Ok(self
                .check_term(1, 0)
                .err()
                .unwrap_or(PlanError::DateOutOfRange));
        }
        let most = self.most_above_minimum(most_in_term, minimum)?;
        if most == 0 {
            return self.below_minimum(minimum);
        }
        let total = self.price(most)?.total;
        let lowest = Money::from_minor(
            ceil_div(total.to_minor(), i64::from(most)),
            total.currency(),
        )
        .map_err(PlanError::Amount)?;
        Ok(PlanError::PerInstalmentTooLow {
            per_instalment: per,
            lowest,
        })
    }

    fn below_minimum(&self, minimum: Money) -> Result<PlanError, PlanError> {
        Ok(PlanError::AmountBelowMinimum {
            total: self
                .principal
                .checked_add(&self.fee)
                .map_err(PlanError::Amount)?,
            minimum,
        })
    }

    /// The most instalments, at most `count`, each at least `minimum`; 0 when not even one
    /// instalment is.
    fn most_above_minimum(&self, count: u32, minimum: Money) -> Result<u32, PlanError> {
        for fewer in (1..=count).rev() {
            let total = self.price(fewer)?.total;
            if total.to_minor() / i64::from(fewer) >= minimum.to_minor() {
                return Ok(fewer);
            }
        }
        Ok(0)
    }
}

/// `ceil(a / b)` for a ≥ 0, b > 0.
fn ceil_div(a: i64, b: i64) -> i64 {
    (a + b - 1) / b
}

/// A count of instalments, saturating (the policy maximum is far below `u32::MAX`).
fn count_for(quotient: i64) -> u32 {
    u32::try_from(quotient).unwrap_or(u32::MAX)
}

impl ProposePlan {
    /// The schedule request this intent makes, for a plan agreed on `today`.
    pub fn schedule_request(&self, today: NaiveDate) -> Result<ScheduleRequest, PlanError> {
        Ok(ScheduleRequest {
            amount: Money::new(self.amount, self.currency).map_err(PlanError::Amount)?,
            frequency: self.frequency,
            first_date: self.first_date,
            size: self.size,
            today,
        })
    }

    /// Rebuilds the schedule under `policy` on `today` and checks that the customer agreed
    /// to the terms version in force and saw the same total payable.
    pub fn check(&self, policy: &PlanPolicy, today: NaiveDate) -> Result<Schedule, PlanError> {
        if self.terms_version != policy.terms_version {
            return Err(PlanError::TermsChanged {
                agreed: self.terms_version.clone(),
                current: policy.terms_version.clone(),
            });
        }
        let schedule = build_schedule(policy, &self.schedule_request(today)?)?;
        if let Some(expected) = self.expected_total_payable {
            if expected != schedule.total_payable {
                return Err(PlanError::ScheduleChanged {
                    expected,
                    actual: schedule.total_payable,
                });
            }
        }
        Ok(schedule)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::invoice::tests::{date, dec};
    use crate::money::{RemainderPlacement, Rounding};
    use proptest::prelude::*;

    /// A GBP policy: at least 10.00 an instalment, up to 24 of them within 12 months, any
    /// frequency, first date within 30 days, no fee or interest.
    pub(crate) fn policy() -> PlanPolicy {
        PlanPolicy {
            id: "policy-1".into(),
            currency: Currency::GBP,
            min_instalment: dec("10.00"),
            max_instalments: 24,
            max_term_months: 12,
            frequencies: Frequency::ALL.to_vec(),
            first_date_earliest_days: 0,
            first_date_latest_days: 30,
            setup_fee: Decimal::ZERO,
            annual_interest_percent: Decimal::ZERO,
            interest_rounding: Rounding::TowardZero,
            remainder: RemainderPlacement::First,
            missed_after_days: 7,
            missed_instalment_rule:
                "If an instalment is missed we will contact you before anything else happens."
                    .into(),
            promise_window_days: 14,
            terms_version: "2024-01".into(),
        }
    }

    fn request(
        amount: &str,
        frequency: Frequency,
        first: &str,
        size: PlanSize,
        today: &str,
    ) -> ScheduleRequest {
        ScheduleRequest {
            amount: Money::parse(amount, Currency::GBP).unwrap(),
            frequency,
            first_date: date(first),
            size,
            today: date(today),
        }
    }

    fn amounts(schedule: &Schedule) -> Vec<String> {
        schedule
            .instalments
            .iter()
            .map(|i| i.amount.to_string())
            .collect()
    }

    fn dates(schedule: &Schedule) -> Vec<String> {
        schedule
            .instalments
            .iter()
            .map(|i| i.due_date.to_string())
            .collect()
    }

    #[test]
    fn monthly_dates_clamp_to_short_months_and_return() {
        let leap = request(
            "1000.00",
            Frequency::Monthly,
            "2024-01-31",
            PlanSize::Instalments(4),
            "2024-01-15",
        );
        let schedule = build_schedule(&policy(), &leap).unwrap();
        assert_eq!(
            dates(&schedule),
            ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]
        );
        assert_eq!(amounts(&schedule), ["250.00", "250.00", "250.00", "250.00"]);
        let common = request(
            "1000.00",
            Frequency::Monthly,
            "2023-01-31",
            PlanSize::Instalments(3),
            "2023-01-15",
        );
        let schedule = build_schedule(&policy(), &common).unwrap();
        assert_eq!(dates(&schedule), ["2023-01-31", "2023-02-28", "2023-03-31"]);
        let mid = request(
            "1000.00",
            Frequency::Monthly,
            "2023-01-15",
            PlanSize::Instalments(3),
            "2023-01-15",
        );
        assert_eq!(
            dates(&build_schedule(&policy(), &mid).unwrap()),
            ["2023-01-15", "2023-02-15", "2023-03-15"]
        );
    }

    #[test]
    fn weekly_and_fortnightly_dates() {
        let weekly = request(
            "100.00",
            Frequency::Weekly,
            "2024-02-26",
            PlanSize::Instalments(3),
            "2024-02-20",
        );
        assert_eq!(
            dates(&build_schedule(&policy(), &weekly).unwrap()),
            ["2024-02-26", "2024-03-04", "2024-03-11"]
        );
        let fortnightly = request(
            "100.00",
            Frequency::Fortnightly,
            "2024-02-26",
            PlanSize::Instalments(3),
            "2024-02-20",
        );
        assert_eq!(
            dates(&build_schedule(&policy(), &fortnightly).unwrap()),
            ["2024-02-26", "2024-03-11", "2024-03-25"]
        );
    }

    #[test]
    fn remainder_goes_one_minor_unit_at_a_time_where_the_policy_says() {
        let ask = request(
            "100.00",
            Frequency::Monthly,
            "2024-02-01",
            PlanSize::Instalments(3),
            "2024-01-20",
        );
        let first = build_schedule(&policy(), &ask).unwrap();
        assert_eq!(amounts(&first), ["33.34", "33.33", "33.33"]);
        assert_eq!(first.remainder_carried_by, [1]);
        let ask = request(
            "100.02",
            Frequency::Monthly,
            "2024-02-01",
            PlanSize::Instalments(4),
            "2024-01-20",
        );
        let last = build_schedule(
            &PlanPolicy {
                remainder: RemainderPlacement::Last,
                ..policy()
            },
            &ask,
        )
        .unwrap();
        assert_eq!(amounts(&last), ["25.00", "25.00", "25.01", "25.01"]);
        assert_eq!(last.remainder_carried_by, [3, 4]);
        let even = request(
            "100.00",
            Frequency::Monthly,
            "2024-02-01",
            PlanSize::Instalments(4),
            "2024-01-20",
        );
        assert!(build_schedule(&policy(), &even)
            .unwrap()
            .remainder_carried_by
            .is_empty());
    }

    #[test]
    fn zero_and_three_decimal_currencies() {
        let yen = PlanPolicy {
            currency: Currency::JPY,
            min_instalment: dec("1000"),
            ..policy()
        };
        let ask = ScheduleRequest {
            amount: Money::parse("10000", Currency::JPY).unwrap(),
            ..request(
                "1",
                Frequency::Monthly,
                "2024-02-01",
                PlanSize::Instalments(3),
                "2024-01-20",
            )
        };
        let schedule = build_schedule(&yen, &ask).unwrap();
        assert_eq!(amounts(&schedule), ["3334", "3333", "3333"]);
        let dinar = PlanPolicy {
            currency: Currency::KWD,
            min_instalment: dec("1"),
            ..policy()
        };
        let ask = ScheduleRequest {
            amount: Money::parse("10", Currency::KWD).unwrap(),
            ..ask
        };
        let schedule = build_schedule(&dinar, &ask).unwrap();
        assert_eq!(amounts(&schedule), ["3.334", "3.333", "3.333"]);
        assert_eq!(schedule.total_payable.to_string(), "10.000");
    }

    #[test]
    fn fee_and_simple_interest_are_computed() {
        let costly = PlanPolicy {
            setup_fee: dec("10.00"),
            annual_interest_percent: dec("10"),
            ..policy()
        };
        // 350 days from agreement to the last instalment:
        // 1200 × 10% × 350 / 365 = 115.0684..., rounded toward zero to 115.06.
        let ask = request(
            "1200.00",
            Frequency::Monthly,
            "2024-01-16",
            PlanSize::Instalments(12),
            "2024-01-01",
        );
        let schedule = build_schedule(&costly, &ask).unwrap();
        assert_eq!(
            schedule.instalments.last().unwrap().due_date,
            date("2024-12-16")
        );
        assert_eq!(schedule.interest, dec("115.06"));
        assert_eq!(schedule.cost_of_credit, dec("125.06"));
        assert_eq!(schedule.total_payable, dec("1325.06"));
        let mut expected = vec!["110.43"; 2];
        expected.extend(vec!["110.42"; 10]);
        assert_eq!(amounts(&schedule), expected);
        assert_eq!(schedule.remainder_carried_by, [1, 2]);
        let rounded_up = PlanPolicy {
            interest_rounding: Rounding::HalfAwayFromZero,
            ..costly
        };
        assert_eq!(
            build_schedule(&rounded_up, &ask).unwrap().interest,
            dec("115.07")
        );
        assert_eq!(schedule.validate(), Ok(()));
    }

    #[test]
    fn amount_per_instalment_is_a_ceiling() {
        let ask = request(
            "1000.00",
            Frequency::Monthly,
            "2024-02-01",
            PlanSize::PerInstalment(dec("300")),
            "2024-01-20",
        );
        let schedule = build_schedule(&policy(), &ask).unwrap();
        assert_eq!(amounts(&schedule), ["250.00", "250.00", "250.00", "250.00"]);
        // Interest pushes the total above 3 × 340, so a fourth instalment is needed.
        let costly = PlanPolicy {
            annual_interest_percent: dec("20"),
            ..policy()
        };
        let ask = request(
            "1000.00",
            Frequency::Monthly,
            "2024-02-01",
            PlanSize::PerInstalment(dec("340")),
            "2024-01-20",
        );
        let schedule = build_schedule(&costly, &ask).unwrap();
        assert_eq!(schedule.instalments.len(), 4);
        assert!(schedule.instalments.iter().all(|i| i.amount <= dec("340")));
    }

    #[test]
    fn every_breach_names_the_rule_and_the_limit() {
        let today = "2024-01-15";
        let build = |policy: &PlanPolicy, amount: &str, frequency, first: &str, size| {
            build_schedule(policy, &request(amount, frequency, first, size, today)).unwrap_err()
        };
        let monthly = Frequency::Monthly;
        let six = PlanSize::Instalments(6);

        let only_monthly = PlanPolicy {
            frequencies: vec![Frequency::Monthly],
            ..policy()
        };
        let error = build(&only_monthly, "600", Frequency::Weekly, "2024-01-20", six);
        assert_eq!(
            error.to_string(),
            "weekly instalments are not offered; choose monthly"
        );
        assert_eq!(error.rule(), "plan.frequency");

        let late_start = PlanPolicy {
            first_date_earliest_days: 3,
            ..policy()
        };
        let error = build(&late_start, "600", monthly, "2024-01-17", six);
        assert_eq!(
            error,
            PlanError::FirstDateTooEarly {
                first_date: date("2024-01-17"),
                earliest: date("2024-01-18")
            }
        );
        let error = build(&policy(), "600", monthly, "2024-02-15", six);
        assert_eq!(
            error.to_string(),
            "the first instalment must be due by 2024-02-14 (asked for 2024-02-15)"
        );

        assert_eq!(
            build(
                &policy(),
                "600",
                monthly,
                "2024-02-01",
                PlanSize::Instalments(0)
            ),
            PlanError::NoInstalments
        );
        let error = build(
            &policy(),
            "600",
            monthly,
            "2024-02-01",
            PlanSize::Instalments(25),
        );
        assert_eq!(
            error.to_string(),
            "25 instalments is more than the maximum of 24"
        );

        let error = build(
            &policy(),
            "6000",
            monthly,
            "2024-02-14",
            PlanSize::Instalments(13),
        );
        assert_eq!(
            error.to_string(),
            "the last instalment would be due on 2025-02-14, but plans must end by 2025-01-15 (at most 12 months); with this start date that allows at most 12 monthly instalments"
        );
        assert_eq!(error.field().as_deref(), Some("/size"));

        let error = build(&policy(), "55.00", monthly, "2024-02-01", six);
        assert_eq!(
            error.to_string(),
            "instalments must be at least 10.00 GBP, but 6 instalments would be 9.16 GBP; choose at most 5 instalments"
        );
        assert_eq!(error.rule(), "plan.min_instalment");

        let error = build(&policy(), "9.99", monthly, "2024-02-01", six);
        assert!(
            matches!(error, PlanError::AmountBelowMinimum { .. }),
            "{error}"
        );
        let error = build(
            &policy(),
            "9.99",
            monthly,
            "2024-02-01",
            PlanSize::Instalments(1),
        );
        assert!(
            matches!(error, PlanError::AmountBelowMinimum { .. }),
            "{error}"
        );

        let error = build(
            &policy(),
            "600",
            monthly,
            "2024-02-01",
            PlanSize::PerInstalment(dec("9.99")),
        );
        assert_eq!(
            error.to_string(),
            "instalments must be at least 10.00 GBP; 9.99 GBP is too little"
        );
        let error = build(
            &policy(),
            "6000",
            monthly,
            "2024-02-01",
            PlanSize::PerInstalment(dec("100")),
        );
        assert_eq!(
            error.to_string(),
            "at 100.00 GBP per instalment the plan would need more instalments than allowed; the lowest amount per instalment is 500.00 GBP"
        );
        let error = build(
            &policy(),
            "600",
            monthly,
            "2024-02-01",
            PlanSize::PerInstalment(dec("10.001")),
        );
        assert!(matches!(
            error,
            PlanError::PerInstalment(MoneyError::TooFine { .. })
        ));

        let error = build(&policy(), "0", monthly, "2024-02-01", six);
        assert_eq!(error, PlanError::AmountNotPositive);
        let euros = ScheduleRequest {
            amount: Money::parse("600", Currency::EUR).unwrap(),
            ..request("1", monthly, "2024-02-01", six, today)
        };
        assert!(matches!(
            build_schedule(&policy(), &euros),
            Err(PlanError::CurrencyMismatch { .. })
        ));
        let broken = PlanPolicy {
            frequencies: Vec::new(),
            ..policy()
        };
        let error = build(&broken, "600", monthly, "2024-02-01", six);
        assert_eq!(
            error.to_string(),
            "the plan policy is not valid: /frequencies: must offer at least one frequency"
        );
    }

    #[test]
    fn per_instalment_between_minimum_and_even_share_suggests_what_fits() {
        // 61 at 30 a time would need 3 instalments of about 20, below the minimum of 30.
        let strict = PlanPolicy {
            min_instalment: dec("30"),
            ..policy()
        };
        let ask = request(
            "61.00",
            Frequency::Monthly,
            "2024-02-01",
            PlanSize::PerInstalment(dec("30")),
            "2024-01-15",
        );
        let error = build_schedule(&strict, &ask).unwrap_err();
        let PlanError::PerInstalmentTooLow { lowest, .. } = error else {
            panic!("{error}")
        };
        assert_eq!(lowest.amount(), dec("30.50"));
        let ask = ScheduleRequest {
            size: PlanSize::PerInstalment(lowest.amount()),
            ..ask
        };
        assert_eq!(
            amounts(&build_schedule(&strict, &ask).unwrap()),
            ["30.50", "30.50"]
        );
    }

    #[test]
    fn proposals_are_rebuilt_and_compared() {
        let proposal = ProposePlan {
            account_id: "acc-1".into(),
            invoice_ids: Vec::new(),
            currency: Currency::GBP,
            amount: dec("100.00"),
            frequency: Frequency::Monthly,
            first_date: date("2024-02-01"),
            size: PlanSize::Instalments(3),
            terms_version: "2024-01".into(),
            agreed_at: "2024-01-20T10:00:00Z".parse().unwrap(),
            channel: "app".into(),
            expected_total_payable: Some(dec("100.00")),
        };
        let today = date("2024-01-20");
        assert_eq!(
            proposal.check(&policy(), today).unwrap().total_payable,
            dec("100.00")
        );
        let costly = PlanPolicy {
            setup_fee: dec("5"),
            ..policy()
        };
        assert_eq!(
            proposal.check(&costly, today),
            Err(PlanError::ScheduleChanged {
                expected: dec("100.00"),
                actual: dec("105.00")
            })
        );
        let newer = PlanPolicy {
            terms_version: "2024-02".into(),
            ..policy()
        };
        assert!(matches!(
            proposal.check(&newer, today),
            Err(PlanError::TermsChanged { .. })
        ));
        let json = serde_json::to_value(&proposal).unwrap();
        assert_eq!(json["size"], serde_json::json!({"instalments": 3}));
        assert_eq!(json["expected_total_payable"], "100.00");
    }

    /// A policy in any currency, with limits drawn from realistic ranges.
    fn any_policy() -> impl Strategy<Value = PlanPolicy> {
        (
            proptest::sample::select(Currency::ALL),
            1_i64..=100_000,
            1_u32..=60,
            1_u32..=36,
            proptest::sample::subsequence(Frequency::ALL.to_vec(), 1..=3),
            0_u32..=10,
            0_u32..=40,
            0_i64..=5_000,
            0_i64..=3_000,
            proptest::sample::select(vec![
                Rounding::HalfAwayFromZero,
                Rounding::HalfEven,
                Rounding::TowardZero,
                Rounding::AwayFromZero,
            ]),
            any::<bool>(),
        )
            .prop_map(
                |(
                    currency,
                    min,
                    max_instalments,
                    max_term_months,
                    frequencies,
                    earliest,
                    extra,
                    fee,
                    rate,
                    rounding,
                    last,
                )| {
                    let minor = currency.minor_units();
                    PlanPolicy {
                        currency,
                        min_instalment: Decimal::new(min, minor),
                        max_instalments,
                        max_term_months,
                        frequencies,
                        first_date_earliest_days: earliest,
                        first_date_latest_days: earliest + extra,
                        setup_fee: Decimal::new(fee, minor),
                        // 0 to 30.00 percent a year.
                        annual_interest_percent: Decimal::new(rate, 2),
                        interest_rounding: rounding,
                        remainder: if last {
                            RemainderPlacement::Last
                        } else {
                            RemainderPlacement::First
                        },
                        ..policy()
                    }
                },
            )
    }

    /// A request under `policy`: an amount from one minor unit to billions, an offered
    /// frequency, a first date inside the window, and either a count (up to two past the
    /// maximum) or an amount per instalment (around an even share of 1 to 80 parts).
    fn any_request(policy: PlanPolicy) -> impl Strategy<Value = (PlanPolicy, ScheduleRequest)> {
        let window = policy.first_date_latest_days - policy.first_date_earliest_days;
        (
            (1_i64..=9_999, 0_u32..=8),
            proptest::sample::select(policy.frequencies.clone()),
            0..=window,
            0_u64..=20_000,
            any::<bool>(),
            1_i64..=80,
            -50_i64..=50,
        )
            .prop_map(
                move |((mantissa, exponent), frequency, offset, day, by_count, parts, jitter)| {
                    let currency = policy.currency;
                    let amount = mantissa * 10_i64.pow(exponent);
                    let size = if by_count {
                        let count = u32::try_from(parts).unwrap() % (policy.max_instalments + 3);
                        PlanSize::Instalments(count)
                    } else {
                        let per = (amount / parts + jitter).max(1);
                        PlanSize::PerInstalment(Decimal::new(per, currency.minor_units()))
                    };
                    let today = date("2020-01-01") + chrono::Days::new(day);
                    let request = ScheduleRequest {
                        amount: Money::from_minor(amount, currency).unwrap(),
                        frequency,
                        first_date: today
                            + chrono::Days::new(u64::from(
                                policy.first_date_earliest_days + offset,
                            )),
                        size,
                        today,
                    };
                    (policy.clone(), request)
                },
            )
    }

    /// Every promise a schedule makes: it adds up exactly, fee and interest included; every
    /// instalment is at least the minimum (and at most the amount asked per instalment);
    /// there are no more than the maximum; the first is on the first date, the last within
    /// the term, and the dates strictly increase; the remainder is spread by one minor unit
    /// and reported.
    pub(crate) fn assert_schedule_keeps_the_rules(
        policy: &PlanPolicy,
        request: &ScheduleRequest,
        schedule: &Schedule,
    ) -> Result<(), TestCaseError> {
        let currency = policy.currency;
        let sum: Decimal = schedule.instalments.iter().map(|i| i.amount).sum();
        prop_assert_eq!(sum, schedule.total_payable);
        prop_assert_eq!(schedule.principal, request.amount.amount());
        prop_assert_eq!(schedule.setup_fee, policy.setup_fee);
        prop_assert_eq!(
            schedule.cost_of_credit,
            schedule.setup_fee + schedule.interest
        );
        prop_assert_eq!(
            schedule.total_payable,
            schedule.principal + schedule.cost_of_credit
        );
        prop_assert!(schedule.interest >= Decimal::ZERO);
        let count = schedule.instalments.len();
        prop_assert!(count >= 1 && count <= policy.max_instalments as usize);
        if let PlanSize::Instalments(asked) = request.size {
            prop_assert_eq!(count, asked as usize);
        }
        let smallest = schedule.instalments.iter().map(|i| i.amount).min().unwrap();
        let largest = schedule.instalments.iter().map(|i| i.amount).max().unwrap();
        prop_assert!(
            smallest >= policy.min_instalment,
            "{} below the minimum",
            smallest
        );
        if let PlanSize::PerInstalment(per) = request.size {
            prop_assert!(largest <= per, "{} above {} asked", largest, per);
        }
        let one_minor = Decimal::new(1, currency.minor_units());
        prop_assert!(largest - smallest <= one_minor);
        for instalment in &schedule.instalments {
            prop_assert!(Money::new(instalment.amount, currency).is_ok());
            let carries = schedule.remainder_carried_by.contains(&instalment.number);
            prop_assert_eq!(carries, instalment.amount > smallest);
        }
        prop_assert_eq!(schedule.instalments[0].due_date, request.first_date);
        for pair in schedule.instalments.windows(2) {
            prop_assert!(pair[0].due_date < pair[1].due_date);
            prop_assert_eq!(pair[0].number + 1, pair[1].number);
        }
        prop_assert!(schedule.instalments[count - 1].due_date <= policy.term_end(request.today));
        prop_assert_eq!(schedule.validate(), Ok(()));
        Ok(())
    }

    proptest! {
        // About a third of the random requests build a schedule; the others exercise each
        // refusal and the fix it suggests.
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// Any schedule built keeps every rule; any refusal is a real breach, and the
        /// suggested fix (fewer instalments, a higher amount per instalment) then works.
        #[test]
        fn schedules_keep_the_policy(
            (policy, request) in any_policy().prop_flat_map(any_request),
        ) {
            match build_schedule(&policy, &request) {
                Ok(schedule) => assert_schedule_keeps_the_rules(&policy, &request, &schedule)?,
                Err(PlanError::TooManyInstalments { requested, max }) => {
                    prop_assert!(requested > max);
                }
                Err(PlanError::TermTooLong { last_date, term_end, .. }) => {
                    prop_assert!(last_date > term_end);
                }
                Err(PlanError::InstalmentBelowMinimum { count, smallest, minimum, most_instalments }) => {
                    prop_assert!(smallest.amount() < minimum.amount());
                    prop_assert!(most_instalments >= 1 && most_instalments < count);
                    let fewer = ScheduleRequest { size: PlanSize::Instalments(most_instalments), ..request.clone() };
                    let schedule = build_schedule(&policy, &fewer);
                    prop_assert!(schedule.is_ok(), "{:?}", schedule);
                }
                Err(PlanError::PerInstalmentTooLow { per_instalment, lowest }) => {
                    prop_assert!(lowest.amount() > per_instalment.amount());
                    let higher = ScheduleRequest { size: PlanSize::PerInstalment(lowest.amount()), ..request.clone() };
                    match build_schedule(&policy, &higher) {
                        Ok(schedule) => assert_schedule_keeps_the_rules(&policy, &higher, &schedule)?,
                        Err(error) => prop_assert!(false, "suggested {} fails: {}", lowest, error),
                    }
                }
                Err(PlanError::PerInstalmentBelowMinimum { per_instalment, minimum }) => {
                    prop_assert!(per_instalment.amount() < minimum.amount());
                }
                Err(PlanError::AmountBelowMinimum { total, minimum }) => {
                    prop_assert!(total.amount() < minimum.amount());
                }
                Err(PlanError::NoInstalments) => {
                    prop_assert_eq!(request.size, PlanSize::Instalments(0));
                }
                Err(error) => prop_assert!(false, "unexpected refusal: {}", error),
            }
        }

        /// A request that fits by construction (each instalment can be at least the
        /// minimum, the last date falls inside the term) is always accepted.
        #[test]
        fn feasible_requests_are_accepted(
            policy in any_policy(),
            count in 1_u32..=36,
            extra in 0_i64..=1_000_000,
            day in 0_i64..=3_000,
        ) {
            let policy = PlanPolicy { max_term_months: 36, max_instalments: 36, ..policy };
            let today = date("2020-01-01") + chrono::Days::new(day as u64);
            let frequency = policy.frequencies[0];
            let minimum = Money::new(policy.min_instalment, policy.currency).unwrap();
            let amount = Money::from_minor(minimum.to_minor() * i64::from(count) + extra, policy.currency).unwrap();
            let request = ScheduleRequest {
                amount,
                frequency,
                first_date: today + chrono::Days::new(u64::from(policy.first_date_earliest_days)),
                size: PlanSize::Instalments(count),
                today,
            };
            match build_schedule(&policy, &request) {
                Ok(schedule) => assert_schedule_keeps_the_rules(&policy, &request, &schedule)?,
                Err(error) => prop_assert!(false, "refused: {}", error),
            }
        }
    }
}
