//! The plan schedule: from an amount, a frequency, a first date and either a number
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
//! use settle_core::plan::{build_schedule, Frequency, PlanPolicy, PlanSize, ScheduleRequest};
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

use super::{check_instalments, Frequency, PlanError, PlanPolicy, PlanSize};
use crate::currency::Currency;
use crate::money::Money;
use crate::validation::InvalidField;

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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Schedule {
    /// Currency of every amount.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
    pub currency: Currency,
    /// How often.
    pub frequency: Frequency,
    /// The amount owed it pays off.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub principal: Decimal,
    /// The policy's set-up fee.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub setup_fee: Decimal,
    /// Simple interest for the plan's term.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub interest: Decimal,
    /// `setup_fee + interest`: what the plan costs on top of the amount owed.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub cost_of_credit: Decimal,
    /// `principal + cost_of_credit`: what the instalments add up to.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduledInstalment {
    /// 1 for the first.
    pub number: u32,
    /// When it falls due.
    pub due_date: NaiveDate,
    /// How much.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
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

#[cfg(test)]
mod tests;
