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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ageing {
    /// Not yet due (including invoices in an active plan).
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub current: Decimal,
    /// 1 to 30 days past due.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub days_1_30: Decimal,
    /// 31 to 60 days past due.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub days_31_60: Decimal,
    /// 61 to 90 days past due.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub days_61_90: Decimal,
    /// More than 90 days past due.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
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
    /// A record whose currency is not an ISO 4217 code.
    #[error("{record} has no known currency")]
    UnknownCurrency {
        /// Which record.
        record: String,
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueItem {
    /// When it is due.
    #[serde(with = "crate::dates::day")]
    pub date: NaiveDate,
    /// How much is still to pay on it.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub amount: Decimal,
    /// What it is.
    pub what: DueWhat,
}

/// What a [`DueItem`] is. Written with its kind in `type`, beside its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// The figures of `account` on `as_of`, worked out from its invoices and disputes (those
/// of other accounts are left out), for a backend that does not keep them (a profile's
/// `"compute": true`). Payments count through each invoice's amount paid.
pub fn account_figures(
    account: &Account,
    invoices: &[Invoice],
    disputes: &[Dispute],
    as_of: NaiveDate,
) -> Result<Figures, FiguresError> {
    let currency = account
        .currency_code()
        .map_err(|_| FiguresError::UnknownCurrency {
            record: format!("account {}", account.number),
        })?;
    let invoices: Vec<Invoice> = invoices
        .iter()
        .filter(|invoice| invoice.account_id == account.id)
        .cloned()
        .collect();
    let disputes: Vec<Dispute> = disputes
        .iter()
        .filter(|dispute| dispute.account_id == account.id)
        .cloned()
        .collect();
    Ledger {
        currency,
        credit_limit: account.credit_limit,
        invoices: &invoices,
        payments: &[],
        disputes: &disputes,
        plans: &[],
    }
    .figures(as_of)
}

#[cfg(test)]
mod tests;
