//! The customer's words for the states and reasons the core names, for the pages that
//! show them (an invoice's status shows on the list and on the invoice).

use settle_core::dispute::{DisputeReason, DisputeStatus};
use settle_core::invoice::InvoiceStatus;

use crate::i18n::t;

/// Where a dispute stands, in the customer's words.
pub fn dispute_status(status: DisputeStatus) -> &'static str {
    t(match status {
        DisputeStatus::Submitted => "Received: we will look into it",
        DisputeStatus::UnderReview => "We are looking into it",
        DisputeStatus::MoreInformationNeeded => "We need more information from you",
        DisputeStatus::ResolvedInCustomersFavour => "Resolved in your favour",
        DisputeStatus::ResolvedAsValid => "Resolved: the charge stands",
        DisputeStatus::Withdrawn => "Withdrawn by you",
    })
}

/// Why the customer disputes a charge, in their words.
pub fn dispute_reason(reason: DisputeReason) -> &'static str {
    t(match reason {
        DisputeReason::NotReceived => "I did not receive it",
        DisputeReason::DamagedOrFaulty => "It arrived damaged or does not work",
        DisputeReason::WrongPriceOrQuantity => "The price or quantity is wrong",
        DisputeReason::DuplicateCharge => "I was charged twice",
        DisputeReason::AlreadyPaid => "I have already paid it",
        DisputeReason::Other => "Something else",
    })
}

/// Where an invoice stands, in the customer's words.
pub fn invoice_status(status: InvoiceStatus) -> &'static str {
    t(match status {
        InvoiceStatus::Paid => "Paid",
        InvoiceStatus::Credit => "Credit note",
        InvoiceStatus::Disputed => "Under dispute",
        InvoiceStatus::InPlan => "In a payment plan",
        InvoiceStatus::Overdue => "Overdue",
        InvoiceStatus::Open => "To pay",
    })
}

/// The style of an invoice's status: done, held, late or open.
pub fn invoice_status_class(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Paid | InvoiceStatus::Credit => "done",
        InvoiceStatus::Disputed | InvoiceStatus::InPlan => "held",
        InvoiceStatus::Overdue => "late",
        InvoiceStatus::Open => "open",
    }
}
