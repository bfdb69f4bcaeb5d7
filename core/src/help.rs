//! Asking for help: the short hardship form (income, outgoings, what the customer can
//! afford) that asks the creditor for breathing space or a reduced plan.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::plan::Frequency;
use crate::validation::{self, InvalidField};

/// The longest free-text account of the customer's circumstances, in characters.
pub const MAX_CIRCUMSTANCES_CHARS: usize = 4000;

/// What the customer asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HelpKind {
    /// A pause in collection while they get advice or their situation settles.
    BreathingSpace,
    /// A plan with smaller instalments than the policy would normally allow.
    ReducedPlan,
    /// Something else; they say what in `circumstances`.
    Other,
}

/// Intent: ask for help (`POST /api/v1/help`). Amounts are monthly, in the account's
/// currency; any of them may be left at zero if the customer prefers not to say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"account_id": "acc_alex_gbp", "kind": "reduced_plan", "currency": "GBP", "monthly_income": "1800.00", "monthly_outgoings": "1650.00", "affordable_amount": "50.00", "affordable_frequency": "monthly", "circumstances": "Reduced hours at work since January.", "third_party_may_help": false}))))]
pub struct HelpRequest {
    /// The account.
    pub account_id: String,
    /// What they ask for.
    pub kind: HelpKind,
    /// Currency of the amounts.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
    pub currency: Currency,
    /// Household income a month, after tax.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub monthly_income: Decimal,
    /// Essential outgoings a month (housing, bills, food, other debts).
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub monthly_outgoings: Decimal,
    /// What they can afford to pay towards this account, each `affordable_frequency`.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub affordable_amount: Decimal,
    /// How often they could pay `affordable_amount`.
    pub affordable_frequency: Frequency,
    /// Anything they want the creditor to know.
    #[serde(default)]
    pub circumstances: String,
    /// Whether the creditor may talk to their nominated third party about it.
    #[serde(default)]
    pub third_party_may_help: bool,
}

impl HelpRequest {
    /// Income less outgoings a month; negative when outgoings are higher.
    pub fn monthly_surplus(&self) -> Decimal {
        self.monthly_income - self.monthly_outgoings
    }

    /// Checks the form: amounts exact in the currency and not below zero, and the
    /// circumstances within [`MAX_CIRCUMSTANCES_CHARS`] (required for [`HelpKind::Other`]).
    /// An affordable amount above the surplus is allowed: the customer knows their budget
    /// better than two numbers do.
    pub fn validate(&self) -> Result<(), InvalidField> {
        validation::id("/account_id", &self.account_id)?;
        validation::non_negative("/monthly_income", self.monthly_income, self.currency)?;
        validation::non_negative("/monthly_outgoings", self.monthly_outgoings, self.currency)?;
        validation::non_negative("/affordable_amount", self.affordable_amount, self.currency)?;
        validation::text(
            "/circumstances",
            &self.circumstances,
            MAX_CIRCUMSTANCES_CHARS,
            self.kind == HelpKind::Other,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoice::tests::dec;

    fn form() -> HelpRequest {
        HelpRequest {
            account_id: "acc-1".into(),
            kind: HelpKind::ReducedPlan,
            currency: Currency::GBP,
            monthly_income: dec("1800.00"),
            monthly_outgoings: dec("1750.00"),
            affordable_amount: dec("40.00"),
            affordable_frequency: Frequency::Monthly,
            circumstances: String::new(),
            third_party_may_help: false,
        }
    }

    #[test]
    fn a_plain_form_validates() {
        assert_eq!(form().validate(), Ok(()));
        assert_eq!(form().monthly_surplus(), dec("50.00"));
        let short = HelpRequest {
            monthly_outgoings: dec("2000"),
            ..form()
        };
        assert_eq!(short.monthly_surplus(), dec("-200.00"));
        assert_eq!(short.validate(), Ok(()));
    }

    #[test]
    fn bad_fields_are_named() {
        let field = |form: HelpRequest| form.validate().unwrap_err().field;
        assert_eq!(
            field(HelpRequest {
                monthly_income: dec("-1"),
                ..form()
            }),
            "/monthly_income"
        );
        assert_eq!(
            field(HelpRequest {
                affordable_amount: dec("1.001"),
                ..form()
            }),
            "/affordable_amount"
        );
        assert_eq!(
            field(HelpRequest {
                kind: HelpKind::Other,
                ..form()
            }),
            "/circumstances"
        );
        let long = HelpRequest {
            circumstances: "x".repeat(MAX_CIRCUMSTANCES_CHARS + 1),
            ..form()
        };
        assert_eq!(field(long), "/circumstances");
    }
}
