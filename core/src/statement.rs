//! Statements: the `statement` sync record, one per period, with an optional PDF.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::validation::{self, InvalidField};

/// A statement of account for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Statement {
    /// Backend id.
    pub id: String,
    /// The account it is for.
    pub account_id: String,
    /// Currency of every amount below.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
    pub currency: Currency,
    /// First day covered.
    pub period_start: NaiveDate,
    /// Last day covered.
    pub period_end: NaiveDate,
    /// Balance at the start of the period.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub opening_balance: Decimal,
    /// Balance at the end of the period.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub closing_balance: Decimal,
    /// The movements in the period, oldest first; may be empty when only a PDF is offered.
    #[serde(default)]
    pub entries: Vec<StatementEntry>,
    /// A PDF copy the backend provides; the app caches it for offline reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdf_url: Option<String>,
}

/// One movement on a statement. Exactly one of `debit` and `credit` is above zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementEntry {
    /// When it happened.
    pub date: NaiveDate,
    /// What it was ("Invoice INV-001", "Payment, thank you").
    pub description: String,
    /// Invoice or payment reference, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Amount added to the balance.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub debit: Decimal,
    /// Amount taken off the balance.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub credit: Decimal,
}

impl Statement {
    /// Checks what a backend sent: the period in order, amounts exact, and, when entries
    /// are present, `opening + debits - credits = closing`.
    pub fn validate(&self) -> Result<(), InvalidField> {
        validation::id("/id", &self.id)?;
        if self.period_end < self.period_start {
            return Err(InvalidField::new(
                "/period_end",
                format!(
                    "{} is before the period start {}",
                    self.period_end, self.period_start
                ),
            ));
        }
        validation::money("/opening_balance", self.opening_balance, self.currency)?;
        validation::money("/closing_balance", self.closing_balance, self.currency)?;
        let mut running = self.opening_balance;
        for (index, entry) in self.entries.iter().enumerate() {
            validation::non_negative(
                &format!("/entries/{index}/debit"),
                entry.debit,
                self.currency,
            )?;
            validation::non_negative(
                &format!("/entries/{index}/credit"),
                entry.credit,
                self.currency,
            )?;
            running += entry.debit - entry.credit;
        }
        if !self.entries.is_empty() && running != self.closing_balance {
            return Err(InvalidField::new(
                "/closing_balance",
                format!(
                    "{} does not follow from the opening balance and entries ({running})",
                    self.closing_balance
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoice::tests::{date, dec};

    fn statement() -> Statement {
        Statement {
            id: "st-1".into(),
            account_id: "acc-1".into(),
            currency: Currency::GBP,
            period_start: date("2024-01-01"),
            period_end: date("2024-01-31"),
            opening_balance: dec("100.00"),
            closing_balance: dec("130.00"),
            entries: vec![
                StatementEntry {
                    date: date("2024-01-05"),
                    description: "Invoice INV-1".into(),
                    reference: Some("INV-1".into()),
                    debit: dec("50.00"),
                    credit: dec("0"),
                },
                StatementEntry {
                    date: date("2024-01-20"),
                    description: "Payment, thank you".into(),
                    reference: None,
                    debit: dec("0"),
                    credit: dec("20.00"),
                },
            ],
            pdf_url: Some("/statements/st-1.pdf".into()),
        }
    }

    #[test]
    fn balances_must_follow_from_the_entries() {
        assert_eq!(statement().validate(), Ok(()));
        let mut bad = statement();
        bad.closing_balance = dec("131.00");
        assert_eq!(bad.validate().unwrap_err().field, "/closing_balance");
        let mut bad = statement();
        bad.period_end = date("2023-12-31");
        assert_eq!(bad.validate().unwrap_err().field, "/period_end");
    }
}
