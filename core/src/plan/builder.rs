//! The plan builder: what the customer types (frequency, how many instalments or how much
//! each, the first date) turned into a schedule preview, or an error tied to the field
//! the customer should change. The app shows the preview live as they type; the agreement
//! it sends is checked again by the backend with the same rules.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::{
    build_schedule, Frequency, PlanError, PlanPolicy, PlanSize, ProposePlan, Schedule,
    ScheduleRequest,
};
use crate::api::Account;
use crate::message::{sentence, Explain, Message, Value};
use crate::money::Money;

/// The builder's fields, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanChoice {
    /// How often.
    pub frequency: Frequency,
    /// True when the customer chose an amount per instalment rather than a number.
    pub by_amount: bool,
    /// The number of instalments, as typed.
    pub instalments: String,
    /// The most per instalment, as typed.
    pub per_instalment: String,
    /// The first due date, `YYYY-MM-DD` as a date input gives it.
    pub first_date: String,
}

/// Which builder field an error belongs next to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceField {
    /// The frequency.
    Frequency,
    /// The number of instalments, or the amount per instalment.
    Size,
    /// The first date.
    FirstDate,
    /// The plan as a whole (nothing the customer can change here).
    Plan,
}

/// A builder error: the field it concerns and what to do, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceError {
    /// Where to show it.
    pub field: ChoiceField,
    /// What to do; shown as a sentence (see [`sentence`]).
    pub message: Message,
}

impl std::fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&sentence(&self.message.to_string()))
    }
}

/// What can be spread over a plan: everything owed that is not under dispute.
pub fn plannable(account: &Account) -> Decimal {
    account.overdue + account.not_yet_due
}

/// Where the builder starts: monthly if offered, three instalments (fewer if the policy
/// allows fewer), the first due on the earliest day the policy allows.
pub fn first_choice(policy: &PlanPolicy, today: NaiveDate) -> PlanChoice {
    let frequency = if policy.frequencies.contains(&Frequency::Monthly) {
        Frequency::Monthly
    } else {
        policy
            .frequencies
            .first()
            .copied()
            .unwrap_or(Frequency::Monthly)
    };
    let (earliest, _) = policy.first_date_window(today);
    PlanChoice {
        frequency,
        by_amount: false,
        instalments: policy.max_instalments.min(3).to_string(),
        per_instalment: policy.min_instalment.to_string(),
        first_date: earliest.to_string(),
    }
}

impl PlanChoice {
    /// Parses the typed fields into a schedule request for `owed` on `today`.
    pub fn request(&self, owed: Money, today: NaiveDate) -> Result<ScheduleRequest, ChoiceError> {
        let first_date =
            NaiveDate::parse_from_str(self.first_date.trim(), "%Y-%m-%d").map_err(|_| {
                ChoiceError::at(
                    ChoiceField::FirstDate,
                    Message::plain("choose the date of the first payment"),
                )
            })?;
        let size = if self.by_amount {
            let amount =
                Money::parse(self.per_instalment.trim(), owed.currency()).map_err(|e| {
                    ChoiceError::at(
                        ChoiceField::Size,
                        Message::new(
                            "enter an amount per instalment, like 25.00 ({})",
                            vec![Value::message(&e)],
                        ),
                    )
                })?;
            PlanSize::PerInstalment(amount.amount())
        } else {
            let count = self.instalments.trim().parse::<u32>().map_err(|_| {
                ChoiceError::at(
                    ChoiceField::Size,
                    Message::plain("enter how many instalments, as a whole number"),
                )
            })?;
            PlanSize::Instalments(count)
        };
        Ok(ScheduleRequest {
            amount: owed,
            frequency: self.frequency,
            first_date,
            size,
            today,
        })
    }

    /// The schedule this choice gives under `policy`, or the error to show and where.
    pub fn preview(
        &self,
        policy: &PlanPolicy,
        owed: Money,
        today: NaiveDate,
    ) -> Result<Schedule, ChoiceError> {
        let request = self.request(owed, today)?;
        build_schedule(policy, &request).map_err(|error| ChoiceError::from_plan(&error))
    }

    /// The intent that agrees the previewed plan, with the total the customer saw.
    pub fn agree(
        &self,
        account_id: &str,
        policy: &PlanPolicy,
        schedule: &Schedule,
        owed: Money,
        agreed_at: DateTime<Utc>,
    ) -> Result<ProposePlan, ChoiceError> {
        let request = self.request(owed, agreed_at.date_naive())?;
        Ok(ProposePlan {
            account_id: account_id.to_owned(),
            invoice_ids: Vec::new(),
            currency: owed.currency(),
            amount: owed.amount(),
            frequency: request.frequency,
            first_date: request.first_date,
            size: request.size,
            terms_version: policy.terms_version.clone(),
            agreed_at,
            channel: "app".to_owned(),
            expected_total_payable: Some(schedule.total_payable),
            schedule: schedule.instalments.clone(),
        })
    }
}

impl ChoiceError {
    fn at(field: ChoiceField, message: Message) -> ChoiceError {
        ChoiceError { field, message }
    }

    /// Places a rule the schedule broke next to the field that would fix it.
    pub fn from_plan(error: &PlanError) -> ChoiceError {
        let field = match error {
            PlanError::FrequencyNotAllowed { .. } => ChoiceField::Frequency,
            PlanError::FirstDateTooEarly { .. } | PlanError::FirstDateTooLate { .. } => {
                ChoiceField::FirstDate
            }
            PlanError::NoInstalments
            | PlanError::TooManyInstalments { .. }
            | PlanError::TermTooLong { .. }
            | PlanError::InstalmentBelowMinimum { .. }
            | PlanError::PerInstalment(_)
            | PlanError::PerInstalmentBelowMinimum { .. }
            | PlanError::PerInstalmentTooLow { .. } => ChoiceField::Size,
            _ => ChoiceField::Plan,
        };
        ChoiceError {
            field,
            message: error.message(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::currency::Currency;
    use crate::invoice::tests::{date, dec};
    use crate::plan::tests::policy;
    use proptest::prelude::*;

    fn owed(text: &str) -> Money {
        Money::parse(text, Currency::GBP).unwrap()
    }

    fn choice(instalments: &str, first_date: &str) -> PlanChoice {
        PlanChoice {
            frequency: Frequency::Monthly,
            by_amount: false,
            instalments: instalments.into(),
            per_instalment: String::new(),
            first_date: first_date.into(),
        }
    }

    #[test]
    fn a_valid_choice_previews_a_schedule_that_adds_up() {
        let schedule = choice("3", "2024-02-01")
            .preview(&policy(), owed("100.00"), date("2024-01-15"))
            .unwrap();
        let amounts: Vec<_> = schedule.instalments.iter().map(|i| i.amount).collect();
        assert_eq!(amounts, [dec("33.34"), dec("33.33"), dec("33.33")]);
        assert_eq!(schedule.total_payable, dec("100.00"));
    }

    #[test]
    fn each_error_sits_next_to_its_field() {
        let today = date("2024-01-15");
        let field = |c: PlanChoice| {
            c.preview(&policy(), owed("100.00"), today)
                .unwrap_err()
                .field
        };
        assert_eq!(field(choice("three", "2024-02-01")), ChoiceField::Size);
        assert_eq!(field(choice("0", "2024-02-01")), ChoiceField::Size);
        assert_eq!(field(choice("25", "2024-02-01")), ChoiceField::Size);
        assert_eq!(field(choice("3", "")), ChoiceField::FirstDate);
        assert_eq!(field(choice("3", "2024-01-01")), ChoiceField::FirstDate);
        assert_eq!(field(choice("3", "2025-06-01")), ChoiceField::FirstDate);
        let weekly_only = PlanPolicy {
            frequencies: vec![Frequency::Weekly],
            ..policy()
        };
        let error = choice("3", "2024-02-01")
            .preview(&weekly_only, owed("100.00"), today)
            .unwrap_err();
        assert_eq!(error.field, ChoiceField::Frequency);
        let shown = error.to_string();
        assert!(shown.starts_with("Monthly instalments are not offered"));
        assert!(shown.ends_with('.'));
        let per = PlanChoice {
            by_amount: true,
            per_instalment: "9.999".into(),
            ..choice("", "2024-02-01")
        };
        assert_eq!(field(per), ChoiceField::Size);
    }

    #[test]
    fn agreeing_records_the_terms_and_the_total_seen() {
        let chosen = choice("4", "2024-02-01");
        let schedule = chosen
            .preview(&policy(), owed("100.00"), date("2024-01-15"))
            .unwrap();
        let at = "2024-01-15T10:00:00Z".parse().unwrap();
        let intent = chosen
            .agree("a1", &policy(), &schedule, owed("100.00"), at)
            .unwrap();
        assert_eq!(intent.size, PlanSize::Instalments(4));
        assert_eq!(intent.terms_version, policy().terms_version);
        assert_eq!(intent.expected_total_payable, Some(schedule.total_payable));
        assert_eq!(intent.check(&policy(), date("2024-01-15")), Ok(schedule));
    }

    #[test]
    fn the_first_choice_is_valid_for_the_demo_style_policy() {
        let today = date("2024-01-15");
        let first = first_choice(&policy(), today);
        assert!(first.preview(&policy(), owed("100.00"), today).is_ok());
    }

    proptest! {
        #[test]
        fn previews_agree_with_what_the_backend_rebuilds(count in 1u32..12, pence in 1_000i64..1_000_000) {
            let today = date("2024-01-15");
            let owed = Money::new(Decimal::new(pence, 2), Currency::GBP).unwrap();
            let chosen = choice(&count.to_string(), "2024-02-01");
            if let Ok(schedule) = chosen.preview(&policy(), owed, today) {
                let total: Decimal = schedule.instalments.iter().map(|i| i.amount).sum();
                prop_assert_eq!(total, schedule.total_payable);
                let at = "2024-01-15T09:00:00Z".parse().unwrap();
                let intent = chosen.agree("a1", &policy(), &schedule, owed, at).unwrap();
                prop_assert_eq!(intent.check(&policy(), today), Ok(schedule));
            }
        }
    }
}
