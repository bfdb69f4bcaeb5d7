//! Payments: the `payment` sync record, with its allocations to invoices.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::validation::{self, InvalidField};

/// A payment the creditor received (or is receiving) from the customer.
///
/// The part not allocated to any invoice is credit on the account
/// ([`Payment::unallocated`]); only [`PaymentStatus::Completed`] payments count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"id": "pay_0001", "account_id": "acc_alex_gbp", "currency": "GBP", "amount": "120.00", "received_at": "2025-03-05T10:00:00Z", "method": "bank_transfer", "status": "completed", "reference": "SET-1001", "allocations": [{"invoice_id": "inv_inv-2041", "amount": "120.00"}]}))))]
pub struct Payment {
    /// Backend id.
    pub id: String,
    /// The account it was paid to.
    pub account_id: String,
    /// Currency of every amount below.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
    pub currency: Currency,
    /// Amount received.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub amount: Decimal,
    /// When it was received (or started, while pending).
    pub received_at: DateTime<Utc>,
    /// How it was paid.
    pub method: PaymentMethod,
    /// Where it stands.
    pub status: PaymentStatus,
    /// The payment provider's or bank's reference, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Which invoices it paid, and how much of each.
    #[serde(default)]
    pub allocations: Vec<Allocation>,
}

/// Part of a payment applied to one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Allocation {
    /// The invoice paid.
    pub invoice_id: String,
    /// How much of the payment went to it.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub amount: Decimal,
    /// The plan instalment it paid, if it was paid through a plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instalment: Option<u32>,
}

/// How a payment was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Card through the creditor's payment provider.
    Card,
    /// Bank transfer.
    BankTransfer,
    /// Direct debit.
    DirectDebit,
    /// Cheque.
    Cheque,
    /// Cash.
    Cash,
    /// Anything else.
    Other,
}

/// Where a payment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Started (e.g. at a checkout) but not yet confirmed: not counted yet.
    Pending,
    /// Received: counted in the account figures.
    Completed,
    /// Did not go through.
    Failed,
    /// Returned to the customer.
    Refunded,
}

impl Payment {
    /// Sum of the allocations.
    pub fn allocated(&self) -> Decimal {
        self.allocations.iter().map(|a| a.amount).sum()
    }

    /// The part of the payment not applied to any invoice: credit on the account.
    pub fn unallocated(&self) -> Decimal {
        self.amount - self.allocated()
    }

    /// Checks what a backend sent: amounts exact and above zero, and allocations adding up
    /// to no more than the payment.
    pub fn validate(&self) -> Result<(), InvalidField> {
        validation::id("/id", &self.id)?;
        validation::id("/account_id", &self.account_id)?;
        validation::positive("/amount", self.amount, self.currency)?;
        for (index, allocation) in self.allocations.iter().enumerate() {
            validation::id(
                &format!("/allocations/{index}/invoice_id"),
                &allocation.invoice_id,
            )?;
            validation::positive(
                &format!("/allocations/{index}/amount"),
                allocation.amount,
                self.currency,
            )?;
        }
        if self.allocated() > self.amount {
            return Err(InvalidField::new(
                "/allocations",
                format!(
                    "allocations add up to {}, more than the payment of {}",
                    self.allocated(),
                    self.amount
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::invoice::tests::dec;

    /// A completed GBP payment of `amount` with `(invoice, amount)` allocations.
    pub(crate) fn payment(id: &str, amount: &str, allocations: &[(&str, &str)]) -> Payment {
        Payment {
            id: id.into(),
            account_id: "acc-1".into(),
            currency: Currency::GBP,
            amount: dec(amount),
            received_at: "2024-02-01T10:00:00Z".parse().unwrap(),
            method: PaymentMethod::BankTransfer,
            status: PaymentStatus::Completed,
            reference: None,
            allocations: allocations
                .iter()
                .map(|(invoice_id, amount)| Allocation {
                    invoice_id: (*invoice_id).into(),
                    amount: dec(amount),
                    instalment: None,
                })
                .collect(),
        }
    }

    #[test]
    fn unallocated_is_credit() {
        let paid = payment("p", "100.00", &[("1", "60.00"), ("2", "15.50")]);
        assert_eq!(paid.allocated(), dec("75.50"));
        assert_eq!(paid.unallocated(), dec("24.50"));
        assert_eq!(paid.validate(), Ok(()));
    }

    #[test]
    fn over_allocation_and_bad_amounts_are_refused() {
        let over = payment("p", "10.00", &[("1", "6.00"), ("2", "4.01")]);
        assert_eq!(over.validate().unwrap_err().field, "/allocations");
        let fine = payment("p", "10.001", &[]);
        assert_eq!(fine.validate().unwrap_err().field, "/amount");
        let zero = payment("p", "10.00", &[("1", "0")]);
        assert_eq!(zero.validate().unwrap_err().field, "/allocations/0/amount");
    }
}
