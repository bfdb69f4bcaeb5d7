//! The ways the customer can be reached, what the creditor contacts them about, and the
//! accessibility needs it must meet.

use serde::{Deserialize, Serialize};

/// A way to reach the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Email.
    Email,
    /// Text message.
    Sms,
    /// Phone call.
    Phone,
    /// Letter.
    Post,
    /// A message inside Settle.
    InApp,
}

impl std::fmt::Display for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Channel::Email => "email",
            Channel::Sms => "SMS",
            Channel::Phone => "phone",
            Channel::Post => "post",
            Channel::InApp => "in-app",
        })
    }
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 5] = [
        Channel::Email,
        Channel::Sms,
        Channel::Phone,
        Channel::Post,
        Channel::InApp,
    ];
}

/// Why the creditor contacts the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Reminders that something is due or overdue.
    PaymentReminders,
    /// Statements of account.
    Statements,
    /// News about a dispute.
    DisputeUpdates,
    /// News about a plan or a promise.
    PlanUpdates,
}

impl Purpose {
    /// Every purpose.
    pub const ALL: [Purpose; 4] = [
        Purpose::PaymentReminders,
        Purpose::Statements,
        Purpose::DisputeUpdates,
        Purpose::PlanUpdates,
    ];
}

/// An accessibility need the creditor should meet when contacting the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessibilityNeed {
    /// Letters and documents in large print.
    LargePrint,
    /// Easy-read wording.
    EasyRead,
    /// Phone calls through a text relay service.
    TextRelay,
}

impl AccessibilityNeed {
    /// Every need.
    pub const ALL: [AccessibilityNeed; 3] = [
        AccessibilityNeed::LargePrint,
        AccessibilityNeed::EasyRead,
        AccessibilityNeed::TextRelay,
    ];
}
