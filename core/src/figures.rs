//! Account figures: balance, overdue, not yet due, disputed, credit, available credit and
//! ageing, worked out from the invoices, payments, disputes and plans of one account on a
//! date; the next amounts due; and each invoice's list status.
//!
//! # Definitions
//!
//! For each invoice, *open* is `total - amount_paid`.
//!
//! - **disputed**: for each invoice with something open, the amounts of its open disputes
//!   (submitted, under review, more information needed), capped at what is open. Never
//!   counted as overdue, and not aged.
//! - **overdue**: the undisputed open amount of invoices past their due date (as of the
//!   date, the due date itself is not past), except invoices in an active plan: a plan
//!   that is being kept is not overdue.
//! - **not yet due**: the undisputed open amount of every other invoice with something
//!   open (due today or later, or in an active plan).
//! - **credit**: money in the customer's favour: open amounts of credit notes and
//!   overpaid invoices (made positive), plus the unallocated part of completed payments.
//! - **balance** = overdue + not yet due + disputed - credit. It equals the sum of all open
//!   amounts less unallocated payments; it is negative when the customer is in credit.
//! - **available credit** = credit limit - balance, never below zero.
//! - **ageing**: overdue + not yet due split by days past due: *current* (not yet due),
//!   1-30, 31-60, 61-90 and over 90 days. The buckets add up to overdue + not yet due.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::api::Account;
use crate::currency::Currency;
use crate::dispute::Dispute;
use crate::invoice::{Invoice, InvoiceStatus};
use crate::money::{Money, MoneyError};
use crate::payment::{Payment, PaymentStatus};
use crate::plan::{InstalmentStatus, Plan, PlanStatus};

/// Overdue and not-yet-due amounts by days past due.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ageing {
    /// Not yet due (including invoices in an active plan).
    #[serde(with = "crate::decimal::wire")]
    pub current: Decimal,
    /// 1 to 30 days past due.
    #[serde(with = "crate::decimal::wire")]
    pub days_1_30: Decimal,
    /// 31 to 60 days past due.
    #[serde(with = "crate::decimal::wire")]
    pub days_31_60: Decimal,
    /// 61 to 90 days past due.
    #[serde(with = "crate::decimal::wire")]
    pub days_61_90: Decimal,
    /// More than 90 days past due.
    #[serde(with = "crate::decimal::wire")]
    pub days_over_90: Decimal,
}

impl Ageing {
    /// The sum of the buckets: overdue + not yet due.
    pub fn total(&self) -> Decimal {
        self.current + self.days_1_30 + self.days_31_60 + self.days_61_90 + self.days_over_90
    }

    fn bucket(&mut self, days_past_due: i64) -> &mut Decimal {
        match days_past_due {
            ..=0 => &mut self.current,
            1..=30 => &mut self.days_1_30,
            31..=60 => &mut self.days_31_60,
            61..=90 => &mut self.days_61_90,
            _ => &mut self.days_over_90,
        }
    }
}

/// The figures of one account on one date (see the module docs for the definitions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Currency of every amount.
    pub currency: Currency,
    /// overdue + not yet due + disputed - credit.
    #[serde(with = "crate::decimal::wire")]
    pub balance: Decimal,
    /// Undisputed, past due, not in an active plan.
    #[serde(with = "crate::decimal::wire")]
    pub overdue: Decimal,
    /// Undisputed, not past due or in an active plan.
    #[serde(with = "crate::decimal::wire")]
    pub not_yet_due: Decimal,
    /// Under open disputes.
    #[serde(with = "crate::decimal::wire")]
    pub disputed: Decimal,
    /// In the customer's favour.
    #[serde(with = "crate::decimal::wire")]
    pub credit: Decimal,
    /// The creditor's limit.
    #[serde(with = "crate::decimal::wire")]
    pub credit_limit: Decimal,
    /// credit limit - balance, at least zero.
    #[serde(with = "crate::decimal::wire")]
    pub available_credit: Decimal,
    /// overdue + not yet due by days past due.
    pub ageing: Ageing,
}

impl Figures {
    /// Writes these figures into an account record (what the server sends).
    pub fn apply_to(&self, account: &mut Account) {
        account.balance = self.balance;
        account.overdue = self.overdue;
        account.not_yet_due = self.not_yet_due;
        account.disputed = self.disputed;
        account.credit = self.credit;
        account.credit_limit = self.credit_limit;
        account.available_credit = self.available_credit;
        account.ageing = self.ageing.clone();
    }
}

/// Why figures could not be worked out: a record that does not belong with the others.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FiguresError {
    /// A record in another currency than the account's.
    #[error("{record} is in {found}, but the account is in {expected}: amounts in different currencies are never mixed")]
    CurrencyMismatch {
        /// Which record ("invoice 42").
        record: String,
        /// The account's currency.
        expected: Currency,
        /// The record's.
        found: Currency,
    },
    /// An amount that is not exact in the currency, or too large.
    #[error("{record}: {error}")]
    Amount {
        /// Which record.
        record: String,
        /// What is wrong with the amount.
        error: MoneyError,
    },
    /// A payment allocated beyond its amount.
    #[error("{record} allocates more than its amount")]
    OverAllocated {
        /// Which payment.
        record: String,
    },
}

/// Something due soon: an invoice or a plan instalment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueItem {
    /// When it is due.
    #[serde(with = "crate::dates::day")]
    pub date: NaiveDate,
    /// How much is still to pay on it.
    #[serde(with = "crate::decimal::wire")]
    pub amount: Decimal,
    /// What it is.
    pub what: DueWhat,
}

/// What a [`DueItem`] is. Written with its kind in `type`, beside its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", try_from = "DueWhatFields")]
pub enum DueWhat {
    /// An invoice.
    Invoice {
        /// Its id.
        invoice_id: String,
        /// Its number.
        number: String,
    },
    /// An instalment of a plan.
    Instalment {
        /// The plan.
        plan_id: String,
        /// The instalment's number.
        number: u32,
    },
}

/// A [`DueWhat`] as read: the kind and every kind's fields side by side. serde reads an
/// internally tagged enum by first copying the object into a buffer of its own, whose
/// code would be a good part of what the app decodes before its first screen.
#[derive(Deserialize)]
struct DueWhatFields {
    #[serde(rename = "type")]
    kind: String,
    invoice_id: Option<String>,
    plan_id: Option<String>,
    number: Option<DueNumber>,
}

/// An invoice's number (text) or an instalment's (a whole number).
enum DueNumber {
    Text(String),
    Whole(u64),
}

impl<'de> Deserialize<'de> for DueNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl serde::de::Visitor<'_> for Either {
            type Value = DueNumber;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an invoice number or an instalment number")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<DueNumber, E> {
                Ok(DueNumber::Text(text.to_owned()))
            }
            fn visit_u64<E: serde::de::Error>(self, whole: u64) -> Result<DueNumber, E> {
                Ok(DueNumber::Whole(whole))
            }
        }
        deserializer.deserialize_any(Either)
    }
}

impl TryFrom<DueWhatFields> for DueWhat {
    type Error = String;

    fn try_from(fields: DueWhatFields) -> Result<Self, String> {
        let missing = |field: &str| format!("missing field `{field}`");
        match (fields.kind.as_str(), fields.number) {
            ("invoice", Some(DueNumber::Text(number))) => Ok(DueWhat::Invoice {
                invoice_id: fields.invoice_id.ok_or_else(|| missing("invoice_id"))?,
                number,
            }),
            ("instalment", Some(DueNumber::Whole(number))) => Ok(DueWhat::Instalment {
                plan_id: fields.plan_id.ok_or_else(|| missing("plan_id"))?,
                number: u32::try_from(number)
                    .map_err(|_| format!("instalment number {number} is too large"))?,
            }),
            ("invoice", Some(DueNumber::Whole(_))) => {
                Err("an invoice's `number` must be text".to_owned())
            }
            ("instalment", Some(DueNumber::Text(_))) => {
                Err("an instalment's `number` must be a whole number".to_owned())
            }
            ("invoice" | "instalment", None) => Err(missing("number")),
            (other, _) => Err(format!(
                "unknown variant `{other}`, expected `invoice` or `instalment`"
            )),
        }
    }
}

/// The records of one account that the figures are worked out from.
#[derive(Debug, Clone, Copy)]
pub struct Ledger<'a> {
    /// The account's currency; every record must be in it.
    pub currency: Currency,
    /// The account's credit limit.
    pub credit_limit: Decimal,
    /// Its invoices and credit notes.
    pub invoices: &'a [Invoice],
    /// Its payments (only completed ones count).
    pub payments: &'a [Payment],
    /// Its disputes (only open ones count).
    pub disputes: &'a [Dispute],
    /// Its plans (only active ones count).
    pub plans: &'a [Plan],
}

impl Ledger<'_> {
    fn check(
        &self,
        record: impl FnOnce() -> String,
        currency: Currency,
        amounts: &[Decimal],
    ) -> Result<(), FiguresError> {
        if currency != self.currency {
            return Err(FiguresError::CurrencyMismatch {
                record: record(),
                expected: self.currency,
                found: currency,
            });
        }
        for amount in amounts {
            if let Err(error) = Money::new(*amount, currency) {
                return Err(FiguresError::Amount {
                    record: record(),
                    error,
                });
            }
        }
        Ok(())
    }

    /// The amount of open disputes on `invoice`, capped at what is open (never below 0).
    pub fn disputed_on(&self, invoice: &Invoice) -> Decimal {
        let open = invoice.open().max(Decimal::ZERO);
        let disputed: Decimal = self
            .disputes
            .iter()
            .filter(|d| d.invoice_id == invoice.id && d.is_open())
            .map(|d| d.amount.max(Decimal::ZERO))
            .sum();
        disputed.min(open)
    }

    /// Whether `invoice` is being paid through an active plan.
    pub fn in_active_plan(&self, invoice: &Invoice) -> bool {
        invoice.plan_id.as_ref().is_some_and(|plan_id| {
            self.plans
                .iter()
                .any(|plan| &plan.id == plan_id && plan.status == PlanStatus::Active)
        })
    }

    /// The list status of `invoice` on `as_of`.
    pub fn invoice_status(&self, invoice: &Invoice, as_of: NaiveDate) -> InvoiceStatus {
        let disputed = self
            .disputes
            .iter()
            .any(|d| d.invoice_id == invoice.id && d.is_open());
        invoice.status(as_of, disputed)
    }

    /// Works out the figures on `as_of`. Refuses records in another currency, amounts
    /// finer than the currency, and payments allocated beyond their amount.
    pub fn figures(&self, as_of: NaiveDate) -> Result<Figures, FiguresError> {
        let mut ageing = Ageing::default();
        let mut overdue = Decimal::ZERO;
        let mut not_yet_due = Decimal::ZERO;
        let mut disputed = Decimal::ZERO;
        let mut credit = Decimal::ZERO;
        for invoice in self.invoices {
            self.check(
                || format!("invoice {}", invoice.number),
                invoice.currency,
                &[invoice.total, invoice.amount_paid],
            )?;
            let open = invoice.open();
            if open < Decimal::ZERO {
                credit -= open;
                continue;
            }
            let on_dispute = self.disputed_on(invoice);
            let undisputed = open - on_dispute;
            disputed += on_dispute;
            let days_past_due = if self.in_active_plan(invoice) {
                0
            } else {
                invoice.days_past_due(as_of)
            };
            if days_past_due > 0 {
                overdue += undisputed;
            } else {
                not_yet_due += undisputed;
            }
            *ageing.bucket(days_past_due) += undisputed;
        }
        for dispute in self.disputes {
            self.check(
                || format!("dispute {}", dispute.id),
                dispute.currency,
                &[dispute.amount],
            )?;
        }
        for payment in self.payments {
            let record = || format!("payment {}", payment.id);
            self.check(record, payment.currency, &[payment.amount])?;
            if payment.status != PaymentStatus::Completed {
                continue;
            }
            let unallocated = payment.unallocated();
            if unallocated < Decimal::ZERO {
                return Err(FiguresError::OverAllocated { record: record() });
            }
            credit += unallocated;
        }
        let balance = overdue + not_yet_due + disputed - credit;
        let credit_limit = self.credit_limit;
        self.check(
            || "the credit limit".to_owned(),
            self.currency,
            &[credit_limit],
        )?;
        Ok(Figures {
            currency: self.currency,
            balance: self.rescaled(balance),
            overdue: self.rescaled(overdue),
            not_yet_due: self.rescaled(not_yet_due),
            disputed: self.rescaled(disputed),
            credit: self.rescaled(credit),
            credit_limit: self.rescaled(credit_limit),
            available_credit: self.rescaled((credit_limit - balance).max(Decimal::ZERO)),
            ageing: Ageing {
                current: self.rescaled(ageing.current),
                days_1_30: self.rescaled(ageing.days_1_30),
                days_31_60: self.rescaled(ageing.days_31_60),
                days_61_90: self.rescaled(ageing.days_61_90),
                days_over_90: self.rescaled(ageing.days_over_90),
            },
        })
    }

    /// Written with the currency's decimal places, so `"0.00"` rather than `"0"`.
    fn rescaled(&self, mut amount: Decimal) -> Decimal {
        amount.rescale(self.currency.minor_units());
        amount
    }

    /// The next `limit` things due on or after `as_of`, soonest first: undisputed open
    /// invoices not in an active plan, and unpaid instalments of active plans.
    pub fn upcoming(&self, as_of: NaiveDate, limit: usize) -> Vec<DueItem> {
        let invoices = self
            .invoices
            .iter()
            .filter(|invoice| invoice.due_date >= as_of && !self.in_active_plan(invoice))
            .filter_map(|invoice| {
                let amount = invoice.open() - self.disputed_on(invoice);
                (amount > Decimal::ZERO).then(|| DueItem {
                    date: invoice.due_date,
                    amount,
                    what: DueWhat::Invoice {
                        invoice_id: invoice.id.clone(),
                        number: invoice.number.clone(),
                    },
                })
            });
        let instalments = self
            .plans
            .iter()
            .filter(|plan| plan.status == PlanStatus::Active)
            .flat_map(|plan| {
                plan.instalments
                    .iter()
                    .filter(move |i| {
                        i.due_date >= as_of
                            && i.status != InstalmentStatus::Paid
                            && i.paid < i.amount
                    })
                    .map(move |i| DueItem {
                        date: i.due_date,
                        amount: i.amount - i.paid,
                        what: DueWhat::Instalment {
                            plan_id: plan.id.clone(),
                            number: i.number,
                        },
                    })
            });
        let mut due: Vec<DueItem> = invoices.chain(instalments).collect();
        due.sort_by_key(|item| item.date);
        due.truncate(limit);
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispute::tests::dispute;
    use crate::dispute::DisputeStatus;
    use crate::invoice::tests::{date, dec, invoice};
    use crate::payment::tests::payment;
    use crate::plan::{Agreement, Frequency, PlanInstalment};
    use proptest::prelude::*;

    #[test]
    fn due_items_read_back_as_written() {
        for what in [
            DueWhat::Invoice {
                invoice_id: "inv-7".into(),
                number: "INV-0007".into(),
            },
            DueWhat::Instalment {
                plan_id: "plan-1".into(),
                number: 3,
            },
        ] {
            let item = DueItem {
                date: date("2024-05-01"),
                amount: dec("12.50"),
                what,
            };
            let text = serde_json::to_string(&item).unwrap();
            assert_eq!(
                serde_json::from_str::<DueItem>(&text).unwrap(),
                item,
                "{text}"
            );
        }
        let written = serde_json::to_value(DueWhat::Instalment {
            plan_id: "p".into(),
            number: 2,
        })
        .unwrap();
        assert_eq!(
            written,
            serde_json::json!({"type": "instalment", "plan_id": "p", "number": 2})
        );
    }

    #[test]
    fn a_due_item_of_no_known_shape_is_refused_by_name() {
        for (text, why) in [
            (r#"{"type":"fee","number":"1"}"#, "unknown variant `fee`"),
            (
                r#"{"type":"invoice","number":"7"}"#,
                "missing field `invoice_id`",
            ),
            (
                r#"{"type":"instalment","plan_id":"p"}"#,
                "missing field `number`",
            ),
            (
                r#"{"type":"instalment","plan_id":"p","number":"2"}"#,
                "must be a whole number",
            ),
            (
                r#"{"type":"invoice","invoice_id":"i","number":7}"#,
                "must be text",
            ),
            (r#"{"invoice_id":"i","number":"7"}"#, "missing field `type`"),
            (
                r#"{"type":"instalment","plan_id":"p","number":-1}"#,
                "an invoice number or an instalment number",
            ),
        ] {
            let error = serde_json::from_str::<DueWhat>(text)
                .unwrap_err()
                .to_string();
            assert!(error.contains(why), "{text}: {error}");
        }
    }

    fn ledger<'a>(
        invoices: &'a [Invoice],
        payments: &'a [Payment],
        disputes: &'a [Dispute],
        plans: &'a [Plan],
    ) -> Ledger<'a> {
        Ledger {
            currency: Currency::GBP,
            credit_limit: dec("1000.00"),
            invoices,
            payments,
            disputes,
            plans,
        }
    }

    fn plan(id: &str, status: PlanStatus) -> Plan {
        Plan {
            id: id.into(),
            account_id: "acc-1".into(),
            invoice_ids: vec!["in-plan".into()],
            currency: Currency::GBP,
            frequency: Frequency::Monthly,
            principal: dec("90.00"),
            setup_fee: Decimal::ZERO,
            interest: Decimal::ZERO,
            total_payable: dec("90.00"),
            status,
            agreement: Agreement {
                terms_version: "2024-01".into(),
                agreed_at: "2024-02-01T10:00:00Z".parse().unwrap(),
                channel: "app".into(),
                offer_id: None,
            },
            missed_instalment_rule: String::new(),
            instalments: (1..=3)
                .map(|number| PlanInstalment {
                    number,
                    due_date: date("2024-02-15") + chrono::Months::new(number - 1),
                    amount: dec("30.00"),
                    paid: if number == 1 {
                        dec("30.00")
                    } else {
                        Decimal::ZERO
                    },
                    status: if number == 1 {
                        InstalmentStatus::Paid
                    } else {
                        InstalmentStatus::Due
                    },
                })
                .collect(),
        }
    }

    #[test]
    fn figures_follow_the_definitions() {
        let as_of = date("2024-03-31");
        let mut in_plan = invoice("in-plan", "90.00", "30.00", "2024-01-01");
        in_plan.plan_id = Some("plan-1".into());
        let invoices = [
            invoice("current", "100.00", "0", "2024-03-31"), // due today: not yet due
            invoice("d1-30", "50.00", "10.00", "2024-03-30"), // 1 day past due
            invoice("d31-60", "60.00", "0", "2024-02-29"),   // 31 days
            invoice("d61-90", "70.00", "0", "2024-01-01"),   // 90 days
            invoice("d90+", "80.00", "0", "2023-12-31"),     // 91 days
            invoice("disputed", "200.00", "0", "2023-06-01"), // overdue but half disputed
            invoice("credit-note", "-25.00", "0", "2024-03-01"),
            invoice("paid", "40.00", "40.00", "2023-01-01"),
            in_plan,
        ];
        let disputes = [
            dispute("d1", "disputed", "100.00", DisputeStatus::UnderReview),
            dispute("d2", "disputed", "500.00", DisputeStatus::ResolvedAsValid),
            dispute("d3", "paid", "40.00", DisputeStatus::Submitted),
        ];
        let payments = [payment("p1", "15.00", &[("d1-30", "10.00")])];
        let plans = [plan("plan-1", PlanStatus::Active)];
        let figures = ledger(&invoices, &payments, &disputes, &plans)
            .figures(as_of)
            .unwrap();
        assert_eq!(figures.disputed, dec("100.00"));
        assert_eq!(
            figures.overdue,
            dec("40.00") + dec("60.00") + dec("70.00") + dec("80.00") + dec("100.00")
        );
        assert_eq!(figures.not_yet_due, dec("100.00") + dec("60.00"));
        assert_eq!(figures.credit, dec("25.00") + dec("5.00"));
        assert_eq!(
            figures.balance,
            dec("350.00") + dec("160.00") + dec("100.00") - dec("30.00")
        );
        assert_eq!(figures.available_credit, dec("420.00"));
        assert_eq!(figures.ageing.current, dec("160.00"));
        assert_eq!(figures.ageing.days_1_30, dec("40.00"));
        assert_eq!(figures.ageing.days_31_60, dec("60.00"));
        assert_eq!(figures.ageing.days_61_90, dec("70.00"));
        assert_eq!(figures.ageing.days_over_90, dec("180.00"));
        assert_eq!(figures.balance.to_string(), "580.00");
        assert_eq!(figures.credit_limit.to_string(), "1000.00");

        // A broken plan no longer shields its invoice from being overdue.
        let broken = [plan("plan-1", PlanStatus::Broken)];
        let figures = ledger(&invoices, &payments, &disputes, &broken)
            .figures(as_of)
            .unwrap();
        assert_eq!(figures.not_yet_due, dec("100.00"));
        assert_eq!(figures.ageing.days_61_90, dec("130.00"));
    }

    #[test]
    fn available_credit_never_goes_below_zero() {
        let invoices = [invoice("big", "1500.00", "0", "2024-04-30")];
        let figures = ledger(&invoices, &[], &[], &[])
            .figures(date("2024-03-31"))
            .unwrap();
        assert_eq!(figures.available_credit.to_string(), "0.00");
        let figures = ledger(&[], &[], &[], &[])
            .figures(date("2024-03-31"))
            .unwrap();
        assert_eq!(figures.balance.to_string(), "0.00");
        assert_eq!(figures.available_credit, dec("1000.00"));
    }

    #[test]
    fn other_currencies_and_bad_records_are_refused() {
        let mut euros = invoice("eu", "10.00", "0", "2024-03-01");
        euros.currency = Currency::EUR;
        let error = ledger(&[euros], &[], &[], &[])
            .figures(date("2024-03-31"))
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "invoice INV-eu is in EUR, but the account is in GBP: amounts in different currencies are never mixed"
        );
        let fine = invoice("x", "10.005", "0", "2024-03-01");
        assert!(matches!(
            ledger(&[fine], &[], &[], &[]).figures(date("2024-03-31")),
            Err(FiguresError::Amount { .. })
        ));
        let over = payment("p", "10.00", &[("x", "11.00")]);
        assert!(matches!(
            ledger(&[], &[over], &[], &[]).figures(date("2024-03-31")),
            Err(FiguresError::OverAllocated { .. })
        ));
    }

    #[test]
    fn pending_payments_do_not_count() {
        let mut pending = payment("p", "50.00", &[]);
        pending.status = PaymentStatus::Pending;
        let figures = ledger(&[], &[pending], &[], &[])
            .figures(date("2024-03-31"))
            .unwrap();
        assert_eq!(figures.credit, Decimal::ZERO);
    }

    #[test]
    fn upcoming_lists_invoices_and_instalments_soonest_first() {
        let mut in_plan = invoice("in-plan", "90.00", "30.00", "2024-04-01");
        in_plan.plan_id = Some("plan-1".into());
        let invoices = [
            invoice("later", "100.00", "0", "2024-05-20"),
            invoice("past", "100.00", "0", "2024-03-01"),
            invoice("disputed", "100.00", "0", "2024-04-10"),
            in_plan,
        ];
        let disputes = [dispute(
            "d1",
            "disputed",
            "100.00",
            DisputeStatus::Submitted,
        )];
        let plans = [plan("plan-1", PlanStatus::Active)];
        let ledger = ledger(&invoices, &[], &disputes, &plans);
        let due = ledger.upcoming(date("2024-03-20"), 10);
        let whats: Vec<_> = due
            .iter()
            .map(|d| (d.date.to_string(), d.amount.to_string()))
            .collect();
        assert_eq!(
            whats,
            // The March instalment is past: it is missed or overdue, not upcoming.
            [
                ("2024-04-15".to_owned(), "30.00".to_owned()),
                ("2024-05-20".to_owned(), "100.00".to_owned()),
            ]
        );
        assert_eq!(ledger.upcoming(date("2024-03-20"), 1).len(), 1);
        assert_eq!(
            ledger.invoice_status(&invoices[2], date("2024-03-20")),
            InvoiceStatus::Disputed
        );
    }

    #[test]
    fn apply_to_fills_the_account() {
        let invoices = [invoice("a", "10.00", "0", "2024-03-01")];
        let figures = ledger(&invoices, &[], &[], &[])
            .figures(date("2024-03-31"))
            .unwrap();
        let mut account = Account {
            id: "acc-1".into(),
            currency: "GBP".into(),
            ..Account::default()
        };
        figures.apply_to(&mut account);
        assert_eq!(account.overdue, dec("10.00"));
        assert_eq!(account.ageing.days_1_30, dec("10.00"));
        assert_eq!(account.validate(), Ok(()));
    }

    /// Any invoice: an amount (a credit note when negative), part paid, due up to 200 days
    /// ago or 60 days ahead, maybe in a plan.
    fn any_invoice() -> impl Strategy<Value = (i64, u8, i64, bool)> {
        (
            -50_000_i64..=1_000_000,
            0_u8..=100,
            -200_i64..=60,
            any::<bool>(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// The figures add up: balance = overdue + not yet due + disputed - credit, which
        /// is also the sum of open amounts less unallocated payments; the ageing buckets add
        /// up to overdue + not yet due; disputed amounts are never overdue; nothing but the
        /// balance is negative; available credit is max(0, limit - balance).
        #[test]
        fn figures_add_up(
            raw_invoices in proptest::collection::vec(any_invoice(), 0..=30),
            raw_disputes in proptest::collection::vec((0_usize..30, 1_i64..=600_000, any::<bool>()), 0..=10),
            raw_payments in proptest::collection::vec((1_i64..=500_000, 0_u8..=100), 0..=5),
            limit in 0_i64..=5_000_000,
            active_plan in any::<bool>(),
        ) {
            let as_of = date("2024-06-30");
            let minor = |value: i64| Decimal::new(value, 2);
            let invoices: Vec<Invoice> = raw_invoices
                .iter()
                .enumerate()
                .map(|(index, (total, paid_percent, due_in, planned))| {
                    let paid = if *total > 0 { total * i64::from(*paid_percent) / 100 } else { 0 };
                    let due = (as_of + chrono::Duration::days(*due_in)).to_string();
                    let mut inv = invoice(&format!("i{index}"), &minor(*total).to_string(), &minor(paid).to_string(), &due);
                    if *planned {
                        inv.plan_id = Some("plan-1".into());
                    }
                    inv
                })
                .collect();
            let disputes: Vec<Dispute> = raw_disputes
                .iter()
                .enumerate()
                .map(|(index, (invoice_index, amount, open))| {
                    let status = if *open { DisputeStatus::UnderReview } else { DisputeStatus::Withdrawn };
                    dispute(&format!("d{index}"), &format!("i{invoice_index}"), &minor(*amount).to_string(), status)
                })
                .collect();
            let payments: Vec<Payment> = raw_payments
                .iter()
                .enumerate()
                .map(|(index, (amount, allocated_percent))| {
                    let allocated = amount * i64::from(*allocated_percent) / 100;
                    let allocations = if allocated > 0 { vec![("i0", minor(allocated).to_string())] } else { Vec::new() };
                    let allocations: Vec<(&str, &str)> = allocations.iter().map(|(i, a)| (*i, a.as_str())).collect();
                    payment(&format!("p{index}"), &minor(*amount).to_string(), &allocations)
                })
                .collect();
            let plans = [plan("plan-1", if active_plan { PlanStatus::Active } else { PlanStatus::Completed })];
            let ledger = Ledger { credit_limit: minor(limit), ..ledger(&invoices, &payments, &disputes, &plans) };
            let figures = ledger.figures(as_of).unwrap();

            prop_assert_eq!(figures.balance, figures.overdue + figures.not_yet_due + figures.disputed - figures.credit);
            let open: Decimal = invoices.iter().map(Invoice::open).sum();
            let unallocated: Decimal = payments.iter().map(Payment::unallocated).sum();
            prop_assert_eq!(figures.balance, open - unallocated);
            prop_assert_eq!(figures.ageing.total(), figures.overdue + figures.not_yet_due);
            for amount in [figures.overdue, figures.not_yet_due, figures.disputed, figures.credit, figures.available_credit] {
                prop_assert!(amount >= Decimal::ZERO);
            }
            prop_assert_eq!(figures.available_credit, (figures.credit_limit - figures.balance).max(Decimal::ZERO));
            // Overdue is exactly the undisputed part of past-due invoices outside an active plan.
            let expected_overdue: Decimal = invoices
                .iter()
                .filter(|i| i.open() > Decimal::ZERO && i.days_past_due(as_of) > 0 && !ledger.in_active_plan(i))
                .map(|i| i.open() - ledger.disputed_on(i))
                .sum();
            prop_assert_eq!(figures.overdue, expected_overdue);
            for inv in &invoices {
                prop_assert!(ledger.disputed_on(inv) <= inv.open().max(Decimal::ZERO));
            }
            for amount in [figures.balance, figures.overdue, figures.ageing.days_over_90] {
                prop_assert_eq!(amount.scale(), 2);
            }
        }
    }
}
