//! Paying: the intent that asks the backend for a hosted checkout for the balance, an
//! invoice or a plan instalment, and the answer that carries the redirect. Card data never
//! passes through Settle; the result comes back as a payment through sync.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::validation::{self, InvalidField};

/// What the customer is paying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CheckoutTarget {
    /// The account balance (or part of it).
    Balance,
    /// One invoice.
    Invoice {
        /// The invoice.
        invoice_id: String,
    },
    /// One instalment of a plan.
    Instalment {
        /// The plan.
        plan_id: String,
        /// The instalment's number (1 for the first).
        number: u32,
    },
}

/// Intent: start a hosted checkout (`POST /api/v1/checkouts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"account_id": "acc_alex_gbp", "target": {"type": "balance"}, "currency": "GBP", "amount": "100.00", "return_path": "/"}))))]
pub struct StartCheckout {
    /// The account.
    pub account_id: String,
    /// What is being paid.
    pub target: CheckoutTarget,
    /// Currency of the amount; the account's.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
    pub currency: Currency,
    /// How much, as shown to the customer. The backend checks it against what is open.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub amount: Decimal,
    /// Where in the app to come back to after paying (a path, e.g. `"/invoices/42"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_path: Option<String>,
}

/// The answer to [`StartCheckout`]: where to send the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutStarted {
    /// The provider's checkout id.
    pub checkout_id: String,
    /// The hosted checkout page to redirect to.
    pub redirect_url: String,
}

impl StartCheckout {
    /// Checks the intent: an exact amount above zero, a plan instalment numbered from 1,
    /// and a return path that stays inside the app (starts with one `/`).
    pub fn validate(&self) -> Result<(), InvalidField> {
        validation::id("/account_id", &self.account_id)?;
        validation::positive("/amount", self.amount, self.currency)?;
        match &self.target {
            CheckoutTarget::Balance => {}
            CheckoutTarget::Invoice { invoice_id } => {
                validation::id("/target/invoice_id", invoice_id)?
            }
            CheckoutTarget::Instalment { plan_id, number } => {
                validation::id("/target/plan_id", plan_id)?;
                if *number == 0 {
                    return Err(InvalidField::new(
                        "/target/number",
                        "instalments are numbered from 1",
                    ));
                }
            }
        }
        if let Some(path) = &self.return_path {
            // "//host" would leave the app: only same-origin paths come back.
            if !path.starts_with('/') || path.starts_with("//") || path.contains('\\') {
                return Err(InvalidField::new(
                    "/return_path",
                    "must be a path inside the app, starting with a single /",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoice::tests::dec;

    fn checkout(target: CheckoutTarget) -> StartCheckout {
        StartCheckout {
            account_id: "acc-1".into(),
            target,
            currency: Currency::GBP,
            amount: dec("25.00"),
            return_path: Some("/payments".into()),
        }
    }

    #[test]
    fn targets_and_return_paths() {
        assert_eq!(checkout(CheckoutTarget::Balance).validate(), Ok(()));
        let instalment = CheckoutTarget::Instalment {
            plan_id: "p1".into(),
            number: 0,
        };
        assert_eq!(
            checkout(instalment).validate().unwrap_err().field,
            "/target/number"
        );
        let away = StartCheckout {
            return_path: Some("//evil.example".into()),
            ..checkout(CheckoutTarget::Balance)
        };
        assert_eq!(away.validate().unwrap_err().field, "/return_path");
        let zero = StartCheckout {
            amount: dec("0"),
            ..checkout(CheckoutTarget::Balance)
        };
        assert_eq!(zero.validate().unwrap_err().field, "/amount");
        let json = serde_json::to_value(checkout(CheckoutTarget::Invoice {
            invoice_id: "i1".into(),
        }))
        .unwrap();
        assert_eq!(
            json["target"],
            serde_json::json!({"type": "invoice", "invoice_id": "i1"})
        );
    }
}
