//! The creditor's plan policy (the `plan_policy` sync record): the limits every plan and
//! promise is checked against, and how often instalments may fall due.
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

use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::money::{RemainderPlacement, Rounding};
use crate::validation::{self, InvalidField};

/// The most instalments any policy may allow (ten years of weekly payments, and some).
pub const MAX_POLICY_INSTALMENTS: u32 = 1000;

/// The longest term any policy may allow, in months.
pub const MAX_POLICY_TERM_MONTHS: u32 = 360;

/// How often instalments fall due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
/// The app shows it before any plan is built; [`super::build_schedule`] enforces
/// it; [`crate::promise`] takes its promise window from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"currency": "GBP", "min_instalment": "25.00", "max_instalments": 12, "max_term_months": 12, "frequencies": ["monthly", "weekly"], "first_date_earliest_days": 0, "first_date_latest_days": 30, "setup_fee": "0.00", "annual_interest_percent": "0", "interest_rounding": "toward_zero", "missed_after_days": 7, "missed_instalment_rule": "If a payment is missed we will contact you first.", "promise_window_days": 14, "terms_version": "2024-01"}))))]
pub struct PlanPolicy {
    /// Backend id.
    #[serde(default)]
    pub id: String,
    /// Currency of the amounts below; plans are built in it only.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
    pub currency: Currency,
    /// Smallest amount any instalment may be.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
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
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub setup_fee: Decimal,
    /// Simple interest in percent a year (`"8"` for 8 %), charged on the plan amount for
    /// the days from agreement to the last instalment; zero for none.
    #[serde(default, with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
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

#[cfg(test)]
mod tests {
    use chrono::Datelike;
    use proptest::prelude::*;

    use super::*;
    use crate::invoice::tests::{date, dec};
    use crate::plan::tests::policy;

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
