//! Payment plans: the `plan` and `plan_offer` sync records, instalment tracking (paid,
//! due, missed), and the intents that accept an offer or propose a plan.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`policy`] | the creditor's [`PlanPolicy`] and the [`Frequency`] instalments fall due at |
//! | [`schedule`] | [`build_schedule`]: dated instalments that add up exactly |
//! | [`error`] | [`PlanError`]: each broken plan rule, its name, its field and its message |
//! | [`builder`] | the plan builder's fields turned into a live schedule preview, errors by field |
//!
//! The policy, schedule and error types are re-exported here, so callers name them as
//! `plan::PlanPolicy`, `plan::build_schedule`, `plan::PlanError`.

pub mod builder;
pub mod error;
pub mod policy;
pub mod schedule;

use chrono::{DateTime, Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use self::error::PlanError;
pub use self::policy::{Frequency, PlanPolicy, MAX_POLICY_INSTALMENTS, MAX_POLICY_TERM_MONTHS};
pub use self::schedule::{build_schedule, Schedule, ScheduleRequest, ScheduledInstalment};
use crate::currency::Currency;
use crate::money::Money;
use crate::validation::{self, InvalidField};

/// Whether an instalment is paid, due or missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanInstalment {
    /// 1 for the first.
    pub number: u32,
    /// When it falls due.
    pub due_date: NaiveDate,
    /// How much.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub amount: Decimal,
    /// How much has been paid against it.
    #[serde(default, with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub paid: Decimal,
    /// Paid, due or missed, as the backend last worked it out.
    pub status: InstalmentStatus,
}

/// How and when the customer agreed to a plan. The backend keeps the record; the app keeps
/// it as a receipt the customer can open offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    /// Backend id.
    pub id: String,
    /// The account.
    pub account_id: String,
    /// The invoices it pays.
    #[serde(default)]
    pub invoice_ids: Vec<String>,
    /// Currency of every amount.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
    pub currency: Currency,
    /// How often instalments fall due.
    pub frequency: Frequency,
    /// The amount owed that the plan pays off.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub principal: Decimal,
    /// The set-up fee.
    #[serde(default, with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub setup_fee: Decimal,
    /// The interest.
    #[serde(default, with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub interest: Decimal,
    /// `principal + setup_fee + interest`: what the instalments add up to.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"offer_id": "off_jordan_3", "terms_version": "2024-01", "agreed_at": "2025-03-01T09:30:00Z", "channel": "app"}))))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"account_id": "acc_alex_gbp", "invoice_ids": [], "currency": "GBP", "amount": "485.50", "frequency": "monthly", "first_date": "2025-04-01", "size": {"instalments": 4}, "terms_version": "2024-01", "agreed_at": "2025-03-01T09:30:00Z", "channel": "app"}))))]
pub struct ProposePlan {
    /// The account.
    pub account_id: String,
    /// The invoices it pays; empty for the whole balance.
    #[serde(default)]
    pub invoice_ids: Vec<String>,
    /// Currency of the amount.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
    pub currency: Currency,
    /// The amount to spread.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
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
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount_or_null))]
    pub expected_total_payable: Option<Decimal>,
    /// Every instalment the customer saw, date and amount, for backends that keep the
    /// schedule as agreed; the server refuses the plan if its own schedule differs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule: Vec<ScheduledInstalment>,
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
        if !self.schedule.is_empty() && self.schedule != schedule.instalments {
            return Err(PlanError::InstalmentsChanged);
        }
        Ok(schedule)
    }
}

#[cfg(test)]
pub(crate) mod tests;
