//! Payment plans: the creditor's plan policy, the `plan`, `plan_offer` and `plan_policy`
//! sync records, instalment tracking (paid, due, missed), and the intents that accept an
//! offer or propose a plan. The schedule arithmetic lives in [`crate::schedule`].
//!
//! # Mapping a creditor's policy
//!
//! | creditor says | field |
//! | --- | --- |
//! | "instalments of at least £25" | `min_instalment: "25.00"` |
//! | "up to 12 payments" | `max_instalments: 12` |
//! | "cleared within 12 months of agreeing" | `max_term_months: 12` |
//! | "weekly, fortnightly or monthly" | `frequencies` |
//! | "first payment within 30 days" | `first_date_earliest_days: 0`, `first_date_latest_days: 30` |
//! | "£10 set-up fee" | `setup_fee: "10.00"` |
//! | "8% a year simple interest" | `annual_interest_percent: "8"` |
//! | "a payment is missed 7 days after its date" | `missed_after_days: 7` |
//! | "promises up to 14 days ahead" | `promise_window_days: 14` |

use std::fmt;

use chrono::{DateTime, Days, Months, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::money::{RemainderPlacement, Rounding};
use crate::schedule::{PlanError, Schedule};
use crate::validation::{self, InvalidField};

/// The most instalments any policy may allow (ten years of weekly payments, and some).
pub const MAX_POLICY_INSTALMENTS: u32 = 1000;

/// The longest term any policy may allow, in months.
pub const MAX_POLICY_TERM_MONTHS: u32 = 360;

/// How often instalments fall due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Every 7 days.
    Weekly,
    /// Every 14 days.
    Fortnightly,
    /// The same day each month; a day the month lacks becomes its last day (31 Jan,
    /// 29 Feb in a leap year, 31 Mar).
    Monthly,
}

impl Frequency {
    /// Every frequency.
    pub const ALL: [Frequency; 3] = [
        Frequency::Weekly,
        Frequency::Fortnightly,
        Frequency::Monthly,
    ];

    /// The due date of instalment `index` (0 for the first) when the first is due on
    /// `first`. Monthly dates are counted from the first date each time, so a plan that
    /// starts on the 31st returns to the 31st after a short month. `None` past the end of
    /// the calendar.
    pub fn due_date(self, first: NaiveDate, index: u32) -> Option<NaiveDate> {
        match self {
            Frequency::Weekly => first.checked_add_days(Days::new(7 * u64::from(index))),
            Frequency::Fortnightly => first.checked_add_days(Days::new(14 * u64::from(index))),
            Frequency::Monthly => first.checked_add_months(Months::new(index)),
        }
    }
}

impl Frequency {
    /// The frequency in words.
    pub fn name(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Fortnightly => "fortnightly",
            Frequency::Monthly => "monthly",
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The creditor's rules for payment plans and promises (the `plan_policy` sync record).
/// The app shows it before any plan is built; [`crate::schedule::build_schedule`] enforces
/// it; [`crate::promise`] takes its promise window from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanPolicy {
    /// Backend id.
    #[serde(default)]
    pub id: String,
    /// Currency of the amounts below; plans are built in it only.
    pub currency: Currency,
    /// Smallest amount any instalment may be.
    #[serde(with = "crate::decimal::wire")]
    pub min_instalment: Decimal,
    /// Most instalments a plan may have (1 to [`MAX_POLICY_INSTALMENTS`]).
    pub max_instalments: u32,
    /// The last instalment must fall due within this many months of the day the plan is
    /// agreed (1 to [`MAX_POLICY_TERM_MONTHS`]).
    pub max_term_months: u32,
    /// The frequencies offered.
    pub frequencies: Vec<Frequency>,
    /// The first instalment may fall due this many days after the day of agreement at the
    /// earliest (0: the same day).
    #[serde(default)]
    pub first_date_earliest_days: u32,
    /// ... and this many days after it at the latest.
    pub first_date_latest_days: u32,
    /// A flat set-up fee added to what is payable; zero for none.
    #[serde(default, with = "crate::decimal::wire")]
    pub setup_fee: Decimal,
    /// Simple interest in percent a year (`"8"` for 8 %), charged on the plan amount for
    /// the days from agreement to the last instalment; zero for none.
    #[serde(default, with = "crate::decimal::wire")]
    pub annual_interest_percent: Decimal,
    /// How interest is rounded to the minor unit. The usual choice is
    /// [`Rounding::TowardZero`], in the customer's favour.
    pub interest_rounding: Rounding,
    /// Which instalments carry the minor units left over when the total does not divide
    /// evenly.
    #[serde(default)]
    pub remainder: RemainderPlacement,
    /// An instalment not fully paid this many days after its due date counts as missed.
    #[serde(default)]
    pub missed_after_days: u32,
    /// What happens if an instalment is missed, in plain words, shown before agreeing.
    pub missed_instalment_rule: String,
    /// A promise to pay may name a date at most this many days ahead; 0 when promises are
    /// not offered.
    #[serde(default)]
    pub promise_window_days: u32,
    /// Version of the plan terms the customer agrees to; recorded with each agreement.
    pub terms_version: String,
}

impl PlanPolicy {
    /// Checks the policy itself is coherent, naming the field and limit: a minimum
    /// instalment above zero, 1 to [`MAX_POLICY_INSTALMENTS`] instalments, a term of 1 to
    /// [`MAX_POLICY_TERM_MONTHS`] months, at least one frequency and none twice, a first-date
    /// window in order and within a year, a fee and interest rate not below zero (interest
    /// at most 100 % a year), windows of at most a year, and the missed-instalment rule and
    /// terms version filled in.
    pub fn validate(&self) -> Result<(), InvalidField> {
        validation::positive("/min_instalment", self.min_instalment, self.currency)?;
        validation::non_negative("/setup_fee", self.setup_fee, self.currency)?;
        if !(1..=MAX_POLICY_INSTALMENTS).contains(&self.max_instalments) {
            return Err(InvalidField::new(
                "/max_instalments",
                format!("must be 1 to {MAX_POLICY_INSTALMENTS}"),
            ));
        }
        if !(1..=MAX_POLICY_TERM_MONTHS).contains(&self.max_term_months) {
            return Err(InvalidField::new(
                "/max_term_months",
                format!("must be 1 to {MAX_POLICY_TERM_MONTHS}"),
            ));
        }
        if self.frequencies.is_empty() {
            return Err(InvalidField::new(
                "/frequencies",
                "must offer at least one frequency",
            ));
        }
        for (index, frequency) in self.frequencies.iter().enumerate() {
            if self.frequencies[..index].contains(frequency) {
                return Err(InvalidField::new(
                    format!("/frequencies/{index}"),
                    format!("{frequency} appears twice"),
                ));
            }
        }
        if self.first_date_latest_days > 366 {
            return Err(InvalidField::new(
                "/first_date_latest_days",
                "must be at most 366",
            ));
        }
        if self.first_date_earliest_days > self.first_date_latest_days {
            return Err(InvalidField::new(
                "/first_date_earliest_days",
                format!(
                    "{} is after the latest first date ({} days)",
                    self.first_date_earliest_days, self.first_date_latest_days
                ),
            ));
        }
        let rate = self.annual_interest_percent;
        if rate < Decimal::ZERO || rate > Decimal::ONE_HUNDRED {
            return Err(InvalidField::new(
                "/annual_interest_percent",
                format!("{rate} is outside 0 to 100 percent a year"),
            ));
        }
        if self.missed_after_days > 366 {
            return Err(InvalidField::new(
                "/missed_after_days",
                "must be at most 366",
            ));
        }
        if self.promise_window_days > 366 {
            return Err(InvalidField::new(
                "/promise_window_days",
                "must be at most 366",
            ));
        }
        validation::text(
            "/missed_instalment_rule",
            &self.missed_instalment_rule,
            2000,
            true,
        )?;
        validation::text("/terms_version", &self.terms_version, 100, true)?;
        Ok(())
    }

    /// The earliest and latest first instalment dates for a plan agreed on `today`.
    pub fn first_date_window(&self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let add = |days: u32| {
            today
                .checked_add_days(Days::new(days.into()))
                .unwrap_or(NaiveDate::MAX)
        };
        (
            add(self.first_date_earliest_days),
            add(self.first_date_latest_days),
        )
    }

    /// The last day a plan agreed on `today` may have an instalment.
    pub fn term_end(&self, today: NaiveDate) -> NaiveDate {
        today
            .checked_add_months(Months::new(self.max_term_months))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// Whether an instalment is paid, due or missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstalmentStatus {
    /// Paid in full.
    Paid,
    /// Not yet paid in full, and not yet missed.
    Due,
    /// Not paid in full by its due date plus the policy's `missed_after_days`.
    Missed,
}

impl InstalmentStatus {
    /// The status on `as_of` of an instalment of `amount` with `paid` received, due on
    /// `due_date`, that counts as missed `missed_after_days` days after its date.
    pub fn on(
        amount: Decimal,
        paid: Decimal,
        due_date: NaiveDate,
        missed_after_days: u32,
        as_of: NaiveDate,
    ) -> InstalmentStatus {
        let missed_from = due_date
            .checked_add_days(Days::new(u64::from(missed_after_days) + 1))
            .unwrap_or(NaiveDate::MAX);
        if paid >= amount {
            InstalmentStatus::Paid
        } else if as_of >= missed_from {
            InstalmentStatus::Missed
        } else {
            InstalmentStatus::Due
        }
    }
}

/// Where a plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Agreed and being paid.
    Active,
    /// Every instalment paid.
    Completed,
    /// Ended by the creditor after missed instalments, as the policy's rule says.
    Broken,
    /// Ended by agreement.
    Cancelled,
}

/// One instalment of an agreed plan, with what has been paid against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInstalment {
    /// 1 for the first.
    pub number: u32,
    /// When it falls due.
    pub due_date: NaiveDate,
    /// How much.
    #[serde(with = "crate::decimal::wire")]
    pub amount: Decimal,
    /// How much has been paid against it.
    #[serde(default, with = "crate::decimal::wire")]
    pub paid: Decimal,
    /// Paid, due or missed, as the backend last worked it out.
    pub status: InstalmentStatus,
}

/// How and when the customer agreed to a plan. The backend keeps the record; the app keeps
/// it as a receipt the customer can open offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// The policy's `terms_version` agreed to.
    pub terms_version: String,
    /// When the customer agreed (the customer's device clock, as sent in the intent).
    pub agreed_at: DateTime<Utc>,
    /// Where: `"app"` for Settle, or what the backend records (`"phone"`, ...).
    pub channel: String,
    /// The offer accepted, when it was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_id: Option<String>,
}

/// An agreed plan (the `plan` sync record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Backend id.
    pub id: String,
    /// The account.
    pub account_id: String,
    /// The invoices it pays.
    #[serde(default)]
    pub invoice_ids: Vec<String>,
    /// Currency of every amount.
    pub currency: Currency,
    /// How often instalments fall due.
    pub frequency: Frequency,
    /// The amount owed that the plan pays off.
    #[serde(with = "crate::decimal::wire")]
    pub principal: Decimal,
    /// The set-up fee.
    #[serde(default, with = "crate::decimal::wire")]
    pub setup_fee: Decimal,
    /// The interest.
    #[serde(default, with = "crate::decimal::wire")]
    pub interest: Decimal,
    /// `principal + setup_fee + interest`: what the instalments add up to.
    #[serde(with = "crate::decimal::wire")]
    pub total_payable: Decimal,
    /// Where it stands.
    pub status: PlanStatus,
    /// The agreement record.
    pub agreement: Agreement,
    /// What happens if an instalment is missed, as agreed.
    #[serde(default)]
    pub missed_instalment_rule: String,
    /// The instalments, in date order.
    pub instalments: Vec<PlanInstalment>,
}

impl Plan {
    /// A plan just agreed on `schedule`: active, with every instalment due and nothing
    /// paid yet.
    pub fn agreed(
        id: String,
        account_id: String,
        invoice_ids: Vec<String>,
        schedule: &Schedule,
        agreement: Agreement,
        missed_instalment_rule: String,
    ) -> Plan {
        Plan {
            id,
            account_id,
            invoice_ids,
            currency: schedule.currency,
            frequency: schedule.frequency,
            principal: schedule.principal,
            setup_fee: schedule.setup_fee,
            interest: schedule.interest,
            total_payable: schedule.total_payable,
            status: PlanStatus::Active,
            agreement,
            missed_instalment_rule,
            instalments: schedule
                .instalments
                .iter()
                .map(|i| PlanInstalment {
                    number: i.number,
                    due_date: i.due_date,
                    amount: i.amount,
                    paid: Decimal::ZERO,
                    status: InstalmentStatus::Due,
                })
                .collect(),
        }
    }

    /// `setup_fee + interest`.
    pub fn cost_of_credit(&self) -> Decimal {
        self.setup_fee + self.interest
    }

    /// Paid so far across all instalments.
    pub fn paid(&self) -> Decimal {
        self.instalments.iter().map(|i| i.paid).sum()
    }

    /// Still to pay: `total_payable - paid`.
    pub fn remaining(&self) -> Decimal {
        self.total_payable - self.paid()
    }

    /// The first instalment not yet paid in full, if any.
    pub fn next_unpaid(&self) -> Option<&PlanInstalment> {
        self.instalments.iter().find(|i| i.paid < i.amount)
    }

    /// Checks what a backend sent: amounts exact, `total_payable` the sum of its parts and
    /// of the instalments, instalments numbered 1, 2, ... with strictly increasing dates.
    pub fn validate(&self) -> Result<(), InvalidField> {
        validation::id("/id", &self.id)?;
        validation::positive("/principal", self.principal, self.currency)?;
        validation::non_negative("/setup_fee", self.setup_fee, self.currency)?;
        validation::non_negative("/interest", self.interest, self.currency)?;
        validation::positive("/total_payable", self.total_payable, self.currency)?;
        if self.principal + self.cost_of_credit() != self.total_payable {
            return Err(InvalidField::new(
                "/total_payable",
                "is not principal plus set-up fee plus interest",
            ));
        }
        check_instalments(
            self.currency,
            self.total_payable,
            self.instalments
                .iter()
                .map(|i| (i.number, i.due_date, i.amount)),
            "/instalments",
        )?;
        for (index, instalment) in self.instalments.iter().enumerate() {
            validation::non_negative(
                &format!("/instalments/{index}/paid"),
                instalment.paid,
                self.currency,
            )?;
        }
        Ok(())
    }
}

/// Checks a list of `(number, due date, amount)`: numbered from 1, dates strictly
/// increasing, amounts exact and above zero, adding up to `total`.
pub(crate) fn check_instalments(
    currency: Currency,
    total: Decimal,
    instalments: impl Iterator<Item = (u32, NaiveDate, Decimal)>,
    field: &str,
) -> Result<(), InvalidField> {
    let mut sum = Decimal::ZERO;
    let mut previous: Option<NaiveDate> = None;
    let mut count = 0;
    for (index, (number, due_date, amount)) in instalments.enumerate() {
        count += 1;
        if number as usize != index + 1 {
            return Err(InvalidField::new(
                format!("{field}/{index}/number"),
                format!("is {number}; instalments are numbered 1, 2, 3, ..."),
            ));
        }
        if previous.is_some_and(|previous| due_date <= previous) {
            return Err(InvalidField::new(
                format!("{field}/{index}/due_date"),
                "is not after the instalment before it",
            ));
        }
        previous = Some(due_date);
        sum += validation::positive(&format!("{field}/{index}/amount"), amount, currency)?.amount();
    }
    if count == 0 {
        return Err(InvalidField::new(
            field,
            "must have at least one instalment",
        ));
    }
    if sum != total {
        return Err(InvalidField::new(
            field,
            format!("instalments add up to {sum}, not the total payable {total}"),
        ));
    }
    Ok(())
}

/// A plan the creditor offers (the `plan_offer` sync record). The customer accepts it as it
/// is with [`AcceptPlanOffer`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOffer {
    /// Backend id.
    pub id: String,
    /// The account.
    pub account_id: String,
    /// The invoices it would pay.
    #[serde(default)]
    pub invoice_ids: Vec<String>,
    /// The schedule, with every amount and cost.
    pub schedule: Schedule,
    /// The last day it can be accepted, if it expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<NaiveDate>,
    /// A note from the creditor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl PlanOffer {
    /// Checks what a backend sent: an id and a coherent schedule.
    pub fn validate(&self) -> Result<(), InvalidField> {
        validation::id("/id", &self.id)?;
        self.schedule
            .validate()
            .map_err(|error| InvalidField::new(format!("/schedule{}", error.field), error.reason))
    }
}

/// How big a proposed plan's instalments are: either how many, or at most how much each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanSize {
    /// This many instalments (`{"instalments": 6}`).
    Instalments(u32),
    /// No instalment above this amount (`{"per_instalment": "50.00"}`): the schedule uses
    /// the fewest instalments that keep each within it, then spreads the total evenly.
    PerInstalment(#[serde(with = "crate::decimal::wire")] Decimal),
}

/// Intent: accept an offered plan as it is (`POST /api/v1/plan-offers/{id}/accept`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptPlanOffer {
    /// The offer.
    pub offer_id: String,
    /// The terms version the customer saw and agreed to.
    pub terms_version: String,
    /// When they agreed.
    pub agreed_at: DateTime<Utc>,
    /// Where they agreed (`"app"`).
    pub channel: String,
}

impl AcceptPlanOffer {
    /// Checks the acceptance against the offer on `today`: the same offer, not expired,
    /// and agreed on the terms version the offer carries.
    pub fn check(&self, offer: &PlanOffer, today: NaiveDate) -> Result<(), PlanError> {
        if self.offer_id != offer.id {
            return Err(PlanError::WrongOffer {
                requested: self.offer_id.clone(),
                given: offer.id.clone(),
            });
        }
        if let Some(expires_on) = offer.expires_on {
            if today > expires_on {
                return Err(PlanError::OfferExpired { expires_on });
            }
        }
        if self.terms_version != offer.schedule.terms_version {
            return Err(PlanError::TermsChanged {
                agreed: self.terms_version.clone(),
                current: offer.schedule.terms_version.clone(),
            });
        }
        Ok(())
    }
}

/// Intent: propose a plan built with the plan builder (`POST /api/v1/plans`). The server
/// rebuilds the schedule with [`ProposePlan::check`] and agrees it only if it comes to the
/// same total the customer saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposePlan {
    /// The account.
    pub account_id: String,
    /// The invoices it pays; empty for the whole balance.
    #[serde(default)]
    pub invoice_ids: Vec<String>,
    /// Currency of the amount.
    pub currency: Currency,
    /// The amount to spread.
    #[serde(with = "crate::decimal::wire")]
    pub amount: Decimal,
    /// How often.
    pub frequency: Frequency,
    /// The first due date.
    pub first_date: NaiveDate,
    /// How many instalments, or how much each.
    pub size: PlanSize,
    /// The terms version the customer saw and agreed to.
    pub terms_version: String,
    /// When they agreed.
    pub agreed_at: DateTime<Utc>,
    /// Where they agreed (`"app"`).
    pub channel: String,
    /// The total payable the customer saw; the server refuses the plan if its own
    /// schedule differs (the policy may have changed while the intent waited offline).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::wire_option"
    )]
    pub expected_total_payable: Option<Decimal>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoice::tests::{date, dec};
    use crate::schedule::tests::policy;
    use chrono::Datelike;
    use proptest::prelude::*;

    #[test]
    fn an_agreed_plan_follows_its_schedule_with_nothing_paid() {
        let schedule = crate::schedule::build_schedule(
            &policy(),
            &crate::schedule::ScheduleRequest {
                amount: crate::money::Money::parse("100.01", Currency::GBP).unwrap(),
                frequency: Frequency::Monthly,
                first_date: date("2024-02-01"),
                size: PlanSize::Instalments(3),
                today: date("2024-01-15"),
            },
        )
        .unwrap();
        let agreement = Agreement {
            terms_version: "2024-01".into(),
            agreed_at: "2024-01-15T10:00:00Z".parse().unwrap(),
            channel: "app".into(),
            offer_id: None,
        };
        let plan = Plan::agreed(
            "p1".into(),
            "a1".into(),
            vec!["i1".into()],
            &schedule,
            agreement,
            "Call us".into(),
        );
        plan.validate().unwrap();
        assert_eq!(plan.status, PlanStatus::Active);
        assert_eq!(plan.remaining(), schedule.total_payable);
        assert_eq!(plan.cost_of_credit(), schedule.cost_of_credit);
        let dates: Vec<_> = plan
            .instalments
            .iter()
            .map(|i| (i.number, i.due_date, i.amount))
            .collect();
        let planned: Vec<_> = schedule
            .instalments
            .iter()
            .map(|i| (i.number, i.due_date, i.amount))
            .collect();
        assert_eq!(dates, planned);
        assert!(plan
            .instalments
            .iter()
            .all(|i| i.paid.is_zero() && i.status == InstalmentStatus::Due));
    }

    #[test]
    fn due_dates_by_frequency() {
        let first = date("2024-01-31");
        let monthly: Vec<_> = (0..4)
            .map(|i| Frequency::Monthly.due_date(first, i).unwrap().to_string())
            .collect();
        assert_eq!(
            monthly,
            ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]
        );
        let first = date("2023-01-29");
        assert_eq!(
            Frequency::Monthly.due_date(first, 1),
            Some(date("2023-02-28"))
        );
        assert_eq!(
            Frequency::Monthly.due_date(first, 2),
            Some(date("2023-03-29"))
        );
        assert_eq!(
            Frequency::Weekly.due_date(first, 2),
            Some(date("2023-02-12"))
        );
        assert_eq!(
            Frequency::Fortnightly.due_date(first, 1),
            Some(date("2023-02-12"))
        );
        assert_eq!(Frequency::Weekly.due_date(NaiveDate::MAX, 1), None);
    }

    #[test]
    fn policy_must_be_coherent() {
        assert_eq!(policy().validate(), Ok(()));
        let field = |policy: PlanPolicy| policy.validate().unwrap_err().field;
        assert_eq!(
            field(PlanPolicy {
                min_instalment: dec("0"),
                ..policy()
            }),
            "/min_instalment"
        );
        assert_eq!(
            field(PlanPolicy {
                min_instalment: dec("0.001"),
                ..policy()
            }),
            "/min_instalment"
        );
        assert_eq!(
            field(PlanPolicy {
                max_instalments: 0,
                ..policy()
            }),
            "/max_instalments"
        );
        assert_eq!(
            field(PlanPolicy {
                max_instalments: 1001,
                ..policy()
            }),
            "/max_instalments"
        );
        assert_eq!(
            field(PlanPolicy {
                max_term_months: 0,
                ..policy()
            }),
            "/max_term_months"
        );
        let twice = vec![Frequency::Weekly, Frequency::Weekly];
        assert_eq!(
            field(PlanPolicy {
                frequencies: twice,
                ..policy()
            }),
            "/frequencies/1"
        );
        assert_eq!(
            field(PlanPolicy {
                first_date_earliest_days: 31,
                ..policy()
            }),
            "/first_date_earliest_days"
        );
        assert_eq!(
            field(PlanPolicy {
                setup_fee: dec("-1"),
                ..policy()
            }),
            "/setup_fee"
        );
        assert_eq!(
            field(PlanPolicy {
                annual_interest_percent: dec("100.01"),
                ..policy()
            }),
            "/annual_interest_percent"
        );
        assert_eq!(
            field(PlanPolicy {
                missed_instalment_rule: " ".into(),
                ..policy()
            }),
            "/missed_instalment_rule"
        );
        assert_eq!(
            field(PlanPolicy {
                terms_version: String::new(),
                ..policy()
            }),
            "/terms_version"
        );
        let today = date("2024-01-31");
        assert_eq!(
            policy().first_date_window(today),
            (today, date("2024-03-01"))
        );
        assert_eq!(policy().term_end(today), date("2025-01-31"));
    }

    #[test]
    fn instalments_are_paid_due_or_missed() {
        let due = date("2024-03-10");
        let status = |paid: &str, as_of: &str| {
            InstalmentStatus::on(dec("30"), dec(paid), due, 7, date(as_of))
        };
        assert_eq!(status("30", "2024-04-30"), InstalmentStatus::Paid);
        assert_eq!(status("29.99", "2024-03-17"), InstalmentStatus::Due);
        assert_eq!(status("29.99", "2024-03-18"), InstalmentStatus::Missed);
        assert_eq!(
            InstalmentStatus::on(dec("30"), dec("0"), due, 0, date("2024-03-11")),
            InstalmentStatus::Missed
        );
    }

    fn agreed_plan() -> Plan {
        Plan {
            id: "plan-1".into(),
            account_id: "acc-1".into(),
            invoice_ids: vec!["i1".into()],
            currency: Currency::GBP,
            frequency: Frequency::Monthly,
            principal: dec("100.00"),
            setup_fee: dec("5.00"),
            interest: dec("0"),
            total_payable: dec("105.00"),
            status: PlanStatus::Active,
            agreement: Agreement {
                terms_version: "2024-01".into(),
                agreed_at: "2024-01-20T10:00:00Z".parse().unwrap(),
                channel: "app".into(),
                offer_id: None,
            },
            missed_instalment_rule: "We will call you first.".into(),
            instalments: vec![
                PlanInstalment {
                    number: 1,
                    due_date: date("2024-02-01"),
                    amount: dec("52.50"),
                    paid: dec("52.50"),
                    status: InstalmentStatus::Paid,
                },
                PlanInstalment {
                    number: 2,
                    due_date: date("2024-03-01"),
                    amount: dec("52.50"),
                    paid: dec("10.00"),
                    status: InstalmentStatus::Due,
                },
            ],
        }
    }

    #[test]
    fn plan_tracking_and_checks() {
        let plan = agreed_plan();
        assert_eq!(plan.validate(), Ok(()));
        assert_eq!(plan.cost_of_credit(), dec("5.00"));
        assert_eq!(plan.paid(), dec("62.50"));
        assert_eq!(plan.remaining(), dec("42.50"));
        assert_eq!(plan.next_unpaid().map(|i| i.number), Some(2));
        let field = |plan: Plan| plan.validate().unwrap_err().field;
        let mut short = agreed_plan();
        short.instalments[1].amount = dec("52.49");
        assert_eq!(field(short), "/instalments");
        let mut unordered = agreed_plan();
        unordered.instalments[1].due_date = date("2024-02-01");
        assert_eq!(field(unordered), "/instalments/1/due_date");
        let mut renumbered = agreed_plan();
        renumbered.instalments[1].number = 3;
        assert_eq!(field(renumbered), "/instalments/1/number");
        let mut costly = agreed_plan();
        costly.interest = dec("1.00");
        assert_eq!(field(costly), "/total_payable");
    }

    #[test]
    fn accepting_an_offer() {
        use crate::money::Money;
        use crate::schedule::{build_schedule, ScheduleRequest};
        let today = date("2024-01-20");
        let schedule = build_schedule(
            &policy(),
            &ScheduleRequest {
                amount: Money::parse("100", Currency::GBP).unwrap(),
                frequency: Frequency::Monthly,
                first_date: date("2024-02-01"),
                size: PlanSize::Instalments(2),
                today,
            },
        )
        .unwrap();
        let offer = PlanOffer {
            id: "offer-1".into(),
            account_id: "acc-1".into(),
            invoice_ids: Vec::new(),
            schedule,
            expires_on: Some(date("2024-01-31")),
            note: None,
        };
        assert_eq!(offer.validate(), Ok(()));
        let accept = AcceptPlanOffer {
            offer_id: "offer-1".into(),
            terms_version: "2024-01".into(),
            agreed_at: "2024-01-20T10:00:00Z".parse().unwrap(),
            channel: "app".into(),
        };
        assert_eq!(accept.check(&offer, today), Ok(()));
        assert_eq!(accept.check(&offer, date("2024-01-31")), Ok(()));
        assert_eq!(
            accept.check(&offer, date("2024-02-01")),
            Err(PlanError::OfferExpired {
                expires_on: date("2024-01-31")
            })
        );
        let old_terms = AcceptPlanOffer {
            terms_version: "2023-06".into(),
            ..accept.clone()
        };
        assert!(matches!(
            old_terms.check(&offer, today),
            Err(PlanError::TermsChanged { .. })
        ));
        let other = AcceptPlanOffer {
            offer_id: "offer-2".into(),
            ..accept
        };
        assert!(matches!(
            other.check(&offer, today),
            Err(PlanError::WrongOffer { .. })
        ));
    }

    /// The last day of `date`'s month.
    fn month_end(date: NaiveDate) -> NaiveDate {
        let first = date.with_day(1).unwrap();
        first
            .checked_add_months(Months::new(1))
            .unwrap()
            .pred_opt()
            .unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// From any first date (1970 to about 2080), the monthly date of instalment `index`
        /// is `index` months on, on the first date's day or, in a shorter month, its last
        /// day; weekly and fortnightly dates are exactly 7 and 14 days apart; every
        /// frequency's dates strictly increase.
        #[test]
        fn due_dates_keep_the_day_or_clamp_to_month_end(
            days in 0_u64..=40_000,
            index in 0_u32..=360,
        ) {
            let first = date("1970-01-01") + Days::new(days);
            let monthly = Frequency::Monthly.due_date(first, index).unwrap();
            let months = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
            prop_assert_eq!(months(monthly) - months(first), index as i32);
            prop_assert_eq!(monthly.day(), first.day().min(month_end(monthly).day()));
            for (frequency, step) in [(Frequency::Weekly, 7), (Frequency::Fortnightly, 14)] {
                let this = frequency.due_date(first, index).unwrap();
                let next = frequency.due_date(first, index + 1).unwrap();
                prop_assert_eq!((next - this).num_days(), step);
                prop_assert_eq!((this - first).num_days(), step * i64::from(index));
            }
            let next = Frequency::Monthly.due_date(first, index + 1).unwrap();
            prop_assert!(monthly < next);
        }
    }
}
